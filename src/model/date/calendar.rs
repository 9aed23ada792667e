//! Calendar arithmetic: day numbers of Gregorian and Julian dates, [`Day`], and the checks
//! that a year, month or day exists.

use super::{Calendar, DateError, Day, MAX_YEAR, MIN_YEAR};

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

pub(super) fn days_in_month(calendar: Calendar, year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(calendar, year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in either calendar; month and day are assumed valid.
pub(super) fn days(calendar: Calendar, year: i32, month: u8, day: u8) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    match calendar {
        Calendar::Gregorian => gregorian_days(y, m, d),
        Calendar::Julian => julian_days(y, m, d),
    }
}

fn valid_day(calendar: Calendar, year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(calendar, year, month)
}

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

pub(super) fn century_years(century: u32) -> (i32, i32) {
    // Centuries are limited to 1..=99 on construction, so these never saturate in practice.
    let c = i32::try_from(century).unwrap_or(i32::MAX / 100);
    ((c - 1) * 100 + 1, c * 100)
}

pub(super) fn check_year(year: i64) -> Result<i32, DateError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or(DateError::YearOutOfRange { year })
}

pub(super) fn check_month(month: u32) -> Result<u8, DateError> {
    u8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or(DateError::InvalidMonth { month })
}

pub(super) fn check_day(
    calendar: Calendar,
    year: i32,
    month: u8,
    day: u32,
) -> Result<u8, DateError> {
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
