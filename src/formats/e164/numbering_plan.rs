//! Whether an E.164 number is in its country's numbering plan, by
//! libphonenumber's own rules over libphonenumber's own metadata.
//!
//! # Source
//!
//! The metadata is Google libphonenumber's `PhoneNumberMetadata.xml`
//! (v9.0.42), compiled to the protocol-buffer `PhoneMetadataCollection` of
//! `phonemetadata.proto`, exactly as the `rlibphonenumber` crate (2.2.15)
//! ships it: `libphonenumber-metadata.bin` beside this file, with its
//! provenance and licence in `NOTICE.md` there. It is decoded with the
//! crate's own message types (`prost`), lazily: start-up reads only each
//! region's calling code (the whole collection took 5.5 M instructions to
//! decode, where one region takes a few thousand), and a region's messages
//! are decoded the first time a number needs them.
//!
//! The rules are libphonenumber's `parse` (no default region) followed by
//! `isValidNumber` and `format(E164)`, as `rlibphonenumber` implements them,
//! cut to the one input shape that reaches here: `+`, then 2 to 15 ASCII
//! digits. For that shape libphonenumber's parse is:
//!
//! 1. the digits after `+` (`maybeExtractCountryCode`): at most 2 is "too
//!    short after IDD";
//! 2. the country calling code is the shortest prefix of 1 to 3 digits that
//!    is a known code (`extractCountryCode`);
//! 3. the national significant number (NSN) is the rest; under 2 digits is
//!    "too short";
//! 4. the country's national prefix for parsing (a trunk prefix such as
//!    `0`, or a transform such as Argentina's mobile `15`) is stripped or
//!    transformed when it matches at the start, unless the number was a
//!    match of the general pattern and the result is not
//!    (`maybeStripNationalPrefixAndCarrierCode`), and the result is kept
//!    only when its length is possible for the country (`testNumberLength`).
//!
//! Formatting back to E.164 gives `+`, the code and the NSN, so the number
//! formats back to the same string exactly when step 4 changed nothing.
//! It is valid (`isValidNumber`) when the NSN matches the general
//! description and one number type (premium rate, toll free, shared cost,
//! VoIP, personal, pager, UAN, voicemail, fixed line, mobile), each with
//! its possible lengths; for a code shared by several regions (`+1`,
//! `+7`, …), in the first region whose leading digits match or whose types
//! know the number (`getRegionCodeForNumberFromRegionList`).
//!
//! # Why not call the crate
//!
//! The verdicts are the crate's (a test in `tests/it/e164_plan.rs` compares
//! them number by number over every region's example numbers and their
//! mutations). The cost is not: the crate compiles its patterns with
//! Unicode-aware `\d`, about 1.9 M instructions each, and 15 global parsing
//! patterns (45 M instructions) before its first number. Every number here
//! is ASCII digits, so the same patterns compile with ASCII classes
//! (Unicode off) at a small part of the cost, and without the global
//! patterns, which only free-text parsing needs. Whole-number patterns,
//! only ever asked whether they match, are regex-automata's meta engine
//! without a full DFA; the national prefix, whose groups and transform
//! rule matter, is a `regex::bytes::Regex`.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::e164;
//!
//! assert!(e164::check("+442071838750").is_ok()); // London
//! assert!(e164::check("+4402071838750").is_err()); // trunk 0 kept: strips, so formats differently
//! ```

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use bytes::Bytes;
use prost::Message as _;
use regex::bytes::{Regex, RegexBuilder};
use regex_automata::meta::Regex as FullMatch;
use regex_automata::util::syntax::Config as SyntaxConfig;
use rlibphonenumber::{PhoneMetadata, PhoneNumberDesc};

/// The compiled metadata, `PhoneMetadataCollection` in protocol-buffer
/// wire format (see `NOTICE.md` beside this file).
const METADATA: &[u8] = include_bytes!("libphonenumber-metadata.bin");

/// libphonenumber's `MIN_LENGTH_FOR_NSN`.
const MIN_LENGTH_FOR_NSN: usize = 2;
/// libphonenumber's `MAX_LENGTH_FOR_NSN`.
const MAX_LENGTH_FOR_NSN: usize = 17;
/// libphonenumber's `MAX_LENGTH_COUNTRY_CODE`.
const MAX_LENGTH_COUNTRY_CODE: usize = 3;
/// Country calling codes are 1 to 3 digits: an index by code.
const CODES: usize = 1000;

