//! Which graph made a handle: every graph has a tag, and a clone remembers the graphs it was
//! cloned from and how many entities and claims each had then. A handle carries the tag of the
//! graph that made its entity or claim, so that a read or write can tell one of its own (or an
//! ancestor's, for what the clone inherited) from a handle of any other graph that happens to
//! fall inside its tables.

use std::sync::atomic::{AtomicU32, Ordering};

/// The next tag to hand out. Tag 0 belongs to no graph: detached handles and the positional
/// handles of `arb` write sequences carry it.
static NEXT_TAG: AtomicU32 = AtomicU32::new(1);

fn next_tag() -> u32 {
    // After 2^32 graphs in one process tags repeat; 0 is skipped so it stays unowned.
    match NEXT_TAG.fetch_add(1, Ordering::Relaxed) {
        0 => NEXT_TAG.fetch_add(1, Ordering::Relaxed),
        tag => tag,
    }
}

/// A graph's tag and the graphs it was cloned from, oldest first.
#[derive(Debug)]
pub(crate) struct Lineage {
    tag: u32,
    forks: Vec<Fork>,
}

/// An ancestor: its tag, and the entities and claims it had when it was cloned. Counts never
/// decrease along a lineage, since graphs only grow.
#[derive(Clone, Copy, Debug)]
struct Fork {
    tag: u32,
    entities: usize,
    claims: usize,
}

impl Lineage {
    /// A new graph's lineage: a fresh tag, no ancestors. Cost: O(1).
    pub(crate) fn new() -> Lineage {
        Lineage {
            tag: next_tag(),
            forks: Vec::new(),
        }
    }

    /// The lineage of a clone of a graph that has `entities` entities and `claims` claims: a
    /// fresh tag, and this graph as the newest ancestor. Cost: O(ancestors).
    pub(crate) fn fork(&self, entities: usize, claims: usize) -> Lineage {
        let mut forks = self.forks.clone();
        forks.push(Fork {
            tag: self.tag,
            entities,
            claims,
        });
        Lineage {
            tag: next_tag(),
            forks,
        }
    }

    /// This graph's own tag. Cost: O(1).
    pub(crate) fn tag(&self) -> u32 {
        self.tag
    }

    /// The tag of the graph that made entity `index`: the oldest ancestor that already had it,
    /// or this graph. Cost: O(ancestors), almost always zero or one.
    #[inline]
    pub(crate) fn entity_tag(&self, index: usize) -> u32 {
        self.maker(index, |f| f.entities)
    }

    /// The tag of the graph that made claim `index`. Cost: O(ancestors).
    #[inline]
    pub(crate) fn claim_tag(&self, index: usize) -> u32 {
        self.maker(index, |f| f.claims)
    }

    /// The oldest ancestor whose table (as `size` reads it) already held `index`, or this graph.
    #[inline]
    fn maker(&self, index: usize, size: fn(&Fork) -> usize) -> u32 {
        self.forks
            .iter()
            .find(|f| index < size(f))
            .map_or(self.tag, |f| f.tag)
    }

    /// Whether a graph tagged `tag` with `entities` entities and `claims` claims is this graph
    /// at some earlier state, or an ancestor's state inherited by it: what a prepared query
    /// needs of the graph it runs on. `own` is this graph's current counts. Cost: O(ancestors).
    pub(crate) fn covers(
        &self,
        tag: u32,
        entities: usize,
        claims: usize,
        own: (usize, usize),
    ) -> bool {
        if tag == self.tag {
            return entities <= own.0 && claims <= own.1;
        }
        self.forks
            .iter()
            .any(|f| f.tag == tag && entities <= f.entities && claims <= f.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_inherits_its_parents_tags_up_to_the_fork() {
        let parent = Lineage::new();
        let child = parent.fork(5, 7);
        assert_ne!(parent.tag(), child.tag());
        assert_eq!(child.entity_tag(4), parent.tag());
        assert_eq!(child.entity_tag(5), child.tag());
        assert_eq!(child.claim_tag(6), parent.tag());
        assert_eq!(child.claim_tag(7), child.tag());
        let grandchild = child.fork(9, 9);
        assert_eq!(grandchild.entity_tag(4), parent.tag());
        assert_eq!(grandchild.entity_tag(8), child.tag());
        assert_eq!(grandchild.entity_tag(9), grandchild.tag());
        assert!(grandchild.covers(parent.tag(), 5, 7, (10, 10)));
        assert!(!grandchild.covers(parent.tag(), 6, 7, (10, 10)));
        assert!(!parent.covers(child.tag(), 0, 0, (5, 7)));
    }
}
