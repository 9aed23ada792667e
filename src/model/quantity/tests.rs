//! Unit and property tests of quantities.

use super::*;
use Truth::{No, Possibly, Yes};
use proptest::prelude::*;

fn q(text: &str) -> Quantity {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

/// Parses `text`, expects the canonical form, and checks that the canonical form reads back.
fn check(text: &str, canonical: &str) {
    let quantity = q(text);
    assert_eq!(quantity.to_string(), canonical, "display of {text:?}");
    assert_eq!(q(canonical), quantity, "round trip of {text:?}");
}

/// Parses `text` and expects its value, bound and total.
fn reads(text: &str, value: f64, bound: Bound, share: bool, total: Option<f64>) {
    let quantity = q(text);
    assert_eq!(quantity.value(), value, "value of {text:?}");
    assert_eq!(quantity.bound(), bound, "bound of {text:?}");
    assert_eq!(quantity.is_share(), share, "share of {text:?}");
    assert_eq!(quantity.total(), total, "total of {text:?}");
}

fn bad(text: &str, needle: &str) {
    match text.parse::<Quantity>() {
        Ok(quantity) => panic!("{text:?} should not parse, got {quantity}"),
        Err(e) => assert!(
            e.to_string().contains(needle),
            "error for {text:?} was {e:?}, expected it to mention {needle:?}"
        ),
    }
}

fn interval(text: &str, low: Option<f64>, high: Option<f64>) {
    assert_eq!(q(text).interval(), (low, high), "interval of {text:?}");
}

fn cmp(a: &str, b: &str, want: Truth) {
    assert_eq!(q(a).compare(&q(b)), want, "{a:?} against {b:?}");
    assert_eq!(q(b).compare(&q(a)), want, "{b:?} against {a:?}");
}

#[test]
fn plain_and_scaled_figures() {
    check("56000", "56000");
    check("56,000", "56000");
    check("1,234,567.5", "1234567.5");
    check("0", "0");
    check("2.5", "2.5");
    check("2.5 million", "2.5 million");
    check("2 Million", "2 million");
    check("15 million", "15 million");
    check("574 thousand", "574 thousand");
    check("3 billion", "3 billion");
    check("  56000  ", "56000");
    reads("56,000", 56_000.0, Bound::Exact, false, None);
    reads("2.5 million", 2_500_000.0, Bound::Exact, false, None);
    reads("574 thousand", 574_000.0, Bound::Exact, false, None);
    reads("2 billion", 2e9, Bound::Exact, false, None);
    assert_eq!(q("2.5 million").scale(), Some(Scale::Million));
    assert_eq!(q("2500000").scale(), None);
}

#[test]
fn bounds() {
    check("over 66", "over 66");
    check("more than 66", "over 66");
    check("> 66", "over 66");
    check(">66", "over 66");
    check("at least 53", "at least 53");
    check(">= 53", "at least 53");
    check("\u{2265} 53", "at least 53");
    check("no fewer than 53", "at least 53");
    check("not less than 53", "at least 53");
    check("about 240", "about 240");
    check("c. 240", "about 240");
    check("ca. 240", "about 240");
    check("c.240", "about 240");
    check("circa 240", "about 240");
    check("~240", "about 240");
    check("~ 240", "about 240");
    check("around 240", "about 240");
    check("approximately 240", "about 240");
    check("approx. 240", "about 240");
    check("roughly 240", "about 240");
    check("some 56,000", "about 56000");
    check("About 2.5 Million", "about 2.5 million");
    check("under 10", "under 10");
    check("fewer than 10", "under 10");
    check("less than 10", "under 10");
    check("< 10", "under 10");
    check("up to 18000", "up to 18000");
    check("at most 18,000", "up to 18000");
    check("no more than 18000", "up to 18000");
    check("<= 18000", "up to 18000");
    check("\u{2264} 18000", "up to 18000");
    reads("over 66", 66.0, Bound::Over, false, None);
    reads("at least 53", 53.0, Bound::AtLeast, false, None);
    reads("about 240", 240.0, Bound::About, false, None);
    reads("under 10", 10.0, Bound::Under, false, None);
    reads("up to 18000", 18_000.0, Bound::AtMost, false, None);
}

#[test]
fn shares_and_totals() {
    check("13%", "13%");
    check("13 %", "13%");
    check("13 per cent", "13%");
    check("13 percent", "13%");
    check("70 Per Cent", "70%");
    check("12.5%", "12.5%");
    check("about 70%", "about 70%");
    check("over 50 per cent", "over 50%");
    check("98 of 139", "98 of 139");
    check("over 66 of 100", "over 66 of 100");
    check("1,200 of 3,000", "1200 of 3000");
    check("2 million of 5000000", "2 million of 5000000");
    reads("13%", 13.0, Bound::Exact, true, None);
    reads("70 per cent", 70.0, Bound::Exact, true, None);
    reads("98 of 139", 98.0, Bound::Exact, false, Some(139.0));
    assert_eq!(q("1 of 4").ratio(), Some(0.25));
    assert_eq!(q("13%").ratio(), Some(0.13));
    assert_eq!(q("0 of 0").ratio(), None);
    assert_eq!(q("13").ratio(), None);
}

#[test]
fn rejected_text() {
    let expected =
        "expected a figure such as 56000, over 66, about 240, 70%, 2 million or 98 of 139";
    bad("", expected);
    bad("   ", "cannot read");
    bad("garbage", "cannot read \"garbage\" as a figure");
    bad("nan", "cannot read");
    bad("inf", "cannot read");
    bad("-5", "cannot read");
    bad("1e5", "cannot read");
    bad(".5", "cannot read");
    bad("5.", "cannot read");
    bad("1.2.3", "cannot read");
    bad("1,00", "cannot read");
    bad("1234,567", "cannot read");
    bad("1,234,56", "cannot read");
    bad("56000 troops", "cannot read");
    bad("2 million%", "cannot read");
    bad("98 of", "cannot read");
    bad("98 of 139 delegates", "cannot read");
    bad("98 of x", "cannot read");
    bad("over", "cannot read");
    bad("over66", "cannot read");
    bad("about about 5", "cannot read");
    bad("2 millions", "cannot read");
    bad("2 millionish", "cannot read");
    let huge = format!("1{}", "0".repeat(400));
    bad(&huge, "is too large to keep exactly");
    bad(
        "9223372036854775807",
        "9223372036854775807 is too large to keep exactly",
    );
    bad("98 of 0", "98 of 0: the part is larger than the whole");
    assert!("9007199254740992".parse::<Quantity>().is_ok());
    bad("1e300", "cannot read");
    let huge_scaled = format!("1{} billion", "0".repeat(300));
    bad(&huge_scaled, "is too large to keep exactly");
}

#[test]
fn constructors_reject_unusable_numbers() {
    for bad_number in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
        assert!(Quantity::exact(bad_number).is_err());
        assert!(Quantity::percent(bad_number).is_err());
        assert!(Quantity::out_of(1.0, bad_number).is_err());
        assert!(Quantity::out_of(bad_number, 1.0).is_err());
        assert!(Quantity::scaled(bad_number, Scale::Million).is_err());
    }
    assert!(Quantity::scaled(f64::MAX, Scale::Thousand).is_err());
    assert_eq!(
        Quantity::exact(-0.0).map(|x| x.to_string()).ok().as_deref(),
        Some("0")
    );
    assert_eq!(Quantity::exact(56_000.0).ok(), Some(q("56000")));
    assert_eq!(
        Quantity::scaled(2.5, Scale::Million).ok(),
        Some(q("2.5 million"))
    );
    assert_eq!(Quantity::percent(13.0).ok(), Some(q("13%")));
    assert_eq!(Quantity::out_of(98.0, 139.0).ok(), Some(q("98 of 139")));
    let over = Quantity::exact(66.0).map(|x| x.with_bound(Bound::Over));
    assert_eq!(over.ok(), Some(q("over 66")));
    let message = Quantity::exact(f64::NAN).err().map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("NaN is not a usable figure: expected a finite number that is not negative")
    );
}

