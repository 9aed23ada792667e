//! What a date covers: its precision and calendar, its first and last days, its sort key and
//! its Gregorian form.

use std::cmp::Ordering;

use super::calendar::{century_years, days, days_in_month};
use super::{Calendar, Date, Day, Form, MAX_YEAR, MIN_YEAR, Point, Precision, Unit};

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
    pub(super) fn span(self) -> (i64, i64) {
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
}

impl Date {
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
}