/// Whether `digits` (the number after `+`: ASCII digits, the first not `0`)
/// is a number libphonenumber parses, says is valid, and formats back to
/// `+` and the same digits.
///
/// Never panics; a pattern of the metadata that does not compile matches
/// nothing, so its numbers read as outside the plan (a warning, never an
/// error: docs/design.md, "severity").
pub(crate) fn is_valid(digits: &[u8]) -> bool {
    PLAN.is_valid(digits)
}

/// The metadata by calling code.
struct Plan {
    entries: Vec<Lazy>,
    /// Calling code → entries, the code's main region first, then the rest
    /// in metadata order (libphonenumber's `country_calling_code_to_region_map`).
    by_code: Vec<Vec<usize>>,
}

static PLAN: LazyLock<Plan> = LazyLock::new(|| Plan::decode(Bytes::from_static(METADATA)));

/// `PhoneMetadataCollection` read with each `PhoneMetadata` left encoded:
/// an embedded message and a `bytes` field are the same on the wire.
#[derive(Clone, PartialEq, prost::Message)]
struct EncodedCollection {
    #[prost(bytes = "bytes", repeated, tag = "1")]
    metadata: Vec<Bytes>,
}

/// The two fields of a `PhoneMetadata` that index it, with the tags of
/// `phonemetadata.proto`; decoding skips the rest.
#[derive(Clone, PartialEq, prost::Message)]
struct MetadataKey {
    #[prost(int32, optional, tag = "10")]
    country_code: Option<i32>,
    #[prost(bool, optional, tag = "22")]
    main_country_for_code: Option<bool>,
}

/// One region's metadata, still encoded, and decoded on first use. A
/// message that does not decode is no entry: its numbers read as outside
/// the plan (a warning).
struct Lazy {
    encoded: Bytes,
    /// Boxed: the index holds every region, and an `Entry` (its patterns'
    /// slots) is large; only the regions numbers need are decoded.
    entry: OnceLock<Option<Box<Entry>>>,
}

impl Lazy {
    fn get(&self) -> Option<&Entry> {
        self.entry
            .get_or_init(|| {
                PhoneMetadata::decode(self.encoded.clone())
                    .ok()
                    .map(|m| Box::new(Entry::from(m)))
            })
            .as_deref()
    }
}

impl Plan {
    /// [`is_valid`] over this plan.
    fn is_valid(&self, digits: &[u8]) -> bool {
        // Step 1: "too short after IDD".
        if digits.len() <= MIN_LENGTH_FOR_NSN || !digits.iter().all(u8::is_ascii_digit) {
            return false;
        }
        let plan = self;
        // Step 2.
        let Some((regions, nsn)) = plan.split_country_code(digits) else {
            return false;
        };
        let Some(main) = regions.first().and_then(|&i| plan.entry(i)) else {
            return false;
        };
        // Steps 3 and 4, and the E.164 round trip.
        if nsn.len() < MIN_LENGTH_FOR_NSN || nsn.len() > MAX_LENGTH_FOR_NSN || main.changes(nsn) {
            return false;
        }
        if let [only] = regions {
            return plan.entry(*only).is_some_and(|e| e.knows(nsn));
        }
        // `getRegionCodeForNumberFromRegionList`: the first region whose
        // leading digits start the number, or which knows it; then whether
        // that region knows it (already answered when it was found so).
        regions
            .iter()
            .filter_map(|&i| plan.entry(i))
            .find_map(|e| {
                if e.leading_digits.is_match_start(nsn) {
                    Some(e.knows(nsn))
                } else {
                    e.knows(nsn).then_some(true)
                }
            })
            .unwrap_or(false)
    }