#[test]
fn units() {
    let troops = q("about 56000").with_unit("troops");
    assert_eq!(troops.unit(), Some("troops"));
    assert_eq!(troops.to_string(), "about 56000");
    assert_eq!(troops.display_with_unit(), "about 56000 troops");
    assert_eq!(q("13%").display_with_unit(), "13%");
    assert_eq!(troops.compare(&q("56000").with_unit("men")), Possibly);
    assert_eq!(troops.compare(&q("56000").with_unit("troops")), Possibly);
    assert_eq!(troops.compare(&q("56000")), Possibly);
    assert_eq!(q("5").with_unit("a").compare(&q("5").with_unit("a")), Yes);
    assert_eq!(q("5").with_unit("a").compare(&q("6").with_unit("a")), No);
}

#[test]
fn intervals() {
    interval("56000", Some(56_000.0), Some(56_000.0));
    interval("about 200", Some(180.0), Some(220.0));
    interval("over 66", Some(66.0), None);
    interval("at least 53", Some(53.0), None);
    interval("under 10", None, Some(10.0));
    interval("up to 18000", None, Some(18_000.0));
    interval("2 million", Some(2e6), Some(2e6));
    interval("13%", Some(12.5), Some(14.0));
    interval("13.5%", Some(13.45), Some(13.6));
    interval("about 10%", Some(9.0), Some(11.0));
}

