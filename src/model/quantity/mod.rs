//! Figures as the sources gave them: "over 66", "about 240", "70 per cent", "2.5 million", "98 of 139".
//!
//! A [`Quantity`] keeps the wording a source used for a number (its bound, its
//! scale word, whether it is a percentage or a count out of a total) so that a
//! claim can be quoted faithfully, while still offering the numeric value and
//! the interval the wording implies. [`Quantity::compare`] asks whether two
//! figures could describe the same true value, which is how disagreement
//! between sources is found.
//!
//! # Text forms
//!
//! [`Quantity`] implements [`Display`](fmt::Display) and [`FromStr`]; every
//! quantity without a unit prints in its canonical form and parses back to an
//! equal value. Parsing trims whitespace and ignores the case of words.
//!
//! | Meaning | Canonical text | Also parsed |
//! |---------|----------------|-------------|
//! | exact | `56000` | `56,000` |
//! | decimal | `2.5` | |
//! | scale word | `2.5 million` | `574 thousand`, `15 Billion` |
//! | about | `about 240` | `c. 240`, `ca. 240`, `circa 240`, `~240`, `around 240`, `approximately 240`, `approx. 240`, `roughly 240`, `some 240` |
//! | over | `over 66` | `more than 66`, `> 66` |
//! | at least | `at least 53` | `>= 53`, `≥ 53`, `no fewer than 53`, `not less than 53` |
//! | under | `under 10` | `fewer than 10`, `less than 10`, `< 10` |
//! | at most | `up to 18000` | `at most 18000`, `no more than 18000`, `<= 18000`, `≤ 18000` |
//! | share | `13%` | `13 %`, `13 per cent`, `13 percent` |
//! | count out of a total | `98 of 139` | `98 of 139` with a bound before it, as in `over 66 of 100` |
//!
//! A bound word may precede any figure. Numbers are written with digits, an
//! optional decimal part and optional comma thousands separators (in groups
//! of three); they must be finite and not negative. A scale word cannot be
//! combined with a percentage. Units are never read from the text: they are
//! attached with [`Quantity::with_unit`] and printed by
//! [`Quantity::display_with_unit`].
//!
//! With serde, a quantity is stored as its canonical text; the unit is not
//! part of it and is stored separately by whoever stores the quantity.
//!
//! ```
//! use annals::model::{Bound, Quantity, Truth};
//!
//! let q: Quantity = "2.5 million".parse()?;
//! assert_eq!(q.value(), 2_500_000.0);
//! assert_eq!(q.to_string(), "2.5 million");
//!
//! let a: Quantity = "about 240".parse()?;
//! assert_eq!(a.bound(), Bound::About);
//! assert_eq!(a.compare(&"250".parse()?), Truth::Possibly);
//! assert_eq!(a.compare(&"over 300".parse()?), Truth::No);
//! # Ok::<_, annals::model::QuantityError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Truth;

/// How a figure relates to the true value, as the source worded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The figure is given as exact: `56000`.
    Exact,
    /// The true value is near the figure: `about 240` (taken as within 10%).
    About,
    /// The true value is greater than the figure: `over 66`.
    Over,
    /// The true value is the figure or more: `at least 53`.
    AtLeast,
    /// The true value is less than the figure: `under 10`.
    Under,
    /// The true value is the figure or less: `up to 18000`.
    AtMost,
}

impl Bound {
    /// The canonical word before the figure, with its trailing space.
    fn prefix(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::About => "about ",
            Bound::Over => "over ",
            Bound::AtLeast => "at least ",
            Bound::Under => "under ",
            Bound::AtMost => "up to ",
        }
    }
}

/// A scale word after a figure, as in `2.5 million`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Thousands: `574 thousand` is 574,000.
    Thousand,
    /// Millions: `2.5 million` is 2,500,000.
    Million,
    /// Billions (thousand millions): `2 billion` is 2,000,000,000.
    Billion,
}

impl Scale {
    /// The number the written figure is multiplied by. Cost: O(1).
    #[must_use]
    pub const fn factor(self) -> f64 {
        match self {
            Scale::Thousand => 1e3,
            Scale::Million => 1e6,
            Scale::Billion => 1e9,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Scale::Thousand => "thousand",
            Scale::Million => "million",
            Scale::Billion => "billion",
        }
    }
}

