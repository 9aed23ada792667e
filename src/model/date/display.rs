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

impl Point {
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

fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
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

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