    /// The plan of an encoded collection, indexed as libphonenumber indexes
    /// it; each region decoded on first use. A collection that does not
    /// decode is an empty plan (every number outside it: warnings). The test
    /// `the_metadata_decodes` pins that the shipped one decodes whole.
    fn decode(bytes: Bytes) -> Self {
        let collection = EncodedCollection::decode(bytes).unwrap_or_default();
        let mut plan = Plan {
            entries: Vec::with_capacity(collection.metadata.len()),
            by_code: vec![Vec::new(); CODES],
        };
        for encoded in collection.metadata {
            let Ok(key) = MetadataKey::decode(encoded.clone()) else {
                continue;
            };
            let Some(code) = key
                .country_code
                .and_then(|c| usize::try_from(c).ok())
                .filter(|&c| c < CODES)
            else {
                continue;
            };
            let main = key.main_country_for_code();
            let index = plan.entries.len();
            plan.entries.push(Lazy {
                encoded,
                entry: OnceLock::new(),
            });
            if let Some(list) = plan.by_code.get_mut(code) {
                if main {
                    list.insert(0, index);
                } else {
                    list.push(index);
                }
            }
        }
        plan
    }

    /// Entry `index`, decoded.
    fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index).and_then(Lazy::get)
    }

    /// The entries of the shortest known calling code `digits` starts with,
    /// and the digits after it (`extractCountryCode`).
    fn split_country_code<'d>(&self, digits: &'d [u8]) -> Option<(&[usize], &'d [u8])> {
        if digits.first() == Some(&b'0') {
            return None;
        }
        let mut code = 0usize;
        for (len, &d) in digits.iter().enumerate().take(MAX_LENGTH_COUNTRY_CODE) {
            let digit = d.checked_sub(b'0').filter(|v| *v < 10)?;
            code = code * 10 + usize::from(digit);
            if let Some(list) = self.by_code.get(code).filter(|l| !l.is_empty()) {
                return Some((list, digits.get(len + 1..).unwrap_or_default()));
            }
        }
        None
    }
}

/// One region's (or non-geographic code's) metadata, as far as validity needs it.
struct Entry {
    general: Desc,
    /// Tested in libphonenumber's order (`getNumberTypeHelper`): premium
    /// rate, toll free, shared cost, VoIP, personal number, pager, UAN,
    /// voicemail.
    special: [Desc; 8],
    fixed_line: Desc,
    mobile: Desc,
    same_mobile_and_fixed_line_pattern: bool,
    leading_digits: Pattern,
    national_prefix_for_parsing: Pattern,
    national_prefix_transform_rule: String,
    /// For each national number length, the patterns of the types that
    /// length is possible for, as one alternation ([`Entry::any_type`]).
    any_type: [OnceLock<Option<FullMatch>>; MAX_LENGTH_FOR_NSN + 1],
}

