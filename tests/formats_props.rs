//! Properties of the format checks.
//!
//! 1. Check-digit schemes detect a single changed character where the
//!    scheme guarantees it. Valid values are built with the crate's own
//!    check-digit functions. Which changes each scheme guarantees to catch
//!    follows from its arithmetic, stated next to each property; where it
//!    does not guarantee detection, the property says exactly when a change
//!    goes unnoticed, so the weakness is pinned rather than ignored.
//! 2. No input makes any format panic: any string, any length, any Unicode,
//!    and multi-byte characters inserted at or substituted into every
//!    position of a valid value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use kyc_preflight::formats::data_uri::{self, DataUri};
use kyc_preflight::formats::{cnpj, cpf, cuit, curp, nit, rfc, rut, Format};
use proptest::prelude::*;
use proptest::sample::select;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 384,
        ..ProptestConfig::default()
    }
}

/// Replace the character at `pos` (a char index).
fn replace_char(s: &str, pos: usize, c: char) -> String {
    s.chars()
        .enumerate()
        .map(|(i, old)| if i == pos { c } else { old })
        .collect()
}

/// Digit `d` moved by `step` (1..=9) modulo 10: always a different digit.
fn other_digit(d: char, step: u32) -> char {
    let v = d.to_digit(10).unwrap();
    char::from_digit((v + step) % 10, 10).unwrap()
}

// ---------------------------------------------------------------- CPF

fn valid_cpf() -> impl Strategy<Value = String> {
    "[0-9]{9}".prop_filter_map("eleven equal digits are never valid", |base| {
        let [d1, d2] = cpf::check_digits(&base)?;
        let v = format!("{base}{d1}{d2}");
        (!v.bytes().all(|b| Some(&b) == v.as_bytes().first())).then_some(v)
    })
}

proptest! {
    #![proptest_config(config())]

    /// CPF. Position i (0-based) weighs 10 − i in the first check digit and
    /// 11 − i in the second, both mod 11, and a remainder of 0 or 1 both
    /// give the digit 0. A changed digit shifts both remainders; it goes
    /// unnoticed only when both shifts land inside {0, 1}: that needs the
    /// second weight ≡ 0 (position 0, weight 11) or a shift of ±2 with the
    /// first weight ≡ 5 (position 5). So a changed digit at positions
    /// 1–4 and 6–8, or at either check digit (9, 10), is always detected.
    #[test]
    fn cpf_single_digit_change(v in valid_cpf(), pos in prop_oneof![1..5usize, 6..11usize], step in 1..10u32) {
        prop_assert!(cpf::check(&v).is_ok());
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        prop_assert!(cpf::check(&m).is_err(), "{} -> {}", v, m);
    }
}

// ---------------------------------------------------------------- CNPJ

fn valid_cnpj(alphabet: &'static str) -> impl Strategy<Value = String> {
    proptest::string::string_regex(alphabet)
        .unwrap()
        .prop_filter_map("all equal", |base| {
            let [d1, d2] = cnpj::check_digits(&base)?;
            let v = format!("{base}{d1}{d2}");
            (!v.bytes().all(|b| Some(&b) == v.as_bytes().first())).then_some(v)
        })
}

/// Positions whose two weights are consecutive (w, w + 1) with w ≢ 5 mod 11.
const CNPJ_GUARANTEED: [usize; 9] = [1, 2, 3, 5, 6, 7, 9, 10, 11];

