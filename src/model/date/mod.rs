//! Historical dates as the sources give them.
//!
//! A [`Date`] records what a source said about *when* something happened:
//! "1917-10-25 (Old Style)", "1937–38", "before 1940", "c. 1930". It keeps the
//! precision and the calendar the source used, and turns them into an interval
//! of [`Day`]s in the proleptic Gregorian calendar. Comparisons between dates
//! are done on those intervals and answer with a three-valued [`Truth`], so a
//! question the sources cannot settle is answered [`Truth::Possibly`] rather
//! than being silently rounded to yes or no.
//!
//! # Text forms
//!
//! [`Date`] implements [`Display`](std::fmt::Display) and [`FromStr`](std::str::FromStr); every date
//! that can be constructed prints in its canonical form and parses back to an
//! equal value. Parsing trims surrounding whitespace and ignores the case of
//! words.
//!
//! | Form | Canonical text | Also parsed | Interval |
//! |------|----------------|-------------|----------|
//! | day | `1917-10-25` | `1917-1-5` | that day |
//! | month | `1917-10` | `1917-5` | the whole month |
//! | year | `1917` | `800` (shown as `0800`) | the whole year |
//! | decade | `1910s` | | 1910-01-01 to 1919-12-31 |
//! | century | `20th century` | `1st century`, `21st century` | 1901-01-01 to 2000-12-31 |
//! | Old Style | `1917-10-25 OS` | `1917-10-25 O.S.`, `1917-10-25 (OS)` | converted from the Julian calendar |
//! | New Style | `1917-11-07` | `1917-11-07 NS`, `N.S.`, `(NS)` | the Gregorian calendar, said explicitly |
//! | range | `1937/1938` | `1937–1938`, `1937–38`, `1937-38`, `1930-37`, `1930-1937` | start of the first to end of the second |
//! | range of days | `1953-07-19/1953-08-01` | `1953-07-19–1953-08-01` | |
//! | before | `before 1940` | | open past up to 1939-12-31 |
//! | by | `by 1940` | | open past up to 1940-12-31 |
//! | after | `after 1953-03` | | from 1953-04-01, open future |
//! | circa | `c. 1930` | `circa 1930`, `ca. 1930`, `c.1930` | widened, see below |
//!
//! Notes on the forms:
//!
//! * Years run from 1 to 9999; there is no year 0 and no BC. Years are printed
//!   with four digits (`0800`) as in ISO 8601.
//! * Centuries follow the usual convention that the *n*th century runs from
//!   year `100 × (n − 1) + 1` to year `100 × n`, so the 20th century is
//!   1901–2000. Centuries 1 to 99 are accepted.
//! * A decade is written by its first year, which must end in 0.
//! * `OS` marks a date in the Julian calendar (Old Style); the Julian year is
//!   taken to begin on 1 January. In a range, a suffix on the second date also
//!   applies to the first unless the first has its own, so `1937/1938 OS` is
//!   Julian at both ends and a Gregorian start before a Julian end prints as
//!   `1937 NS/1938 OS`.
//! * With a hyphen, `1937-38` is a range only because 38 cannot be a month:
//!   `1937-12` is December 1937 and `1910-11` is November 1910. An en dash
//!   (`1910–11`) or a slash always makes a range. A two-digit end year takes
//!   the century of the start year; an end before the start is an error.
//! * `before`, `by`, `after` and `c.` apply to a single date (not a range).
//!
//! With serde, a date is stored as its canonical text and read with [`FromStr`](std::str::FromStr).
//!
//! # Circa
//!
//! `c. X` widens the interval of `X` on both sides, by an amount that grows
//! with the precision of `X`:
//!
//! | precision | widened by |
//! |-----------|------------|
//! | day | 7 days |
//! | month | 1 month |
//! | year | 2 years |
//! | decade | 5 years |
//! | century | 25 years |
//!
//! so `c. 1930` is 1928-01-01 to 1932-12-31.
//!
//! # Comparisons
//!
//! A date attached to an *event* means that the event happened on one unknown
//! day inside the date's interval. The comparison methods ask whether the
//! event (`self`) stands in some relation to a reference date (`other`):
//!
//! * [`Date::is_before`]: before the reference *starts* ("before 1938" means
//!   before 1938 began).
//! * [`Date::is_by`]: on or before the reference *ends* ("by 1940" means by the
//!   end of 1940).
//! * [`Date::is_after`]: after the reference *ends* ("after 1938" means after
//!   1938 was over).
//! * [`Date::is_within`]: inside the reference's interval ("in 1937").
//! * [`Date::overlaps`]: the two dates, read as spans of time, share a day.
//!
//! A reference that is a single point (a day, month, year, decade or century)
//! is read as that named period, so its start and end are known exactly. A
//! reference that is itself uncertain (a range, `before`, `by`, `after` or
//! `c.`) is read as one unknown day inside its interval, so its start and its
//! end could each be anywhere in the interval. That is why `1940` is only
//! *possibly* before `before 1940-06`: the reference could be in 1935 or in
//! May 1940.
//!
//! ```
//! use annals::model::{Date, Truth};
//!
//! let arrest: Date = "1937–38".parse()?;
//! assert_eq!(arrest.is_before(&"1938".parse()?), Truth::Possibly);
//! assert_eq!(arrest.is_by(&"1938".parse()?), Truth::Yes);
//! assert_eq!(arrest.is_after(&"1936".parse()?), Truth::Yes);
//!
//! // The October Revolution, dated in the Julian calendar Russia still used.
//! let revolution = Date::julian_day(1917, 10, 25)?;
//! assert_eq!(revolution.to_string(), "1917-10-25 OS");
//! assert_eq!(revolution.gregorian().to_string(), "1917-11-07");
//! assert_eq!(revolution.is_within(&"1917-11".parse()?), Truth::Yes);
//! # Ok::<_, annals::model::DateError>(())
//! ```

