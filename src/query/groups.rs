//! The groups of a count `per` a kind, rendered when they are read. Evaluation ends with each
//! group as its entity and tally; the group's id and name are copied out of the graph only
//! when the groups are read (`groups[0].name`, JSON, a table), as [`Rows`](super::Rows) does
//! for entity rows: a million-person count per institution otherwise spends as long making
//! and dropping 20,000 strings as counting.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::answer::{GroupCount, Tally};
use crate::Graph;
use crate::model::EntityId;

/// The groups of a count `per` a kind, in answer order (most first, then by name): a
/// `Vec<GroupCount>` to read (it dereferences to one), built from the graph the first time it
/// is read and kept. Its length, entities and tallies need no rendering.
///
/// ```
/// let graph = annals::bundled();
/// let answer = graph.query("count members of institutions executed per institution")?;
/// let annals::query::Body::CountPer { groups, .. } = &answer.body else { unreachable!() };
/// let (first, tally) = groups.counts().next().unwrap(); // read without rendering
/// assert_eq!(graph.entity(first).slug.as_str(), "cc-1934");
/// assert_eq!(groups[0].id, "cc-1934"); // rendered here, once
/// assert_eq!(groups[0].count, tally);
/// # Ok::<_, annals::Error>(())
/// ```
#[derive(Clone)]
pub struct Groups<'g> {
    pending: Option<(&'g Graph, Vec<(EntityId, Tally)>)>,
    rendered: OnceLock<Vec<GroupCount>>,
}

impl<'g> Groups<'g> {
    /// Groups still to render, in answer order.
    pub(crate) fn pending(graph: &'g Graph, groups: Vec<(EntityId, Tally)>) -> Self {
        Groups {
            pending: Some((graph, groups)),
            rendered: OnceLock::new(),
        }
    }

    /// The number of groups. Cost: O(1), without rendering.
    pub fn len(&self) -> usize {
        match (self.rendered.get(), &self.pending) {
            (Some(groups), _) => groups.len(),
            (None, Some((_, groups))) => groups.len(),
            (None, None) => 0,
        }
    }

    /// Whether there are no groups. Cost: O(1), without rendering.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each group's entity and count, in answer order, without rendering. Groups read back
    /// from JSON, built by hand or changed through `DerefMut` keep only their words, and yield
    /// nothing here. Cost: O(1) per group.
    pub fn counts(&self) -> impl Iterator<Item = (EntityId, Tally)> + '_ {
        let pending = match &self.pending {
            Some((_, groups)) => groups.as_slice(),
            None => &[],
        };
        pending.iter().copied()
    }

    /// Keeps the first `n` groups, rendering nothing. Cost: O(1).
    pub(crate) fn truncate(&mut self, n: usize) {
        if let Some(groups) = self.rendered.get_mut() {
            groups.truncate(n);
        }
        if let Some((_, groups)) = &mut self.pending {
            groups.truncate(n);
        }
    }

    /// Calls `f` with the name, id and count of each of the first `n` groups, in answer
    /// order: borrowed from the graph when the groups are not rendered yet (nothing is
    /// copied), else from the rendered groups. Stops at the first error `f` returns.
    /// Cost: O(n), no allocation.
    pub(crate) fn each<E>(
        &self,
        n: usize,
        mut f: impl FnMut(&str, &str, Tally) -> Result<(), E>,
    ) -> Result<(), E> {
        match (self.rendered.get(), &self.pending) {
            (Some(groups), _) => {
                for g in groups.iter().take(n) {
                    f(&g.name, &g.id, g.count)?;
                }
            }
            (None, Some((graph, groups))) => {
                for &(id, count) in groups.iter().take(n) {
                    f(graph.name_of(id), graph.slug_of(id), count)?;
                }
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// The groups as owned values, rendered. Cost: renders them if not done yet.
    pub fn into_vec(mut self) -> Vec<GroupCount> {
        self.force();
        self.rendered.take().unwrap_or_default()
    }

    fn force(&self) -> &Vec<GroupCount> {
        self.rendered.get_or_init(|| match &self.pending {
            Some((graph, groups)) => groups
                .iter()
                .map(|&(id, count)| {
                    // From the columns: rendering thousands of groups builds no `Entity`.
                    GroupCount {
                        id: graph.slug_of(id).to_owned(),
                        name: graph.name_of(id).to_owned(),
                        count,
                    }
                })
                .collect(),
            None => Vec::new(),
        })
    }
}

impl Default for Groups<'_> {
    fn default() -> Self {
        Groups::from(Vec::new())
    }
}

/// Groups already in words (an answer read back from JSON, or built by hand).
impl From<Vec<GroupCount>> for Groups<'_> {
    fn from(groups: Vec<GroupCount>) -> Self {
        Groups {
            pending: None,
            rendered: OnceLock::from(groups),
        }
    }
}

impl Deref for Groups<'_> {
    type Target = Vec<GroupCount>;

    /// Renders the groups the first time. Cost: O(groups) once, then O(1).
    fn deref(&self) -> &Vec<GroupCount> {
        self.force()
    }
}

impl DerefMut for Groups<'_> {
    /// Renders the groups, which from then on are only words: [`Groups::counts`] yields
    /// nothing, since a change here could leave it untrue.
    fn deref_mut(&mut self) -> &mut Vec<GroupCount> {
        self.force();
        self.pending = None;
        self.rendered.get_mut().expect("rendered just above")
    }
}

impl<'a> IntoIterator for &'a Groups<'_> {
    type Item = &'a GroupCount;
    type IntoIter = std::slice::Iter<'a, GroupCount>;

    fn into_iter(self) -> Self::IntoIter {
        self.force().iter()
    }
}

impl fmt::Debug for Groups<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.force().fmt(f)
    }
}

impl PartialEq for Groups<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.force() == other.force()
    }
}

/// A sequence of [`GroupCount`]s, as the `Vec` would be, written element by element: groups
/// not rendered yet are put in words one at a time and not kept.
impl Serialize for Groups<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        self.each(usize::MAX, |name, id, count| {
            seq.serialize_element(&GroupCount {
                id: id.to_owned(),
                name: name.to_owned(),
                count,
            })
        })?;
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Groups<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<GroupCount>::deserialize(deserializer).map(Groups::from)
    }
}