/// What went wrong when building or reading a [`Quantity`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// The text is not in any of the figure forms.
    #[error("cannot read {text:?} as a figure: expected {expected}")]
    Syntax {
        /// The text that could not be read.
        text: String,
        /// What kind of text would have been accepted.
        expected: &'static str,
    },
    /// A number that is not finite, is negative, or overflows once scaled.
    #[error("{value} is not a usable figure: expected a finite number that is not negative")]
    InvalidNumber {
        /// The number that was given (after scaling, if a scale word was used).
        value: f64,
    },
    /// A number above 2^53, which a figure could not keep exactly.
    #[error("{text} is too large to keep exactly: figures go up to 9007199254740992 (2^53)")]
    TooLarge {
        /// The number as given.
        text: String,
    },
    /// A part larger than its whole, as in `98 of 0`.
    #[error("{amount} of {total}: the part is larger than the whole")]
    PartOverWhole {
        /// The part.
        amount: f64,
        /// The whole.
        total: f64,
    },
}

/// The largest figure kept exactly: 2^53, past which a float skips integers.
pub const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

const EXPECTED_FIGURE: &str =
    "a figure such as 56000, over 66, about 240, 70%, 2 million or 98 of 139";

/// Whether the figure counts things, is a percentage, or counts things out of a total.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Count,
    Share,
    Of(f64),
}

/// A figure as a source gave it, with its bound, scale word, and whether it is
/// a percentage or a count out of a total.
///
/// See the [module documentation](self) for the text forms. Two quantities
/// are `==` when they are worded the same; use [`Quantity::compare`] to ask
/// whether they could mean the same value.
///
/// ```
/// use annals::model::Quantity;
///
/// let q: Quantity = "98 of 139".parse()?;
/// assert_eq!(q.value(), 98.0);
/// assert_eq!(q.total(), Some(139.0));
/// assert_eq!(q.with_unit("delegates").display_with_unit(), "98 of 139 delegates");
/// # Ok::<_, annals::model::QuantityError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number as written, before the scale word is applied.
    written: f64,
    scale: Option<Scale>,
    bound: Bound,
    kind: Kind,
    unit: Option<String>,
}

/// Checks that a number is finite and not negative, and folds `-0` into `0` so it prints as `0`.
fn usable(value: f64) -> Result<f64, QuantityError> {
    if value.is_finite() && value > MAX_EXACT {
        return Err(QuantityError::TooLarge {
            text: format!("{value}"),
        });
    }
    if value.is_finite() && value >= 0.0 {
        Ok(value + 0.0)
    } else {
        Err(QuantityError::InvalidNumber { value })
    }
}

impl Quantity {
    fn count(written: f64, scale: Option<Scale>, kind: Kind) -> Result<Quantity, QuantityError> {
        let written = usable(written)?;
        // The full value must be usable too, so that value() is always finite.
        usable(written * scale.map_or(1.0, Scale::factor))?;
        if let Kind::Of(total) = kind {
            usable(total)?;
            if written > total {
                return Err(QuantityError::PartOverWhole {
                    amount: written,
                    total,
                });
            }
        }
        Ok(Quantity {
            written,
            scale,
            bound: Bound::Exact,
            kind,
            unit: None,
        })
    }

