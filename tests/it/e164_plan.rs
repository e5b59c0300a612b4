//! The E.164 numbering-plan verdict (`formats::e164`, its `numbering_plan`
//! module over the vendored libphonenumber metadata) is the `rlibphonenumber`
//! crate's, number by number.
//!
//! The reference is what the format did before it had its own matcher:
//! `PhoneNumberUtil::parse(value, None)`, then `is_valid_number`, then
//! `format(E164) == value`. The numbers are every example number the
//! crate's own metadata gives (every region, every type it supports, every
//! non-geographic code) and mutations of each that cross the rules' edges:
//! a digit changed, dropped or added, a trunk prefix or carrier digits put
//! after the calling code, and every calling code with national numbers of
//! every length. The vendored metadata and the crate's are the same file
//! (`src/formats/e164/NOTICE.md` gives its digest); when the crate's
//! metadata moves on, new ranges' example numbers disagree here, and the
//! file is to be refreshed.
//!
//! Four branches of the rules no real number reaches (a kept national-prefix
//! strip of a number valid both ways, a "too long" transform, leading digits
//! choosing among a shared code's regions, the same-mobile-and-fixed-line
//! flag) are pinned in `src/formats/e164/numbering_plan.rs`, on made-up
//! metadata, against the crate's `PhoneNumberUtil` built from the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use kyc_preflight::formats::e164;
use rlibphonenumber::{PhoneNumberFormat, PHONE_NUMBER_UTIL};

/// The crate's verdict for an E.164-shaped string.
fn reference(value: &str) -> bool {
    let util = &*PHONE_NUMBER_UTIL;
    let Ok(number) = util.parse(value, None) else {
        return false;
    };
    util.is_valid_number(&number) && util.format(&number, PhoneNumberFormat::E164) == value
}

/// Every example number of the crate's metadata, as digits after `+`, and
/// each calling code's trunk prefix (the digits its national format puts
/// before the national number).
fn examples() -> (BTreeSet<String>, BTreeMap<i32, String>) {
    let util = &*PHONE_NUMBER_UTIL;
    let mut out = BTreeSet::new();
    let mut trunks = BTreeMap::new();
    let mut push = |n: &rlibphonenumber::PhoneNumber| {
        let e164 = util.format(n, PhoneNumberFormat::E164);
        if let Some(d) = e164.strip_prefix('+') {
            out.insert(d.to_owned());
        }
        let nsn = rlibphonenumber::get_national_significant_number_owned(n);
        let national: String = util
            .format(n, PhoneNumberFormat::National)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if let Some(trunk) = national
            .strip_suffix(nsn.as_str())
            .filter(|t| !t.is_empty())
        {
            trunks
                .entry(n.country_code)
                .or_insert_with(|| trunk.to_owned());
        }
    };
    for region in util.get_supported_regions() {
        if let Ok(n) = util.get_example_number(region) {
            push(&n);
        }
        if let Some(types) = util.get_supported_types_for_region(region) {
            for t in types {
                if let Ok(n) = util.get_example_number_for_type_and_region(region, t) {
                    push(&n);
                }
            }
        }
    }
    for code in util.get_supported_global_network_calling_codes() {
        if let Ok(n) = util.get_example_number_for_non_geo_entity(code) {
            push(&n);
        }
    }
    (out, trunks)
}

/// `digits` and its neighbours across the rules' edges.
fn mutations(digits: &str, code_len: usize, out: &mut BTreeSet<String>) {
    let (code, nsn) = digits.split_at(code_len.min(digits.len()));
    let mut add = |s: String| {
        if (2..=15).contains(&s.len()) {
            out.insert(s);
        }
    };
    add(digits.to_owned());
    add(digits[..digits.len() - 1].to_owned());
    if digits.len() > 2 {
        add(digits[..digits.len() - 2].to_owned());
    }
    for d in '0'..='9' {
        add(format!("{digits}{d}"));
        // The last digit, the first and second of the national number.
        let mut last = digits.to_owned();
        last.pop();
        last.push(d);
        add(last);
        for at in [0, 1] {
            if at < nsn.len() {
                let mut n = nsn.to_owned();
                n.replace_range(at..=at, &d.to_string());
                add(format!("{code}{n}"));
            }
        }
    }
    // Trunk prefixes and carrier digits that national parsing strips or transforms.
    for prefix in ["0", "1", "8", "9", "00", "15", "01", "0015", "10"] {
        add(format!("{code}{prefix}{nsn}"));
    }
    if let Some(rest) = nsn.strip_prefix('9') {
        add(format!("{code}{rest}"));
        add(format!("{code}{rest}15"));
    }
}

/// The length of the calling code `digits` starts with (the crate's own view).
fn code_len(digits: &str) -> usize {
    let util = &*PHONE_NUMBER_UTIL;
    (1..=3)
        .find(|&n| {
            digits
                .get(..n)
                .and_then(|c| c.parse::<i32>().ok())
                .is_some_and(|c| util.get_region_for_country_code(c).is_some())
        })
        .unwrap_or(1)
}

/// Random national numbers per calling code and length.
const RANDOM_PER_LENGTH: usize = 8;

#[test]
fn the_numbering_plan_verdicts_are_libphonenumbers() {
    let util = &*PHONE_NUMBER_UTIL;
    let (examples, trunks) = examples();
    assert!(examples.len() > 900, "{} example numbers", examples.len());
    let mut numbers = BTreeSet::new();
    for d in &examples {
        mutations(d, code_len(d), &mut numbers);
    }
    // Every calling code with national numbers of every length.
    let codes: BTreeSet<i32> = util
        .get_supported_calling_codes()
        .chain(util.get_supported_global_network_calling_codes())
        .collect();
    for code in &codes {
        let code = code.to_string();
        for len in 0..=(15 - code.len()) {
            for seed in [
                "2345678901234",
                "9876543210987",
                "0123456789012",
                "5555555555555",
            ] {
                numbers.insert(format!("{code}{}", &seed[..len.min(seed.len())]));
            }
        }
    }
    // Random national numbers of every length for every code, bare and
    // after the code's trunk prefix (national parsing strips it, and the
    // number then formats back differently), from a fixed-seed LCG.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut digit = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        char::from(b'0' + u8::try_from((seed >> 33) % 10).unwrap())
    };
    for &code in &codes {
        let trunk = trunks.get(&code).map(String::as_str).unwrap_or_default();
        let code = code.to_string();
        for len in 2..=(15 - code.len()) {
            for _ in 0..RANDOM_PER_LENGTH {
                let nsn: String = (0..len).map(|_| digit()).collect();
                numbers.insert(format!("{code}{nsn}"));
                numbers.insert(format!("{code}{trunk}{nsn}"));
            }
        }
    }
    // Unassigned codes and short strings.
    for d in [
        "12",
        "123",
        "28012345",
        "99912345678",
        "80012",
        "8001234567890",
    ] {
        numbers.insert(d.to_owned());
    }

    let mut valid = 0usize;
    let mut disagreements = Vec::new();
    for d in &numbers {
        let value = format!("+{d}");
        if !e164::is_e164_syntax(&value) {
            continue;
        }
        let expected = reference(&value);
        let got = e164::check(&value).is_ok();
        valid += usize::from(expected);
        if got != expected {
            disagreements.push(format!("{value}: libphonenumber {expected}, ours {got}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} numbers disagree:\n{}",
        disagreements.len(),
        numbers.len(),
        disagreements
            .iter()
            .take(50)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Both verdicts occur in numbers: the comparison is not all one way.
    assert!(
        valid > 900 && valid < numbers.len() / 2,
        "{valid} of {}",
        numbers.len()
    );
}
