//! Unit and property tests of dates.

use std::cmp::Ordering;

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
    let missing = Date::julian_day(1900, 2, 29).and_then(|x| x.with_calendar(Calendar::Gregorian));
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
