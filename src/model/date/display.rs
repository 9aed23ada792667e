//! The text form of dates: `Display` for [`Calendar`], [`Day`] and [`Date`], and serialization
//! as that text.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{Calendar, Date, Day, Form, Point, Unit};

impl fmt::Display for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Julian => "julian",
        })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.to_gregorian();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// `{y:04}` then `-{part:02}` for each part, as one string: the digits written by hand for a
/// year of four digits (a table of dates writes thousands of them), through the formatter
/// otherwise.
fn write_iso<W: fmt::Write + ?Sized>(f: &mut W, y: i32, parts: &[u8]) -> fmt::Result {
    let year = match u16::try_from(y) {
        Ok(year @ 0..=9999) if parts.iter().all(|part| *part < 100) => year,
        _ => {
            write!(f, "{y:04}")?;
            return parts.iter().try_for_each(|part| write!(f, "-{part:02}"));
        }
    };
    let digit = |n: u16| b'0' + (n % 10) as u8;
    let mut text = [0u8; 10];
    text[..4].copy_from_slice(&[
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
    ]);
    let mut end = 4;
    for part in parts {
        text[end..end + 3].copy_from_slice(&[b'-', b'0' + part / 10, b'0' + part % 10]);
        end += 3;
    }
    f.write_str(std::str::from_utf8(&text[..end]).map_err(|_| fmt::Error)?)
}

impl Point {
    fn write_unit<W: fmt::Write + ?Sized>(self, f: &mut W) -> fmt::Result {
        match self.unit {
            Unit::Day(y, m, d) => write_iso(f, y, &[m, d]),
            Unit::Month(y, m) => write_iso(f, y, &[m]),
            Unit::Year(y) => write_iso(f, y, &[]),
            Unit::Decade(y) => write!(f, "{y:04}s"),
            Unit::Century(c) => write!(f, "{c}{} century", ordinal_suffix(c)),
        }
    }
}

impl Point {
    /// Its text, written to `f` (a `String` is written to without the formatter's dynamic
    /// calls).
    fn write_to<W: fmt::Write + ?Sized>(&self, f: &mut W) -> fmt::Result {
        self.write_unit(f)?;
        if self.calendar == Calendar::Julian {
            f.write_str(" OS")?;
        }
        Ok(())
    }
}

impl Point {
    /// `word` (`"by "`), then its text.
    fn write_after<W: fmt::Write + ?Sized>(&self, word: &str, f: &mut W) -> fmt::Result {
        f.write_str(word)?;
        self.write_to(f)
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
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

impl Date {
    /// Appends its text (as `Display` writes it) to `out`, the common forms without the
    /// formatter's dynamic calls: a table of dates writes thousands of them. Cost: O(its
    /// length).
    pub(crate) fn push_to(&self, out: &mut String) {
        // Writing to a `String` cannot fail.
        let _ = self.write_to(out);
    }

    fn write_to<W: fmt::Write + ?Sized>(&self, f: &mut W) -> fmt::Result {
        match self.form {
            Form::Point(p) => p.write_to(f),
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
            Form::Before(p) => p.write_after("before ", f),
            Form::By(p) => p.write_after("by ", f),
            Form::After(p) => p.write_after("after ", f),
            Form::Circa(p) => p.write_after("c. ", f),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