use serde::{Deserialize, Serialize};

use super::Truth;

mod calendar;
mod compare;
pub(crate) use compare::Within;
mod construct;
mod display;
mod parse;
mod span;
#[cfg(test)]
mod tests;

/// The calendar a source used for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// The Gregorian calendar (New Style), extended backwards before 1582.
    Gregorian,
    /// The Julian calendar (Old Style), with a leap year every fourth year.
    Julian,
}

/// How precisely a date is known, from finest to coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// To the day, as in `1917-10-25`.
    Day,
    /// To the month, as in `1917-10`.
    Month,
    /// To the year, as in `1917`.
    Year,
    /// To the decade, as in `1910s`.
    Decade,
    /// To the century, as in `20th century`.
    Century,
}

/// What went wrong when building or reading a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not in any of the date forms.
    #[error("cannot read {text:?} as a date: expected {expected}")]
    Syntax {
        /// The text that could not be read.
        text: String,
        /// What kind of text would have been accepted.
        expected: &'static str,
    },
    /// The year is outside the supported range.
    #[error("year {year} is out of range: expected a year from 1 to 9999")]
    YearOutOfRange {
        /// The year that was given.
        year: i64,
    },
    /// The month is not between 1 and 12.
    #[error("month {month} does not exist: expected a month from 1 to 12")]
    InvalidMonth {
        /// The month that was given.
        month: u32,
    },
    /// The day does not exist in that month of that calendar.
    #[error("day {day} does not exist in {year:04}-{month:02} in the {calendar} calendar")]
    InvalidDay {
        /// The year of the date.
        year: i32,
        /// The month of the date.
        month: u8,
        /// The day that was given.
        day: u32,
        /// The calendar the date was read in.
        calendar: Calendar,
    },
    /// A decade was named by a year that does not end in 0.
    #[error("{year} does not start a decade: expected a year ending in 0 from 10 to 9990")]
    InvalidDecade {
        /// The year that was given.
        year: i64,
    },
    /// The century is outside the supported range.
    #[error("century {century} is out of range: expected a century from 1st to 99th")]
    InvalidCentury {
        /// The century that was given.
        century: u64,
    },
    /// A range whose first date lies wholly after its second.
    #[error("range {start}/{end} ends before it starts")]
    ReversedRange {
        /// The first date of the range, as text.
        start: String,
        /// The second date of the range, as text.
        end: String,
    },
    /// A single date was needed but a range, open or approximate date was given.
    #[error(
        "{date} is not a single date: ranges, before, by, after and c. need a single date such as 1917 or 1917-10-25"
    )]
    NotAPoint {
        /// The date that was given, as text.
        date: String,
    },
}

const EXPECTED_DATE: &str = "a date such as 1917, 1917-10, 1917-10-25, 1910s, 20th century, 1937/1938, before 1940 or c. 1930";

/// The first and last supported years.
const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

/// A single day, counted in days since 1970-01-01 in the proleptic Gregorian calendar.
///
/// Days before 1970 have negative numbers. A `Day` prints as an ISO 8601
/// Gregorian date.
///
/// ```
/// use annals::model::Day;
///
/// let day = Day::from_gregorian(1917, 11, 7).ok_or("no such day")?;
/// assert_eq!(Day::from_julian(1917, 10, 25), Some(day));
/// assert_eq!(day.to_gregorian(), (1917, 11, 7));
/// assert_eq!(day.to_string(), "1917-11-07");
/// assert_eq!(Day::from_gregorian(1970, 1, 1).map(Day::number), Some(0));
/// # Ok::<_, &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(i64);

/// A single date at some precision, as a source gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Day(i32, u8, u8),
    Month(i32, u8),
    Year(i32),
    /// A decade, by its first year.
    Decade(i32),
    /// A century, by its ordinal number.
    Century(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Point {
    calendar: Calendar,
    unit: Unit,
}

/// The shape of a date: a point, a range of points, or an open or approximate point.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Form {
    Point(Point),
    Range(Point, Point),
    Before(Point),
    By(Point),
    After(Point),
    Circa(Point),
}

/// When something happened, as a source said it: a point at some precision,
/// a range, an open-ended date or an approximate one, in the Gregorian or
/// Julian calendar.
///
/// See the [module documentation](self) for the text forms, the meaning of
/// each form and how comparisons work. `Date` deliberately does not implement
/// [`Ord`]: whether one date is before another is a [`Truth`], see
/// [`Date::is_before`]. Use [`Date::cmp_chronological`] to sort.
///
/// ```
/// use annals::model::{Date, Day, Precision};
///
/// let d: Date = "c. 1930".parse()?;
/// assert_eq!(d.precision(), Precision::Year);
/// assert_eq!(d.earliest(), Day::from_gregorian(1928, 1, 1));
/// assert_eq!(d.latest(), Day::from_gregorian(1932, 12, 31));
/// assert_eq!(d.to_string(), "c. 1930");
/// # Ok::<_, annals::model::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    form: Form,
}
