//! The three-valued comparisons of dates: before, after, by, within and overlaps, each a
//! [`Truth`].

use super::{Date, Form, Truth};

impl Date {
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
        Within::new(other).test(self.sort_key())
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

/// A window of [`Date::is_within`] read once, to test many dates against it by their sort keys
/// alone: `Within::new(window).test(date.sort_key())` is `date.is_within(window)`, which is how
/// `is_within` itself is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Within {
    /// The window's sort key: its whole interval, margin included.
    outer: (i64, i64),
    /// The window without the margin that `c.` adds.
    core: (i64, i64),
}

impl Within {
    /// The window's keys. Cost: O(1).
    pub(crate) fn new(window: &Date) -> Within {
        Within {
            outer: window.sort_key(),
            core: window.core(),
        }
    }

    /// Whether a date whose [`Date::sort_key`] is `(first, last)` lies within the window.
    /// Cost: O(1).
    pub(crate) fn test(&self, (first, last): (i64, i64)) -> Truth {
        let (o_first, o_last) = self.outer;
        // Inside an approximate window's margin is only possibly inside the window.
        let (c_first, c_last) = self.core;
        if first >= c_first && last <= c_last {
            Truth::Yes
        } else if last < o_first || first > o_last {
            Truth::No
        } else {
            Truth::Possibly
        }
    }
}