// rlibphonenumber marks the descriptions deprecated because its own wrapper
// moves them out of the messages it keeps; a message decoded here has them.
#[allow(deprecated)]
impl From<PhoneMetadata> for Entry {
    fn from(m: PhoneMetadata) -> Self {
        let same = m.same_mobile_and_fixed_line_pattern();
        Entry {
            general: Desc::from(m.general_desc),
            special: [
                m.premium_rate,
                m.toll_free,
                m.shared_cost,
                m.voip,
                m.personal_number,
                m.pager,
                m.uan,
                m.voicemail,
            ]
            .map(Desc::from),
            fixed_line: Desc::from(m.fixed_line),
            mobile: Desc::from(m.mobile),
            same_mobile_and_fixed_line_pattern: same,
            leading_digits: Pattern::new(m.leading_digits),
            national_prefix_for_parsing: Pattern::new(m.national_prefix_for_parsing),
            national_prefix_transform_rule: m.national_prefix_transform_rule.unwrap_or_default(),
            any_type: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

impl Entry {
    /// `getNumberTypeHelper(nsn) != UNKNOWN`: the general description
    /// matches, then some type's does. Which type does not matter here,
    /// so the types are asked at once ([`Entry::any_type`]); a length
    /// without one asks them in libphonenumber's order ([`Entry::types`]).
    fn knows(&self, nsn: &[u8]) -> bool {
        if !self.general.matches(nsn) {
            return false;
        }
        match self.any_type(nsn.len()) {
            Some(any) => any.is_match(nsn),
            None => self.types().any(|d| d.matches(nsn)),
        }
    }

    /// The descriptions `getNumberTypeHelper` tries after the general one,
    /// in its order: the eight special types, fixed line, then mobile
    /// unless its pattern is fixed line's.
    fn types(&self) -> impl Iterator<Item = &Desc> {
        let mobile = (!self.same_mobile_and_fixed_line_pattern).then_some(&self.mobile);
        self.special
            .iter()
            .chain(std::iter::once(&self.fixed_line))
            .chain(mobile)
    }

    /// One pattern that matches a number of `len` digits exactly when some
    /// type's description does ([`Desc::matches`]): the alternation of the
    /// whole-number patterns, each anchored at both ends as shipped, of the
    /// types that list `len` as possible (or list no length). One pass of
    /// one automaton, where trying the types one by one ran up to ten.
    /// Compiled on the first number of that length. `None` when no type
    /// could match (no pattern for that length), or when the alternation
    /// does not compile (then the types are tried one by one, each as
    /// before: a pattern that does not compile matches nothing).
    fn any_type(&self, len: usize) -> Option<&FullMatch> {
        self.any_type
            .get(len)?
            .get_or_init(|| {
                let branches: Vec<String> = self
                    .types()
                    .filter(|d| d.possible(len))
                    .filter_map(|d| d.pattern.effective())
                    .map(|p| format!("(?:{p})"))
                    .collect();
                if branches.is_empty() {
                    return None;
                }
                compile_full(&branches.join("|"))
            })
            .as_ref()
    }

    /// Whether parsing would strip or transform a national prefix at the
    /// start of `nsn` and keep the result, so that the number no longer
    /// formats back to the same digits.
    fn changes(&self, nsn: &[u8]) -> bool {
        let stripped = self.strip_national_prefix(nsn);
        if *stripped == *nsn {
            return false;
        }
        // Kept unless "too short", "possible local only" or "invalid length".
        matches!(self.length(&stripped), Length::Possible | Length::TooLong)
    }

    /// `maybeStripNationalPrefixAndCarrierCode`, the number it leaves.
    fn strip_national_prefix<'n>(&self, nsn: &'n [u8]) -> Cow<'n, [u8]> {
        let Some(prefix) = self
            .national_prefix_for_parsing
            .start()
            .filter(|_| !nsn.is_empty())
        else {
            return Cow::Borrowed(nsn);
        };
        // Most numbers do not start with their country's national prefix:
        // find that out without building captures (an allocation) or
        // matching the general pattern, which only a match needs.
        if !prefix.is_match(nsn) {
            return Cow::Borrowed(nsn);
        }
        let Some(captures) = prefix.captures(nsn) else {
            return Cow::Borrowed(nsn);
        };
        let viable = self.general.pattern.is_match_full(nsn);
        let first = captures.get(1);
        let second = captures.get(2);
        let rule = self.national_prefix_transform_rule.as_bytes();
        let transforms = first.is_some_and(|f| {
            !rule.is_empty()
                && (second.is_some_and(|s| !s.is_empty()) || (!f.is_empty() && second.is_none()))
        });
        let result = if transforms {
            prefix.replace(nsn, rule)
        } else {
            match captures.get(0) {
                Some(whole) => Cow::Borrowed(nsn.get(whole.end()..).unwrap_or_default()),
                None => Cow::Borrowed(nsn),
            }
        };
        if viable && !self.general.pattern.is_match_full(&result) {
            Cow::Borrowed(nsn)
        } else {
            result
        }
    }

    /// `testNumberLength` for the unknown type (the general description).
    fn length(&self, number: &[u8]) -> Length {
        let possible = length_mask(&self.general.possible_length);
        let local = length_mask(&self.general.possible_length_local_only);
        if possible == 0 {
            return Length::Invalid;
        }
        let Ok(actual) = u32::try_from(number.len()) else {
            return Length::TooLong;
        };
        if actual >= 64 {
            return Length::TooLong;
        }
        let bit = 1u64 << actual;
        if local & bit != 0 {
            return Length::LocalOnly;
        }
        let minimum = possible.trailing_zeros();
        let maximum = 63 - possible.leading_zeros();
        if minimum == actual {
            Length::Possible
        } else if minimum > actual {
            Length::TooShort
        } else if maximum < actual {
            Length::TooLong
        } else if possible & bit != 0 {
            Length::Possible
        } else {
            Length::Invalid
        }
    }
}

/// `testNumberLength`'s verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

/// libphonenumber's length mask: a bit per possible length; `-1` (the type
/// does not exist) clears it.
fn length_mask(lengths: &[i32]) -> u64 {
    lengths
        .iter()
        .fold(0u64, |mask, &l| match u32::try_from(l) {
            Ok(l) if l < 64 => mask | (1u64 << l),
            Ok(_) => mask,
            Err(_) => 0,
        })
}

/// A number description: its pattern and possible lengths.
struct Desc {
    pattern: Pattern,
    possible_length: Vec<i32>,
    possible_length_local_only: Vec<i32>,
}

#[allow(deprecated)] // as for `Entry`
impl From<Option<PhoneNumberDesc>> for Desc {
    fn from(d: Option<PhoneNumberDesc>) -> Self {
        let d = d.unwrap_or_default();
        Desc {
            pattern: Pattern::new(d.national_number_pattern),
            possible_length: d.possible_length,
            possible_length_local_only: d.possible_length_local_only,
        }
    }
}

impl Desc {
    /// `isNumberMatchingDesc`: a possible length (when the description
    /// lists any) and a full match of the pattern.
    fn matches(&self, nsn: &[u8]) -> bool {
        self.possible(nsn.len()) && self.pattern.is_match_full(nsn)
    }

