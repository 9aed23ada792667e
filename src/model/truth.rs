//! Three-valued truth for questions the sources cannot always settle.
//!
//! A question such as "was he arrested before 1938?" has three honest answers
//! when the sources only say "1937–38": yes, no, or possibly. [`Truth`] carries
//! that answer and combines with Kleene's strong three-valued logic, in which
//! [`Truth::Possibly`] means "the sources allow both".
//!
//! The values are ordered `No < Possibly < Yes`, so `and` is the minimum and
//! `or` is the maximum of the two operands.
//!
//! | `a`      | `b`      | `a.and(b)` | `a.or(b)` |
//! |----------|----------|------------|-----------|
//! | no       | no       | no         | no        |
//! | no       | possibly | no         | possibly  |
//! | no       | yes      | no         | yes       |
//! | possibly | no       | no         | possibly  |
//! | possibly | possibly | possibly   | possibly  |
//! | possibly | yes      | possibly   | yes       |
//! | yes      | no       | no         | yes       |
//! | yes      | possibly | possibly   | yes       |
//! | yes      | yes      | yes        | yes       |
//!
//! | `a`      | `a.not()` |
//! |----------|-----------|
//! | no       | yes       |
//! | possibly | possibly  |
//! | yes      | no        |

use std::fmt;
use std::ops::{BitAnd, BitOr, Not};

use serde::{Deserialize, Serialize};

/// A three-valued truth: definitely not, possibly, or definitely so.
///
/// ```
/// use annals::model::Truth;
///
/// assert_eq!(Truth::Yes & Truth::Possibly, Truth::Possibly);
/// assert_eq!(Truth::No | Truth::Possibly, Truth::Possibly);
/// assert_eq!(!Truth::Yes, Truth::No);
/// assert_eq!(Truth::Possibly.to_string(), "possibly");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Definitely not: every reading of the sources rules it out.
    No,
    /// The sources allow it but do not settle it.
    Possibly,
    /// Definitely so: every reading of the sources agrees.
    Yes,
}

impl Truth {
    /// Converts a two-valued answer: `true` is [`Truth::Yes`], `false` is [`Truth::No`]. Cost:
    /// O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert_eq!(Truth::from_bool(true), Truth::Yes);
    /// assert_eq!(Truth::from_bool(false), Truth::No);
    /// ```
    #[must_use]
    pub const fn from_bool(value: bool) -> Truth {
        if value { Truth::Yes } else { Truth::No }
    }

    /// Kleene conjunction: the smaller of the two values (see the module table). Cost: O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert_eq!(Truth::Possibly.and(Truth::No), Truth::No);
    /// ```
    #[must_use]
    pub const fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::No, _) | (_, Truth::No) => Truth::No,
            (Truth::Yes, Truth::Yes) => Truth::Yes,
            _ => Truth::Possibly,
        }
    }

    /// Kleene disjunction: the larger of the two values (see the module table). Cost: O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert_eq!(Truth::Possibly.or(Truth::Yes), Truth::Yes);
    /// ```
    #[must_use]
    pub const fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
            (Truth::No, Truth::No) => Truth::No,
            _ => Truth::Possibly,
        }
    }

    /// Kleene negation: swaps yes and no and leaves possibly alone. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert_eq!(Truth::Possibly.not(), Truth::Possibly);
    /// ```
    #[must_use]
    #[allow(clippy::should_implement_trait)] // `Not` is implemented too; this is the `const` form.
    pub const fn not(self) -> Truth {
        match self {
            Truth::No => Truth::Yes,
            Truth::Possibly => Truth::Possibly,
            Truth::Yes => Truth::No,
        }
    }

    /// Whether the answer is definitely yes. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert!(Truth::Yes.is_yes());
    /// assert!(!Truth::Possibly.is_yes());
    /// ```
    #[must_use]
    pub const fn is_yes(self) -> bool {
        matches!(self, Truth::Yes)
    }

    /// Whether the answer is at least possible, that is yes or possibly. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Truth;
    ///
    /// assert!(Truth::Possibly.is_possible());
    /// assert!(!Truth::No.is_possible());
    /// ```
    #[must_use]
    pub const fn is_possible(self) -> bool {
        !matches!(self, Truth::No)
    }
}

impl From<bool> for Truth {
    fn from(value: bool) -> Truth {
        Truth::from_bool(value)
    }
}

impl Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        Truth::not(self)
    }
}

impl BitAnd for Truth {
    type Output = Truth;

    fn bitand(self, other: Truth) -> Truth {
        self.and(other)
    }
}

impl BitOr for Truth {
    type Output = Truth;

    fn bitor(self, other: Truth) -> Truth {
        self.or(other)
    }
}

impl fmt::Display for Truth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Truth::No => "no",
            Truth::Possibly => "possibly",
            Truth::Yes => "yes",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, No, Possibly, Yes};

    const ALL: [Truth; 3] = [No, Possibly, Yes];

    fn table(a: Truth, b: Truth, and: Truth, or: Truth) {
        assert_eq!(a.and(b), and, "{a} and {b}");
        assert_eq!(a & b, and, "{a} & {b}");
        assert_eq!(a.or(b), or, "{a} or {b}");
        assert_eq!(a | b, or, "{a} | {b}");
    }

    #[test]
    fn and_or_tables() {
        table(No, No, No, No);
        table(No, Possibly, No, Possibly);
        table(No, Yes, No, Yes);
        table(Possibly, No, No, Possibly);
        table(Possibly, Possibly, Possibly, Possibly);
        table(Possibly, Yes, Possibly, Yes);
        table(Yes, No, No, Yes);
        table(Yes, Possibly, Possibly, Yes);
        table(Yes, Yes, Yes, Yes);
    }

    #[test]
    fn and_is_min_and_or_is_max() {
        for a in ALL {
            for b in ALL {
                assert_eq!(a.and(b), a.min(b));
                assert_eq!(a.or(b), a.max(b));
            }
        }
    }

    #[test]
    fn not_table() {
        assert_eq!(No.not(), Yes);
        assert_eq!(Possibly.not(), Possibly);
        assert_eq!(Yes.not(), No);
        assert_eq!(!No, Yes);
        assert_eq!(!Possibly, Possibly);
        assert_eq!(!Yes, No);
    }

    #[test]
    fn de_morgan_holds() {
        for a in ALL {
            for b in ALL {
                assert_eq!(!(a & b), !a | !b);
                assert_eq!(!(a | b), !a & !b);
            }
        }
    }

    #[test]
    fn predicates_and_conversions() {
        assert!(Yes.is_yes());
        assert!(!Possibly.is_yes());
        assert!(!No.is_yes());
        assert!(Yes.is_possible());
        assert!(Possibly.is_possible());
        assert!(!No.is_possible());
        assert_eq!(Truth::from_bool(true), Yes);
        assert_eq!(Truth::from_bool(false), No);
        assert_eq!(Truth::from(true), Yes);
    }

    #[test]
    fn display_and_serde() {
        for (t, s) in [(No, "no"), (Possibly, "possibly"), (Yes, "yes")] {
            assert_eq!(t.to_string(), s);
            let json = serde_json::to_string(&t).ok();
            assert_eq!(json.as_deref(), Some(format!("\"{s}\"").as_str()));
            let back: Option<Truth> = serde_json::from_str(&format!("\"{s}\"")).ok();
            assert_eq!(back, Some(t));
        }
    }

    #[test]
    fn ordering_is_no_possibly_yes() {
        assert!(No < Possibly && Possibly < Yes);
    }
}