#[test]
fn comparisons() {
    cmp("56000", "56,000", Yes);
    cmp("2.5 million", "2500000", Yes);
    cmp("574 thousand", "574000", Yes);
    cmp("56000", "57000", No);
    cmp("about 240", "250", Possibly);
    cmp("about 240", "300", No);
    cmp("about 200", "220", Possibly);
    cmp("about 200", "221", No);
    cmp("about 240", "about 280", Possibly);
    cmp("about 100", "about 200", No);
    cmp("over 66", "66", No);
    cmp("over 66", "67", Possibly);
    cmp("over 66", "under 67", Possibly);
    cmp("over 66", "under 66", No);
    cmp("over 66", "up to 66", No);
    cmp("at least 66", "up to 66", Possibly);
    cmp("at least 66", "66", Possibly);
    cmp("at least 66", "65", No);
    cmp("under 10", "10", No);
    cmp("under 10", "9", Possibly);
    cmp("up to 18000", "18000", Possibly);
    cmp("up to 18000", "over 18000", No);
    cmp("over 10", "over 20", Possibly);
    cmp("13%", "13 per cent", Yes);
    cmp("13%", "14%", No);
    // A whole percentage was rounded or cut: 70% is any share from 69.5% to below 71%.
    cmp("70%", "98 of 139", Possibly);
    cmp("70%", "70.5%", Possibly);
    cmp("70%", "69.5%", Possibly);
    cmp("70%", "71%", No);
    cmp("70%", "71.01%", No);
    cmp("70%", "69.4%", No);
    cmp("69%", "98 of 139", No);
    cmp("71%", "98 of 139", Possibly); // 70.503% rounds to 71%
    cmp("72%", "98 of 139", No);
    cmp("7 of 10", "70%", Yes);
    cmp("66.7%", "2 of 3", Possibly);
    cmp("66.6%", "2 of 3", Possibly);
    cmp("66.8%", "2 of 3", No);
    cmp("66.7%", "66.8%", No);
    cmp("13%", "13.5%", Possibly);
    cmp("13%", "14.5%", No);
    cmp("about 70%", "72%", Possibly);
    cmp("13%", "13", Possibly);
    cmp("98 of 139", "98 of 139", Yes);
    cmp("98 of 139", "98 of 140", No);
    cmp("98 of 139", "97 of 139", No);
    cmp("about 98 of 139", "100 of 139", Possibly);
    cmp("98 of 139", "98", Yes);
    cmp("98 of 139", "about 100", Possibly);
    cmp("1 of 4", "25%", Yes);
    cmp("98 of 139", "about 70%", Possibly);
    cmp("over 66 of 100", "70%", Possibly);
    cmp("over 66 of 100", "60%", No);
    cmp("0 of 0", "25%", Possibly);
}