    /// A number of `len` digits may match: the description lists no
    /// possible length, or lists `len`.
    fn possible(&self, len: usize) -> bool {
        let len = i32::try_from(len).unwrap_or(i32::MAX);
        self.possible_length.is_empty() || self.possible_length.contains(&len)
    }
}

/// One metadata pattern, shipped anchored as `^(?:…)$`, compiled on first use
/// in its two anchorings (rlibphonenumber's `RegexTriplets`: a base under six
/// characters is the empty pattern).
struct Pattern {
    base: Option<String>,
    full: OnceLock<Option<FullMatch>>,
    start: OnceLock<Option<Regex>>,
}

/// `^(?:)$`, the shortest wrapped pattern.
const MIN_LENGTH_FOR_WRAPPED_PATTERN: usize = 6;

impl Pattern {
    fn new(base: Option<String>) -> Self {
        Pattern {
            base,
            full: OnceLock::new(),
            start: OnceLock::new(),
        }
    }

    fn full(&self) -> Option<&FullMatch> {
        self.full
            .get_or_init(|| compile_full(self.effective()?))
            .as_ref()
    }

    /// The pattern as matched: the shipped one, or the empty pattern for
    /// one too short to be wrapped; `None` when there is none.
    fn effective(&self) -> Option<&str> {
        let base = self.base.as_deref()?;
        Some(if base.len() >= MIN_LENGTH_FOR_WRAPPED_PATTERN {
            base
        } else {
            ""
        })
    }

    fn start(&self) -> Option<&Regex> {
        self.start
            .get_or_init(|| {
                let base = self.base.as_deref()?;
                let unanchored_end = if base.len() >= MIN_LENGTH_FOR_WRAPPED_PATTERN {
                    base.get(..base.len() - 1).unwrap_or_default()
                } else {
                    ""
                };
                compile(unanchored_end)
            })
            .as_ref()
    }

    fn is_match_full(&self, number: &[u8]) -> bool {
        self.full().is_some_and(|r| r.is_match(number))
    }

    fn is_match_start(&self, number: &[u8]) -> bool {
        self.start().is_some_and(|r| r.is_match(number))
    }
}

/// The pattern with ASCII classes: every number here is ASCII digits, so
/// `\d` as `[0-9]` decides the same as libphonenumber's Unicode `\d`.
fn compile(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern).unicode(false).build().ok()
}

