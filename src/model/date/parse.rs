//! Reading dates from text: `FromStr` for [`Date`] and deserialization from that text.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::calendar::{check_day, check_month, check_year};
use super::{Calendar, Date, DateError, EXPECTED_DATE, Point, Unit};

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