#[test]
fn serde_as_text() {
    let json = serde_json::to_string(&q("about 2.5 million")).ok();
    assert_eq!(json.as_deref(), Some("\"about 2.5 million\""));
    let back: Option<Quantity> = serde_json::from_str("\"70 per cent\"").ok();
    assert_eq!(back, Some(q("70%")));
    // The unit travels separately; serde keeps only the figure.
    let troops = q("56000").with_unit("troops");
    let json = serde_json::to_string(&troops).ok();
    assert_eq!(json.as_deref(), Some("\"56000\""));
    let err = serde_json::from_str::<Quantity>("\"lots\"")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("cannot read \"lots\" as a figure")));
    assert!(serde_json::from_str::<Quantity>("56000").is_err());
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u64..10_000_000).prop_map(|n| n as f64),
        (0u32..100_000, 0u32..1000).prop_map(|(a, b)| f64::from(a) + f64::from(b) / 1000.0),
        0.0f64..1e12,
        prop::num::f64::POSITIVE | prop::num::f64::ZERO,
    ]
}

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![
        Just(Bound::Exact),
        Just(Bound::About),
        Just(Bound::Over),
        Just(Bound::AtLeast),
        Just(Bound::Under),
        Just(Bound::AtMost),
    ]
}

fn quantity() -> impl Strategy<Value = Quantity> {
    (0..5u8, number(), number(), bound()).prop_filter_map("usable", |(kind, a, b, bound)| {
        let quantity = match kind {
            0 => Quantity::exact(a),
            1 => Quantity::scaled(a, Scale::Thousand),
            2 => Quantity::scaled(a, Scale::Billion),
            3 => Quantity::percent(a),
            _ => Quantity::out_of(a, b),
        };
        quantity.ok().map(|x| x.with_bound(bound))
    })
}

proptest! {
    #[test]
    fn text_round_trips(quantity in quantity()) {
        let text = quantity.to_string();
        prop_assert_eq!(text.parse::<Quantity>(), Ok(quantity.clone()));
        prop_assert_eq!(text.to_uppercase().parse::<Quantity>(), Ok(quantity));
    }

    #[test]
    fn serde_round_trips(quantity in quantity()) {
        let json = serde_json::to_string(&quantity).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Quantity = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, quantity);
    }

    #[test]
    fn compare_is_symmetric_and_reflexive(a in quantity(), b in quantity()) {
        prop_assert_eq!(a.compare(&b), b.compare(&a));
        prop_assert!(a.compare(&a).is_possible());
        prop_assert!(a.value().is_finite());
        if let (Some(low), Some(high)) = a.interval() {
            prop_assert!(low <= high);
        }
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,24}") {
        if let Ok(quantity) = text.parse::<Quantity>() {
            prop_assert_eq!(quantity.to_string().parse::<Quantity>(), Ok(quantity));
        }
    }

    #[test]
    fn parsing_figure_like_text_never_panics(text in "(over |about |~|< )?[0-9,.]{1,12}( million| thousand)?( ?%| of [0-9,.]{1,8})?") {
        if let Ok(quantity) = text.parse::<Quantity>() {
            prop_assert_eq!(quantity.to_string().parse::<Quantity>(), Ok(quantity));
        }
    }
}
