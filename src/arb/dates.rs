//! Strategies for dates of every precision and form.

use proptest::prelude::*;

use crate::model::{Calendar, Date};

// ---------------------------------------------------------------------------------------------
// Dates

/// A point date of any precision (day, month, year, decade, century) between the years
/// `from` and `to`, in the Gregorian or (for a fifth of them) the Julian calendar. Cost: O(1) to
/// build the strategy and O(1) per date drawn (a draw that is no valid day is rejected and drawn
/// again).
///
/// # Panics
///
/// If `from > to` or either lies outside `1..=9999`.
pub fn point_between(from: i32, to: i32) -> impl Strategy<Value = Date> + Clone {
    assert!(1 <= from && from <= to && to <= 9999, "years in 1..=9999");
    (0..5u8, from..=to, 1..=12u8, 1..=31u8, 0..5u8).prop_filter_map(
        "a valid point",
        move |(kind, year, month, day, calendar)| {
            let date = match kind {
                0 => Date::day(year, month, day.min(28)),
                1 => Date::month(year, month),
                2 => Date::year(year),
                3 => Date::decade((year - year % 10).max(10)),
                _ => Date::century(((year - 1) / 100 + 1) as u32),
            }
            .ok()?;
            if calendar == 0 {
                date.with_calendar(Calendar::Julian).ok()
            } else {
                Some(date)
            }
        },
    )
}

/// A date of any form between the years `from` and `to`: a point of any precision, a range,
/// `before`, `by` or `after` a point, or an approximate (`c.`) point; Old Style or New Style. Cost:
/// O(1) to build the strategy and O(1) per date drawn (invalid draws are rejected and drawn again).
///
/// # Panics
///
/// If `from > to` or either lies outside `1..=9999`.
pub fn date_between(from: i32, to: i32) -> impl Strategy<Value = Date> + Clone {
    let point = point_between(from, to);
    (0..6u8, point.clone(), point).prop_filter_map("a valid date", |(form, a, b)| match form {
        0 | 1 => Some(a),
        2 => {
            let (a, b) = if a.sort_key() <= b.sort_key() {
                (a, b)
            } else {
                (b, a)
            };
            Date::range(a, b).ok()
        }
        3 => Date::before(a).ok(),
        4 => Date::by(a).ok(),
        _ => {
            if b.sort_key() < a.sort_key() {
                Date::after(a).ok()
            } else {
                Date::circa(a).ok()
            }
        }
    })
}

/// A date of any precision and form, in any year from 1 to 9999. Cost: as [`date_between`].
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::default();
/// let date = annals::arb::date().new_tree(&mut runner).unwrap().current();
/// assert_eq!(date.to_string().parse::<annals::model::Date>(), Ok(date));
/// ```
pub fn date() -> impl Strategy<Value = Date> + Clone {
    date_between(1, 9999)
}