proptest! {
    #![proptest_config(config())]

    /// Numeric CNPJ. Weights (first, second check digit) by position:
    /// (5,6) (4,5) (3,4) (2,3) (9,2) (8,9) (7,8) (6,7) (5,6) (4,5) (3,4) (2,3),
    /// mod 11, and a remainder of 0 or 1 both give 0. As for the CPF, a
    /// change goes unnoticed only when both remainders move inside {0, 1},
    /// which consecutive weights (w, w + 1) allow only for w ≡ 5 (positions
    /// 0 and 8); position 4 (9, 2) allows it for shifts of ±5. So a changed
    /// digit at positions 1–3, 5–7, 9–11 or either check digit is always
    /// detected.
    #[test]
    fn cnpj_numeric_single_digit_change(
        v in valid_cnpj("[0-9]{12}"),
        pos in prop_oneof![select(CNPJ_GUARANTEED.to_vec()), 12..14usize],
        step in 1..10u32,
    ) {
        prop_assert!(cnpj::check(&v).is_ok());
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        prop_assert!(cnpj::check(&m).is_err(), "{} -> {}", v, m);
    }

    /// Alphanumeric CNPJ (IN RFB 2.229/2024). Characters are worth ASCII − 48
    /// (0–9, A = 17 … Z = 42), so two characters can differ by a multiple
    /// of 11 ('6' and 'A', 'A' and 'L', …) and then no check digit moves:
    /// the scheme cannot detect that substitution anywhere in the base. At
    /// the positions above any other substitution is detected. Both
    /// directions are asserted.
    #[test]
    fn cnpj_alphanumeric_single_char_change(
        v in valid_cnpj("[0-9A-Z]{12}"),
        pos in select(CNPJ_GUARANTEED.to_vec()),
        new in "[0-9A-Z]",
    ) {
        prop_assert!(cnpj::check(&v).is_ok());
        let old = v.as_bytes()[pos];
        let new = new.as_bytes()[0];
        prop_assume!(old != new);
        let m = replace_char(&v, pos, char::from(new));
        let multiple_of_11 = (i32::from(old) - i32::from(new)) % 11 == 0;
        prop_assert_eq!(cnpj::check(&m).is_err(), !multiple_of_11, "{} -> {}", v, m);
    }

    /// Alphanumeric CNPJ: a changed check digit is always detected.
    #[test]
    fn cnpj_alphanumeric_check_digit_change(v in valid_cnpj("[0-9A-Z]{12}"), pos in 12..14usize, step in 1..10u32) {
        let old = v.chars().nth(pos).unwrap();
        prop_assert!(cnpj::check(&replace_char(&v, pos, other_digit(old, step))).is_err());
    }
}

// ---------------------------------------------------------------- NIT

proptest! {
    #![proptest_config(config())]

    /// NIT (DIAN). Every weight (3, 7, 13, 17, 19, 23, 29, 37, 41) is
    /// non-zero mod 11, so a changed digit always changes the remainder r;
    /// but r = 1 and r = 10 both give the check digit 1. So: a change is
    /// always detected when the check digit is not 1, and a changed check
    /// digit is always detected. With check digit 1 a change goes
    /// unnoticed exactly when it moves r between 1 and 10.
    #[test]
    fn nit_single_digit_change(base in "[0-9]{9}", pos in 0..10usize, step in 1..10u32, dashed in any::<bool>()) {
        let dv = nit::check_digit(&base).unwrap();
        let v = format!("{base}{dv}");
        prop_assert!(nit::check(&v).is_ok());
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        let m = if dashed { format!("{}-{}", &m[..9], &m[9..]) } else { m };
        let detected = nit::check(&m).is_err();
        if pos == 9 || dv != 1 {
            prop_assert!(detected, "{} -> {}", v, m);
        } else {
            let new_dv = nit::check_digit(&m[..9]).unwrap();
            prop_assert_eq!(detected, new_dv != 1);
        }
        // nit-base: the same 10 digits carry their own check digit.
        prop_assert_eq!(
            nit::check_base(&v).unwrap_err().code,
            "format.nit-base.includes_check_digit"
        );
        prop_assert!(nit::check_base(&base).is_ok());
    }
}

// ---------------------------------------------------------------- RUT

proptest! {
    #![proptest_config(config())]

    /// RUT (SII). The weights 2–7 are all non-zero mod 11 and 11 is prime,
    /// so a changed body digit always changes r = Σ mod 11, and the check
    /// digit 11 − r (0 for 11, K for 10) takes a different value for each
    /// r. So any changed body digit, and any changed check digit, is
    /// always detected, in every accepted form.
    #[test]
    fn rut_single_character_change(
        body in "[1-9][0-9]{6,7}",
        pos in 0..9usize,
        step in 1..10u32,
        new_dv in "[0-9K]",
        form in 0..3usize,
    ) {
        let dv = rut::check_digit(&body).unwrap();
        let write = |body: &str, dv: char| match form {
            0 => format!("{body}{dv}"),
            1 => format!("{body}-{dv}"),
            _ => {
                let n: u64 = body.parse().unwrap();
                let (a, b, c) = (n / 1_000_000, n / 1000 % 1000, n % 1000);
                format!("{a}.{b:03}.{c:03}-{dv}")
            }
        };
        prop_assert!(rut::check(&write(&body, dv)).is_ok());
        let pos = pos % body.len();
        let old = body.chars().nth(pos).unwrap();
        let changed = replace_char(&body, pos, other_digit(old, step));
        prop_assume!(!changed.starts_with('0') || form != 2);
        prop_assert!(rut::check(&write(&changed, dv)).is_err());
        let new_dv = new_dv.chars().next().unwrap();
        prop_assume!(new_dv != dv);
        prop_assert_eq!(rut::check(&write(&body, new_dv)).unwrap_err().code, "format.rut.check_digit");
    }
}

// ---------------------------------------------------------------- CUIT