    /// An exact figure such as `56000`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// assert_eq!(Quantity::exact(56_000.0)?.to_string(), "56000");
    /// assert!(Quantity::exact(f64::NAN).is_err());
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QuantityError::InvalidNumber`] if `amount` is not finite or is negative, and
    /// [`QuantityError::TooLarge`] if it is above [`MAX_EXACT`].
    pub fn exact(amount: f64) -> Result<Quantity, QuantityError> {
        Quantity::count(amount, None, Kind::Count)
    }

    /// A figure with a scale word, such as `2.5 million` from `(2.5, Scale::Million)`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    /// use annals::model::quantity::Scale;
    ///
    /// let q = Quantity::scaled(2.5, Scale::Million)?;
    /// assert_eq!(q.value(), 2_500_000.0);
    /// assert_eq!(q.to_string(), "2.5 million");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QuantityError::InvalidNumber`] if the figure or its scaled value is
    /// not finite, or is negative, and [`QuantityError::TooLarge`] if either is above
    /// [`MAX_EXACT`].
    pub fn scaled(written: f64, scale: Scale) -> Result<Quantity, QuantityError> {
        Quantity::count(written, Some(scale), Kind::Count)
    }

    /// A percentage such as `13%`, from `13.0`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// let q = Quantity::percent(13.0)?;
    /// assert!(q.is_share());
    /// assert_eq!(q.to_string(), "13%");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QuantityError::InvalidNumber`] if `percent` is not finite or is negative, and
    /// [`QuantityError::TooLarge`] if it is above [`MAX_EXACT`].
    pub fn percent(percent: f64) -> Result<Quantity, QuantityError> {
        Quantity::count(percent, None, Kind::Share)
    }

    /// A count out of a total, such as `98 of 139`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// let q = Quantity::out_of(98.0, 139.0)?;
    /// assert_eq!(q.to_string(), "98 of 139");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QuantityError::InvalidNumber`] if either number is not finite or is negative,
    /// [`QuantityError::TooLarge`] if either is above [`MAX_EXACT`], and
    /// [`QuantityError::PartOverWhole`] if `amount` is larger than `total`.
    pub fn out_of(amount: f64, total: f64) -> Result<Quantity, QuantityError> {
        Quantity::count(amount, None, Kind::Of(total))
    }

    /// The same figure with another bound, as in `over 66`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Bound, Quantity};
    ///
    /// let q = Quantity::exact(66.0)?.with_bound(Bound::Over);
    /// assert_eq!(q.to_string(), "over 66");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn with_bound(self, bound: Bound) -> Quantity {
        Quantity { bound, ..self }
    }

    /// The same figure with a unit, such as `troops`; the unit is not part of
    /// the [`Display`](fmt::Display) text. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// let q = Quantity::exact(56_000.0)?.with_unit("troops");
    /// assert_eq!(q.unit(), Some("troops"));
    /// assert_eq!(q.to_string(), "56000");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn with_unit(self, unit: impl Into<String>) -> Quantity {
        Quantity {
            unit: Some(unit.into()),
            ..self
        }
    }

    /// The bound the source used. Cost: O(1).
    #[must_use]
    pub fn bound(&self) -> Bound {
        self.bound
    }

    /// The scale word the source used, if any. Cost: O(1).
    #[must_use]
    pub fn scale(&self) -> Option<Scale> {
        self.scale
    }

    /// Whether the figure is a percentage. Cost: O(1).
    #[must_use]
    pub fn is_share(&self) -> bool {
        self.kind == Kind::Share
    }

    /// The total of a count out of a total (`139` in `98 of 139`). Cost: O(1).
    #[must_use]
    pub fn total(&self) -> Option<f64> {
        match self.kind {
            Kind::Of(total) => Some(total),
            Kind::Count | Kind::Share => None,
        }
    }

    /// The unit attached with [`Quantity::with_unit`], if any. Cost: O(1).
    #[must_use]
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    /// The figure as a number, with the scale word applied: `2.5 million` is
    /// 2,500,000 and `13%` is 13. The bound is not applied; see [`Quantity::interval`]. Cost: O(1).
    #[must_use]
    pub fn value(&self) -> f64 {
        self.written * self.scale.map_or(1.0, Scale::factor)
    }

    /// The figure as a fraction: `98 of 139` is 98/139 and `13%` is 0.13.
    /// `None` for a plain count, or for a total of zero. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// assert_eq!("1 of 4".parse::<Quantity>()?.ratio(), Some(0.25));
    /// assert_eq!("25%".parse::<Quantity>()?.ratio(), Some(0.25));
    /// assert_eq!("25".parse::<Quantity>()?.ratio(), None);
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn ratio(&self) -> Option<f64> {
        match self.kind {
            Kind::Of(total) if total > 0.0 => Some(self.value() / total),
            Kind::Share => Some(self.value() / 100.0),
            Kind::Of(_) | Kind::Count => None,
        }
    }

    /// The lower and upper limits the wording puts on the true value; `None` is unlimited. Cost:
    /// O(1).
    ///
    /// | bound | interval |
    /// |-------|----------|
    /// | exact `v` | `v` to `v` |
    /// | exact percentage `v%` written to a step `s` (1, 0.1, …) | `v - s/2` to below `v + s` ([`Quantity::percentage_step`]) |
    /// | about `v` | `0.9 v` to `1.1 v` (within 10%) |
    /// | over `v` | above `v` (not including it), no upper limit |
    /// | at least `v` | `v` or more |
    /// | under `v` | no lower limit, below `v` (not including it) |
    /// | up to `v` | `v` or less |
    ///
    /// The limits are in the units of [`Quantity::value`] (percent for a share).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// assert_eq!("about 200".parse::<Quantity>()?.interval(), (Some(180.0), Some(220.0)));
    /// assert_eq!("over 66".parse::<Quantity>()?.interval(), (Some(66.0), None));
    /// assert_eq!("70%".parse::<Quantity>()?.interval(), (Some(69.5), Some(71.0)));
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn interval(&self) -> (Option<f64>, Option<f64>) {
        let Interval { low, high } = self.limits(self.percentage_step());
        (low.map(|l| l.0), high.map(|h| h.0))
    }

    /// For an exact percentage, the step it is written to: 1 for `70%`, 0.1 for `66.7%`;
    /// `None` for any other figure, and for one written past the digits a float holds. annals reads an exact percentage as the true share rounded
    /// to the nearest step or cut to the step below: `70%` stands for any share from 69.5% up
    /// to, not including, 71%, and `66.7%` for one from 66.65% up to 66.8%.
    /// [`Quantity::interval`], [`Quantity::compare`], `conflicts` and `check` all read it so.
    /// Cost: O(1) (the figure's digits are counted).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// assert_eq!("70 percent".parse::<Quantity>()?.percentage_step(), Some(1.0));
    /// assert_eq!("66.7%".parse::<Quantity>()?.percentage_step(), Some(0.1));
    /// assert_eq!("about 70%".parse::<Quantity>()?.percentage_step(), None);
    /// assert_eq!("98 of 139".parse::<Quantity>()?.percentage_step(), None);
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn percentage_step(&self) -> Option<f64> {
        if self.kind != Kind::Share || self.bound != Bound::Exact {
            return None;
        }
        // `written` prints in the shortest form that reads back exactly: its decimals are
        // the ones the source wrote (a trailing zero, `70.0%`, is not kept).
        let text = self.written.to_string();
        let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
        let step = 10f64.powi(-i32::try_from(decimals).unwrap_or(i32::MAX));
        // A step too fine to widen the figure (past the digits a float holds) is none.
        (self.value() + step > self.value()).then_some(step)
    }

    /// The interval the wording implies, in the units of [`Quantity::value`], given the
    /// figure's [`Quantity::percentage_step`] (read once by the caller: it formats the figure).
    fn limits(&self, step: Option<f64>) -> Interval {
        let v = self.value();
        match step {
            Some(step) => Interval {
                low: Some((v - step / 2.0, true)),
                high: Some((v + step, false)),
            },
            None => Interval::of(self.bound, v),
        }
    }

    /// Could the two figures be the same true value? Useful for checking
    /// whether two sources agree. Cost: O(1), plus comparing the two units when both have one.
    ///
    /// Yes if both are exact and equal (including a total, if both have one),
    /// no if the intervals their wording implies (see [`Quantity::interval`])
    /// cannot meet or if both are exact and differ, and possibly otherwise. An exact
    /// percentage stands for a range ([`Quantity::percentage_step`]): `70%` and `98 of 139`
    /// (70.5%) may be the same share, `70%` and `71%` are not. A percentage is compared with a
    /// count out of a total through the total's percentage; a percentage and a
    /// plain count cannot be compared and give possibly, as do two figures
    /// with different units.
    ///
    /// ```
    /// use annals::model::{Quantity, Truth};
    ///
    /// let q = |s: &str| s.parse::<Quantity>();
    /// assert_eq!(q("2.5 million")?.compare(&q("2,500,000")?), Truth::Yes);
    /// assert_eq!(q("over 66")?.compare(&q("66")?), Truth::No);
    /// assert_eq!(q("1 of 4")?.compare(&q("25%")?), Truth::Yes);
    /// assert_eq!(q("70%")?.compare(&q("98 of 139")?), Truth::Possibly);
    /// assert_eq!(q("69%")?.compare(&q("98 of 139")?), Truth::No);
    /// assert_eq!(q("about 240")?.compare(&q("250")?), Truth::Possibly);
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn compare(&self, other: &Quantity) -> Truth {
        if let (Some(a), Some(b)) = (&self.unit, &other.unit)
            && a != b
        {
            return Truth::Possibly;
        }
        let exact = self.bound == Bound::Exact && other.bound == Bound::Exact;
        // An exact percentage stands for the shares it was rounded or cut from
        // (`percentage_step`): beside an exact figure written to another step, or not a
        // percentage, only that range can settle the question. Two percentages written to
        // the same step are read alike, so two different ones disagree.
        let (my_step, their_step) = (self.percentage_step(), other.percentage_step());
        let steps_differ = my_step != their_step;
        let mine = self.limits(my_step);
        let theirs = other.limits(their_step);
        // Once the intervals meet, only two exact figures can settle the question.
        let settle = |meets: Truth, same: bool| match (meets, exact, same) {
            (Truth::No, _, _) => Truth::No,
            (_, true, true) => Truth::Yes,
            (_, true, false) if steps_differ => Truth::Possibly,
            (_, true, false) => Truth::No,
            (_, false, _) => Truth::Possibly,
        };
        match (self.kind, other.kind) {
            (Kind::Share, Kind::Count) | (Kind::Count, Kind::Share) => Truth::Possibly,
            (Kind::Of(a), Kind::Of(b)) => {
                let totals = Truth::from_bool(a == b);
                settle(mine.meets(&theirs), self.value() == other.value()).and(totals)
            }
            (Kind::Share, Kind::Of(total)) | (Kind::Of(total), Kind::Share) => {
                let (share, count) = if self.is_share() {
                    ((mine, self.value()), (theirs, other.value()))
                } else {
                    ((theirs, other.value()), (mine, self.value()))
                };
                if total <= 0.0 {
                    return Truth::Possibly;
                }
                // Compare in percent, the unit of the share.
                let factor = 100.0 / total;
                let meets = share.0.meets(&count.0.scaled(factor));
                settle(meets, share.1 == count.1 * factor)
            }
            _ => settle(mine.meets(&theirs), self.value() == other.value()),
        }
    }

    /// The canonical text followed by the unit, if there is one: `56000 troops`. Cost: O(length of
    /// the text).
    ///
    /// ```
    /// use annals::model::Quantity;
    ///
    /// let q: Quantity = "about 2 million".parse()?;
    /// assert_eq!(q.clone().with_unit("people").display_with_unit(), "about 2 million people");
    /// assert_eq!(q.display_with_unit(), "about 2 million");
    /// # Ok::<_, annals::model::QuantityError>(())
    /// ```
    #[must_use]
    pub fn display_with_unit(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{self} {unit}"),
            None => self.to_string(),
        }
    }
}

