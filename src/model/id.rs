//! Identifiers: the stable, human-written [`Slug`] of an entity, and the compact handles that a
//! [`Graph`](crate::Graph) hands out for its entities, claims and schema items.

use std::fmt;
use std::str::FromStr;

/// The stable id of an entity as written in data files and queries: lowercase ASCII letters,
/// digits and `-`, starting with a letter or digit (`postyshev`, `cc-1934`).
///
/// ```
/// use annals::model::Slug;
/// let slug: Slug = "cc-1934".parse()?;
/// assert_eq!(slug.as_str(), "cc-1934");
/// assert!("CC 1934".parse::<Slug>().is_err());
/// # Ok::<_, annals::model::SlugError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Why a text is not a valid [`Slug`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid id {text:?}: an id is lowercase letters, digits and '-', such as cc-1934")]
pub struct SlugError {
    /// The rejected text.
    pub text: String,
}

impl Slug {
    /// The slug as text. Cost: O(1).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Slug {
    type Err = SlugError;

    /// Reads an id. Cost: O(length of the text).
    ///
    /// # Errors
    ///
    /// [`SlugError`] unless the text is not empty, does not start with `-`, and has only
    /// lowercase ASCII letters, digits and `-`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let valid = !text.is_empty()
            && !text.starts_with('-')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Slug(text.to_owned()))
        } else {
            Err(SlugError {
                text: text.to_owned(),
            })
        }
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident($int:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name($int);

        impl $name {
            /// Makes a handle from a position in the owning table.
            pub(crate) fn new(index: usize) -> Self {
                // Tables are bounded far below the integer's range by the store's limits.
                Self(<$int>::try_from(index).unwrap_or(<$int>::MAX))
            }

            /// The position in the owning table. Cost: O(1).
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// A handle that names nothing in any graph (the largest index, which tables never
            /// reach): what an answer read back from JSON holds. Cost: O(1).
            pub fn detached() -> Self {
                Self(<$int>::MAX)
            }
        }
    };
}

/// A handle to a graph's entity or claim: its position in the graph's table, and the tag of the
/// graph that made it (see `store::Lineage`), so that a handle from another graph is told apart
/// from one of this graph's own. Eight bytes, `Copy`; ordered by position first.
macro_rules! graph_handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            index: u32,
            graph: u32,
        }

        impl $name {
            /// Makes a handle from a position in the table of the graph tagged `graph`.
            pub(crate) fn new(index: usize, graph: u32) -> Self {
                // Tables are bounded far below the integer's range by the store's limits.
                Self {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    graph,
                }
            }

            /// The tag of the graph that made the handle.
            pub(crate) fn graph(self) -> u32 {
                self.graph
            }

            /// The position in the owning table. Cost: O(1).
            pub fn index(self) -> usize {
                self.index as usize
            }

            /// A handle that names nothing in any graph (the largest index, and a graph tag
            /// that no graph has): what an answer read back from JSON holds. Cost: O(1).
            pub fn detached() -> Self {
                Self {
                    index: u32::MAX,
                    graph: 0,
                }
            }
        }

        /// Shows the position only: the graph tag differs from run to run.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.index)
            }
        }
    };
}

graph_handle!(
    /// A handle to an entity in one [`Graph`](crate::Graph): valid for that graph and for its
    /// clones, which share the entities it had when they were made. A handle from any other
    /// graph is refused by every read and write (an error, or `None` from the `try_` reads),
    /// never taken for another entity.
    EntityId
);
graph_handle!(
    /// A handle to a claim in one [`Graph`](crate::Graph), checked like an [`EntityId`].
    ClaimId
);
handle!(
    /// A kind of entity declared by the schema.
    KindId(u16)
);
handle!(
    /// A relation declared by the schema.
    RelationId(u16)
);
handle!(
    /// An event kind declared by the schema.
    EventKindId(u16)
);
