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
//! [`Date`] implements [`Display`](fmt::Display) and [`FromStr`]; every date
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
//! With serde, a date is stored as its canonical text and read with [`FromStr`].
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

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::Truth;

/// The calendar a source used for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// The Gregorian calendar (New Style), extended backwards before 1582.
    Gregorian,
    /// The Julian calendar (Old Style), with a leap year every fourth year.
    Julian,
}

impl fmt::Display for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Julian => "julian",
        })
    }
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

/// Days from 0000-03-01 (Gregorian) to 1970-01-01, as in Howard Hinnant's civil calendar algorithms.
const GREGORIAN_EPOCH_SHIFT: i64 = 719_468;

/// Days since 1970-01-01 of a Gregorian date; month and day are assumed valid.
const fn gregorian_days(year: i64, month: i64, day: i64) -> i64 {
    // Counting years from March puts the leap day at the end of the year, which keeps the arithmetic simple.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - GREGORIAN_EPOCH_SHIFT
}

/// Days of a Julian date counted from the Julian 0000-03-01, before shifting to 1970-01-01.
const fn julian_days_unshifted(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(4);
    let yoe = y - era * 4;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    era * 1461 + yoe * 365 + doy
}

/// Aligns the Julian count with the Gregorian one, using the Gregorian reform
/// (Julian 1582-10-04 was followed by Gregorian 1582-10-15) as the fixed point.
const JULIAN_SHIFT: i64 = julian_days_unshifted(1582, 10, 4) - gregorian_days(1582, 10, 14);

/// Days since 1970-01-01 of a Julian date; month and day are assumed valid.
const fn julian_days(year: i64, month: i64, day: i64) -> i64 {
    julian_days_unshifted(year, month, day) - JULIAN_SHIFT
}

fn is_leap(calendar: Calendar, year: i32) -> bool {
    match calendar {
        Calendar::Julian => year.rem_euclid(4) == 0,
        Calendar::Gregorian => {
            year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
        }
    }
}

fn days_in_month(calendar: Calendar, year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(calendar, year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in either calendar; month and day are assumed valid.
fn days(calendar: Calendar, year: i32, month: u8, day: u8) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    match calendar {
        Calendar::Gregorian => gregorian_days(y, m, d),
        Calendar::Julian => julian_days(y, m, d),
    }
}

fn valid_day(calendar: Calendar, year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(calendar, year, month)
}

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

impl Day {
    /// The day with this number of days since 1970-01-01 (negative for earlier days). Cost: O(1).
    ///
    /// ```
    /// use annals::model::Day;
    ///
    /// assert_eq!(Day::from_number(-1).to_string(), "1969-12-31");
    /// ```
    #[must_use]
    pub const fn from_number(number: i64) -> Day {
        Day(number)
    }

    /// The day of a Gregorian date, or `None` if there is no such date. Cost: O(1), closed-form
    /// arithmetic.
    ///
    /// Any year is accepted (the calendar is extended backwards), but the month
    /// must be 1 to 12 and the day must exist in that month.
    ///
    /// ```
    /// use annals::model::Day;
    ///
    /// assert!(Day::from_gregorian(2000, 2, 29).is_some());
    /// assert!(Day::from_gregorian(1900, 2, 29).is_none());
    /// ```
    #[must_use]
    pub fn from_gregorian(year: i32, month: u8, day: u8) -> Option<Day> {
        valid_day(Calendar::Gregorian, year, month, day)
            .then(|| Day(days(Calendar::Gregorian, year, month, day)))
    }

    /// The day of a Julian (Old Style) date, or `None` if there is no such date. Cost: O(1),
    /// closed-form arithmetic.
    ///
    /// In the Julian calendar every fourth year is a leap year, so 1900-02-29
    /// exists (it is Gregorian 1900-03-13).
    ///
    /// ```
    /// use annals::model::Day;
    ///
    /// assert_eq!(Day::from_julian(1900, 2, 29), Day::from_gregorian(1900, 3, 13));
    /// ```
    #[must_use]
    pub fn from_julian(year: i32, month: u8, day: u8) -> Option<Day> {
        valid_day(Calendar::Julian, year, month, day)
            .then(|| Day(days(Calendar::Julian, year, month, day)))
    }

    /// The Gregorian year, month and day of this day. Cost: O(1), closed-form arithmetic.
    ///
    /// Years beyond the range of `i32` (more than two billion years away) are
    /// clamped to that range.
    ///
    /// ```
    /// use annals::model::Day;
    ///
    /// assert_eq!(Day::from_number(0).to_gregorian(), (1970, 1, 1));
    /// ```
    #[must_use]
    pub fn to_gregorian(self) -> (i32, u8, u8) {
        // Wide arithmetic keeps every i64 day number free of overflow.
        let z = i128::from(self.0) + i128::from(GREGORIAN_EPOCH_SHIFT);
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i128::from(month <= 2);
        let year = i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX });
        // Month and day are always in 1..=12 and 1..=31 here; the fallbacks are never used.
        (
            year,
            u8::try_from(month).unwrap_or(1),
            u8::try_from(day).unwrap_or(1),
        )
    }

    /// The number of days since 1970-01-01 (negative for earlier days). Cost: O(1).
    #[must_use]
    pub const fn number(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.to_gregorian();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

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

impl Point {
    fn precision(self) -> Precision {
        match self.unit {
            Unit::Day(..) => Precision::Day,
            Unit::Month(..) => Precision::Month,
            Unit::Year(_) => Precision::Year,
            Unit::Decade(_) => Precision::Decade,
            Unit::Century(_) => Precision::Century,
        }
    }

    /// The first and last day of the point, as day numbers.
    fn span(self) -> (i64, i64) {
        let cal = self.calendar;
        let first_to_last = |y0: i32, y1: i32| (days(cal, y0, 1, 1), days(cal, y1, 12, 31));
        match self.unit {
            Unit::Day(y, m, d) => {
                let n = days(cal, y, m, d);
                (n, n)
            }
            Unit::Month(y, m) => (
                days(cal, y, m, 1),
                days(cal, y, m, days_in_month(cal, y, m)),
            ),
            Unit::Year(y) => first_to_last(y, y),
            Unit::Decade(y) => first_to_last(y, y + 9),
            Unit::Century(c) => {
                let (first, last) = century_years(c);
                first_to_last(first, last)
            }
        }
    }

    /// The span widened as `c.` widens it (see the module documentation).
    fn circa_span(self) -> (i64, i64) {
        let cal = self.calendar;
        let years = |y0: i32, y1: i32| (days(cal, y0, 1, 1), days(cal, y1, 12, 31));
        match self.unit {
            Unit::Day(..) => {
                let (first, last) = self.span();
                (first - 7, last + 7)
            }
            Unit::Month(y, m) => {
                let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                (
                    days(cal, py, pm, 1),
                    days(cal, ny, nm, days_in_month(cal, ny, nm)),
                )
            }
            Unit::Year(y) => years(y - 2, y + 2),
            Unit::Decade(y) => years(y - 5, y + 9 + 5),
            Unit::Century(c) => {
                let (first, last) = century_years(c);
                years(first - 25, last + 25)
            }
        }
    }

    fn with_calendar(self, calendar: Calendar) -> Result<Point, DateError> {
        let point = Point { calendar, ..self };
        // A Gregorian day such as 1900-02-29 is not valid in every calendar, so check again.
        if let Unit::Day(y, m, d) = point.unit {
            check_day(calendar, y, m, u32::from(d))?;
        }
        Ok(point)
    }

    fn write_unit(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Unit::Day(y, m, d) => write!(f, "{y:04}-{m:02}-{d:02}"),
            Unit::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Unit::Year(y) => write!(f, "{y:04}"),
            Unit::Decade(y) => write!(f, "{y:04}s"),
            Unit::Century(c) => write!(f, "{c}{} century", ordinal_suffix(c)),
        }
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_unit(f)?;
        if self.calendar == Calendar::Julian {
            f.write_str(" OS")?;
        }
        Ok(())
    }
}

fn century_years(century: u32) -> (i32, i32) {
    // Centuries are limited to 1..=99 on construction, so these never saturate in practice.
    let c = i32::try_from(century).unwrap_or(i32::MAX / 100);
    ((c - 1) * 100 + 1, c * 100)
}

fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn check_year(year: i64) -> Result<i32, DateError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or(DateError::YearOutOfRange { year })
}