/// An interval of possible true values; each limit is `(value, inclusive)`, `None` when unlimited.
#[derive(Debug, Clone, Copy)]
struct Interval {
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
}

impl Interval {
    fn of(bound: Bound, v: f64) -> Interval {
        let (low, high) = match bound {
            Bound::Exact => (Some((v, true)), Some((v, true))),
            Bound::About => (Some((v - v / 10.0, true)), Some((v + v / 10.0, true))),
            Bound::Over => (Some((v, false)), None),
            Bound::AtLeast => (Some((v, true)), None),
            Bound::Under => (None, Some((v, false))),
            Bound::AtMost => (None, Some((v, true))),
        };
        Interval { low, high }
    }

    fn scaled(self, factor: f64) -> Interval {
        let scale =
            |limit: Option<(f64, bool)>| limit.map(|(v, inclusive)| (v * factor, inclusive));
        Interval {
            low: scale(self.low),
            high: scale(self.high),
        }
    }

    /// Possibly if the intervals share a value, no if they cannot.
    fn meets(&self, other: &Interval) -> Truth {
        let below = |high: Option<(f64, bool)>, low: Option<(f64, bool)>| match (high, low) {
            (Some((h, h_in)), Some((l, l_in))) => h < l || (h == l && !(h_in && l_in)),
            _ => false,
        };
        if below(self.high, other.low) || below(other.high, self.low) {
            Truth::No
        } else {
            Truth::Possibly
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Rust prints floats in the shortest form that reads back exactly, and never with an exponent.
        write!(f, "{}{}", self.bound.prefix(), self.written)?;
        if let Some(scale) = self.scale {
            write!(f, " {}", scale.word())?;
        }
        match self.kind {
            Kind::Count => Ok(()),
            Kind::Share => f.write_str("%"),
            Kind::Of(total) => write!(f, " of {total}"),
        }
    }
}

/// Bound words and symbols; a word must be followed by whitespace, a symbol need not be.
/// Longer forms come first so that `>=` is not read as `>`.
const BOUNDS: [(&str, Bound, bool); 25] = [
    ("approximately", Bound::About, true),
    ("approx.", Bound::About, false),
    ("around", Bound::About, true),
    ("about", Bound::About, true),
    ("roughly", Bound::About, true),
    ("circa", Bound::About, true),
    ("some", Bound::About, true),
    ("ca.", Bound::About, false),
    ("c.", Bound::About, false),
    ("~", Bound::About, false),
    ("more than", Bound::Over, true),
    ("over", Bound::Over, true),
    ("no fewer than", Bound::AtLeast, true),
    ("not less than", Bound::AtLeast, true),
    ("at least", Bound::AtLeast, true),
    (">=", Bound::AtLeast, false),
    ("\u{2265}", Bound::AtLeast, false),
    ("no more than", Bound::AtMost, true),
    ("fewer than", Bound::Under, true),
    ("less than", Bound::Under, true),
    ("under", Bound::Under, true),
    ("up to", Bound::AtMost, true),
    ("at most", Bound::AtMost, true),
    ("<=", Bound::AtMost, false),
    ("\u{2264}", Bound::AtMost, false),
];

/// Symbols that are checked after [`BOUNDS`], since they are prefixes of longer ones there.
const SHORT_BOUNDS: [(&str, Bound); 2] = [(">", Bound::Over), ("<", Bound::Under)];

/// Strips a leading word that must be followed by whitespace.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

fn split_bound(text: &str) -> (Bound, &str) {
    for (prefix, bound, word) in BOUNDS {
        let rest = if word {
            strip_word(text, prefix)
        } else {
            text.strip_prefix(prefix).map(str::trim_start)
        };
        if let Some(rest) = rest {
            return (bound, rest);
        }
    }
    for (prefix, bound) in SHORT_BOUNDS {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (bound, rest.trim_start());
        }
    }
    (Bound::Exact, text)
}