/// A whole-number pattern, only ever asked whether it matches: built with
/// ASCII classes as [`compile`], and without a full DFA. The crate enables
/// regex-automata's `dfa-build` (for the e-mail format's DFA), and with it
/// `regex` builds a full DFA for every small pattern: 306 of them on the
/// first 1,000 reference lines, 49.6 M of the 104 M instructions their
/// compiling took. The lazy DFA that replaces it matches these 2 to 17 digit
/// numbers in the same instructions a record (93,800 against 94,000).
fn compile_full(pattern: &str) -> Option<FullMatch> {
    FullMatch::builder()
        .configure(FullMatch::config().dfa(false))
        .syntax(SyntaxConfig::new().unicode(false).utf8(false))
        .build(pattern)
        .ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use rlibphonenumber::PhoneMetadataCollection;

    use super::*;

    #[test]
    fn the_metadata_decodes() {
        let collection = PhoneMetadataCollection::decode(METADATA).unwrap();
        assert!(
            collection.metadata.len() > 240,
            "{}",
            collection.metadata.len()
        );
        assert_eq!(PLAN.entries.len(), collection.metadata.len());
        // Each entry, decoded lazily, is the message the whole decode gave.
        for (lazy, whole) in PLAN.entries.iter().zip(&collection.metadata) {
            assert_eq!(
                PhoneMetadata::decode(lazy.encoded.clone()).as_ref(),
                Ok(whole)
            );
            assert!(lazy.get().is_some());
        }
        // +1 is shared by the NANPA regions, US first (its main country).
        assert!(PLAN.by_code[1].len() > 20);
        assert_eq!(
            collection.metadata[PLAN.by_code[1][0]].id, "US",
            "the main country leads its code"
        );
    }

    #[test]
    fn a_collection_that_does_not_decode_is_an_empty_plan() {
        let plan = Plan::decode(Bytes::from_static(b"\x0a\xff"));
        assert!(plan.entries.is_empty());
        assert!(!plan.is_valid(b"12025550123"));
    }

    /// A region whose key decodes but whose message does not (its `id`,
    /// tag 9, is not UTF-8) is indexed, and knows no number; the regions
    /// beside it are unaffected.
    #[test]
    #[allow(deprecated)]
    fn a_region_that_does_not_decode_knows_no_number() {
        let desc = || {
            Some(PhoneNumberDesc {
                national_number_pattern: Some(r"^(?:\d{6})$".to_owned()),
                possible_length: vec![6],
                ..Default::default()
            })
        };
        let good = PhoneMetadata {
            id: "AD".to_owned(),
            country_code: Some(999),
            general_desc: desc(),
            fixed_line: desc(),
            main_country_for_code: Some(true),
            ..Default::default()
        };
        let mut bytes = PhoneMetadataCollection {
            metadata: vec![good],
        }
        .encode_to_vec();
        // Field 1 (length 6): country_code 998, then id = [0xff].
        bytes.extend_from_slice(&[0x0a, 6, 0x50, 0xe6, 0x07, 0x4a, 1, 0xff]);
        let plan = Plan::decode(Bytes::from(bytes));
        assert_eq!(plan.entries.len(), 2);
        assert_eq!(plan.by_code[998], [1]);
        assert!(plan.entry(1).is_none());
        assert!(!plan.is_valid(b"998123456"));
        assert!(plan.is_valid(b"999123456"));
    }

    #[test]
    fn every_pattern_compiles_with_ascii_classes() {
        for e in PLAN.entries.iter().filter_map(Lazy::get) {
            for d in [&e.general, &e.fixed_line, &e.mobile]
                .into_iter()
                .chain(&e.special)
            {
                assert_eq!(d.pattern.base.is_some(), d.pattern.full().is_some());
            }
            for p in [&e.leading_digits, &e.national_prefix_for_parsing] {
                assert_eq!(p.base.is_some(), p.full().is_some());
                assert_eq!(p.base.is_some(), p.start().is_some());
            }
        }
    }

    #[test]
    fn country_codes_are_the_shortest_known_prefix() {
        let (list, rest) = PLAN.split_country_code(b"442071838750").unwrap();
        assert_eq!(rest, b"2071838750");
        assert!(!list.is_empty());
        assert!(PLAN
            .split_country_code(b"80012345678")
            .is_some_and(|(_, r)| r == b"12345678"));
        assert!(PLAN.split_country_code(b"2801234567").is_none()); // 28x is unassigned
        assert!(PLAN.split_country_code(b"0123").is_none());
    }

    #[test]
    fn length_masks_follow_libphonenumber() {
        assert_eq!(length_mask(&[]), 0);
        assert_eq!(length_mask(&[7, 9]), (1 << 7) | (1 << 9));
        assert_eq!(length_mask(&[7, -1]), 0);
        assert_eq!(length_mask(&[-1, 8]), 1 << 8);
    }

    #[test]
    fn trunk_prefixes_are_stripped_and_transforms_applied() {
        // UK: national prefix 0.
        assert!(!is_valid(b"4402071838750"));
        assert!(is_valid(b"442071838750"));
        // Argentina: the national prefix for parsing turns a Buenos Aires
        // mobile dialled at home (11 15 2345-6789) into 9 11 2345-6789, so
        // only the second form is the E.164 one.
        assert!(is_valid(b"5491123456789"));
        assert!(!is_valid(b"54111523456789"));
    }

    /// The branches no real number reaches (86,373 tried, tests/it/e164_plan.rs),
    /// pinned on made-up metadata, with the reference the crate's own
    /// `PhoneNumberUtil` built from the same metadata (`new_for_metadata`).
    mod made_up_metadata {
        use rlibphonenumber::{PhoneNumberFormat, PhoneNumberUtil};

        use super::*;

        /// A description: `pattern` wrapped as the shipped metadata is.
        #[allow(deprecated)]
        fn desc(pattern: &str, lengths: &[i32]) -> Option<PhoneNumberDesc> {
            Some(PhoneNumberDesc {
                national_number_pattern: Some(format!("^(?:{pattern})$")),
                possible_length: lengths.to_vec(),
                ..Default::default()
            })
        }

        #[allow(deprecated)] // the descriptions: see `Entry`
        fn region(id: &str, code: i32, general: (&str, &[i32])) -> PhoneMetadata {
            PhoneMetadata {
                id: id.to_owned(),
                country_code: Some(code),
                general_desc: desc(general.0, general.1),
                main_country_for_code: Some(true),
                ..Default::default()
            }
        }

        /// Our verdict and the crate's, for each number, on `metadata`.
        fn both(metadata: Vec<PhoneMetadata>, numbers: &[&str]) -> Vec<(bool, bool)> {
            let collection = PhoneMetadataCollection { metadata };
            let plan = Plan::decode(Bytes::from(collection.encode_to_vec()));
            let util = PhoneNumberUtil::new_for_metadata(collection).unwrap();
            numbers
                .iter()
                .map(|v| {
                    let reference = util.parse(*v, None).is_ok_and(|n| {
                        util.is_valid_number(&n) && util.format(&n, PhoneNumberFormat::E164) == *v
                    });
                    (
                        plan.is_valid(v.as_bytes().get(1..).unwrap_or_default()),
                        reference,
                    )
                })
                .collect()
        }

        /// A national prefix stripped from a number that is valid with it
        /// and without it: the number then formats without it, so it is not
        /// the E.164 form.
        #[test]
        #[allow(deprecated)]
        fn a_strip_that_is_kept_changes_the_number() {
            let mut r = region("AD", 999, (r"\d{6,7}", &[6, 7]));
            r.fixed_line = desc(r"\d{6,7}", &[6, 7]);
            r.national_prefix_for_parsing = Some("^(?:0)$".to_owned());
            let got = both(vec![r], &["+9990123456", "+999123456", "+99912345"]);
            assert_eq!(got, [(false, false), (true, true), (false, false)]);
        }

        /// A transform that lengthens past the possible lengths: "too long"
        /// keeps the result, so the number changes.
        #[test]
        #[allow(deprecated)]
        fn a_too_long_transform_is_kept() {
            let mut r = region("AD", 999, (r"\d{6,9}", &[6, 7]));
            r.fixed_line = desc(r"\d{6,9}", &[]);
            r.national_prefix_for_parsing = Some("^(?:0(1))$".to_owned());
            r.national_prefix_transform_rule = Some("991$1".to_owned());
            let got = both(vec![r], &["+9990123456", "+9992123456"]);
            assert_eq!(got, [(false, false), (true, true)]);
        }

        /// A shared code: the first region whose leading digits match is the
        /// number's region, even when only a later one knows the number.
        #[test]
        #[allow(deprecated)]
        fn leading_digits_choose_the_region_first() {
            let mut main = region("AE", 998, (r"\d{6}", &[6]));
            main.leading_digits = Some("^(?:12)$".to_owned());
            main.fixed_line = desc(r"9\d{5}", &[6]);
            let mut other = region("AF", 998, (r"\d{6}", &[6]));
            other.main_country_for_code = Some(false);
            other.fixed_line = desc(r"\d{6}", &[6]);
            let got = both(
                vec![main, other],
                &["+998123456", "+998923456", "+998523456"],
            );
            assert_eq!(got, [(false, false), (true, true), (true, true)]);
        }

        /// Types of different possible lengths, asked at once: a number
        /// matches only the types that list its length.
        #[test]
        #[allow(deprecated)]
        fn each_length_asks_the_types_it_is_possible_for() {
            let mut r = region("AD", 999, (r"\d{6,8}", &[6, 7, 8]));
            r.fixed_line = desc(r"\d{6}", &[6]);
            r.toll_free = desc(r"8\d{5,6}", &[7]);
            r.mobile = desc(r"7\d{5,7}", &[8]);
            let got = both(
                vec![r],
                &[
                    "+999123456",   // fixed line
                    "+9998123456",  // toll free
                    "+999812345",   // toll free's pattern, fixed line's length
                    "+99971234567", // mobile
                    "+9997123456",  // mobile's pattern, toll free's length
                    "+9991234567",  // no type
                ],
            );
            assert_eq!(
                got,
                [
                    (true, true),
                    (true, true),
                    (true, true),
                    (true, true),
                    (false, false),
                    (false, false)
                ]
            );
        }

        /// Mobile and fixed-line patterns marked the same: mobile is not
        /// tried when fixed line fails, whatever its lengths.
        #[test]
        #[allow(deprecated)]
        fn same_mobile_and_fixed_line_pattern_skips_mobile() {
            let mut r = region("AD", 999, (r"\d{6,7}", &[6, 7]));
            r.fixed_line = desc(r"\d{6,7}", &[6]);
            r.mobile = desc(r"\d{6,7}", &[7]);
            r.same_mobile_and_fixed_line_pattern = Some(true);
            let mut differ = r.clone();
            differ.same_mobile_and_fixed_line_pattern = Some(false);
            assert_eq!(
                both(vec![r], &["+999123456", "+9991234567"]),
                [(true, true), (false, false)]
            );
            assert_eq!(
                both(vec![differ], &["+999123456", "+9991234567"]),
                [(true, true), (true, true)]
            );
        }
    }

    /// The types asked at once answer as the types asked one by one, on
    /// every region of the shipped metadata: each type's example number,
    /// and each with one digit changed, one dropped and one added.
    #[test]
    #[allow(deprecated)]
    fn the_types_at_once_answer_as_one_by_one() {
        let collection = PhoneMetadataCollection::decode(METADATA).unwrap();
        let mut asked = 0;
        for (lazy, whole) in PLAN.entries.iter().zip(&collection.metadata) {
            let entry = lazy.get().unwrap();
            let examples = [
                &whole.general_desc,
                &whole.fixed_line,
                &whole.mobile,
                &whole.toll_free,
                &whole.premium_rate,
                &whole.shared_cost,
                &whole.personal_number,
                &whole.voip,
                &whole.pager,
                &whole.uan,
                &whole.voicemail,
            ]
            .into_iter()
            .filter_map(|d| d.as_ref()?.example_number.clone());
            for example in examples {
                let digits = example.into_bytes();
                let mut numbers = vec![digits.clone(), [&digits[..], b"0"].concat()];
                if let Some((_, shorter)) = digits.split_last() {
                    numbers.push(shorter.to_vec());
                }
                for i in 0..digits.len() {
                    let mut changed = digits.clone();
                    changed[i] = b'0' + (changed[i] - b'0' + 1) % 10;
                    numbers.push(changed);
                }
                for nsn in numbers {
                    let one_by_one = entry.types().any(|d| d.matches(&nsn));
                    let at_once = entry.any_type(nsn.len()).is_some_and(|r| r.is_match(&nsn));
                    assert_eq!(at_once, one_by_one, "{} {:?}", whole.id, nsn);
                    asked += 1;
                }
            }
        }
        assert!(asked > 10_000, "{asked}");
    }

    #[test]
    fn hostile_digits_do_not_panic() {
        for d in [
            &b""[..],
            b"1",
            b"12",
            b"123",
            b"999999999999999",
            b"1\xff3",
            b"+12",
        ] {
            let _ = is_valid(d);
        }
    }
}