fn check_month(month: u32) -> Result<u8, DateError> {
    u8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or(DateError::InvalidMonth { month })
}

fn check_day(calendar: Calendar, year: i32, month: u8, day: u32) -> Result<u8, DateError> {
    u8::try_from(day)
        .ok()
        .filter(|&d| valid_day(calendar, year, month, d))
        .ok_or(DateError::InvalidDay {
            year,
            month,
            day,
            calendar,
        })
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

impl Date {
    fn point(calendar: Calendar, unit: Unit) -> Date {
        Date {
            form: Form::Point(Point { calendar, unit }),
        }
    }

    fn point_of(point: Point) -> Date {
        Date {
            form: Form::Point(point),
        }
    }

    /// The single point of a point date, or an error naming the date.
    fn as_point(&self) -> Result<Point, DateError> {
        match self.form {
            Form::Point(p) => Ok(p),
            _ => Err(DateError::NotAPoint {
                date: self.to_string(),
            }),
        }
    }

    /// A whole Gregorian year. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!(Date::year(1917)?.to_string(), "1917");
    /// assert!(Date::year(0).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::YearOutOfRange`] unless `1 <= year <= 9999`.
    pub fn year(year: i32) -> Result<Date, DateError> {
        let y = check_year(i64::from(year))?;
        Ok(Date::point(Calendar::Gregorian, Unit::Year(y)))
    }

    /// A whole Gregorian month. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!(Date::month(1917, 10)?.to_string(), "1917-10");
    /// assert!(Date::month(1917, 13).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::YearOutOfRange`] or [`DateError::InvalidMonth`].
    pub fn month(year: i32, month: u8) -> Result<Date, DateError> {
        let y = check_year(i64::from(year))?;
        let m = check_month(u32::from(month))?;
        Ok(Date::point(Calendar::Gregorian, Unit::Month(y, m)))
    }

    /// A single Gregorian day. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!(Date::day(1917, 11, 7)?.to_string(), "1917-11-07");
    /// assert!(Date::day(1900, 2, 29).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::YearOutOfRange`], [`DateError::InvalidMonth`] or [`DateError::InvalidDay`].
    pub fn day(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        Date::day_in(Calendar::Gregorian, year, month, day)
    }

    /// A single day in the Julian calendar (Old Style). Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::julian_day(1917, 10, 25)?;
    /// assert_eq!(d.to_string(), "1917-10-25 OS");
    /// assert_eq!(d.earliest(), Day::from_gregorian(1917, 11, 7));
    /// assert!(Date::julian_day(1900, 2, 29).is_ok());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::YearOutOfRange`], [`DateError::InvalidMonth`] or [`DateError::InvalidDay`].
    pub fn julian_day(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        Date::day_in(Calendar::Julian, year, month, day)
    }

    fn day_in(calendar: Calendar, year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        let y = check_year(i64::from(year))?;
        let m = check_month(u32::from(month))?;
        let d = check_day(calendar, y, m, u32::from(day))?;
        Ok(Date::point(calendar, Unit::Day(y, m, d)))
    }

    /// A Gregorian decade, named by its first year (`1910` for the 1910s). Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!(Date::decade(1910)?.to_string(), "1910s");
    /// assert!(Date::decade(1915).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidDecade`] unless the year ends in 0 and lies in 10..=9990.
    pub fn decade(start_year: i32) -> Result<Date, DateError> {
        if start_year % 10 != 0 || !(10..=MAX_YEAR - 9).contains(&start_year) {
            return Err(DateError::InvalidDecade {
                year: i64::from(start_year),
            });
        }
        Ok(Date::point(Calendar::Gregorian, Unit::Decade(start_year)))
    }

    /// A Gregorian century by its ordinal number: `20` is 1901–2000. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!(Date::century(20)?.to_string(), "20th century");
    /// assert!(Date::century(0).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidCentury`] unless `1 <= century <= 99`.
    pub fn century(century: u32) -> Result<Date, DateError> {
        if !(1..=99).contains(&century) {
            return Err(DateError::InvalidCentury {
                century: u64::from(century),
            });
        }
        Ok(Date::point(Calendar::Gregorian, Unit::Century(century)))
    }

    /// The same point date read in another calendar, as when a source says "Old Style". Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Calendar, Date};
    ///
    /// let d = Date::year(1917)?.with_calendar(Calendar::Julian)?;
    /// assert_eq!(d.to_string(), "1917 OS");
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] for a range, open or approximate date, and
    /// [`DateError::InvalidDay`] if the day does not exist in that calendar.
    pub fn with_calendar(self, calendar: Calendar) -> Result<Date, DateError> {
        let point = self.as_point()?.with_calendar(calendar)?;
        Ok(Date {
            form: Form::Point(point),
        })
    }

    /// A range from the start of `start` to the end of `end`, as in "1937–38". Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::range(Date::year(1937)?, Date::year(1938)?)?;
    /// assert_eq!(d.to_string(), "1937/1938");
    /// assert_eq!(d.latest(), Day::from_gregorian(1938, 12, 31));
    /// assert!(Date::range(Date::year(1938)?, Date::year(1937)?).is_err());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] if either end is not a point date, and
    /// [`DateError::ReversedRange`] if `start` lies wholly after `end`.
    pub fn range(start: Date, end: Date) -> Result<Date, DateError> {
        let a = start.as_point()?;
        let b = end.as_point()?;
        if a.span().0 > b.span().1 {
            return Err(DateError::ReversedRange {
                start: a.to_string(),
                end: b.to_string(),
            });
        }
        Ok(Date {
            form: Form::Range(a, b),
        })
    }

    /// Any time before `date` starts: `before 1940` ends on 1939-12-31. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::before(Date::year(1940)?)?;
    /// assert_eq!(d.earliest(), None);
    /// assert_eq!(d.latest(), Day::from_gregorian(1939, 12, 31));
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] unless `date` is a point date.
    pub fn before(date: Date) -> Result<Date, DateError> {
        Ok(Date {
            form: Form::Before(date.as_point()?),
        })
    }

    /// Any time up to the end of `date`: `by 1940` ends on 1940-12-31. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::by(Date::year(1940)?)?;
    /// assert_eq!(d.latest(), Day::from_gregorian(1940, 12, 31));
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] unless `date` is a point date.
    pub fn by(date: Date) -> Result<Date, DateError> {
        Ok(Date {
            form: Form::By(date.as_point()?),
        })
    }

    /// Any time after `date` ends: `after 1953-03` starts on 1953-04-01. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::after(Date::month(1953, 3)?)?;
    /// assert_eq!(d.earliest(), Day::from_gregorian(1953, 4, 1));
    /// assert_eq!(d.latest(), None);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] unless `date` is a point date.
    pub fn after(date: Date) -> Result<Date, DateError> {
        Ok(Date {
            form: Form::After(date.as_point()?),
        })
    }

    /// Approximately `date`, widened as the module documentation describes. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// let d = Date::circa(Date::day(1930, 1, 1)?)?;
    /// assert_eq!(d.earliest(), Day::from_gregorian(1929, 12, 25));
    /// assert_eq!(d.to_string(), "c. 1930-01-01");
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DateError::NotAPoint`] unless `date` is a point date.
    pub fn circa(date: Date) -> Result<Date, DateError> {
        Ok(Date {
            form: Form::Circa(date.as_point()?),
        })
    }

    /// How precisely the date is known; for a range, the coarser of its two ends. Cost: O(1).
    #[must_use]
    pub fn precision(&self) -> Precision {
        match self.form {
            Form::Range(a, b) => a.precision().max(b.precision()),
            Form::Point(p) | Form::Before(p) | Form::By(p) | Form::After(p) | Form::Circa(p) => {
                p.precision()
            }
        }
    }

    /// The calendar the source used; for a range, the calendar of its first end. Cost: O(1).
    #[must_use]
    pub fn calendar(&self) -> Calendar {
        match self.form {
            Form::Range(p, _)
            | Form::Point(p)
            | Form::Before(p)
            | Form::By(p)
            | Form::After(p)
            | Form::Circa(p) => p.calendar,
        }
    }

    /// The first and last possible day numbers; `None` is open towards the past or future.
    fn bounds(&self) -> (Option<i64>, Option<i64>) {
        match self.form {
            Form::Point(p) => {
                let (first, last) = p.span();
                (Some(first), Some(last))
            }
            Form::Range(a, b) => (Some(a.span().0), Some(b.span().1)),
            Form::Before(p) => (None, Some(p.span().0 - 1)),
            Form::By(p) => (None, Some(p.span().1)),
            Form::After(p) => (Some(p.span().1 + 1), None),
            Form::Circa(p) => {
                let (first, last) = p.circa_span();
                (Some(first), Some(last))
            }
        }
    }

    /// The first day the date allows, or `None` if it is open towards the past. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// assert_eq!(Date::year(1917)?.earliest(), Day::from_gregorian(1917, 1, 1));
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn earliest(&self) -> Option<Day> {
        self.bounds().0.map(Day)
    }

    /// The last day the date allows, or `None` if it is open towards the future. Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Date, Day};
    ///
    /// assert_eq!(Date::year(1917)?.latest(), Day::from_gregorian(1917, 12, 31));
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn latest(&self) -> Option<Day> {
        self.bounds().1.map(Day)
    }

    /// A key for sorting events chronologically: the earliest day, then the latest,
    /// as day numbers, with open ends as `i64::MIN` and `i64::MAX`. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// let open: Date = "before 1940".parse()?;
    /// assert_eq!(open.sort_key().0, i64::MIN);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn sort_key(&self) -> (i64, i64) {
        let (first, last) = self.bounds();
        (first.unwrap_or(i64::MIN), last.unwrap_or(i64::MAX))
    }

    /// Orders dates for sorting by [`Date::sort_key`], breaking ties by the text
    /// form so that only equal dates compare equal. This says nothing about
    /// which event came first; use [`Date::is_before`] for that. Cost: O(1): day arithmetic, plus
    /// both dates written as text when their keys tie.
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// let mut dates: Vec<Date> = ["1940", "1917-10-25 OS", "before 1900"]
    ///     .iter()
    ///     .map(|s| s.parse())
    ///     .collect::<Result<_, _>>()?;
    /// dates.sort_by(Date::cmp_chronological);
    /// assert_eq!(dates[0].to_string(), "before 1900");
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn cmp_chronological(&self, other: &Date) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }

    /// Whether this is a single point (day, month, year, decade or century)
    /// rather than a range, an open date or an approximate one. Cost: O(1).
    #[must_use]
    pub fn is_point(&self) -> bool {
        matches!(self.form, Form::Point(_))
    }

    /// The Gregorian years of the earliest and latest days, when both are known. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// assert_eq!("1910s".parse::<Date>()?.year_span(), Some((1910, 1919)));
    /// assert_eq!("after 1910".parse::<Date>()?.year_span(), None);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn year_span(&self) -> Option<(i32, i32)> {
        match self.bounds() {
            (Some(first), Some(last)) => {
                Some((Day(first).to_gregorian().0, Day(last).to_gregorian().0))
            }
            _ => None,
        }
    }

    /// The same date with every Julian day converted to its Gregorian day, for
    /// display as New Style. Cost: O(1).
    ///
    /// Julian dates coarser than a day (`1917 OS`) cannot be expressed as a
    /// Gregorian date of the same precision and are kept as they are, as is a
    /// day that would fall outside the years 1 to 9999.
    ///
    /// ```
    /// use annals::model::Date;
    ///
    /// let d: Date = "c. 1917-10-25 OS".parse()?;
    /// assert_eq!(d.gregorian().to_string(), "c. 1917-11-07");
    /// assert_eq!(d.gregorian().earliest(), d.earliest());
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn gregorian(&self) -> Date {
        let convert = |p: Point| -> Point {
            match (p.calendar, p.unit) {
                (Calendar::Julian, Unit::Day(..)) => {
                    let (y, m, d) = Day(p.span().0).to_gregorian();
                    if (MIN_YEAR..=MAX_YEAR).contains(&y) {
                        Point {
                            calendar: Calendar::Gregorian,
                            unit: Unit::Day(y, m, d),
                        }
                    } else {
                        p
                    }
                }
                _ => p,
            }
        };
        let form = match self.form {
            Form::Point(p) => Form::Point(convert(p)),
            Form::Range(a, b) => Form::Range(convert(a), convert(b)),
            Form::Before(p) => Form::Before(convert(p)),
            Form::By(p) => Form::By(convert(p)),
            Form::After(p) => Form::After(convert(p)),
            Form::Circa(p) => Form::Circa(convert(p)),
        };
        Date { form }
    }

    /// Where a reference date starts and ends: `(start_max, end_min)` on top of
    /// `bounds()`. A point is a named period whose start is its first day and
    /// whose end is its last; any other form is one unknown day in its interval.
    fn reference(&self) -> (i64, i64, i64, i64) {
        let (first, last) = self.sort_key();
        if self.is_point() {
            (first, first, last, last)
        } else {
            (first, last, first, last)
        }
    }

    /// Whether the event dated `self` happened before `other` started. Cost: O(1).
    ///
    /// "Before 1938" means before 1 January 1938. The answer is yes if the
    /// latest possible day of `self` is before the earliest possible start of
    /// `other`, no if the earliest possible day of `self` is on or after the
    /// latest possible start of `other`, and possibly otherwise. A point
    /// reference starts exactly on its first day; an uncertain reference could
    /// start anywhere in its interval (see the module documentation).
    ///
    /// ```
    /// use annals::model::{Date, Truth};
    ///
    /// let d = |s: &str| s.parse::<Date>();
    /// assert_eq!(d("1937")?.is_before(&d("1938")?), Truth::Yes);
    /// assert_eq!(d("1938-03")?.is_before(&d("1938")?), Truth::No);
    /// assert_eq!(d("1937/1938")?.is_before(&d("1938")?), Truth::Possibly);
    /// assert_eq!(d("1940")?.is_before(&d("before 1940-06")?), Truth::Possibly);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn is_before(&self, other: &Date) -> Truth {
        let (first, last) = self.sort_key();
        let (start_min, start_max, _, _) = other.reference();
        if last < start_min {
            Truth::Yes
        } else if first >= start_max {
            Truth::No
        } else {
            Truth::Possibly
        }
    }

    /// Whether the event dated `self` happened after `other` ended. Cost: O(1).
    ///
    /// "After 1938" means from 1 January 1939 on. The answer is yes if the
    /// earliest possible day of `self` is after the latest possible end of
    /// `other`, no if the latest possible day of `self` is on or before the
    /// earliest possible end of `other`, and possibly otherwise.
    ///
    /// ```
    /// use annals::model::{Date, Truth};
    ///
    /// let d = |s: &str| s.parse::<Date>();
    /// assert_eq!(d("1939")?.is_after(&d("1938")?), Truth::Yes);
    /// assert_eq!(d("1938-12")?.is_after(&d("1938")?), Truth::No);
    /// assert_eq!(d("1938/1939")?.is_after(&d("1938")?), Truth::Possibly);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn is_after(&self, other: &Date) -> Truth {
        let (first, last) = self.sort_key();
        let (_, _, end_min, end_max) = other.reference();
        if first > end_max {
            Truth::Yes
        } else if last <= end_min {
            Truth::No
        } else {
            Truth::Possibly
        }
    }

    /// Whether the event dated `self` happened by the end of `other`. Cost: O(1).
    ///
    /// "By 1940" means on or before 31 December 1940. The answer is yes if
    /// the latest possible day of `self` is on or before the earliest possible
    /// end of `other`, no if the earliest possible day of `self` is after the
    /// latest possible end of `other`, and possibly otherwise.
    ///
    /// ```
    /// use annals::model::{Date, Truth};
    ///
    /// let d = |s: &str| s.parse::<Date>();
    /// assert_eq!(d("1940-03")?.is_by(&d("1940")?), Truth::Yes);
    /// assert_eq!(d("1941")?.is_by(&d("1940")?), Truth::No);
    /// assert_eq!(d("1940")?.is_by(&d("1940-06")?), Truth::Possibly);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn is_by(&self, other: &Date) -> Truth {
        let (first, last) = self.sort_key();
        let (_, _, end_min, end_max) = other.reference();
        if last <= end_min {
            Truth::Yes
        } else if first > end_max {
            Truth::No
        } else {
            Truth::Possibly
        }
    }

    /// Whether the event dated `self` happened within `other`, as in "in 1937"
    /// or "between 1936 and 1938". Cost: O(1).
    ///
    /// Yes if the interval of `self` lies inside the interval of `other`, no
    /// if the two intervals share no day, and possibly otherwise. Open ends
    /// count as reaching infinitely far.
    ///
    /// ```
    /// use annals::model::{Date, Truth};
    ///
    /// let d = |s: &str| s.parse::<Date>();
    /// assert_eq!(d("1937-05")?.is_within(&d("1937")?), Truth::Yes);
    /// assert_eq!(d("1939")?.is_within(&d("1936/1938")?), Truth::No);
    /// assert_eq!(d("c. 1937")?.is_within(&d("1937")?), Truth::Possibly);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn is_within(&self, other: &Date) -> Truth {
        let (first, last) = self.sort_key();
        let (o_first, o_last) = other.sort_key();
        // Inside an approximate window's margin is only possibly inside the window.
        let (c_first, c_last) = other.core();
        if first >= c_first && last <= c_last {
            Truth::Yes
        } else if last < o_first || first > o_last {
            Truth::No
        } else {
            Truth::Possibly
        }
    }

    /// Whether two dates, read as spans of time, share at least one day, as
    /// in "was a member in 1938" for a membership dated `1936/1939`. Cost: O(1).
    ///
    /// Unlike the other comparisons, both dates are periods that hold on
    /// every day of their intervals, not one unknown day. Open ends reach
    /// infinitely far. The answer is yes if the intervals intersect and no if
    /// they are disjoint; it is possibly only when a `c.` date is involved and
    /// the intervals meet only in the margin that `c.` added.
    ///
    /// ```
    /// use annals::model::{Date, Truth};
    ///
    /// let d = |s: &str| s.parse::<Date>();
    /// assert_eq!(d("1936/1939")?.overlaps(&d("1938")?), Truth::Yes);
    /// assert_eq!(d("1936/1937")?.overlaps(&d("1938")?), Truth::No);
    /// assert_eq!(d("c. 1937")?.overlaps(&d("1938")?), Truth::Possibly);
    /// # Ok::<_, annals::model::DateError>(())
    /// ```
    #[must_use]
    pub fn overlaps(&self, other: &Date) -> Truth {
        let meet = |(a0, a1): (i64, i64), (b0, b1): (i64, i64)| a0.max(b0) <= a1.min(b1);
        if meet(self.core(), other.core()) {
            Truth::Yes
        } else if meet(self.sort_key(), other.sort_key()) {
            Truth::Possibly
        } else {
            Truth::No
        }
    }

    /// The interval without the margin that `c.` adds, as a sort key.
    fn core(&self) -> (i64, i64) {
        match self.form {
            Form::Circa(p) => p.span(),
            _ => self.sort_key(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::Point(p) => write!(f, "{p}"),
            Form::Range(a, b) => match (a.calendar, b.calendar) {
                // A suffix on the end carries over to an unmarked start, so mark a Gregorian start.
                (Calendar::Gregorian, Calendar::Julian) => {
                    a.write_unit(f)?;
                    write!(f, " NS/{b}")
                }
                (Calendar::Julian, Calendar::Julian) => {
                    a.write_unit(f)?;
                    write!(f, "/{b}")
                }
                _ => write!(f, "{a}/{b}"),
            },
            Form::Before(p) => write!(f, "before {p}"),
            Form::By(p) => write!(f, "by {p}"),
            Form::After(p) => write!(f, "after {p}"),
            Form::Circa(p) => write!(f, "c. {p}"),
        }
    }
}