proptest! {
    #![proptest_config(config())]

    /// CUIT (AFIP). The weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 are non-zero
    /// mod 11, so a changed digit of the 8-digit number changes r; but the
    /// check digit is 9 for both r = 1 and r = 2. So the change goes
    /// unnoticed exactly when it moves r between 1 and 2, and a changed
    /// check digit is always detected.
    #[test]
    fn cuit_single_digit_change(
        t in select(cuit::TYPES.to_vec()),
        number in "[0-9]{8}",
        pos in 2..11usize,
        step in 1..10u32,
    ) {
        let first10 = format!("{t}{number}");
        let dv = cuit::check_digit(&first10).unwrap();
        let v = format!("{first10}{dv}");
        prop_assert!(cuit::check(&v).is_ok());
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        let detected = cuit::check(&m).is_err();
        let r = |s: &str| {
            s.bytes()
                .take(10)
                .zip([5u32, 4, 3, 2, 7, 6, 5, 4, 3, 2])
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum::<u32>()
                % 11
        };
        let moved_within_1_2 = pos < 10 && r(&v) + r(&m) == 3 && r(&v).min(r(&m)) == 1;
        prop_assert_eq!(detected, !moved_within_1_2, "{} -> {}", v, m);
        let dashed = format!("{}-{}-{}", &m[..2], &m[2..10], &m[10..]);
        prop_assert_eq!(cuit::check(&dashed).is_err(), detected);
    }
}

// ---------------------------------------------------------------- CURP

fn valid_curp() -> impl Strategy<Value = String> {
    (
        "[A-Z]",
        "[AEIOUX]",
        "[A-Z]{2}",
        (1900i32..2100, 1..13u32, 1..32u32),
        "[HM]",
        select(curp::STATES.to_vec()),
        "[B-DF-HJ-NP-TV-Z]{3}",
        0..10u32,
        "[A-Z]",
    )
        .prop_filter_map(
            "forbidden word or impossible date",
            |(l1, l2, l34, (y, m, d), sex, state, cons, digit, letter)| {
                chrono::NaiveDate::from_ymd_opt(y, m, d)?;
                let diff = if y < 2000 {
                    char::from_digit(digit, 10)?
                } else {
                    letter.chars().next()?
                };
                let first17 = format!(
                    "{l1}{l2}{l34}{:02}{m:02}{d:02}{sex}{state}{cons}{diff}",
                    y % 100
                );
                let dv = curp::check_digit(&first17)?;
                let v = format!("{first17}{dv}");
                curp::check(&v).is_ok().then_some(v)
            },
        )
}

proptest! {
    #![proptest_config(config())]

    /// CURP. Position i (0-based) weighs 18 − i mod 10. Only weights
    /// coprime to 10 turn every digit change into a different sum mod 10,
    /// and of the digit positions only 5, 7 and 9 (weights 13, 11, 9) have
    /// one; position 8 has weight 10 and is invisible to the check digit.
    /// Letters can differ by 10 ('A' = 10, 'K' = 20), so no letter position
    /// is guaranteed. So: a changed digit at positions 5, 7, 9, or a changed
    /// check digit, is always detected.
    #[test]
    fn curp_single_digit_change(v in valid_curp(), pos in select(vec![5usize, 7, 9, 17]), step in 1..10u32) {
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        prop_assert!(curp::check(&m).is_err(), "{} -> {}", v, m);
    }
}

// ---------------------------------------------------------------- RFC

fn valid_rfc() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(3usize), Just(4usize)],
        "[A-Z&Ñ]{4}",
        (0..100i32, 1..13u32, 1..32u32),
        "[1-9A-V]",
        "[1-9A-Z]",
    )
        .prop_filter_map(
            "forbidden word, generic RFC or impossible date",
            |(name_len, name, (yy, m, d), h0, h1)| {
                chrono::NaiveDate::from_ymd_opt(2000 + yy, m, d)?;
                let name: String = name.chars().take(name_len).collect();
                let body = format!("{name}{yy:02}{m:02}{d:02}{h0}{h1}");
                let v = format!("{body}{}", rfc::check_digit(&body)?);
                rfc::check(&v).is_ok().then_some(v)
            },
        )
}