/// Splits a leading number (digits, comma thousands separators, decimal part) from the text.
fn split_number(text: &str) -> Option<(f64, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len());
    let (number, rest) = text.split_at_checked(end)?;
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (number, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let mut grouped = false;
    for group in groups {
        grouped = true;
        if group.len() != 3 || !digits(group) {
            return None;
        }
    }
    if !digits(first) || (grouped && first.len() > 3) {
        return None;
    }
    let plain: String = number.chars().filter(|&c| c != ',').collect();
    Some((plain.parse().ok()?, rest.trim_start()))
}

/// The first number in `text` past 2^53, which would be rounded silently if read as a float.
fn too_large(text: &str) -> Option<QuantityError> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .map(|n| n.replace(',', ""))
        .find(|n| {
            n.trim_start_matches('0').len() >= 16
                && n.parse::<u128>().is_ok_and(|v| v > MAX_EXACT as u128)
                || n.trim_start_matches('0').len() > 38
        })
        .map(|text| QuantityError::TooLarge { text })
}

fn split_scale(text: &str) -> (Option<Scale>, &str) {
    for scale in [Scale::Thousand, Scale::Million, Scale::Billion] {
        if let Some(rest) = text.strip_prefix(scale.word())
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return (Some(scale), rest.trim_start());
        }
    }
    (None, text)
}