/// Splits a trailing calendar mark (`OS`, `O.S.`, `(OS)`, `NS`, …) from lowercase text.
fn split_calendar(text: &str) -> (&str, Option<Calendar>) {
    const MARKS: [(&str, Calendar); 8] = [
        ("(o.s.)", Calendar::Julian),
        ("(os)", Calendar::Julian),
        ("o.s.", Calendar::Julian),
        ("os", Calendar::Julian),
        ("(n.s.)", Calendar::Gregorian),
        ("(ns)", Calendar::Gregorian),
        ("n.s.", Calendar::Gregorian),
        ("ns", Calendar::Gregorian),
    ];
    for (mark, calendar) in MARKS {
        if let Some(rest) = text.strip_suffix(mark) {
            // The mark must be a separate word, so that "1910s" is not read as "1910" + "s".
            if rest.ends_with(char::is_whitespace) {
                return (rest.trim_end(), Some(calendar));
            }
        }
    }
    (text, None)
}

fn all_digits(text: &str, max_len: usize) -> bool {
    !text.is_empty() && text.len() <= max_len && text.bytes().all(|b| b.is_ascii_digit())
}

/// Reads 1 to `max_len` ASCII digits as a number.
fn number(text: &str, max_len: usize) -> Option<u32> {
    if all_digits(text, max_len) {
        text.parse().ok()
    } else {
        None
    }
}