proptest! {
    #![proptest_config(config())]

    /// RFC. Characters are worth 0–38; the first 11 (moral) or 12 (física)
    /// characters are left-padded with spaces to 12 and padded position i
    /// weighs 13 − i, mod 11 (10 is written 'A': no folding). Padded
    /// position 2 weighs 11 ≡ 0 and letters can differ by 11 ('A' = 10,
    /// 'L' = 21), so name and homoclave positions are not guaranteed. The
    /// date digits sit at padded positions 4–9 in both kinds (weights 9 … 4,
    /// none ≡ 0) and two digits differ by less than 11: a changed date digit
    /// always changes the check digit (a warning) or breaks the date (an
    /// error). A changed check digit is always detected (a warning).
    #[test]
    fn rfc_single_digit_change(v in valid_rfc(), date_pos in 0..6usize, step in 1..10u32) {
        let n = v.chars().count();
        let name_len = n - 9;
        let pos = name_len + date_pos;
        let old = v.chars().nth(pos).unwrap();
        let m = replace_char(&v, pos, other_digit(old, step));
        prop_assert!(rfc::check(&m).is_err(), "{} -> {}", v, m);
    }

    #[test]
    fn rfc_check_digit_change(v in valid_rfc(), new in "[0-9A]") {
        let n = v.chars().count();
        let new = new.chars().next().unwrap();
        prop_assume!(!v.ends_with(new));
        let m = replace_char(&v, n - 1, new);
        let r = rfc::check(&m).unwrap_err();
        prop_assert_eq!(r.code, "format.rfc.check_digit");
    }
}

// ---------------------------------------------------------------- no panics

/// A valid value for each format, as a base for positional mutations.
fn sample(format: Format) -> &'static str {
    match format {
        Format::Email => "jane.doe@example.com",
        Format::E164 => "+12025550173",
        Format::Iso3166Alpha2 => "MX",
        Format::Iso3166Alpha3 => "MEX",
        Format::Date => "1990-01-15",
        Format::Uuid => "550e8400-e29b-41d4-a716-446655440000",
        Format::DataUri => "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==",
        Format::Ssn => "536-90-4399",
        Format::Itin => "912-70-3456",
        Format::Ein => "91-1144442",
        Format::Rfc => "MUÑ110218LJ6",
        Format::Curp => "HEGR891009HMNRRD09",
        Format::Cpf => "39053344705",
        Format::Cnpj => "12ABC34501DE35",
        Format::Nit => "800197268-4",
        Format::NitBase => "800197268",
        Format::NitNatural => "79456123-2",
        Format::Nuip => "1032456789",
        Format::DateTime => "2026-01-15T09:30:00.5+05:30",
        Format::Ipv4 => "192.0.2.1",
        Format::Ipv6 => "2001:db8::ffff:192.0.2.1",
        Format::Uri => "urn:isbn:0451450523",
        Format::Url => "https://example.com/a?b=c#d",
        Format::Nino => "AB 12 34 56 C",
        Format::Pan => "ABCPE1234F",
        Format::Rut => "12.345.678-5",
        Format::Cuit => "20-12345678-6",
        _ => "",
    }
}

#[test]
fn samples_are_valid() {
    for f in Format::ALL {
        assert_eq!(f.check(sample(f)), Ok(()), "{}", f.name());
    }
}

/// Exercise everything a value reaches, including the data-URI accessors.
fn exercise(value: &str) {
    for f in Format::ALL {
        let _ = f.check(value);
    }
    if let Ok(uri) = data_uri::parse(value) {
        let _ = (uri.decoded_len(), uri.sniff());
    }
    let hand_built = DataUri {
        media_type: value,
        payload: value,
    };
    let _ = (hand_built.decoded_len(), hand_built.sniff());
    let _ = (
        nit::check_digit(value),
        curp::check_digit(value),
        rfc::check_digit(value),
    );
    let _ = (cpf::check_digits(value), cnpj::check_digits(value));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_string_never_panics(s in prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<char>(), 0..4096).prop_map(String::from_iter),
    ]) {
        exercise(&s);
    }

    #[test]
    fn near_miss_strings_never_panic(s in "[0-9A-Za-z+\\-/=.,;:@&Ñé€😀 ]{0,40}") {
        exercise(&s);
        exercise(&format!("+{s}"));
        exercise(&format!("data:image/png;base64,{s}"));
    }

    /// Every format, a multi-byte character inserted before and substituted
    /// at every character position of a valid value, and appended.
    #[test]
    fn multibyte_at_every_position_never_panics(c in prop_oneof![
        Just('Ñ'), Just('é'), Just('€'), Just('😀'), Just('\u{0301}'), Just('\u{FEFF}'), any::<char>()
    ]) {
        for f in Format::ALL {
            let v = sample(f);
            let n = v.chars().count();
            for pos in 0..=n {
                let mut inserted: String = v.chars().take(pos).collect();
                inserted.push(c);
                inserted.extend(v.chars().skip(pos));
                let replaced = replace_char(v, pos, c);
                for m in [&inserted, &replaced] {
                    let r = f.check(m);
                    if m.as_str() != v {
                        // A non-ASCII character never makes these formats valid.
                        if !matches!(f, Format::Rfc) || c != 'Ñ' {
                            prop_assert!(r.is_err() || c.is_ascii(), "{} {:?}", f.name(), m);
                        }
                    }
                    exercise(m);
                }
            }
        }
    }
}
