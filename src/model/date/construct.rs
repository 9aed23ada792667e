//! Building dates: the constructors of [`Date`] and the change of calendar.

use super::calendar::{check_day, check_month, check_year};
use super::{Calendar, Date, DateError, Form, MAX_YEAR, Point, Unit};

impl Point {
    pub(super) fn with_calendar(self, calendar: Calendar) -> Result<Point, DateError> {
        let point = Point { calendar, ..self };
        // A Gregorian day such as 1900-02-29 is not valid in every calendar, so check again.
        if let Unit::Day(y, m, d) = point.unit {
            check_day(calendar, y, m, u32::from(d))?;
        }
        Ok(point)
    }
}

impl Date {
    fn point(calendar: Calendar, unit: Unit) -> Date {
        Date {
            form: Form::Point(Point { calendar, unit }),
        }
    }

    pub(super) fn point_of(point: Point) -> Date {
        Date {
            form: Form::Point(point),
        }
    }

    /// The single point of a point date, or an error naming the date.
    pub(super) fn as_point(&self) -> Result<Point, DateError> {
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
}