/// Parses lowercase text without a calendar mark as a point in `calendar`.
fn parse_unit(text: &str, original: &str, calendar: Calendar) -> Result<Point, DateError> {
    let syntax = || syntax_error(original);
    if let Some(ordinal) = text.strip_suffix("century") {
        let ordinal = ordinal.trim_end();
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| ordinal.strip_suffix(s))
            .ok_or_else(syntax)?;
        let century = number(digits, 2).ok_or_else(syntax)?;
        return Date::century(century)?.as_point()?.with_calendar(calendar);
    }
    if let Some(year) = text.strip_suffix('s') {
        let year = number(year, 4).ok_or_else(syntax)?;
        let year = i32::try_from(year).map_err(|_| syntax())?;
        return Date::decade(year)?.as_point()?.with_calendar(calendar);
    }
    let mut parts = text.split('-');
    let year = parts.next().and_then(|p| number(p, 4)).ok_or_else(syntax)?;
    let year = check_year(i64::from(year))?;
    let month = parts.next().map(|p| number(p, 2).ok_or_else(syntax));
    let day = parts.next().map(|p| number(p, 2).ok_or_else(syntax));
    if parts.next().is_some() {
        return Err(syntax());
    }
    let unit = match (month, day) {
        (None, _) => Unit::Year(year),
        (Some(m), None) => Unit::Month(year, check_month(m?)?),
        (Some(m), Some(d)) => {
            let m = check_month(m?)?;
            Unit::Day(year, m, check_day(calendar, year, m, d?)?)
        }
    };
    Ok(Point { calendar, unit })
}

fn syntax_error(original: &str) -> DateError {
    DateError::Syntax {
        text: original.to_owned(),
        expected: EXPECTED_DATE,
    }
}

/// Parses lowercase text, with an optional calendar mark, as a point.
fn parse_point(text: &str, original: &str) -> Result<Point, DateError> {
    let (text, calendar) = split_calendar(text);
    parse_unit(text, original, calendar.unwrap_or(Calendar::Gregorian))
}

/// The end year of an abbreviated range such as `1937–38`, in the century of the start.
fn abbreviated_end(start: Point, digits: &str, original: &str) -> Result<Point, DateError> {
    let Unit::Year(year) = start.unit else {
        return Err(DateError::Syntax {
            text: original.to_owned(),
            expected: "a two-digit end year only after a year, as in 1937–38",
        });
    };
    let yy = number(digits, 2).and_then(|n| i32::try_from(n).ok());
    let yy = yy.ok_or_else(|| syntax_error(original))?;
    let end = year - year.rem_euclid(100) + yy;
    Ok(Point {
        calendar: start.calendar,
        unit: Unit::Year(check_year(i64::from(end))?),
    })
}

/// Range separators other than the hyphen: slash, en dash and em dash.
const SEPARATORS: [char; 3] = ['/', '\u{2013}', '\u{2014}'];

/// Parses lowercase text as a range, if it has the shape of one.
fn parse_range(text: &str, original: &str) -> Option<Result<Date, DateError>> {
    if let Some((left, right)) = text.split_once(SEPARATORS) {
        return Some(parse_separated_range(left, right, original));
    }
    // A hyphen makes a range only when what follows cannot be a month, as in 1937-38 or 1930-1937.
    let (body, calendar) = split_calendar(text);
    let (left, right) = body.split_once('-')?;
    if !all_digits(left, 4) || !all_digits(right, 4) || right.len() < 2 {
        return None;
    }
    if right.len() == 2 && number(right, 2).is_some_and(|m| (1..=12).contains(&m)) {
        return None;
    }
    let calendar = calendar.unwrap_or(Calendar::Gregorian);
    Some(parse_unit(left, original, calendar).and_then(|start| {
        let end = if right.len() == 2 {
            abbreviated_end(start, right, original)?
        } else {
            parse_unit(right, original, calendar)?
        };
        Date::range(Date::point_of(start), Date::point_of(end))
    }))
}