impl FromStr for Quantity {
    type Err = QuantityError;

    /// Reads any of the text forms in the module documentation. Cost: O(length of the text).
    ///
    /// # Errors
    ///
    /// [`QuantityError::Syntax`] for text in none of the forms, [`QuantityError::InvalidNumber`]
    /// for a number that is not finite or is negative (once scaled), [`QuantityError::TooLarge`]
    /// past [`MAX_EXACT`], and [`QuantityError::PartOverWhole`] for a part larger than its
    /// whole.
    fn from_str(text: &str) -> Result<Quantity, QuantityError> {
        let original = text.trim();
        let syntax = || QuantityError::Syntax {
            text: original.to_owned(),
            expected: EXPECTED_FIGURE,
        };
        if let Some(error) = too_large(original) {
            return Err(error);
        }
        let lower = original.to_lowercase();
        let (bound, rest) = split_bound(&lower);
        let (written, rest) = split_number(rest).ok_or_else(syntax)?;
        let (scale, rest) = split_scale(rest);
        let kind = if rest.is_empty() {
            Kind::Count
        } else if scale.is_none() && ["%", "per cent", "percent"].contains(&rest) {
            Kind::Share
        } else if let Some(total) = strip_word(rest, "of") {
            match split_number(total) {
                Some((total, "")) => Kind::Of(total),
                _ => return Err(syntax()),
            }
        } else {
            return Err(syntax());
        };
        Ok(Quantity::count(written, scale, kind)?.with_bound(bound))
    }
}

impl Serialize for Quantity {
    /// Stores the canonical text, such as `"about 240"`. The unit is not part
    /// of the text, so whoever stores a quantity stores its unit alongside.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    /// Reads any of the text forms; the result has no unit.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        struct QuantityVisitor;

        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED_FIGURE)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Quantity, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(QuantityVisitor)
    }
}

#[cfg(test)]
mod tests;