/// Parses the two sides of a range written with a slash or a dash.
fn parse_separated_range(left: &str, right: &str, original: &str) -> Result<Date, DateError> {
    if right.contains(SEPARATORS) {
        return Err(syntax_error(original));
    }
    let (left, left_cal) = split_calendar(left.trim());
    let (right, right_cal) = split_calendar(right.trim());
    // A mark on the end also covers an unmarked start, as in "1937–38 OS".
    let start_cal = left_cal.or(right_cal).unwrap_or(Calendar::Gregorian);
    let end_cal = right_cal.unwrap_or(Calendar::Gregorian);
    let start = parse_unit(left, original, start_cal)?;
    let end = if all_digits(right, 2) {
        abbreviated_end(start, right, original)?.with_calendar(end_cal)?
    } else {
        parse_unit(right, original, end_cal)?
    };
    Date::range(Date::point_of(start), Date::point_of(end))
}

/// A constructor that wraps a point date, such as [`Date::before`].
type Wrap = fn(Date) -> Result<Date, DateError>;

/// Splits a leading `before`, `by`, `after` or `c.` from lowercase text.
fn split_prefix(text: &str) -> Option<(&str, Wrap)> {
    let words: [(&str, Wrap); 4] = [
        ("before", Date::before),
        ("by", Date::by),
        ("after", Date::after),
        ("circa", Date::circa),
    ];
    for (word, wrap) in words {
        if let Some(rest) = strip_word(text, word) {
            return Some((rest, wrap));
        }
    }
    ["c.", "ca."]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .map(|rest| (rest.trim_start(), Date::circa as Wrap))
}

/// Strips a leading word followed by whitespace, such as `before 1940`.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads any of the text forms in the module documentation. Cost: O(length of the text).
    ///
    /// # Errors
    ///
    /// [`DateError::Syntax`] for text in none of the forms, and the error of the date it
    /// names when that cannot be: [`DateError::YearOutOfRange`], [`DateError::InvalidMonth`],
    /// [`DateError::InvalidDay`], [`DateError::InvalidDecade`], [`DateError::InvalidCentury`]
    /// or [`DateError::ReversedRange`].
    fn from_str(text: &str) -> Result<Date, DateError> {
        let original = text.trim();
        let lower = original.to_lowercase();
        let text = lower.as_str();
        if text.is_empty() {
            return Err(syntax_error(original));
        }
        // `1938-13` reads as the range 1938–1913, which ends before it starts; far more
        // likely it is month 13, which does not exist.
        if let [y1, y2, y3, y4, b'-', m1, m2] = text.as_bytes()
            && [y1, y2, y3, y4, m1, m2].iter().all(|b| b.is_ascii_digit())
        {
            let month = u32::from((m1 - b'0') * 10 + (m2 - b'0'));
            let century_end = u32::from((y3 - b'0') * 10 + (y4 - b'0'));
            if month == 0 || (month > 12 && month <= century_end) {
                return Err(DateError::InvalidMonth { month });
            }
        }
        if let Some((rest, wrap)) = split_prefix(text) {
            let inner = match parse_range(rest, original) {
                Some(range) => range?,
                None => Date::point_of(parse_point(rest, original)?),
            };
            return wrap(inner);
        }
        match parse_range(text, original) {
            Some(range) => range,
            None => parse_point(text, original).map(Date::point_of),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;

        impl Visitor<'_> for DateVisitor {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED_DATE)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Truth::{No, Possibly, Yes};
    use proptest::prelude::*;

    fn d(text: &str) -> Date {
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn g(y: i32, m: u8, day: u8) -> Option<Day> {
        let found = Day::from_gregorian(y, m, day);
        assert!(found.is_some(), "{y}-{m}-{day} should be a gregorian day");
        found
    }

    /// Parses `text`, expects the canonical form, and checks that the canonical form reads back.
    fn check(text: &str, canonical: &str) {
        let date = d(text);
        assert_eq!(date.to_string(), canonical, "display of {text:?}");
        assert_eq!(d(canonical), date, "round trip of {text:?}");
    }

    /// Expects `text` to be rejected with a message containing `needle`.
    fn bad(text: &str, needle: &str) {
        match text.parse::<Date>() {
            Ok(date) => panic!("{text:?} should not parse, got {date}"),
            Err(e) => assert!(
                e.to_string().contains(needle),
                "error for {text:?} was {e:?}, expected it to mention {needle:?}"
            ),
        }
    }

    fn span(text: &str, earliest: Option<Day>, latest: Option<Day>) {
        let date = d(text);
        assert_eq!(
            (date.earliest(), date.latest()),
            (earliest, latest),
            "span of {text:?}"
        );
    }

    fn cmp(a: &str, op: fn(&Date, &Date) -> Truth, b: &str, want: Truth) {
        assert_eq!(op(&d(a), &d(b)), want, "{a:?} against {b:?}");
    }

    fn julian_is(j: (i32, u8, u8), greg: (i32, u8, u8)) {
        assert_eq!(
            Day::from_julian(j.0, j.1, j.2),
            g(greg.0, greg.1, greg.2),
            "julian {j:?}"
        );
    }

    #[test]
    fn points_and_precisions() {
        check("1917-10-25", "1917-10-25");
        check("1917-1-5", "1917-01-05");
        check("1917-10", "1917-10");
        check("1917-3", "1917-03");
        check("1917", "1917");
        check("800", "0800");
        check("0800-05-01", "0800-05-01");
        check("1910s", "1910s");
        check("10s", "0010s");
        check("20th century", "20th century");
        check("19th Century", "19th century");
        check("1st century", "1st century");
        check("2nd century", "2nd century");
        check("3rd century", "3rd century");
        check("11th century", "11th century");
        check("12th century", "12th century");
        check("13th century", "13th century");
        check("21st century", "21st century");
        check("22nd century", "22nd century");
        check("  1917  ", "1917");
        for (text, precision) in [
            ("1917-10-25", Precision::Day),
            ("1917-10", Precision::Month),
            ("1917", Precision::Year),
            ("1910s", Precision::Decade),
            ("20th century", Precision::Century),
            ("1917-10/1918", Precision::Year),
            ("c. 1910s", Precision::Decade),
            ("before 1917-10-25", Precision::Day),
        ] {
            assert_eq!(d(text).precision(), precision, "{text}");
        }
    }

    #[test]
    fn calendars_in_text() {
        check("1917-10-25 OS", "1917-10-25 OS");
        check("1917-10-25 O.S.", "1917-10-25 OS");
        check("1917-10-25 (OS)", "1917-10-25 OS");
        check("1917-10-25 (o.s.)", "1917-10-25 OS");
        check("1917-11-07 NS", "1917-11-07");
        check("1917-11-07 (N.S.)", "1917-11-07");
        check("1917 OS", "1917 OS");
        check("1917-10 os", "1917-10 OS");
        check("1910s OS", "1910s OS");
        check("20th century OS", "20th century OS");
        check("1900-02-29 OS", "1900-02-29 OS");
        assert_eq!(d("1917-10-25 OS").calendar(), Calendar::Julian);
        assert_eq!(d("1917-10-25").calendar(), Calendar::Gregorian);
    }

    #[test]
    fn ranges_in_text() {
        check("1937/1938", "1937/1938");
        check("1937\u{2013}1938", "1937/1938");
        check("1937\u{2014}1938", "1937/1938");
        check("1937\u{2013}38", "1937/1938");
        check("1937-38", "1937/1938");
        check("1930-37", "1930/1937");
        check("1930-1937", "1930/1937");
        check("1910\u{2013}11", "1910/1911");
        check("1937-12", "1937-12");
        check("1910-11", "1910-11");
        check("1953-07-19/1953-08-01", "1953-07-19/1953-08-01");
        check("1953-07-19\u{2013}1953-08-01", "1953-07-19/1953-08-01");
        check("1953-07-19 \u{2013} 1953-08-01", "1953-07-19/1953-08-01");
        check("1930s/1940s", "1930s/1940s");
        check("1917-10/1918", "1917-10/1918");
        check("19th century/20th century", "19th century/20th century");
        check("1937/1938 OS", "1937/1938 OS");
        check("1937 OS/1938 OS", "1937/1938 OS");
        check("1937\u{2013}38 OS", "1937/1938 OS");
        check("1937-38 OS", "1937/1938 OS");
        check("1937 NS/1938 OS", "1937 NS/1938 OS");
        check("1937 OS/1938", "1937 OS/1938");
        check("1917-10-25 OS/1917-11-10", "1917-10-25 OS/1917-11-10");
        check("1937/1937", "1937/1937");
        check("1937-06/1937", "1937-06/1937");
        assert!(!d("1937/1938").is_point());
        assert!(d("1937").is_point());
    }

    #[test]
    fn open_and_approximate_in_text() {
        check("before 1940", "before 1940");
        check("Before  1940", "before 1940");
        check("by 1940", "by 1940");
        check("BY 1940-06", "by 1940-06");
        check("after 1953-03", "after 1953-03");
        check("before 1917-10-25 OS", "before 1917-10-25 OS");
        check("c. 1930", "c. 1930");
        check("circa 1930", "c. 1930");
        check("ca. 1930", "c. 1930");
        check("c.1930", "c. 1930");
        check("C. 1930", "c. 1930");
        check("c. 1917-10-25 OS", "c. 1917-10-25 OS");
        check("c. 1910s", "c. 1910s");
        check("c. 20th century", "c. 20th century");
    }

    #[test]
    fn rejected_text() {
        bad(
            "",
            "cannot read \"\" as a date: expected a date such as 1917",
        );
        bad("   ", "cannot read");
        bad("garbage", "cannot read \"garbage\" as a date");
        bad(
            "1917-02-30",
            "day 30 does not exist in 1917-02 in the gregorian calendar",
        );
        bad("1900-02-29", "day 29 does not exist in 1900-02");
        bad("1917-04-31 OS", "in the julian calendar");
        bad("1917-00-01", "month 0 does not exist");
        bad("1917-13-01", "month 13 does not exist");
        bad(
            "1917-13",
            "month 13 does not exist: expected a month from 1 to 12",
        );
        bad("1917-00", "month 0 does not exist");
        bad("1938-13", "month 13 does not exist");
        bad("0", "year 0 is out of range");
        bad("0000-01", "year 0 is out of range");
        bad("10000", "cannot read");
        bad("1915s", "1915 does not start a decade");
        bad("0s", "0 does not start a decade");
        bad("0th century", "century 0 is out of range");
        bad("100th century", "cannot read");
        bad("twentieth century", "cannot read");
        bad("1938/1937", "range 1938/1937 ends before it starts");
        bad("1937\u{2013}36", "ends before it starts");
        bad("1937-10\u{2013}38", "two-digit end year only after a year");
        bad("1937/1938/1939", "cannot read");
        bad("before 1937/1938", "1937/1938 is not a single date");
        bad("c. before 1940", "cannot read");
        bad("before", "cannot read");
        bad("by1940", "cannot read");
        bad("1917 XS", "cannot read");
        bad("1917-10-25-1", "cannot read");
        bad("+1917", "cannot read");
        bad("1917-1o", "cannot read");
    }

    #[test]
    fn error_messages_are_lowercase_without_period() {
        for text in [
            "",
            "x",
            "1917-13-01",
            "1900-02-29",
            "0",
            "1915s",
            "0th century",
            "1938/1937",
        ] {
            if let Err(e) = text.parse::<Date>() {
                let message = e.to_string();
                assert!(!message.ends_with('.'), "{message}");
                assert!(!message.starts_with(char::is_uppercase), "{message}");
            }
        }
        let not_point = Date::circa(d("before 1940")).err().map(|e| e.to_string());
        assert_eq!(
            not_point.as_deref(),
            Some(
                "before 1940 is not a single date: ranges, before, by, after and c. need a single date such as 1917 or 1917-10-25"
            )
        );
    }

    #[test]
    fn constructors() {
        assert_eq!(Date::year(1917).ok(), Some(d("1917")));
        assert_eq!(Date::month(1917, 10).ok(), Some(d("1917-10")));
        assert_eq!(Date::day(1917, 11, 7).ok(), Some(d("1917-11-07")));
        assert_eq!(
            Date::julian_day(1917, 10, 25).ok(),
            Some(d("1917-10-25 OS"))
        );
        assert_eq!(Date::decade(1910).ok(), Some(d("1910s")));
        assert_eq!(Date::century(20).ok(), Some(d("20th century")));
        assert!(matches!(
            Date::year(0),
            Err(DateError::YearOutOfRange { year: 0 })
        ));
        assert!(Date::year(10_000).is_err());
        assert!(Date::month(1917, 0).is_err());
        assert!(Date::day(1917, 2, 29).is_err());
        assert!(Date::julian_day(1900, 2, 29).is_ok());
        assert!(Date::decade(0).is_err());
        assert!(Date::decade(9990).is_ok());
        assert!(Date::decade(10_000).is_err());
        assert!(Date::century(100).is_err());
        let leap = Date::day(2000, 2, 29).and_then(|x| x.with_calendar(Calendar::Julian));
        assert_eq!(leap.ok(), Some(d("2000-02-29 OS")));
        let missing =
            Date::julian_day(1900, 2, 29).and_then(|x| x.with_calendar(Calendar::Gregorian));
        assert!(matches!(
            missing,
            Err(DateError::InvalidDay { day: 29, .. })
        ));
        assert!(d("1937/1938").with_calendar(Calendar::Julian).is_err());
        let range = Date::range(d("1937"), d("1938"));
        assert_eq!(range.ok(), Some(d("1937/1938")));
        assert!(matches!(
            Date::range(d("1938"), d("1937")),
            Err(DateError::ReversedRange { .. })
        ));
        assert!(matches!(
            Date::range(d("c. 1937"), d("1938")),
            Err(DateError::NotAPoint { .. })
        ));
        assert!(Date::range(d("1937"), d("after 1938")).is_err());
        for wrap in [Date::before, Date::by, Date::after, Date::circa] {
            assert!(wrap(d("1937")).is_ok());
            assert!(matches!(
                wrap(d("1937/1938")),
                Err(DateError::NotAPoint { .. })
            ));
            assert!(wrap(d("c. 1937")).is_err());
            assert!(wrap(d("before 1937")).is_err());
        }
        assert_eq!(Date::before(d("1940")).ok(), Some(d("before 1940")));
        assert_eq!(Date::by(d("1940")).ok(), Some(d("by 1940")));
        assert_eq!(Date::after(d("1940")).ok(), Some(d("after 1940")));
        assert_eq!(Date::circa(d("1940")).ok(), Some(d("c. 1940")));
    }

    #[test]
    fn day_numbers() {
        assert_eq!(g(1970, 1, 1).map(Day::number), Some(0));
        assert_eq!(g(1969, 12, 31).map(Day::number), Some(-1));
        assert_eq!(g(2000, 3, 1).map(Day::number), Some(11_017));
        assert_eq!(g(1, 1, 1).map(Day::number), Some(-719_162));
        assert_eq!(Day::from_number(-719_162).to_gregorian(), (1, 1, 1));
        assert_eq!(Day::from_number(0).to_string(), "1970-01-01");
        assert_eq!(Day::from_number(-1).to_string(), "1969-12-31");
        assert!(Day::from_gregorian(1900, 2, 29).is_none());
        assert!(Day::from_gregorian(2000, 2, 29).is_some());
        assert!(Day::from_gregorian(1917, 13, 1).is_none());
        assert!(Day::from_gregorian(1917, 0, 1).is_none());
        assert!(Day::from_gregorian(1917, 1, 0).is_none());
        assert!(Day::from_gregorian(1917, 1, 32).is_none());
        assert!(Day::from_julian(1900, 2, 29).is_some());
        assert!(Day::from_julian(1917, 4, 31).is_none());
        // Extreme day numbers must not overflow.
        let _ = Day::from_number(i64::MIN).to_gregorian();
        let _ = Day::from_number(i64::MAX).to_string();
        assert!(Day::from_gregorian(i32::MIN, 1, 1) < Day::from_gregorian(i32::MAX, 12, 31));
    }

    #[test]
    fn julian_conversion() {
        julian_is((1917, 10, 25), (1917, 11, 7));
        julian_is((1582, 10, 4), (1582, 10, 14));
        julian_is((1582, 10, 5), (1582, 10, 15));
        // Ten days apart from 1582 to February 1700 (Julian).
        julian_is((1650, 6, 1), (1650, 6, 11));
        julian_is((1700, 2, 28), (1700, 3, 10));
        // 1700 is a leap year only in the Julian calendar, so the gap grows to eleven days.
        julian_is((1700, 2, 29), (1700, 3, 11));
        julian_is((1700, 3, 1), (1700, 3, 12));
        // Twelve days until Julian 1900-02-28, then thirteen.
        julian_is((1800, 3, 1), (1800, 3, 13));
        julian_is((1900, 2, 28), (1900, 3, 12));
        julian_is((1900, 2, 29), (1900, 3, 13));
        julian_is((1900, 3, 1), (1900, 3, 14));
        julian_is((2100, 2, 28), (2100, 3, 13));
        julian_is((2100, 3, 1), (2100, 3, 15));
        // The calendars agree in the third century.
        julian_is((250, 6, 1), (250, 6, 1));
        let d1917 = d("1917-10-25 OS");
        assert_eq!(d1917.earliest(), g(1917, 11, 7));
        assert_eq!(d1917.latest(), g(1917, 11, 7));
        assert_eq!(d1917.gregorian(), d("1917-11-07"));
        assert_eq!(d("1917 OS").gregorian(), d("1917 OS"));
        assert_eq!(d("1917-10-25").gregorian(), d("1917-10-25"));
        assert_eq!(
            d("1917-10-25 OS/1918 OS").gregorian().to_string(),
            "1917-11-07 NS/1918 OS"
        );
        assert_eq!(
            d("before 1917-10-25 OS").gregorian(),
            d("before 1917-11-07")
        );
        // Julian 0001-01-01 is Gregorian year 0, which a date cannot hold.
        assert_eq!(d("0001-01-01 OS").gregorian(), d("0001-01-01 OS"));
    }

    #[test]
    fn spans() {
        span("1917-10-25", g(1917, 10, 25), g(1917, 10, 25));
        span("1917-10", g(1917, 10, 1), g(1917, 10, 31));
        span("1900-02", g(1900, 2, 1), g(1900, 2, 28));
        span("2000-02", g(2000, 2, 1), g(2000, 2, 29));
        span("1900-02 OS", g(1900, 2, 13), g(1900, 3, 13));
        span("1917", g(1917, 1, 1), g(1917, 12, 31));
        span("1917 OS", g(1917, 1, 14), g(1918, 1, 13));
        span("1910s", g(1910, 1, 1), g(1919, 12, 31));
        span("20th century", g(1901, 1, 1), g(2000, 12, 31));
        span("1st century", g(1, 1, 1), g(100, 12, 31));
        span("1937\u{2013}38", g(1937, 1, 1), g(1938, 12, 31));
        span("1953-07-19/1953-08-01", g(1953, 7, 19), g(1953, 8, 1));
        span("1937-06/1937", g(1937, 6, 1), g(1937, 12, 31));
        span("before 1940", None, g(1939, 12, 31));
        span("by 1940", None, g(1940, 12, 31));
        span("after 1953-03", g(1953, 4, 1), None);
        span("after 1917-10-25 OS", g(1917, 11, 8), None);
        span("c. 1930-01-01", g(1929, 12, 25), g(1930, 1, 8));
        span("c. 1930-01", g(1929, 12, 1), g(1930, 2, 28));
        span("c. 1930-12", g(1930, 11, 1), g(1931, 1, 31));
        span("c. 1930", g(1928, 1, 1), g(1932, 12, 31));
        span("c. 1930s", g(1925, 1, 1), g(1944, 12, 31));
        span("c. 20th century", g(1876, 1, 1), g(2025, 12, 31));
        span("c. 1st century", g(-24, 1, 1), g(125, 12, 31));
    }

    #[test]
    fn accessors() {
        assert_eq!(d("1910s").year_span(), Some((1910, 1919)));
        assert_eq!(d("1917-12-25 OS").year_span(), Some((1918, 1918)));
        assert_eq!(d("by 1940").year_span(), None);
        assert_eq!(d("before 1940").sort_key().0, i64::MIN);
        assert_eq!(d("after 1940").sort_key().1, i64::MAX);
        assert_eq!(d("1917 OS/1918").calendar(), Calendar::Julian);
        let mut dates: Vec<Date> = [
            "1940",
            "after 1900",
            "1917-10-25 OS",
            "before 1900",
            "1917-11-07",
        ]
        .into_iter()
        .map(d)
        .collect();
        dates.sort_by(Date::cmp_chronological);
        let sorted: Vec<String> = dates.iter().map(Date::to_string).collect();
        assert_eq!(
            sorted,
            [
                "before 1900",
                "after 1900",
                "1917-10-25 OS",
                "1917-11-07",
                "1940"
            ]
        );
    }

    #[test]
    fn serde_as_text() {
        let date = d("1917-10-25 OS");
        let json = serde_json::to_string(&date).ok();
        assert_eq!(json.as_deref(), Some("\"1917-10-25 OS\""));
        let back: Option<Date> = serde_json::from_str("\"c. 1930\"").ok();
        assert_eq!(back, Some(d("c. 1930")));
        let err = serde_json::from_str::<Date>("\"1917-13-01\"")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("month 13 does not exist")));
        assert!(serde_json::from_str::<Date>("1917").is_err());
        let day = g(1917, 11, 7);
        assert_eq!(serde_json::to_string(&day).ok().as_deref(), Some("-19048"));
    }

    #[test]
    fn is_before_cases() {
        let f = Date::is_before;
        cmp("1937", f, "1938", Yes);
        cmp("1938-03", f, "1938", No);
        cmp("1937/1938", f, "1938", Possibly);
        cmp("1940", f, "before 1940-06", Possibly);
        cmp("1940", f, "before 1940", No);
        cmp("1939", f, "before 1940", Possibly);
        cmp("1917-10-25 OS", f, "1917-11-01", No);
        cmp("1917-10-18 OS", f, "1917-11-01", Yes);
        cmp("before 1930", f, "1940", Yes);
        cmp("before 1940", f, "1940", Yes);
        cmp("by 1940", f, "1940", Possibly);
        cmp("after 1940", f, "1940", No);
        cmp("c. 1938", f, "1938", Possibly);
        cmp("c. 1930", f, "1938", Yes);
        cmp("c. 1940", f, "1938", No);
        cmp("1936", f, "1937/1938", Yes);
        cmp("1938-06", f, "1937/1938", Possibly);
        cmp("1939", f, "1937/1938", No);
        cmp("1935", f, "after 1935", Yes);
        cmp("1940", f, "after 1935", Possibly);
        cmp("1940", f, "c. 1940", Possibly);
        cmp("1936", f, "c. 1940", Yes);
        cmp("1945", f, "c. 1940", No);
        cmp("1937", f, "by 1940", Possibly);
        cmp("1941", f, "by 1940", No);
    }

    #[test]
    fn is_after_cases() {
        let f = Date::is_after;
        cmp("1939", f, "1938", Yes);
        cmp("1938-12", f, "1938", No);
        cmp("1937", f, "1938", No);
        cmp("1938/1939", f, "1938", Possibly);
        cmp("after 1938", f, "1938", Yes);
        cmp("after 1937", f, "1938", Possibly);
        cmp("before 1938", f, "1938", No);
        cmp("by 1939", f, "1938", Possibly);
        cmp("1917-11-10 OS", f, "1917-11-15", Yes);
        cmp("1917-11-01 OS", f, "1917-11-20", No);
        cmp("1941", f, "by 1940", Yes);
        cmp("1940", f, "by 1940", Possibly);
        cmp("1941", f, "after 1940", Possibly);
        cmp("1940", f, "after 1940", No);
        cmp("c. 1940", f, "1938", Possibly);
        cmp("c. 1942", f, "1938", Yes);
        cmp("1943", f, "c. 1940", Yes);
        cmp("1942", f, "c. 1940", Possibly);
        cmp("1937", f, "c. 1940", No);
        cmp("1939", f, "1937/1938", Yes);
        cmp("1938", f, "1937/1938", Possibly);
        cmp("1936", f, "1937/1938", No);
    }

    #[test]
    fn is_by_cases() {
        let f = Date::is_by;
        cmp("1940-03", f, "1940", Yes);
        cmp("1941", f, "1940", No);
        cmp("1940", f, "before 1940-06", Possibly);
        cmp("1940-07", f, "before 1940-06", No);
        cmp("1940", f, "1940-06", Possibly);
        cmp("1940-06", f, "1940-06", Yes);
        cmp("1940-06-30", f, "1940-06", Yes);
        cmp("before 1940", f, "1940", Yes);
        cmp("by 1940", f, "1940", Yes);
        cmp("by 1941", f, "1940", Possibly);
        cmp("after 1940", f, "1940", No);
        cmp("after 1939", f, "1940", Possibly);
        cmp("c. 1940", f, "1940", Possibly);
        cmp("c. 1935", f, "1940", Yes);
        cmp("c. 1945", f, "1940", No);
        cmp("1917-12-18 OS", f, "1917", Yes);
        cmp("1917-12-19 OS", f, "1917", No);
        cmp("1938", f, "1939/1941", Yes);
        cmp("1939", f, "1939/1941", Possibly);
        cmp("1942", f, "1939/1941", No);
        cmp("1930", f, "after 1935", Yes);
        cmp("1950", f, "after 1935", Possibly);
    }

    #[test]
    fn is_within_cases() {
        let f = Date::is_within;
        cmp("1937-05", f, "1937", Yes);
        cmp("1937", f, "1937", Yes);
        cmp("1937", f, "1936/1938", Yes);
        cmp("1939", f, "1936/1938", No);
        cmp("1935-12-31", f, "1936/1938", No);
        cmp("c. 1937", f, "1937", Possibly);
        cmp("c. 1937", f, "1930s", Yes);
        cmp("c. 1930", f, "1930s", Possibly);
        cmp("1936/1939", f, "1937", Possibly);
        cmp("before 1940", f, "1930s", Possibly);
        cmp("before 1930", f, "1930s", No);
        cmp("1935", f, "before 1940", Yes);
        cmp("1940", f, "before 1940", No);
        cmp("1945", f, "after 1940", Yes);
        cmp("1940", f, "after 1940", No);
        cmp("by 1940", f, "by 1941", Yes);
        cmp("by 1941", f, "by 1940", Possibly);
        cmp("1917-10-25 OS", f, "1917-11", Yes);
        cmp("1917-10-25 OS", f, "1917-10", No);
        cmp("20th century", f, "1950s", Possibly);
        cmp("1950s", f, "20th century", Yes);
    }

    #[test]
    fn overlaps_cases() {
        let f = Date::overlaps;
        cmp("1936/1939", f, "1938", Yes);
        cmp("1936/1937", f, "1938", No);
        cmp("1937-12-31", f, "1938", No);
        cmp("1938-01-01", f, "1938", Yes);
        cmp("c. 1937", f, "1938", Possibly);
        cmp("1938", f, "c. 1937", Possibly);
        cmp("c. 1930", f, "1938", No);
        cmp("c. 1938", f, "1938", Yes);
        cmp("c. 1940", f, "c. 1944", Possibly);
        cmp("c. 1930s", f, "c. 1950s", No);
        cmp("after 1935", f, "1938", Yes);
        cmp("after 1938", f, "1938", No);
        cmp("before 1938", f, "1938", No);
        cmp("before 1939", f, "1938", Yes);
        cmp("by 1938", f, "1938", Yes);
        cmp("before 1940", f, "after 1930", Yes);
        cmp("after 1940", f, "before 1930", No);
        cmp("1917-10-25 OS", f, "1917-11-07", Yes);
        cmp("1917-10-25 OS", f, "1917-11-06", No);
    }

    #[test]
    fn brief_examples() {
        cmp("1940", Date::is_before, "before 1940-06", Possibly);
        cmp("1940", Date::is_by, "before 1940-06", Possibly);
        cmp("1940-03", Date::is_by, "1940", Yes);
        cmp("1941", Date::is_by, "1940", No);
        let revolution = d("1917-10-25 OS");
        assert_eq!(revolution.earliest(), Day::from_gregorian(1917, 11, 7));
        assert_eq!(revolution.latest(), Day::from_gregorian(1917, 11, 7));
        cmp("1917-10-25 OS", Date::is_before, "1917-11-01", No);
    }

    fn point() -> impl Strategy<Value = Date> {
        (
            0..5u8,
            1..=9999i32,
            1..=12u8,
            1..=31u8,
            1..=99u32,
            any::<bool>(),
        )
            .prop_filter_map("valid point", |(kind, y, m, day, c, julian)| {
                let date = match kind {
                    0 => Date::day(y, m, day),
                    1 => Date::month(y, m),
                    2 => Date::year(y),
                    3 => Date::decade(y - y % 10),
                    _ => Date::century(c),
                }
                .ok()?;
                if julian {
                    date.with_calendar(Calendar::Julian).ok()
                } else {
                    Some(date)
                }
            })
    }

    fn date() -> impl Strategy<Value = Date> {
        (0..6u8, point(), point()).prop_filter_map("valid date", |(kind, a, b)| match kind {
            0 => Some(a),
            1 => {
                let (a, b) = if a.sort_key() <= b.sort_key() {
                    (a, b)
                } else {
                    (b, a)
                };
                Date::range(a, b).ok()
            }
            2 => Date::before(a).ok(),
            3 => Date::by(a).ok(),
            4 => Date::after(a).ok(),
            _ => Date::circa(a).ok(),
        })
    }

    proptest! {
        #[test]
        fn text_round_trips(date in date()) {
            let text = date.to_string();
            prop_assert_eq!(text.parse::<Date>(), Ok(date.clone()));
            prop_assert_eq!(text.to_uppercase().parse::<Date>(), Ok(date));
        }

        #[test]
        fn serde_round_trips(date in date()) {
            let json = serde_json::to_string(&date).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: Date = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, date);
        }

        #[test]
        fn earliest_is_not_after_latest(date in date()) {
            let (first, last) = date.sort_key();
            prop_assert!(first <= last);
            if let (Some(a), Some(b)) = (date.earliest(), date.latest()) {
                prop_assert!(a <= b);
            }
            prop_assert_eq!(date.gregorian().sort_key(), date.sort_key());
        }

        #[test]
        fn comparisons_agree(a in date(), b in date()) {
            if a.is_before(&b) == Yes {
                prop_assert_eq!(b.is_before(&a), No);
                prop_assert_eq!(a.is_by(&b), Yes);
                prop_assert_eq!(a.is_after(&b), No);
            }
            if a.is_after(&b) == Yes {
                prop_assert_eq!(a.is_by(&b), No);
                prop_assert_eq!(b.is_after(&a), No);
            }
            if a.is_by(&b) == No {
                prop_assert_ne!(a.is_before(&b), Yes);
            }
            if a.is_within(&b) == Yes {
                prop_assert_eq!(a.overlaps(&b), Yes);
            }
            if a.is_within(&b) == No {
                prop_assert_eq!(a.overlaps(&b), No);
            }
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            // An approximate window is only possibly around even itself.
            prop_assert_ne!(a.is_within(&a), No);
            prop_assert_eq!(
                a.cmp_chronological(&b) == Ordering::Equal,
                a == b
            );
            prop_assert_eq!(a.cmp_chronological(&b), b.cmp_chronological(&a).reverse());
        }

        #[test]
        fn points_are_by_and_within_themselves(a in point()) {
            prop_assert_eq!(a.is_by(&a), Yes);
            prop_assert_eq!(a.is_before(&a), No);
            prop_assert_eq!(a.is_after(&a), No);
            prop_assert_eq!(a.overlaps(&a), Yes);
        }

        #[test]
        fn day_numbers_round_trip(n in -4_000_000i64..4_000_000) {
            let (y, m, day) = Day::from_number(n).to_gregorian();
            prop_assert_eq!(Day::from_gregorian(y, m, day), Some(Day::from_number(n)));
        }

        #[test]
        fn julian_days_are_consecutive(y in 1..=9999i32, m in 1..=12u8, day in 1..=31u8) {
            if let Some(today) = Day::from_julian(y, m, day) {
                let next = Day::from_julian(y, m, day + 1)
                    .or_else(|| Day::from_julian(y, m + 1, 1))
                    .or_else(|| Day::from_julian(y + 1, 1, 1));
                prop_assert_eq!(next.map(Day::number), Some(today.number() + 1));
            }
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,30}") {
            if let Ok(date) = text.parse::<Date>() {
                prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
            }
        }

        #[test]
        fn parsing_date_like_text_never_panics(text in "(c\\. |before |by |after )?[0-9]{1,5}(-[0-9]{1,3}){0,3}(s| os| ns| century)?([/\u{2013}-][0-9]{1,4}(-[0-9]{1,2}){0,2})?") {
            if let Ok(date) = text.parse::<Date>() {
                prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
            }
        }
    }
}
