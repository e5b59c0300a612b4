//! A deterministic, seeded generator of Kira `POST /v1/users` payloads
//! (`kira/create-user`), valid and with typical integration defects, for
//! benchmarks and tests.
//!
//! It is a port of the benchmark corpus generator `gen_corpus.py` (the
//! side-by-side comparison's `bench/` folder), adapted so that "valid" means
//! valid under this crate's rule set, not under the bench's JSON Schema.
//! Include it with
//! `#[path = "support/corpus.rs"] mod corpus;` (from `benches/`) or
//! `#[path = "../benches/support/corpus.rs"] mod corpus;` (from `tests/` or
//! `examples/`); it uses only `rand`, `rand_chacha`, `serde_json`, `base64`
//! and `chrono`, never the crate itself. `examples/gen_corpus.rs` writes
//! JSON Lines corpora with it.
//!
//! # What it generates
//!
//! - [`Generator::valid`]: a payload of about 3 KB (compact JSON) that passes
//!   **every gate** of `kira/create-user` (`request`, `verification`,
//!   `product:usa-virtual-accounts`, `product:act`) with no error finding,
//!   checked with `today` = [`REF_DATE`] (2026-01-01). Countries USA, MEX,
//!   BRA, COL, GBR weighted 35/20/15/15/15; 35% businesses. Names, streets,
//!   cities, postcodes and phone numbers (real area codes and mobile
//!   prefixes, so libphonenumber accepts them) follow each country;
//!   identifiers carry valid check digits (SSN, EIN prefix, RFC and CURP
//!   built from the person's names and birth date, CPF, CNPJ, NIT); each
//!   document is a `data:` URI of a small JPEG, PNG or PDF whose bytes start
//!   with the format's magic bytes.
//! - [`Generator::mixed`]: with probability [`DEFECT_SHARE`] (one half) a
//!   payload with 1 to 5 realistic defects (weights 35/25/18/12/10), each
//!   returned as a [`Defect`]: its kind, the JSON Pointer it touches and the
//!   findings (pointer, code, gate and, for array-level rules, rule id) the
//!   check must report for it; otherwise a valid payload and no defect.
//! - [`Generator::bigdoc`]: a valid payload carrying one document of about
//!   [`BIGDOC_BASE64_BYTES`] (8 MB) of base64: a JPEG selfie, a PNG scan of
//!   the front of an ID, a PDF proof of address or a PDF business formation
//!   document, in turn.
//!
//! # Defects
//!
//! | kind | what | finding(s) |
//! | --- | --- | --- |
//! | `missing_required` | `email`, `first_name`, `last_name`, `business_legal_name`, or an associated person's `first_name`, `last_name`, `birth_date`, `identifying_information` removed | `required`, `request` (names, email) or `verification` |
//! | `bad_e164` | an individual's `phone` without `+`, with spaces or dashes, national format, `00` prefix, too long, country code 0 (a business phone has no documented format: not E.164 is only a warning there) | `format.e164`, `request` |
//! | `lowercase_country` | a country code lower or title case (`mex`, `Usa`) | `format.iso3166-alpha3`, `request` |
//! | `bad_date` | `17/05/1990`, `1990-02-30`, `19900517`, `…T00:00:00Z`, … | `format.date` or `format.date.invalid`, `request` |
//! | `enum_typo` | `M`, `Male`, `salery`, `5000-9999`, `LLC`, `drivers_licence`, `Front`, `yes`, `individul`, a NAICS code for a subsector, … | `enum`: `request`; `verification` for an individual's `source_of_funds`/`account_purpose`; `product:act` for `additional_info` yes/no |
//! | `wrong_media_type` | GIF, WebP, `image/jpg`, `application/octet-stream`, declared type not the bytes', no `;base64`, bare base64 | `file.media_type` / `format.data-uri*` (`request`), `file.content_mismatch` (`verification`) |
//! | `explain_missing` | an international individual's `has_denied_bank_account` `Yes` without `denied_bank_account_explain` | `required`, `product:act` |
//! | `ownership_over_100` | one owner's `ownership_percentage` over 100 | `range` (`request`) and `sum` at `/associated_persons` (`verification`) |
//! | `rule` | USA individual without `ssn` entry; international without `tax_id` entry or `expected_monthly_payments`; business without `ein`/`rfc`/`cnpj`; associated person's ID without `front` | `contains` (rules `ssn-entry`, `tax-id-entry`, `associated-person-government-id-front`) or `required`, all `verification` |
//! | `missing_source_of_wealth` | the `source_of_wealth` entry removed | `contains` (rule `source-of-wealth`), `product:usa-virtual-accounts` |
//!
//! Defects of one payload never touch the same value, nor a value inside
//! another's; a defect that would change which rules apply to another (the
//! `type`, or `address_country` when another defect depends on it) is not
//! combined with it; removing an array item renumbers the pointers of the
//! defects already applied. So every label holds on the final payload.
//!
//! # Where this differs from `gen_corpus.py` and its JSON Schema
//!
//! The Python generator's notion of valid is its schema
//! (`kira-user.schema.json`); ours is `rules/kira/create-user.toml`. Where
//! they disagree this generator follows the rules:
//!
//! - CPF and CNPJ are sent as bare digits (`12345678909`), not punctuated
//!   (`123.456.789-09`, `12.345.678/0001-95`, which the Python generator
//!   sends and the schema accepts): the `cpf`/`cnpj` formats reject
//!   punctuation, as the identifier vectors require. SSNs are `AAA-GG-SSSS`
//!   as in Python; the schema's `-?` pattern would also take one dash
//!   (`123-456789`), which the `ssn` format rejects.
//! - Identifiers pass their check digits, which the schema does not check:
//!   a Colombian tax id is a 9-digit NIT base, `-` and its DIAN check digit
//!   (Python: a 10-digit base and a random digit, `format.nit`); CURPs have
//!   the RENAPO check digit and the century digit/letter matching the
//!   birth year (Python: random, `format.curp.check_digit` nine times in
//!   ten); EINs use assigned IRS prefixes (Python: any, about 1 in 6
//!   `format.ein.prefix`). RFCs and CURPs are built from the person's
//!   names (no forbidden word) with a homoclave in the SAT pattern and its
//!   check digit, so not even the RFC warnings fire.
//! - Phone numbers use real area codes and mobile prefixes (Python: random
//!   digits, which libphonenumber often rejects: warnings
//!   `format.e164.not_in_numbering_plan`). Valid payloads have no finding
//!   at all, warnings included.
//! - `business_type` takes Kira's values (`limited_liability_company`,
//!   `corporation`, `general_partnership`, `limited_liability_partnership`,
//!   `sole_proprietor`, `publicly_traded_company`, ...), not the schema's
//!   `llc`, `partnership`, `sole_proprietorship`, `cooperative`, `other`;
//!   those are now `enum_typo` values.
//! - `business_industry` holds Kira's NAICS subsector names
//!   (`professional_scientific_technical`), not 6-digit NAICS codes
//!   (`541511`); a code is now an `enum_typo`.
//! - `immigration_status` takes Kira's ACT values (`Non-Resident of U.S.`,
//!   `Permanent U.S. Resident`, `Non-Permanent U.S. Resident`) instead of
//!   `permanent_resident`, `work_visa`, ...; it is sent for every
//!   international individual (required for `product:act`).
//! - Business fields Kira documents and the rules require for verification
//!   are always sent: `doing_business_as`, `business_description`,
//!   `business_website` (Python: `website`, 70%), `formation_state`,
//!   `pep_status`, `representative_ssn` (USA), and a numbered
//!   `identifying_information` entry of the business (`ein` for USA,
//!   `tax_id` otherwise). Fields Kira does not document are not sent:
//!   `representative_email`, `representative_phone`,
//!   `representative_nationality`, an associated person's `phone` and
//!   `address_street_2`.
//! - What verification and the product gates need is always there (Python:
//!   sometimes): `phone`, `gender`, `occupation` (`Student`, `Retired`, ...
//!   when not working), a file proof of address, a business formation
//!   document, a `back` for every ID that has one, `expected_monthly_payments`
//!   and `additional_info` for international users, and a `source_of_wealth`
//!   entry for `product:usa-virtual-accounts`.
//! - Defects the rules cannot see are not generated: a bad
//!   `representative_phone` or associated person's `phone`, a typo in a
//!   business's free-text `account_purpose`, a missing `has_control`.
//!   `missing_source_of_wealth` is new (the product gate had no defect).
//! - Documents are smaller (70 to 220 bytes instead of 180 to 520) so that
//!   with the extra documents the mean payload stays near 3 KB.
//!
//! # Determinism
//!
//! The same seed gives the same payloads and labels, byte for byte, on
//! every platform: all randomness comes from [`ChaCha8Rng`] seeded with
//! `seed_from_u64` and is drawn through `next_u32`/`next_u64`/`fill_bytes`
//! with this module's own range reduction (no `rand` distribution whose
//! algorithm may change between versions), no hash map is iterated, floats
//! are made from integers, and dates are relative to [`REF_DATE`], not to
//! the clock. Objects keep their insertion order (the crate turns on
//! `serde_json/preserve_order`). Changing this file changes the corpus:
//! benchmarks comparing across such a change should pin the file too.
#![allow(
    dead_code,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chrono::{Datelike, Days, NaiveDate};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

/// "Today" of the corpus: birth dates are 18+ and expirations in the future
/// on this day. Check with `CheckOptions::new(REF_DATE)`.
pub const REF_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Share of [`Generator::mixed`] payloads that get defects.
pub const DEFECT_SHARE: f64 = 0.5;

/// Default base64 size of a [`Generator::bigdoc`] document (8 MB, 10^6).
pub const BIGDOC_BASE64_BYTES: usize = 8_000_000;

/// Countries and their weights.
pub const COUNTRIES: [(&str, u32); 5] = [
    ("USA", 35),
    ("MEX", 20),
    ("BRA", 15),
    ("COL", 15),
    ("GBR", 15),
];

/// Share of businesses.
pub const BUSINESS_SHARE: f64 = 0.35;

// ---------------------------------------------------------------------------
// randomness

struct Rng(ChaCha8Rng);

impl Rng {
    /// Uniform in `0..n` (Lemire's multiply-and-reject; `n > 0`).
    fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "empty range");
        let mut m = u64::from(self.0.next_u32()) * u64::from(n);
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u32) < threshold {
                m = u64::from(self.0.next_u32()) * u64::from(n);
            }
        }
        (m >> 32) as u32
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(u32::try_from(len).expect("small collection")) as usize
    }

    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u32::try_from(hi - lo + 1).expect("small range");
        lo + i64::from(self.below(span))
    }

    /// Uniform in `[0, 1)`, 53 bits.
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let weights: Vec<u32> = items.iter().map(|(_, w)| *w).collect();
        &items[self.weighted(&weights)].0
    }

    /// `k` distinct items, in drawing order.
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut pool = items.to_vec();
        let mut out = Vec::with_capacity(k);
        for _ in 0..k.min(pool.len()) {
            let i = self.index(pool.len());
            out.push(pool.swap_remove(i));
        }
        out
    }

    fn chars_of(&mut self, n: usize, alphabet: &[u8]) -> String {
        (0..n).map(|_| char::from(*self.pick(alphabet))).collect()
    }

    fn digits(&mut self, n: usize) -> String {
        self.chars_of(n, DIGITS)
    }

    fn letters(&mut self, n: usize) -> String {
        self.chars_of(n, UPPER)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = vec![0u8; n];
        self.0.fill_bytes(&mut out);
        out
    }

    fn date_between(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        let span = (hi - lo).num_days();
        lo + Days::new(self.int(0, span) as u64)
    }
}

const DIGITS: &[u8] = b"0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ---------------------------------------------------------------------------
// locale data

struct City {
    name: &'static str,
    state: &'static str,
    zip_prefix: &'static str,
    /// Phone area codes (USA, MEX, BRA); unused elsewhere (mobiles).
    areas: &'static [&'static str],
    /// CURP state code (MEX); empty elsewhere.
    curp_state: &'static str,
}

const fn city(
    name: &'static str,
    state: &'static str,
    zip_prefix: &'static str,
    areas: &'static [&'static str],
    curp_state: &'static str,
) -> City {
    City {
        name,
        state,
        zip_prefix,
        areas,
        curp_state,
    }
}

struct Locale {
    country: &'static str,
    first_m: &'static [&'static str],
    first_f: &'static [&'static str],
    last: &'static [&'static str],
    two_surnames: bool,
    cities: &'static [City],
    streets: &'static [&'static str],
    street2: &'static [&'static str],
    /// Legal-name suffix and Kira `business_type`.
    biz_suffix: &'static [(&'static str, &'static str)],
    domains: &'static [&'static str],
    tld: &'static str,
}

static USA: Locale = Locale {
    country: "USA",
    first_m: &[
        "James",
        "John",
        "Robert",
        "Michael",
        "William",
        "David",
        "Joseph",
        "Daniel",
        "Matthew",
        "Anthony",
        "Christopher",
        "Andrew",
        "Joshua",
        "Kevin",
        "Brian",
    ],
    first_f: &[
        "Mary",
        "Patricia",
        "Jennifer",
        "Linda",
        "Elizabeth",
        "Barbara",
        "Susan",
        "Jessica",
        "Sarah",
        "Karen",
        "Emily",
        "Ashley",
        "Megan",
        "Rachel",
        "Lauren",
    ],
    last: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
        "Clark", "Lewis", "O'Connor", "Nguyen", "Patel", "Kim",
    ],
    two_surnames: false,
    cities: &[
        city("New York", "NY", "100", &["212", "646", "917"], ""),
        city("Brooklyn", "NY", "112", &["718", "347", "929"], ""),
        city("Los Angeles", "CA", "900", &["213", "323", "310"], ""),
        city("San Francisco", "CA", "941", &["415", "628"], ""),
        city("Chicago", "IL", "606", &["312", "773", "872"], ""),
        city("Houston", "TX", "770", &["713", "832", "281"], ""),
        city("Austin", "TX", "787", &["512", "737"], ""),
        city("Miami", "FL", "331", &["305", "786"], ""),
        city("Seattle", "WA", "981", &["206"], ""),
        city("Boston", "MA", "021", &["617", "857"], ""),
        city("Denver", "CO", "802", &["303", "720"], ""),
        city("Atlanta", "GA", "303", &["404", "678", "470"], ""),
        city("Phoenix", "AZ", "850", &["602", "480", "623"], ""),
    ],
    streets: &[
        "{n} Main St",
        "{n} Oak Ave",
        "{n} Maple Dr",
        "{n} Pine St",
        "{n} Cedar Ln",
        "{n} Elm St",
        "{n} Washington Ave",
        "{n} Lake Shore Dr",
        "{n} Sunset Blvd",
        "{n} Market St",
    ],
    street2: &["Apt 4B", "Suite 210", "Unit 12", "Apt 1203", "Floor 3"],
    biz_suffix: &[
        ("LLC", "limited_liability_company"),
        ("Inc.", "corporation"),
        ("Corp.", "corporation"),
        ("LLP", "limited_liability_partnership"),
    ],
    domains: &[
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "icloud.com",
        "proton.me",
    ],
    tld: ".com",
};

static MEX: Locale = Locale {
    country: "MEX",
    first_m: &[
        "José",
        "Juan",
        "Luis",
        "Carlos",
        "Jorge",
        "Miguel",
        "Alejandro",
        "Fernando",
        "Ricardo",
        "Eduardo",
    ],
    first_f: &[
        "María",
        "Guadalupe",
        "Fernanda",
        "Sofía",
        "Valentina",
        "Ximena",
        "Daniela",
        "Ana",
        "Lucía",
        "Mariana",
    ],
    last: &[
        "García",
        "Hernández",
        "Martínez",
        "López",
        "González",
        "Pérez",
        "Rodríguez",
        "Sánchez",
        "Ramírez",
        "Cruz",
        "Flores",
        "Gómez",
        "Díaz",
        "Reyes",
        "Morales",
    ],
    two_surnames: true,
    cities: &[
        city("Ciudad de México", "CDMX", "0", &["55"], "DF"),
        city("Guadalajara", "Jalisco", "44", &["33"], "JC"),
        city("Monterrey", "Nuevo León", "64", &["81"], "NL"),
        city("Puebla", "Puebla", "72", &["222"], "PL"),
        city("Querétaro", "Querétaro", "76", &["442"], "QT"),
        city("Mérida", "Yucatán", "97", &["999"], "YN"),
        city("Tijuana", "Baja California", "22", &["664"], "BC"),
    ],
    streets: &[
        "Av. Insurgentes Sur {n}",
        "Calle Reforma {n}",
        "Av. Juárez {n}",
        "Calle Hidalgo {n}",
        "Blvd. Kukulcán {n}",
        "Calle Morelos {n}",
    ],
    street2: &[
        "Col. Roma Norte",
        "Int. 3",
        "Depto. 502",
        "Piso 7",
        "Col. Del Valle",
    ],
    biz_suffix: &[
        ("S.A. de C.V.", "corporation"),
        ("S. de R.L. de C.V.", "limited_liability_company"),
        ("S.C.", "general_partnership"),
    ],
    domains: &[
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "yahoo.com.mx",
        "prodigy.net.mx",
    ],
    tld: ".com.mx",
};

static BRA: Locale = Locale {
    country: "BRA",
    first_m: &[
        "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Gustavo", "Felipe", "Thiago", "Bruno",
        "Mateus",
    ],
    first_f: &[
        "Ana", "Maria", "Juliana", "Beatriz", "Larissa", "Camila", "Fernanda", "Letícia",
        "Mariana", "Gabriela",
    ],
    last: &[
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Rodrigues",
        "Ferreira",
        "Alves",
        "Pereira",
        "Lima",
        "Gomes",
        "Costa",
        "Ribeiro",
        "Martins",
        "Carvalho",
        "Araújo",
    ],
    two_surnames: true,
    cities: &[
        city("São Paulo", "SP", "01", &["11"], ""),
        city("Rio de Janeiro", "RJ", "2", &["21"], ""),
        city("Belo Horizonte", "MG", "30", &["31"], ""),
        city("Curitiba", "PR", "80", &["41"], ""),
        city("Porto Alegre", "RS", "90", &["51"], ""),
        city("Salvador", "BA", "40", &["71"], ""),
        city("Recife", "PE", "50", &["81"], ""),
    ],
    streets: &[
        "Rua Augusta, {n}",
        "Av. Paulista, {n}",
        "Rua das Flores, {n}",
        "Av. Atlântica, {n}",
        "Rua XV de Novembro, {n}",
        "Rua da Consolação, {n}",
    ],
    street2: &["Apto 101", "Bloco B", "Sala 1203", "Casa 2", "Conjunto 45"],
    biz_suffix: &[
        ("Ltda.", "limited_liability_company"),
        ("S.A.", "corporation"),
        ("EIRELI", "sole_proprietor"),
    ],
    domains: &[
        "gmail.com",
        "hotmail.com",
        "uol.com.br",
        "outlook.com",
        "bol.com.br",
    ],
    tld: ".com.br",
};

static COL: Locale = Locale {
    country: "COL",
    first_m: &[
        "Santiago",
        "Sebastián",
        "Andrés",
        "Juan Pablo",
        "Camilo",
        "Julián",
        "Diego",
        "Mateo",
        "Nicolás",
        "Felipe",
    ],
    first_f: &[
        "Valentina",
        "Isabella",
        "Mariana",
        "Daniela",
        "Laura",
        "Catalina",
        "Paula",
        "Natalia",
        "Juliana",
        "Camila",
    ],
    last: &[
        "Rodríguez",
        "Gómez",
        "González",
        "Martínez",
        "García",
        "López",
        "Hernández",
        "Sánchez",
        "Ramírez",
        "Pérez",
        "Díaz",
        "Muñoz",
        "Rojas",
        "Moreno",
        "Vargas",
    ],
    two_surnames: true,
    cities: &[
        city("Bogotá", "Bogotá D.C.", "110", &[], ""),
        city("Medellín", "Antioquia", "050", &[], ""),
        city("Cali", "Valle del Cauca", "760", &[], ""),
        city("Barranquilla", "Atlántico", "080", &[], ""),
        city("Cartagena", "Bolívar", "130", &[], ""),
        city("Bucaramanga", "Santander", "680", &[], ""),
    ],
    streets: &[
        "Calle {n} # {a}-{b}",
        "Carrera {n} # {a}-{b}",
        "Avenida {n} # {a}-{b}",
        "Transversal {n} # {a}-{b}",
        "Diagonal {n} # {a}-{b}",
    ],
    street2: &[
        "Apto 802",
        "Torre 2",
        "Oficina 301",
        "Casa 14",
        "Interior 5",
    ],
    biz_suffix: &[
        ("S.A.S.", "corporation"),
        ("Ltda.", "limited_liability_company"),
        ("S.A.", "corporation"),
    ],
    domains: &[
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "yahoo.com",
        "une.net.co",
    ],
    tld: ".com.co",
};

static GBR: Locale = Locale {
    country: "GBR",
    first_m: &[
        "Oliver", "George", "Harry", "Jack", "Thomas", "James", "William", "Charlie", "Henry",
        "Alfie",
    ],
    first_f: &[
        "Olivia",
        "Amelia",
        "Isla",
        "Ava",
        "Emily",
        "Sophie",
        "Grace",
        "Lily",
        "Freya",
        "Charlotte",
    ],
    last: &[
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
    ],
    two_surnames: false,
    cities: &[
        city("London", "England", "SW", &[], ""),
        city("London", "England", "EC", &[], ""),
        city("Manchester", "England", "M", &[], ""),
        city("Birmingham", "England", "B", &[], ""),
        city("Leeds", "England", "LS", &[], ""),
        city("Glasgow", "Scotland", "G", &[], ""),
        city("Edinburgh", "Scotland", "EH", &[], ""),
        city("Bristol", "England", "BS", &[], ""),
        city("Cardiff", "Wales", "CF", &[], ""),
    ],
    streets: &[
        "{n} High Street",
        "{n} Baker Street",
        "{n} Station Road",
        "{n} Church Lane",
        "Flat {a}, {n} Victoria Road",
        "{n} Queen's Road",
    ],
    street2: &["Flat 3", "Suite 5", "Unit 7", "Floor 2"],
    biz_suffix: &[
        ("Ltd", "corporation"),
        ("Limited", "corporation"),
        ("LLP", "limited_liability_partnership"),
        ("PLC", "publicly_traded_company"),
    ],
    domains: &[
        "gmail.com",
        "outlook.com",
        "btinternet.com",
        "yahoo.co.uk",
        "icloud.com",
    ],
    tld: ".co.uk",
};

fn locale(country: &str) -> &'static Locale {
    match country {
        "MEX" => &MEX,
        "BRA" => &BRA,
        "COL" => &COL,
        "GBR" => &GBR,
        _ => &USA,
    }
}

const OTHER_NATIONALITIES: [&str; 15] = [
    "CAN", "ESP", "ARG", "PER", "VEN", "IND", "CHN", "DEU", "FRA", "PHL", "NGA", "ECU", "CHL",
    "ITA", "PRT",
];

const BIZ_WORDS: [&str; 20] = [
    "Andes",
    "Pacific",
    "Northwind",
    "Blue Harbor",
    "Aurora",
    "Cumbre",
    "Solaris",
    "Vertex",
    "Horizonte",
    "Atlas",
    "Quetzal",
    "Ipanema",
    "Cordillera",
    "Riverstone",
    "Maple",
    "Caribe",
    "Nimbus",
    "Polaris",
    "Ceiba",
    "Sierra",
];
const BIZ_NOUNS: [&str; 15] = [
    "Logistics",
    "Software",
    "Trading",
    "Consulting",
    "Foods",
    "Imports",
    "Digital",
    "Labs",
    "Capital",
    "Studios",
    "Health",
    "Textiles",
    "Solutions",
    "Marketplace",
    "Energy",
];
/// Kira's NAICS subsector names (`business_industry`).
const INDUSTRIES: [&str; 16] = [
    "professional_scientific_technical",
    "data_processing_hosting_related_services",
    "credit_intermediation_related_activities",
    "nonstore_retailers",
    "merchant_wholesalers_durable_goods",
    "merchant_wholesalers_nondurable_goods",
    "administrative_support_services",
    "food_services_drinking_places",
    "construction_of_buildings",
    "truck_transportation",
    "real_estate",
    "ambulatory_health_care_services",
    "apparel_manufacturing",
    "computer_electronic_product_manufacturing",
    "educational_services",
    "warehousing_storage",
];
/// 6-digit NAICS codes: what integrators send instead of subsector names.
const NAICS_CODES: [&str; 16] = [
    "541511", "541512", "522320", "454110", "423430", "561499", "541611", "722511", "236220",
    "484121", "531210", "621111", "518210", "541810", "424490", "315990",
];
const OCCUPATIONS: [&str; 15] = [
    "Software Engineer",
    "Accountant",
    "Graphic Designer",
    "Nurse",
    "Teacher",
    "Sales Manager",
    "Consultant",
    "Architect",
    "Marketing Specialist",
    "Physician",
    "Freelance Translator",
    "Data Analyst",
    "Electrician",
    "Product Manager",
    "Lawyer",
];
const EMPLOYERS: [&str; 15] = [
    "Acme Corp",
    "Globant",
    "Mercado Libre",
    "Rappi",
    "Nubank",
    "Bancolombia",
    "Walmart",
    "Amazon",
    "Deloitte",
    "Accenture",
    "Google",
    "Telefónica",
    "Itaú Unibanco",
    "FEMSA",
    "Barclays",
];
const TITLES: [&str; 10] = [
    "CEO",
    "CFO",
    "COO",
    "Director",
    "Managing Partner",
    "President",
    "Treasurer",
    "Founder",
    "Legal Representative",
    "Head of Finance",
];
const DENIED_EXPLAIN: [&str; 4] = [
    "Account closed in 2019 after a dispute over an international wire; resolved, no charges.",
    "Application rejected because I could not provide proof of address at the time.",
    "Previous bank closed accounts of all non-resident customers in 2021.",
    "Overdraft unpaid for two months in 2018, settled in full since.",
];
const EXPECTED_MONTHLY: [&str; 4] = ["0_4999", "5000_9999", "10000_49999", "50000_plus"];

// ---------------------------------------------------------------------------
// text helpers

/// ASCII folding of the accented letters the locales use.
fn fold(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ç' => 'c',
        'Ç' => 'C',
        c if c.is_ascii() => c,
        _ => return None,
    })
}

fn ascii_fold(s: &str) -> String {
    s.chars().filter_map(fold).collect()
}

/// Lower-case ASCII letters and digits only (`O'Connor` -> `oconnor`).
fn slug(s: &str) -> String {
    ascii_fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Upper-case ASCII letters only, for RFC and CURP.
fn name_letters(s: &str) -> Vec<u8> {
    ascii_fold(s)
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_uppercase())
        .collect()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'A' | b'E' | b'I' | b'O' | b'U')
}

fn fill(template: &str, n: i64, a: i64, b: i64) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{a}", &a.to_string())
        .replace("{b}", &b.to_string())
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

// ---------------------------------------------------------------------------
// identifiers (valid under the crate's formats)

const RFC_FORBIDDEN: [&str; 41] = [
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COJA", "COJE", "COJI",
    "COJO", "CULO", "FETO", "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KOGE", "KOJO",
    "KULO", "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE",
    "PUTA", "PUTO", "QULO", "RATA", "RUIN",
];

const CURP_FORBIDDEN: [&str; 81] = [
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI",
    "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA",
    "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI",
    "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS",
    "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE",
    "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
    "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY",
];

/// IRS EIN prefixes never assigned.
const EIN_UNASSIGNED: [u32; 17] = [
    0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97,
];

/// A person's names, split the way RFC and CURP need them.
struct Names {
    first: String,
    middle: Option<String>,
    last1: String,
    last2: Option<String>,
}

impl Names {
    fn last_name(&self) -> String {
        match &self.last2 {
            Some(l2) => format!("{} {l2}", self.last1),
            None => self.last1.clone(),
        }
    }
}

fn ssn(r: &mut Rng) -> String {
    loop {
        let area = r.int(1, 899);
        if area == 666 {
            continue;
        }
        let group = r.int(1, 99);
        let serial = r.int(1, 9999);
        // Numbers printed in advertising, which the ssn format rejects.
        if matches!(
            (area, group, serial),
            (78, 5, 1120) | (219, 9, 9999) | (457, 55, 5462)
        ) {
            continue;
        }
        return format!("{area:03}-{group:02}-{serial:04}");
    }
}

fn ein(r: &mut Rng) -> String {
    let prefix = loop {
        let p = r.below(100);
        if !EIN_UNASSIGNED.contains(&p) {
            break p;
        }
    };
    format!("{prefix:02}-{}", r.digits(7))
}

fn cpf(r: &mut Rng) -> String {
    loop {
        let base: Vec<u32> = (0..9).map(|_| r.below(10)).collect();
        if base.iter().all(|&d| d == base[0]) {
            continue;
        }
        let mut digits = base;
        for n in [10u32, 11] {
            let s: u32 = digits.iter().zip((2..=n).rev()).map(|(d, w)| d * w).sum();
            let r = s % 11;
            digits.push(if r < 2 { 0 } else { 11 - r });
        }
        return digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    }
}

fn cnpj(r: &mut Rng) -> String {
    const W1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const W2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut digits: Vec<u32> = (0..8).map(|_| r.below(10)).collect();
    digits.extend([0, 0, 0, 1]);
    for w in [&W1[..], &W2[..]] {
        let s: u32 = digits.iter().zip(w).map(|(d, w)| d * w).sum();
        let r = s % 11;
        digits.push(if r < 2 { 0 } else { 11 - r });
    }
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// A Colombian NIT: 9-digit base, `-`, DIAN check digit. Companies' bases
/// start with 8 or 9.
fn nit(r: &mut Rng, company: bool) -> String {
    const WEIGHTS: [u32; 9] = [3, 7, 13, 17, 19, 23, 29, 37, 41];
    let first = if company {
        *r.pick(b"89")
    } else {
        b'1' + r.below(9) as u8
    };
    let base = format!("{}{}", char::from(first), r.digits(8));
    let s: u32 = base
        .bytes()
        .rev()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let m = s % 11;
    let dv = if m < 2 { m } else { 11 - m };
    format!("{base}-{dv}")
}

fn rfc_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A'..=b'N' => u32::from(c - b'A') + 10,
        b'&' => 24,
        b'O'..=b'Z' => u32::from(c - b'O') + 25,
        _ => 37, // space
    }
}

/// The RFC check digit of the first 11 (company) or 12 (person) characters.
fn rfc_check_digit(body: &[u8]) -> char {
    let padded: Vec<u8> = std::iter::repeat_n(b' ', 12 - body.len())
        .chain(body.iter().copied())
        .collect();
    let s: u32 = padded
        .iter()
        .zip((2..=13u32).rev())
        .map(|(&c, w)| rfc_value(c) * w)
        .sum();
    match (11 - s % 11) % 11 {
        10 => 'A',
        d => char::from(b'0' + d as u8),
    }
}

/// Homoclave (two characters in the SAT's pattern) and check digit.
fn rfc_finish(r: &mut Rng, mut body: String) -> String {
    body.push(char::from(*r.pick(b"123456789ABCDEFGHIJKLMNPQRSTUV")));
    body.push(char::from(*r.pick(b"123456789ABCDEFGHIJKLMNPQRSTUVWXYZ")));
    let dv = rfc_check_digit(body.as_bytes());
    body.push(dv);
    body
}

fn yymmdd(d: NaiveDate) -> String {
    format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day())
}

/// First letter, first internal vowel, second surname's initial, given
/// name's initial (SAT / RENAPO).
fn four_letters(names: &Names, forbidden: &[&str], is_curp: bool) -> [u8; 4] {
    let l1 = name_letters(&names.last1);
    let l2 = names.last2.as_deref().map(name_letters).unwrap_or_default();
    let given = name_letters(&names.first);
    let first = l1.first().copied().unwrap_or(b'X');
    let vowel = l1
        .iter()
        .skip(1)
        .copied()
        .find(|&b| is_vowel(b))
        .unwrap_or(b'X');
    let mut out = [
        first,
        vowel,
        l2.first().copied().unwrap_or(b'X'),
        given.first().copied().unwrap_or(b'X'),
    ];
    let word = std::str::from_utf8(&out).unwrap_or("XXXX");
    if forbidden.contains(&word) {
        if is_curp {
            out[1] = b'X';
        } else {
            out[3] = b'X';
        }
    }
    out
}

fn rfc_person(r: &mut Rng, names: &Names, birth: NaiveDate) -> String {
    let letters = four_letters(names, &RFC_FORBIDDEN, false);
    let body = format!(
        "{}{}",
        std::str::from_utf8(&letters).unwrap_or("XXXX"),
        yymmdd(birth)
    );
    rfc_finish(r, body)
}

fn rfc_company(r: &mut Rng, base_name: &str, formation: NaiveDate) -> String {
    let words: Vec<Vec<u8>> = base_name
        .split_whitespace()
        .map(name_letters)
        .filter(|w| !w.is_empty())
        .collect();
    let mut letters: Vec<u8> = match words.as_slice() {
        [one] => one.iter().take(3).copied().collect(),
        [a, b] => a.iter().take(1).chain(b.iter().take(2)).copied().collect(),
        many => many
            .iter()
            .take(3)
            .filter_map(|w| w.first().copied())
            .collect(),
    };
    letters.resize(3, b'X');
    let body = format!(
        "{}{}",
        std::str::from_utf8(&letters).unwrap_or("XXX"),
        yymmdd(formation)
    );
    rfc_finish(r, body)
}

fn first_internal_consonant(s: &str) -> u8 {
    name_letters(s)
        .iter()
        .skip(1)
        .copied()
        .find(|&b| !is_vowel(b))
        .unwrap_or(b'X')
}

fn curp(r: &mut Rng, names: &Names, birth: NaiveDate, male: bool, state: &str) -> String {
    let letters = four_letters(names, &CURP_FORBIDDEN, true);
    let mut s = String::with_capacity(18);
    s.push_str(std::str::from_utf8(&letters).unwrap_or("XXXX"));
    s.push_str(&yymmdd(birth));
    s.push(if male { 'H' } else { 'M' });
    s.push_str(state);
    s.push(char::from(first_internal_consonant(&names.last1)));
    s.push(char::from(
        names
            .last2
            .as_deref()
            .map_or(b'X', first_internal_consonant),
    ));
    s.push(char::from(first_internal_consonant(&names.first)));
    // Born before 2000: a digit; from 2000: a letter.
    s.push(if birth.year() < 2000 {
        char::from(b'0' + r.below(10) as u8)
    } else {
        char::from(*r.pick(UPPER))
    });
    let sum: u32 = s
        .bytes()
        .zip((2..=18u32).rev())
        .map(|(b, w)| rfc_value(b) * w)
        .sum();
    s.push(char::from(b'0' + ((10 - sum % 10) % 10) as u8));
    s
}

/// A person's tax number as `tax_id` of `country` (USA: the SSN).
fn person_tax_number(r: &mut Rng, country: &str, names: &Names, birth: NaiveDate) -> String {
    match country {
        "MEX" => rfc_person(r, names, birth),
        "BRA" => cpf(r),
        "COL" => nit(r, false),
        "GBR" => {
            if r.chance(0.5) {
                // National Insurance number.
                format!(
                    "{}{}{}",
                    r.chars_of(2, b"ABCEGHJKLMNPRSTWXYZ"),
                    r.digits(6),
                    char::from(*r.pick(b"ABCD"))
                )
            } else {
                r.digits(10) // Unique Taxpayer Reference
            }
        }
        _ => ssn(r),
    }
}

fn gov_id_number(r: &mut Rng, kind: &str, country: &str) -> String {
    match (kind, country) {
        ("passport", "USA" | "GBR") => r.digits(9),
        ("passport", "MEX") => format!("G{}", r.digits(8)),
        ("passport", "BRA") => format!("{}{}", r.letters(2), r.digits(6)),
        ("passport", "COL") => format!("A{}{}", r.letters(1), r.digits(6)),
        ("passport", _) => format!("{}{}", r.letters(2), r.digits(7)),
        ("national_id", "MEX") => format!("{}{}H{}", r.letters(6), r.digits(8), r.digits(3)),
        ("national_id", "BRA") => format!(
            "{}.{}.{}-{}",
            r.digits(2),
            r.digits(3),
            r.digits(3),
            r.digits(1)
        ),
        ("national_id", "COL") => {
            let n = *r.pick(&[8usize, 10]);
            r.digits(n)
        }
        ("national_id", _) => r.digits(10),
        ("drivers_license", "USA") => {
            let n = *r.pick(&[7usize, 8, 12]);
            format!("{}{}", r.letters(1), r.digits(n))
        }
        ("drivers_license", "GBR") => format!(
            "{}{}{}{}{}",
            r.letters(5),
            r.digits(6),
            r.letters(2),
            r.digits(1),
            r.letters(2)
        ),
        ("drivers_license", _) => r.digits(11),
        ("permanent_residency_id", _) => format!("{}{}", r.letters(3), r.digits(10)),
        _ => r.digits(10),
    }
}

fn phone(r: &mut Rng, country: &str, city: &City) -> String {
    match country {
        "MEX" => {
            let area = *r.pick(city.areas);
            format!("+52{area}{}", r.digits(10 - area.len()))
        }
        "BRA" => {
            let area = *r.pick(city.areas);
            format!("+55{area}9{}{}", 6 + r.below(4), r.digits(7))
        }
        "COL" => {
            let prefix = *r.pick(&[
                "300", "301", "302", "304", "305", "310", "311", "312", "313", "314", "315", "316",
                "317", "318", "319", "320", "321", "322", "323", "350", "351",
            ]);
            format!("+57{prefix}{}", r.digits(7))
        }
        "GBR" => format!("+447{}{}", 1 + r.below(3), r.digits(8)),
        _ => {
            let area = *r.pick(city.areas);
            // Exchange: 2-9 then two digits, not N11.
            let exchange = loop {
                let e = r.int(200, 999);
                if e % 100 != 11 {
                    break e;
                }
            };
            format!("+1{area}{exchange}{}", r.digits(4))
        }
    }
}

fn zip(r: &mut Rng, country: &str, prefix: &str) -> String {
    match country {
        "USA" => {
            let z = format!("{prefix}{}", r.digits(5 - prefix.len()));
            if r.chance(0.85) {
                z
            } else {
                format!("{z}-{}", r.digits(4))
            }
        }
        "MEX" => format!("{prefix}{}", r.digits(5 - prefix.len())),
        "BRA" => {
            let z = format!("{prefix}{}", r.digits(8 - prefix.len()));
            format!("{}-{}", &z[..5], &z[5..])
        }
        "COL" => format!("{prefix}{}", r.digits(6 - prefix.len())),
        _ => {
            const L: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
            format!(
                "{prefix}{} {}{}{}",
                r.int(1, 20),
                r.int(1, 9),
                char::from(*r.pick(L)),
                char::from(*r.pick(L))
            )
        }
    }
}

// ---------------------------------------------------------------------------
// files

fn crc32(parts: &[&[u8]]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = !0u32;
    for part in parts {
        for &b in *part {
            crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
        }
    }
    !crc
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Media {
    Jpeg,
    Png,
    Pdf,
}

impl Media {
    fn mime(self) -> &'static str {
        match self {
            Media::Jpeg => "image/jpeg",
            Media::Png => "image/png",
            Media::Pdf => "application/pdf",
        }
    }

    /// A file of about `n` bytes with the format's structure around random
    /// content.
    fn bytes(self, r: &mut Rng, n: usize) -> Vec<u8> {
        match self {
            Media::Jpeg => {
                let mut out =
                    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                        .to_vec();
                out.extend_from_slice(b"\xff\xdb\x00\x43\x00");
                out.extend(r.bytes(n.saturating_sub(30)));
                out.extend_from_slice(b"\xff\xd9");
                out
            }
            Media::Png => {
                fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
                    out.extend((data.len() as u32).to_be_bytes());
                    out.extend_from_slice(kind);
                    out.extend_from_slice(data);
                    out.extend(crc32(&[kind, data]).to_be_bytes());
                }
                let (w, h) = (r.int(64, 2048) as u32, r.int(64, 2048) as u32);
                let mut ihdr = Vec::with_capacity(13);
                ihdr.extend(w.to_be_bytes());
                ihdr.extend(h.to_be_bytes());
                ihdr.extend([8, 2, 0, 0, 0]);
                let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
                chunk(&mut out, b"IHDR", &ihdr);
                chunk(&mut out, b"IDAT", &r.bytes(n.saturating_sub(57)));
                chunk(&mut out, b"IEND", b"");
                out
            }
            Media::Pdf => {
                const HEAD: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n3 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n";
                const TAIL: &[u8] = b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
                let mut out = HEAD.to_vec();
                out.extend(r.bytes(n.saturating_sub(HEAD.len() + TAIL.len())));
                out.extend_from_slice(TAIL);
                out
            }
        }
    }
}

/// Raw size range of an ordinary document (a PDF is never smaller than its
/// ~170 bytes of structure). Smaller than `gen_corpus.py`'s 180 to 520
/// bytes: valid payloads carry more documents, and the mean payload stays
/// near 3 KB.
const DOC_BYTES: (i64, i64) = (70, 220);

fn data_uri(r: &mut Rng, media: Media, n: Option<usize>) -> String {
    let n = n.unwrap_or_else(|| r.int(DOC_BYTES.0, DOC_BYTES.1) as usize);
    let bytes = media.bytes(r, n);
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 40);
    out.push_str("data:");
    out.push_str(media.mime());
    out.push_str(";base64,");
    BASE64.encode_string(&bytes, &mut out);
    out
}

// ---------------------------------------------------------------------------
// payloads

/// Builds a JSON object in insertion order.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    fn value(self) -> Value {
        Value::Object(self.0)
    }
}

/// The payload generator. See the module documentation.
pub struct Generator {
    rng: Rng,
    bigdocs: u64,
    defect_share: f64,
}

impl Generator {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng(ChaCha8Rng::seed_from_u64(seed)),
            bigdocs: 0,
            defect_share: DEFECT_SHARE,
        }
    }

    /// The same generator, giving defects to `share` (0 to 1) of
    /// [`Generator::mixed`] payloads instead of [`DEFECT_SHARE`].
    pub fn with_defect_share(mut self, share: f64) -> Self {
        self.defect_share = share;
        self
    }

    /// A payload that passes every gate of `kira/create-user` on
    /// [`REF_DATE`].
    pub fn valid(&mut self) -> Value {
        let r = &mut self.rng;
        let country = *r.pick_weighted(&COUNTRIES);
        if r.chance(BUSINESS_SHARE) {
            business(r, country)
        } else {
            individual(r, country)
        }
    }

    /// A payload and its defects: none (a valid payload) for about half of
    /// them, else 1 to 5.
    pub fn mixed(&mut self) -> (Value, Vec<Defect>) {
        let mut p = self.valid();
        let r = &mut self.rng;
        let mut defects = Vec::new();
        if r.chance(self.defect_share) {
            let k = 1 + r.weighted(&[35, 25, 18, 12, 10]);
            defects = Applier::new(r, &mut p).apply(k);
        }
        (p, defects)
    }

    /// A valid payload carrying one document of about
    /// [`BIGDOC_BASE64_BYTES`] of base64. Successive calls cycle through a
    /// JPEG selfie, a PNG front of an ID, a PDF proof of address and a PDF
    /// business formation document.
    pub fn bigdoc(&mut self) -> Value {
        self.bigdoc_sized(BIGDOC_BASE64_BYTES)
    }

    /// [`Generator::bigdoc`] with a document of about `base64_bytes` of
    /// base64 (within 3%).
    pub fn bigdoc_sized(&mut self, base64_bytes: usize) -> Value {
        let variant = self.bigdocs % 4;
        self.bigdocs += 1;
        let r = &mut self.rng;
        let factor = 0.97 + 0.06 * r.unit();
        let raw = (base64_bytes as f64 * 3.0 / 4.0 * factor) as usize;
        let country = COUNTRIES[r.index(COUNTRIES.len())].0;
        if variant == 3 {
            let mut p = business(r, country);
            let ids = p["identifying_information"].as_array_mut().unwrap();
            let entry = ids
                .iter_mut()
                .find(|e| e["type"] == "business_formation")
                .unwrap();
            entry["documents"] = json!([{
                "type": "file_business_formation",
                "file": data_uri(r, Media::Pdf, Some(raw)),
                "description": "Full certified scan, 40 pages",
            }]);
            return p;
        }
        let mut p = individual(r, country);
        let ids = p["identifying_information"].as_array_mut().unwrap();
        match variant {
            0 => {
                let gov = ids
                    .iter_mut()
                    .find(|e| is_government_id(e))
                    .unwrap();
                gov["documents"].as_array_mut().unwrap().push(json!({
                    "type": "selfie",
                    "file": data_uri(r, Media::Jpeg, Some(raw)),
                    "description": "Selfie, full resolution",
                }));
            }
            1 => {
                let gov = ids
                    .iter_mut()
                    .find(|e| is_government_id(e))
                    .unwrap();
                gov["documents"][0] = json!({
                    "type": "front",
                    "file": data_uri(r, Media::Png, Some(raw)),
                    "description": "Lossless scan",
                });
            }
            _ => ids.push(json!({
                "type": "proof_of_address",
                "issuing_country": country,
                "description": "Bank statement",
                "documents": [{"type": "file_proof_of_address", "file": data_uri(r, Media::Pdf, Some(raw))}],
            })),
        }
        p
    }
}

fn is_government_id(entry: &Value) -> bool {
    matches!(
        entry["type"].as_str(),
        Some(
            "passport"
                | "national_id"
                | "drivers_license"
                | "state_or_provincial_id"
                | "permanent_residency_id"
        )
    )
}

fn adult_birth_date(r: &mut Rng) -> NaiveDate {
    // Born 1950-01-01 .. the day before the 18th birthday cutoff.
    let cutoff = NaiveDate::from_ymd_opt(REF_DATE.year() - 18, REF_DATE.month(), REF_DATE.day())
        .unwrap()
        - Days::new(1);
    r.date_between(NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(), cutoff)
}

fn future_date(r: &mut Rng) -> String {
    (REF_DATE + Days::new(r.int(30, 3650) as u64)).to_string()
}

fn person_names(r: &mut Rng, loc: &Locale, gender: &str) -> Names {
    let first = match gender {
        "male" => *r.pick(loc.first_m),
        "female" => *r.pick(loc.first_f),
        _ => {
            let i = r.index(loc.first_m.len() + loc.first_f.len());
            if i < loc.first_m.len() {
                loc.first_m[i]
            } else {
                loc.first_f[i - loc.first_m.len()]
            }
        }
    };
    let last1 = *r.pick(loc.last);
    let last2 = (loc.two_surnames && r.chance(0.7)).then(|| *r.pick(loc.last));
    let mut middle = None;
    if r.chance(0.3) {
        let m = if gender == "male" {
            *r.pick(loc.first_m)
        } else {
            *r.pick(loc.first_f)
        };
        if m != first {
            middle = Some(m.to_string());
        }
    }
    Names {
        first: first.to_string(),
        middle,
        last1: last1.to_string(),
        last2: last2.map(str::to_string),
    }
}

fn email_for(r: &mut Rng, names: &Names, loc: &Locale) -> String {
    let mut local = format!("{}.{}", slug(&names.first), slug(&names.last1));
    if r.chance(0.6) {
        local.push_str(&r.int(1, 9999).to_string());
    }
    format!("{local}@{}", r.pick(loc.domains))
}

/// Address fields; returns the city for phone numbers.
fn address(r: &mut Rng, loc: &'static Locale, o: &mut Obj, street_2: bool) -> &'static City {
    let c = r.pick(loc.cities);
    let (n, a, b) = (r.int(1, 9999), r.int(1, 150), r.int(1, 99));
    let street = *r.pick(loc.streets);
    o.set("address_street", fill(street, n, a, b));
    if street_2 && r.chance(0.35) {
        o.set("address_street_2", *r.pick(loc.street2));
    }
    o.set("address_city", c.name);
    o.set("address_state", c.state);
    o.set("address_zip_code", zip(r, loc.country, c.zip_prefix));
    o.set("address_country", loc.country);
    c
}

fn document(r: &mut Rng, dtype: &str, media: Option<Media>, desc: Option<&str>) -> Value {
    let media = media.unwrap_or_else(|| {
        if dtype.starts_with("file_") {
            Media::Pdf
        } else if r.chance(0.75) {
            Media::Jpeg
        } else {
            Media::Png
        }
    });
    let mut d = Obj::default();
    d.set("type", dtype).set("file", data_uri(r, media, None));
    if let Some(desc) = desc {
        if r.chance(0.4) {
            d.set("description", desc);
        }
    }
    d.value()
}

/// Whether a kind of government ID needs a `back` document.
fn needs_back(kind: &str) -> bool {
    kind != "passport"
}

fn gov_id(r: &mut Rng, kind: &str, country: &str, with_selfie: bool) -> Value {
    let label = kind.replace('_', " ");
    let mut docs = vec![document(
        r,
        "front",
        None,
        Some(&format!("Front of {label}")),
    )];
    if needs_back(kind) {
        docs.push(document(r, "back", None, Some(&format!("Back of {label}"))));
    }
    if with_selfie {
        docs.push(document(
            r,
            "selfie",
            Some(Media::Jpeg),
            Some("Selfie holding the document"),
        ));
    }
    let mut e = Obj::default();
    e.set("type", kind)
        .set("issuing_country", country)
        .set("number", gov_id_number(r, kind, country));
    if r.chance(0.9) {
        e.set("expiration", future_date(r));
    }
    e.set("documents", docs);
    e.value()
}

fn proof_of_address(r: &mut Rng, country: &str) -> Value {
    let desc = *r.pick(&[
        "Utility bill",
        "Bank statement",
        "Lease agreement",
        "Tax statement",
    ]);
    json!({
        "type": "proof_of_address",
        "issuing_country": country,
        "description": desc,
        "documents": [document(r, "file_proof_of_address", None, Some("Scanned bill, last 3 months"))],
    })
}

fn source_of_wealth(r: &mut Rng, country: &str, business: bool) -> Value {
    let (desc, doc) = if business {
        *r.pick(&[
            (
                "Audited financial statements",
                "Balance sheet and income statement",
            ),
            ("Capital contribution", "Shareholder bank statement"),
            ("Retained earnings", "Annual report"),
        ])
    } else {
        *r.pick(&[
            ("Sale of property", "Deed of sale"),
            ("Employment income", "Payslips, last 3 months"),
            ("Savings", "Bank statements"),
            ("Inheritance", "Probate document"),
        ])
    };
    json!({
        "type": "source_of_wealth",
        "issuing_country": country,
        "description": desc,
        "documents": [document(r, "file_source_of_wealth", None, Some(doc))],
    })
}

fn metadata(r: &mut Rng) -> Value {
    let mut m = Obj::default();
    m.set(
        "channel",
        *r.pick(&["web", "ios", "android", "partner_api"]),
    );
    let (hi, lo) = (r.0.next_u64(), r.0.next_u64());
    m.set("session_id", format!("{hi:016x}{lo:016x}"));
    if r.chance(0.5) {
        m.set("referral_code", format!("{}{}", r.letters(3), r.digits(4)));
    }
    if r.chance(0.5) {
        m.set("risk_tier", r.int(1, 5));
    }
    if r.chance(0.3) {
        m.set(
            "utm",
            json!({
                "source": *r.pick(&["google", "facebook", "partner", "newsletter"]),
                "campaign": *r.pick(&["q3_remit", "freelancers", "launch_br", "b2b_2025"]),
            }),
        );
    }
    m.value()
}

fn external_id(r: &mut Rng, prefix: &str) -> String {
    format!("{prefix}_{:012x}", r.0.next_u64() >> 16)
}

fn individual(r: &mut Rng, country: &'static str) -> Value {
    let loc = locale(country);
    let gender = *r.pick(&["male", "female", "male", "female", "other"]);
    let names = person_names(r, loc, gender);
    let birth = adult_birth_date(r);
    let nationality = if r.chance(0.85) {
        country
    } else {
        *r.pick(&OTHER_NATIONALITIES)
    };
    let mut p = Obj::default();
    p.set("type", "individual")
        .set("email", email_for(r, &names, loc))
        .set("first_name", names.first.as_str());
    if let Some(m) = &names.middle {
        p.set("middle_name", m.as_str());
    }
    p.set("last_name", names.last_name());
    // The phone is drawn after the address (its area code follows the city)
    // but sent in the documented order: a placeholder keeps its place.
    p.set("phone", "");
    p.set("birth_date", birth.to_string())
        .set("nationality", nationality)
        .set("gender", gender);
    if r.chance(0.7) {
        p.set("external_id", external_id(r, "usr"));
    }
    let c = address(r, loc, &mut p, true);
    p.set("phone", phone(r, country, c));

    let mut ids = Vec::new();
    if country == "USA" {
        ids.push(json!({"type": "ssn", "issuing_country": "USA", "number": ssn(r)}));
        let mut kind = *r.pick(&[
            "drivers_license",
            "drivers_license",
            "passport",
            "state_or_provincial_id",
        ]);
        if nationality != "USA" && r.chance(0.5) {
            kind = "permanent_residency_id";
        }
        let issuer = if kind == "passport" {
            nationality
        } else {
            "USA"
        };
        let selfie = r.chance(0.5);
        ids.push(gov_id(r, kind, issuer, selfie));
    } else {
        let number = person_tax_number(r, country, &names, birth);
        ids.push(json!({"type": "tax_id", "issuing_country": country, "number": number}));
        let mut kind = *r.pick(&["national_id", "national_id", "passport", "drivers_license"]);
        if country == "GBR" && kind == "national_id" {
            kind = "passport";
        }
        let issuer = if kind == "passport" || kind == "national_id" {
            nationality
        } else {
            country
        };
        let selfie = r.chance(0.5);
        ids.push(gov_id(r, kind, issuer, selfie));
        if country == "MEX" && r.chance(0.5) {
            let state = if nationality == "MEX" {
                c.curp_state
            } else {
                "NE"
            };
            let number = curp(r, &names, birth, gender == "male", state);
            ids.push(json!({"type": "curp", "issuing_country": "MEX", "number": number}));
        }
        if country == "COL" && r.chance(0.3) {
            ids.push(json!({"type": "nuip", "issuing_country": "COL", "number": r.digits(10)}));
        }
    }
    // Proof of address: its own entry, or (as in Kira's own USA example) a
    // file_proof_of_address document on the government ID.
    if r.chance(0.75) {
        ids.push(proof_of_address(r, country));
    } else {
        let doc = document(
            r,
            "file_proof_of_address",
            None,
            Some("Scanned bill, last 3 months"),
        );
        let gov = ids.iter_mut().find(|e| is_government_id(e)).unwrap();
        gov["documents"].as_array_mut().unwrap().push(doc);
    }
    ids.push(source_of_wealth(r, country, false));
    p.set("identifying_information", ids);

    p.set("pep_status", r.chance(0.03));
    let employment = *r.pick_weighted(&[
        ("employed", 55),
        ("self_employed", 25),
        ("unemployed", 5),
        ("retired", 8),
        ("student", 7),
    ]);
    let sof = match employment {
        "employed" => "salary",
        "self_employed" => "self_employment_income",
        "retired" => "investment_proceeds",
        _ => "savings_inheritance_gift",
    };
    let sof = if r.chance(0.85) {
        sof
    } else {
        *r.pick(&[
            "salary",
            "self_employment_income",
            "investment_proceeds",
            "savings_inheritance_gift",
        ])
    };
    p.set("source_of_funds", sof);
    p.set(
        "account_purpose",
        *r.pick(&[
            "receive_payments",
            "manage_professional_income",
            "make_payments",
            "manage_personal_funds",
            "investment_trading",
        ]),
    );
    if country != "USA" || r.chance(0.7) {
        let weights = [60, 25, 12, 3];
        p.set(
            "expected_monthly_payments",
            EXPECTED_MONTHLY[r.weighted(&weights)],
        );
    }
    p.set("employment_status", employment);
    if employment == "employed" {
        p.set("current_employer", *r.pick(&EMPLOYERS));
    }
    let occupation = match employment {
        "employed" | "self_employed" => r.pick(&OCCUPATIONS).to_string(),
        "retired" => {
            if r.chance(0.5) {
                "Retired".to_string()
            } else {
                format!("Retired {}", r.pick(&OCCUPATIONS))
            }
        }
        "student" => "Student".to_string(),
        _ => r.pick(&["Unemployed", "Homemaker"]).to_string(),
    };
    p.set("occupation", occupation);
    if employment == "employed" {
        p.set("income_source", "Salary");
    } else if employment == "self_employed" {
        p.set(
            "income_source",
            *r.pick(&["Freelance contracts", "Consulting fees", "Online sales"]),
        );
    }
    if country != "USA" {
        p.set("immigration_status", "Non-Resident of U.S.");
    } else if nationality != "USA" {
        p.set(
            "immigration_status",
            *r.pick(&["Permanent U.S. Resident", "Non-Permanent U.S. Resident"]),
        );
    }
    if country != "USA" || r.chance(0.85) {
        let mut ai = Obj::default();
        let us = country == "USA" || r.chance(0.2);
        ai.set("has_us_bank_account", if us { "Yes" } else { "No" });
        if r.chance(0.08) {
            ai.set("has_denied_bank_account", "Yes");
            ai.set("denied_bank_account_explain", *r.pick(&DENIED_EXPLAIN));
        } else {
            ai.set("has_denied_bank_account", "No");
        }
        if r.chance(0.3) {
            ai.set("has_foreign_bank_account", *r.pick(&["Yes", "No"]));
        }
        p.set("additional_info", ai.value());
    }
    if r.chance(0.8) {
        p.set("metadata", metadata(r));
    }
    p.value()
}

/// An associated person and the SSN it carries (USA), for the
/// representative.
fn associated_person(
    r: &mut Rng,
    country: &'static str,
    ownership: Option<Value>,
) -> (Value, Option<String>) {
    let loc = locale(country);
    let gender = *r.pick(&["male", "female"]);
    let names = person_names(r, loc, gender);
    let nationality = if r.chance(0.85) {
        country
    } else {
        *r.pick(&OTHER_NATIONALITIES)
    };
    let birth = adult_birth_date(r);
    let mut ap = Obj::default();
    ap.set("first_name", names.first.as_str());
    if let Some(m) = &names.middle {
        ap.set("middle_name", m.as_str());
    }
    ap.set("last_name", names.last_name());
    if r.chance(0.7) {
        ap.set("email", email_for(r, &names, loc));
    }
    ap.set("birth_date", birth.to_string())
        .set("nationality", nationality)
        .set("title", *r.pick(&TITLES));
    match ownership {
        Some(share) => {
            ap.set("ownership_percentage", share);
            ap.set("has_ownership", true);
        }
        None => {
            if r.chance(0.3) {
                ap.set("ownership_percentage", 0);
            }
            ap.set("has_ownership", false);
        }
    }
    ap.set("has_control", r.chance(0.5))
        .set("is_signer", r.chance(0.5));
    let person_ssn = (country == "USA").then(|| ssn(r));
    if let Some(s) = &person_ssn {
        if r.chance(0.5) {
            ap.set("ssn", s.as_str());
        }
    }
    if r.chance(0.7) {
        address(r, loc, &mut ap, false);
    }
    let mut kind = *r.pick(&["passport", "national_id", "drivers_license"]);
    if (country == "USA" || country == "GBR") && kind == "national_id" {
        kind = "passport";
    }
    let issuer = if kind == "passport" {
        nationality
    } else {
        country
    };
    let mut ids = vec![gov_id(r, kind, issuer, false)];
    if r.chance(0.4) {
        let entry = match &person_ssn {
            Some(s) => json!({"type": "ssn", "issuing_country": "USA", "number": s}),
            None => json!({
                "type": "tax_id",
                "issuing_country": country,
                "number": person_tax_number(r, country, &names, birth),
            }),
        };
        ids.push(entry);
    }
    ap.set("identifying_information", ids);
    (ap.value(), person_ssn)
}

/// Ownership shares of `owners` persons, adding up to 100 or less; in 30%
/// of companies with decimals.
fn split_ownership(r: &mut Rng, owners: usize) -> Vec<Value> {
    match owners {
        0 => Vec::new(),
        1 => vec![Value::from(*r.pick(&[100, 100, 75, 60, 51]))],
        _ => {
            let mut cuts = r.sample(&(5..96).collect::<Vec<i64>>(), owners - 1);
            cuts.sort_unstable();
            let mut parts = Vec::with_capacity(owners);
            let mut prev = 0;
            for c in cuts.iter().copied().chain([100]) {
                parts.push((c - prev).max(1));
                prev = c;
            }
            if r.chance(0.3) {
                // Some APIs send decimals: 0.10 to 0.50 below each whole share.
                parts
                    .into_iter()
                    .map(|p| {
                        let cents = (p * 100 - 50 + r.int(0, 40)).max(50);
                        Value::from(cents as f64 / 100.0)
                    })
                    .collect()
            } else {
                parts.into_iter().map(Value::from).collect()
            }
        }
    }
}

fn business(r: &mut Rng, country: &'static str) -> Value {
    let loc = locale(country);
    let (suffix, mut btype) = *r.pick(loc.biz_suffix);
    let base = format!("{} {}", r.pick(&BIZ_WORDS), r.pick(&BIZ_NOUNS));
    let site = slug(&base);
    let formation = r.date_between(
        NaiveDate::from_ymd_opt(1985, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
    );
    let mut p = Obj::default();
    p.set("type", "business")
        .set("business_legal_name", format!("{base} {suffix}"));
    if r.chance(0.5) {
        p.set("business_trade_name", base.as_str());
    }
    p.set("doing_business_as", base.as_str());
    p.set(
        "email",
        format!(
            "{}@{site}{}",
            r.pick(&["compliance", "finance", "admin", "contact", "ops"]),
            loc.tld
        ),
    );
    p.set("phone", ""); // drawn after the address, see `individual`
    if r.chance(0.1) {
        btype = *r.pick(&[
            "non_profit",
            "trust",
            "sole_proprietor",
            "publicly_traded_company",
        ]);
    }
    p.set("business_type", btype);
    let region = *r.pick(&["Latin America", "North America", "Europe", "the region"]);
    p.set(
        "business_description",
        format!(
            "{base} provides {} services to clients in {region}.",
            r.pick(&BIZ_NOUNS).to_lowercase()
        ),
    );
    let n = *r.pick(&[1usize, 1, 2, 3]);
    p.set("business_industry", r.sample(&INDUSTRIES, n));
    p.set("business_website", format!("https://www.{site}{}", loc.tld));
    p.set("formation_date", formation.to_string());
    if r.chance(0.7) {
        p.set("external_id", external_id(r, "biz"));
    }
    let c = address(r, loc, &mut p, true);
    p.set("phone", phone(r, country, c));
    let formation_state = if country == "USA" && r.chance(0.6) {
        "DE"
    } else {
        c.state
    };
    p.set("formation_state", formation_state);
    if r.chance(0.5) {
        p.set("formation_country", country);
    }
    let tax_number = match country {
        "USA" => {
            let e = ein(r);
            p.set("ein", e.as_str());
            e
        }
        "MEX" => {
            let rfc = rfc_company(r, &base, formation);
            p.set("rfc", rfc.as_str());
            rfc
        }
        "BRA" => {
            let c = cnpj(r);
            p.set("cnpj", c.as_str());
            c
        }
        "COL" => nit(r, true),
        _ => r.digits(10), // UTR
    };

    let n_persons = 1 + r.weighted(&[35, 35, 20, 10]);
    let owners = r.int(1, n_persons as i64) as usize;
    let mut shares = split_ownership(r, owners).into_iter();
    let mut persons = Vec::with_capacity(n_persons);
    let mut rep_ssn = None;
    for i in 0..n_persons {
        let (ap, s) = associated_person(r, country, shares.next());
        if i == 0 {
            rep_ssn = s;
        }
        persons.push(ap);
    }
    let rep = &persons[0];
    p.set("representative_first_name", rep["first_name"].clone())
        .set("representative_last_name", rep["last_name"].clone())
        .set("representative_title", rep["title"].clone())
        .set("representative_birth_date", rep["birth_date"].clone());
    if let Some(s) = rep_ssn {
        p.set("representative_ssn", s);
    }
    p.set("associated_persons", persons);

    let mut ids = Vec::new();
    let (id_type, issuer) = if country == "USA" {
        ("ein", "USA")
    } else {
        ("tax_id", country)
    };
    ids.push(json!({"type": id_type, "issuing_country": issuer, "number": tax_number}));
    let formation_desc = *r.pick(&[
        "Articles of incorporation",
        "Acta constitutiva",
        "Contrato social",
        "Certificate of incorporation",
        "Certificado de existencia y representación legal",
    ]);
    ids.push(json!({
        "type": "business_formation",
        "issuing_country": country,
        "description": formation_desc,
        "documents": [document(r, "file_business_formation", None, Some("Certified copy"))],
    }));
    ids.push(proof_of_address(r, country));
    ids.push(source_of_wealth(r, country, true));
    p.set("identifying_information", ids);

    p.set("pep_status", r.chance(0.03));
    p.set(
        "source_of_funds",
        *r.pick(&[
            "sales_of_goods_and_services",
            "self_employment_income",
            "investment_proceeds",
        ]),
    );
    p.set(
        "account_purpose",
        *r.pick(&[
            "receive_payments_for_goods_and_services",
            "receive_payments",
            "make_payments",
            "manage_professional_income",
        ]),
    );
    let weights = [25, 30, 30, 15];
    p.set(
        "expected_monthly_payments",
        EXPECTED_MONTHLY[r.weighted(&weights)],
    );
    if r.chance(0.3) {
        p.set("has_material_intermediary_ownership", r.chance(0.2));
    }
    if country != "USA" || r.chance(0.5) {
        let mut ai = Obj::default();
        ai.set(
            "has_us_bank_account",
            if country == "USA" || r.chance(0.2) {
                "Yes"
            } else {
                "No"
            },
        );
        ai.set("has_denied_bank_account", "No");
        if country != "USA" && r.chance(0.3) {
            ai.set("past_business_interaction", "No");
        }
        p.set("additional_info", ai.value());
    }
    if r.chance(0.8) {
        p.set("metadata", metadata(r));
    }
    p.value()
}

// ---------------------------------------------------------------------------
// defects

/// The kinds of defect [`Generator::mixed`] makes (see the module
/// documentation's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefectKind {
    /// A required field removed.
    MissingRequired,
    /// A phone number not in E.164.
    BadE164,
    /// A country code in lower or title case.
    LowercaseCountry,
    /// A date not written `YYYY-MM-DD`, or a day that does not exist.
    BadDate,
    /// A value outside its field's list.
    EnumTypo,
    /// A document's media type or data URI wrong.
    WrongMediaType,
    /// `has_denied_bank_account` `Yes` without its explanation.
    ExplainMissing,
    /// An owner's share over 100%.
    OwnershipOver100,
    /// A document-level requirement broken (an entry or field missing).
    RuleViolation,
    /// No `source_of_wealth` entry (`product:usa-virtual-accounts`).
    MissingSourceOfWealth,
}

impl DefectKind {
    /// Every kind, with its weight in [`Generator::mixed`].
    pub const ALL: [(DefectKind, u32); 10] = [
        (DefectKind::MissingRequired, 14),
        (DefectKind::BadE164, 14),
        (DefectKind::LowercaseCountry, 12),
        (DefectKind::BadDate, 14),
        (DefectKind::EnumTypo, 14),
        (DefectKind::WrongMediaType, 12),
        (DefectKind::ExplainMissing, 8),
        (DefectKind::OwnershipOver100, 8),
        (DefectKind::RuleViolation, 6),
        (DefectKind::MissingSourceOfWealth, 4),
    ];

    /// The kind's name, as in `gen_corpus.py`'s labels.
    pub fn name(self) -> &'static str {
        match self {
            DefectKind::MissingRequired => "missing_required",
            DefectKind::BadE164 => "bad_e164",
            DefectKind::LowercaseCountry => "lowercase_country",
            DefectKind::BadDate => "bad_date",
            DefectKind::EnumTypo => "enum_typo",
            DefectKind::WrongMediaType => "wrong_media_type",
            DefectKind::ExplainMissing => "explain_missing",
            DefectKind::OwnershipOver100 => "ownership_over_100",
            DefectKind::RuleViolation => "rule",
            DefectKind::MissingSourceOfWealth => "missing_source_of_wealth",
        }
    }
}

/// A finding the check must report for a defect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The finding's JSON Pointer.
    pub pointer: String,
    /// Its code (`required`, `format.e164`, ...).
    pub code: &'static str,
    /// The gate it blocks first.
    pub gate: &'static str,
    /// The rule id, for array-level rules whose code (`contains`) several
    /// rules share.
    pub rule: Option<&'static str>,
}

/// One defect of a [`Generator::mixed`] payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// What kind of mistake.
    pub kind: DefectKind,
    /// `gen_corpus.py`-style label: `kind:detail` (`bad_e164:phone`,
    /// `wrong_media_type:v4`, `rule:usa_without_ssn`).
    pub label: String,
    /// The JSON Pointer of the value changed or removed (for an array item
    /// removed, the array).
    pub pointer: String,
    /// The findings the check must report (at least one).
    pub expect: Vec<Expected>,
}

impl Defect {
    fn new(kind: DefectKind, detail: &str, pointer: &str) -> Self {
        Self {
            kind,
            label: format!("{}:{detail}", kind.name()),
            pointer: pointer.to_string(),
            expect: Vec::new(),
        }
    }

    fn expect(mut self, pointer: &str, code: &'static str, gate: &'static str) -> Self {
        self.expect.push(Expected {
            pointer: pointer.to_string(),
            code,
            gate,
            rule: None,
        });
        self
    }

    fn expect_rule(
        mut self,
        pointer: &str,
        code: &'static str,
        gate: &'static str,
        rule: &'static str,
    ) -> Self {
        self.expect.push(Expected {
            pointer: pointer.to_string(),
            code,
            gate,
            rule: Some(rule),
        });
        self
    }

    /// The defect as JSON, for label files.
    pub fn to_json(&self) -> Value {
        let expect: Vec<Value> = self
            .expect
            .iter()
            .map(|e| {
                let mut o = Obj::default();
                o.set("pointer", e.pointer.as_str())
                    .set("code", e.code)
                    .set("gate", e.gate);
                if let Some(rule) = e.rule {
                    o.set("rule", rule);
                }
                o.value()
            })
            .collect();
        json!({
            "kind": self.kind.name(),
            "label": self.label,
            "pointer": self.pointer,
            "expect": expect,
        })
    }
}

/// Ids of the `kira/create-user` array-level rules the defects break.
mod rule {
    pub const SSN_ENTRY: &str = "kira/create-user#ssn-entry";
    pub const TAX_ID_ENTRY: &str = "kira/create-user#tax-id-entry";
    pub const SOURCE_OF_WEALTH: &str = "kira/create-user#source-of-wealth";
    pub const OWNERSHIP_TOTAL: &str = "kira/create-user#ownership-total";
    pub const PERSON_ID_FRONT: &str = "kira/create-user#associated-person-government-id-front";
}

/// Is `a` a strict ancestor of `b` (as JSON Pointers)?
fn is_ancestor(a: &str, b: &str) -> bool {
    b.len() > a.len() && b.starts_with(a) && b.as_bytes()[a.len()] == b'/'
}

fn related(a: &str, b: &str) -> bool {
    a == b || is_ancestor(a, b) || is_ancestor(b, a)
}

/// Renumber `ptr` after item `index` of the array at `array` was removed.
fn shift(ptr: &mut String, array: &str, index: usize) {
    if !is_ancestor(array, ptr) {
        return;
    }
    let rest = &ptr[array.len() + 1..];
    let (seg, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if let Ok(i) = seg.parse::<usize>() {
        if i > index {
            *ptr = format!("{array}/{}{tail}", i - 1);
        }
    }
}

fn join(base: &str, key: &str) -> String {
    format!("{base}/{key}")
}

/// Applies defects to one payload, keeping every label true.
struct Applier<'a> {
    r: &'a mut Rng,
    p: &'a mut Value,
    business: bool,
    defects: Vec<Defect>,
    /// Pointers changed so far; a new defect touches none of them, nor a
    /// value inside or around them.
    touched: Vec<String>,
    /// A defect depends on `address_country` (the variant, or `rfc`/`cnpj`
    /// being required).
    country_dependent: bool,
    /// `address_country` was changed.
    country_changed: bool,
    /// `type` was changed: no other rule applies, so no other defect.
    frozen: bool,
}

impl<'a> Applier<'a> {
    fn new(r: &'a mut Rng, p: &'a mut Value) -> Self {
        let business = p["type"] == "business";
        Self {
            r,
            p,
            business,
            defects: Vec::new(),
            touched: Vec::new(),
            country_dependent: false,
            country_changed: false,
            frozen: false,
        }
    }

    /// Draw kinds without replacement (by weight) until `k` defects apply
    /// or every kind was tried.
    fn apply(mut self, k: usize) -> Vec<Defect> {
        let mut pool: Vec<(DefectKind, u32)> = DefectKind::ALL.to_vec();
        while !pool.is_empty() && self.defects.len() < k {
            let weights: Vec<u32> = pool.iter().map(|(_, w)| *w).collect();
            let (kind, _) = pool.remove(self.r.weighted(&weights));
            if self.frozen {
                continue;
            }
            let defect = match kind {
                DefectKind::MissingRequired => self.missing_required(),
                DefectKind::BadE164 => self.bad_e164(),
                DefectKind::LowercaseCountry => self.lowercase_country(),
                DefectKind::BadDate => self.bad_date(),
                DefectKind::EnumTypo => self.enum_typo(),
                DefectKind::WrongMediaType => self.wrong_media_type(),
                DefectKind::ExplainMissing => self.explain_missing(),
                DefectKind::OwnershipOver100 => self.ownership_over_100(),
                DefectKind::RuleViolation => self.rule_violation(),
                DefectKind::MissingSourceOfWealth => self.missing_source_of_wealth(),
            };
            if let Some(d) = defect {
                self.defects.push(d);
            }
        }
        self.defects
    }

    fn free(&self, ptr: &str) -> bool {
        !self.touched.iter().any(|t| related(t, ptr))
    }

    fn touch(&mut self, ptr: &str) {
        self.touched.push(ptr.to_string());
    }

    fn has(&self, ptr: &str) -> bool {
        self.p.pointer(ptr).is_some()
    }

    fn str_at(&self, ptr: &str) -> Option<String> {
        self.p.pointer(ptr)?.as_str().map(str::to_string)
    }

    fn set(&mut self, ptr: &str, value: impl Into<Value>) {
        *self.p.pointer_mut(ptr).unwrap() = value.into();
    }

    /// Set `key` in the object at `parent` (added at the end when absent).
    fn insert(&mut self, parent: &str, key: &str, value: impl Into<Value>) {
        let obj = self.p.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        obj.insert(key.to_string(), value.into());
    }

    fn remove(&mut self, ptr: &str) {
        let at = ptr.rfind('/').unwrap();
        let (parent, key) = (&ptr[..at], &ptr[at + 1..]);
        let obj = self.p.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        obj.shift_remove(key);
    }

    /// Remove item `index` of the array at `array`, renumbering every
    /// pointer recorded after it.
    fn remove_item(&mut self, array: &str, index: usize) {
        self.p
            .pointer_mut(array)
            .unwrap()
            .as_array_mut()
            .unwrap()
            .remove(index);
        for t in &mut self.touched {
            shift(t, array, index);
        }
        for d in &mut self.defects {
            shift(&mut d.pointer, array, index);
            for e in &mut d.expect {
                shift(&mut e.pointer, array, index);
            }
        }
    }

    fn len_at(&self, ptr: &str) -> usize {
        self.p
            .pointer(ptr)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }

    fn persons(&self) -> Vec<String> {
        (0..self.len_at("/associated_persons"))
            .map(|i| format!("/associated_persons/{i}"))
            .collect()
    }

    /// Pointers of every `identifying_information` entry, the payload's and
    /// its associated persons'.
    fn id_entries(&self) -> Vec<String> {
        let mut out: Vec<String> = (0..self.len_at("/identifying_information"))
            .map(|i| format!("/identifying_information/{i}"))
            .collect();
        for person in self.persons() {
            let ids = join(&person, "identifying_information");
            out.extend((0..self.len_at(&ids)).map(|i| format!("{ids}/{i}")));
        }
        out
    }

    fn documents(&self) -> Vec<String> {
        let mut out = Vec::new();
        for entry in self.id_entries() {
            let docs = join(&entry, "documents");
            out.extend((0..self.len_at(&docs)).map(|i| format!("{docs}/{i}")));
        }
        out
    }

    /// Indices of the payload's `identifying_information` entries of type `t`.
    fn entries_of_type(&self, t: &str) -> Vec<usize> {
        (0..self.len_at("/identifying_information"))
            .filter(|i| self.p["identifying_information"][*i]["type"] == t)
            .collect()
    }

    /// Remove every top-level entry of type `t`, if there is one and none
    /// was touched.
    fn remove_entries(&mut self, t: &str) -> bool {
        let found = self.entries_of_type(t);
        if found.is_empty()
            || !found
                .iter()
                .all(|i| self.free(&format!("/identifying_information/{i}")))
        {
            return false;
        }
        for &i in found.iter().rev() {
            self.remove_item("/identifying_information", i);
        }
        true
    }

    fn missing_required(&mut self) -> Option<Defect> {
        let (field, ptr, gate) = if !self.business {
            let f = *self.r.pick(&["email", "first_name", "last_name", "email"]);
            (f.to_string(), format!("/{f}"), "request")
        } else {
            let mut opts = vec!["business_legal_name", "email"];
            if self.len_at("/associated_persons") > 0 {
                opts.extend([
                    "person.first_name",
                    "person.last_name",
                    "person.birth_date",
                    "person.identifying_information",
                ]);
            }
            let f = *self.r.pick(&opts);
            match f.strip_prefix("person.") {
                Some(key) => {
                    let persons = self.persons();
                    let person = self.r.pick(&persons).clone();
                    let gate = match key {
                        "first_name" | "last_name" => "request",
                        _ => "verification",
                    };
                    (f.to_string(), join(&person, key), gate)
                }
                None => (f.to_string(), format!("/{f}"), "request"),
            }
        };
        if !self.has(&ptr) || !self.free(&ptr) {
            return None;
        }
        self.remove(&ptr);
        self.touch(&ptr);
        Some(Defect::new(DefectKind::MissingRequired, &field, &ptr).expect(&ptr, "required", gate))
    }

    fn bad_e164(&mut self) -> Option<Defect> {
        // Kira checks the user's own `phone` only, and only an individual's
        // is documented as E.164 (a business phone's format is a warning).
        if self.business {
            return None;
        }
        let ptr = "/phone";
        let good = self.str_at(ptr)?;
        if !self.free(ptr) {
            return None;
        }
        let digits = &good[1..];
        let n = digits.len();
        let (cc, a, b, c) = (
            &digits[..n - 10],
            &digits[n - 10..n - 7],
            &digits[n - 7..n - 4],
            &digits[n - 4..],
        );
        let bad = match self.r.below(7) {
            0 => digits.to_string(),            // no leading +
            1 => format!("+{cc} {a} {b} {c}"),  // spaces
            2 => format!("+{cc}-{a}-{b}-{c}"),  // dashes
            3 => format!("({a}) {b}-{c}"),      // national format
            4 => format!("00{digits}"),         // international prefix instead of +
            5 => format!("{good}12345"),        // more than 15 digits
            _ => format!("+0{}", &digits[1..]), // country code starting with 0
        };
        self.set(ptr, bad);
        self.touch(ptr);
        Some(Defect::new(DefectKind::BadE164, "phone", ptr).expect(ptr, "format.e164", "request"))
    }

    fn lowercase_country(&mut self) -> Option<Defect> {
        let mut targets = Vec::new();
        if !self.country_dependent {
            targets.push("/address_country".to_string());
        }
        if self.business {
            targets.extend(self.persons().iter().map(|p| join(p, "nationality")));
        } else {
            targets.push("/nationality".to_string());
        }
        targets.extend(self.id_entries().iter().map(|e| join(e, "issuing_country")));
        targets.retain(|t| self.free(t) && self.str_at(t).is_some());
        if targets.is_empty() {
            return None;
        }
        let ptr = self.r.pick(&targets).clone();
        let value = self.str_at(&ptr)?;
        let bad = if self.r.chance(0.8) {
            value.to_lowercase()
        } else {
            title_case(&value)
        };
        if ptr == "/address_country" {
            self.country_changed = true;
        }
        self.set(&ptr, bad);
        self.touch(&ptr);
        let key = &ptr[ptr.rfind('/').unwrap() + 1..];
        Some(Defect::new(DefectKind::LowercaseCountry, key, &ptr).expect(
            &ptr,
            "format.iso3166-alpha3",
            "request",
        ))
    }

    fn bad_date(&mut self) -> Option<Defect> {
        let mut targets = Vec::new();
        if self.business {
            targets.push("/formation_date".to_string());
            targets.push("/representative_birth_date".to_string());
            targets.extend(self.persons().iter().map(|p| join(p, "birth_date")));
        } else {
            targets.push("/birth_date".to_string());
        }
        targets.extend(self.id_entries().iter().map(|e| join(e, "expiration")));
        targets.retain(|t| self.free(t) && self.str_at(t).is_some());
        if targets.is_empty() {
            return None;
        }
        let ptr = self.r.pick(&targets).clone();
        let good = self.str_at(&ptr)?;
        let (y, m, d) = (&good[..4], &good[5..7], &good[8..10]);
        let year: i64 = y.parse().unwrap();
        let mut choices: Vec<(String, &'static str)> = vec![
            (format!("{d}/{m}/{y}"), "format.date"),
            (format!("{y}-02-30"), "format.date.invalid"),
            (format!("{y}-13-{d}"), "format.date.invalid"),
            (format!("{y}{m}{d}"), "format.date"),
            (format!("{y}-04-31"), "format.date.invalid"),
            (format!("{y}-{m}-{d}T00:00:00Z"), "format.date"),
            (format!("{m}-{d}-{y}"), "format.date"),
            (format!("{y}-00-{d}"), "format.date.invalid"),
        ];
        if year % 4 != 0 {
            choices.push((format!("{y}-02-29"), "format.date.invalid"));
        }
        let (bad, code) = self.r.pick(&choices).clone();
        self.set(&ptr, bad);
        self.touch(&ptr);
        let key = &ptr[ptr.rfind('/').unwrap() + 1..];
        Some(Defect::new(DefectKind::BadDate, key, &ptr).expect(&ptr, code, "request"))
    }

    fn enum_typo(&mut self) -> Option<Defect> {
        let opts: &[(&str, u32)] = if self.business {
            &[
                ("business_type", 3),
                ("business_industry", 2),
                ("expected_monthly_payments", 2),
                ("id_type", 3),
                ("doc_type", 2),
                ("type", 1),
            ]
        } else {
            &[
                ("gender", 3),
                ("employment_status", 3),
                ("source_of_funds", 2),
                ("account_purpose", 2),
                ("expected_monthly_payments", 2),
                ("id_type", 3),
                ("doc_type", 2),
                ("yes_no", 1),
                ("type", 1),
            ]
        };
        let what = *self.r.pick_weighted(opts);
        let typos: &[&str] = match what {
            "gender" => &["Male", "F", "femal", "M", "non_binary"],
            "employment_status" => &["self-employed", "Employed", "employee", "part_time"],
            "source_of_funds" => &["salery", "Salary", "self_employment", "inheritance"],
            "account_purpose" => &["receive_payment", "payments", "personal"],
            "expected_monthly_payments" => &["5000-9999", "0-4999", "50000+", "10000_50000"],
            "business_type" => &[
                "LLC",
                "llc",
                "corp",
                "S.A.",
                "partnership",
                "sole_proprietorship",
            ],
            "business_industry" => &NAICS_CODES,
            "id_type" => &[
                "drivers_licence",
                "Passport",
                "national-id",
                "SSN",
                "dni",
                "id_card",
            ],
            "doc_type" => &["Front", "selfie_photo", "back_side", "proof_of_address"],
            "yes_no" => &["yes", "Y", "true", "NO"],
            _ => &["individul", "person", "Business", "company"],
        };
        let bad = *self.r.pick(typos);
        let (ptr, gate) = match what {
            "id_type" => {
                let mut entries: Vec<String> =
                    self.id_entries().iter().map(|e| join(e, "type")).collect();
                entries.retain(|t| self.free(t));
                if entries.is_empty() {
                    return None;
                }
                (self.r.pick(&entries).clone(), "request")
            }
            "doc_type" => {
                let mut docs: Vec<String> =
                    self.documents().iter().map(|d| join(d, "type")).collect();
                docs.retain(|t| self.free(t));
                if docs.is_empty() {
                    return None;
                }
                (self.r.pick(&docs).clone(), "request")
            }
            "business_industry" => {
                let n = self.len_at("/business_industry");
                if n == 0 {
                    return None;
                }
                let i = self.r.index(n);
                (format!("/business_industry/{i}"), "request")
            }
            "yes_no" => {
                // The ACT extras are checked for international users only.
                let ptr = "/additional_info/has_us_bank_account";
                if !self.free(ptr) || self.p["address_country"] == "USA" || self.country_changed {
                    return None;
                }
                self.country_dependent = true;
                if !self.has("/additional_info") {
                    self.insert("", "additional_info", json!({}));
                }
                (
                    "/additional_info/has_us_bank_account".to_string(),
                    "product:act",
                )
            }
            "type" => {
                // Changing the type leaves no variant, so no other rule
                // applies: only alone.
                if !self.touched.is_empty() || !self.defects.is_empty() {
                    return None;
                }
                self.frozen = true;
                ("/type".to_string(), "request")
            }
            "source_of_funds" | "account_purpose" => (format!("/{what}"), "verification"),
            _ => (format!("/{what}"), "request"),
        };
        if !self.free(&ptr) {
            return None;
        }
        let at = ptr.rfind('/').unwrap();
        let (parent, key) = (ptr[..at].to_string(), ptr[at + 1..].to_string());
        if self.has(&ptr) {
            self.set(&ptr, bad);
        } else {
            self.insert(&parent, &key, bad);
        }
        self.touch(&ptr);
        Some(Defect::new(DefectKind::EnumTypo, what, &ptr).expect(&ptr, "enum", gate))
    }

    fn wrong_media_type(&mut self) -> Option<Defect> {
        let mut files: Vec<String> = self.documents().iter().map(|d| join(d, "file")).collect();
        files.retain(|f| self.free(f) && self.str_at(f).is_some());
        if files.is_empty() {
            return None;
        }
        let ptr = self.r.pick(&files).clone();
        let file = self.str_at(&ptr)?;
        let (mime, body) = file[5..].split_once(";base64,")?;
        let variant = self.r.below(7);
        let (bad, code, gate) = match variant {
            0 => {
                let mut bytes = b"GIF89a".to_vec();
                bytes.extend(self.r.bytes(300));
                (
                    format!("data:image/gif;base64,{}", BASE64.encode(bytes)),
                    "file.media_type",
                    "request",
                )
            }
            1 => {
                let mut bytes = b"RIFF\x00\x10\x00\x00WEBPVP8 ".to_vec();
                bytes.extend(self.r.bytes(300));
                (
                    format!("data:image/webp;base64,{}", BASE64.encode(bytes)),
                    "file.media_type",
                    "request",
                )
            }
            // A non-standard name of JPEG.
            2 => (
                format!("data:image/jpg;base64,{body}"),
                "file.media_type",
                "request",
            ),
            3 => (
                format!("data:application/octet-stream;base64,{body}"),
                "file.media_type",
                "request",
            ),
            // Declared type not the bytes'.
            4 => {
                let other = match mime {
                    "image/jpeg" => "image/png",
                    "image/png" => "application/pdf",
                    _ => "image/jpeg",
                };
                (
                    format!("data:{other};base64,{body}"),
                    "file.content_mismatch",
                    "verification",
                )
            }
            5 => (
                format!("data:{mime},{body}"),
                "format.data-uri.not_base64",
                "request",
            ),
            // Bare base64, no data: URI.
            _ => (body.to_string(), "format.data-uri", "request"),
        };
        self.set(&ptr, bad);
        self.touch(&ptr);
        Some(
            Defect::new(DefectKind::WrongMediaType, &format!("v{variant}"), &ptr)
                .expect(&ptr, code, gate),
        )
    }

    fn explain_missing(&mut self) -> Option<Defect> {
        // The ACT extras are asked of international users only.
        if self.business || self.p["address_country"] == "USA" || self.country_changed {
            return None;
        }
        self.country_dependent = true;
        let flag = "/additional_info/has_denied_bank_account";
        let explain = "/additional_info/denied_bank_account_explain";
        if !self.free(flag) || !self.free(explain) {
            return None;
        }
        if !self.has("/additional_info") {
            self.insert("", "additional_info", json!({"has_us_bank_account": "No"}));
        }
        self.insert("/additional_info", "has_denied_bank_account", "Yes");
        if self.has(explain) {
            self.remove(explain);
        }
        self.touch(flag);
        self.touch(explain);
        Some(
            Defect::new(
                DefectKind::ExplainMissing,
                "denied_bank_account_explain",
                explain,
            )
            .expect(explain, "required", "product:act"),
        )
    }

    fn ownership_over_100(&mut self) -> Option<Defect> {
        let mut persons = self.persons();
        persons.retain(|p| {
            self.free(&join(p, "ownership_percentage")) && self.free(&join(p, "has_ownership"))
        });
        if persons.is_empty() {
            return None;
        }
        let person = self.r.pick(&persons).clone();
        let share = match self.r.below(7) {
            0 => Value::from(100.5),
            i => Value::from([101, 110, 120, 150, 250, 1000][i as usize - 1]),
        };
        let ptr = join(&person, "ownership_percentage");
        self.insert(&person, "has_ownership", true);
        self.insert(&person, "ownership_percentage", share);
        self.touch(&ptr);
        self.touch(&join(&person, "has_ownership"));
        Some(
            Defect::new(DefectKind::OwnershipOver100, "ownership_percentage", &ptr)
                .expect(&ptr, "range", "request")
                .expect_rule(
                    "/associated_persons",
                    "sum",
                    "verification",
                    rule::OWNERSHIP_TOTAL,
                ),
        )
    }

    fn rule_violation(&mut self) -> Option<Defect> {
        let ids = "/identifying_information";
        let country = self.str_at("/address_country");
        if !self.business {
            if country.as_deref() == Some("USA") {
                if self.country_changed || !self.remove_entries("ssn") {
                    return None;
                }
                self.country_dependent = true;
                return Some(
                    Defect::new(DefectKind::RuleViolation, "usa_without_ssn", ids).expect_rule(
                        ids,
                        "contains",
                        "verification",
                        rule::SSN_ENTRY,
                    ),
                );
            }
            let emp = "/expected_monthly_payments";
            if self.r.chance(0.5) && self.has(emp) {
                if !self.free(emp) {
                    return None;
                }
                self.remove(emp);
                self.touch(emp);
                return Some(
                    Defect::new(
                        DefectKind::RuleViolation,
                        "intl_without_expected_monthly_payments",
                        emp,
                    )
                    .expect(emp, "required", "verification"),
                );
            }
            if !self.remove_entries("tax_id") {
                return None;
            }
            return Some(
                Defect::new(DefectKind::RuleViolation, "intl_without_tax_id", ids).expect_rule(
                    ids,
                    "contains",
                    "verification",
                    rule::TAX_ID_ENTRY,
                ),
            );
        }
        let key = match country.as_deref() {
            Some("USA") => Some("ein"),
            Some("MEX") => Some("rfc"),
            Some("BRA") => Some("cnpj"),
            _ => None,
        };
        if let Some(key) = key {
            if self.r.chance(0.6) {
                let ptr = format!("/{key}");
                if self.country_changed || !self.has(&ptr) || !self.free(&ptr) {
                    return None;
                }
                self.remove(&ptr);
                self.touch(&ptr);
                self.country_dependent = true;
                return Some(
                    Defect::new(
                        DefectKind::RuleViolation,
                        &format!("business_without_{key}"),
                        &ptr,
                    )
                    .expect(&ptr, "required", "verification"),
                );
            }
        }
        // An associated person's IDs with their front images sent as back.
        let persons = self.persons();
        if persons.is_empty() {
            return None;
        }
        let person = self.r.pick(&persons).clone();
        let person_ids = join(&person, "identifying_information");
        let mut entries = Vec::new();
        for i in 0..self.len_at(&person_ids) {
            let entry = format!("{person_ids}/{i}");
            let docs = join(&entry, "documents");
            let fronts: Vec<String> = (0..self.len_at(&docs))
                .map(|k| format!("{docs}/{k}/type"))
                .filter(|t| self.str_at(t).as_deref() == Some("front"))
                .collect();
            if !fronts.is_empty() {
                entries.push((entry, fronts));
            }
        }
        if entries.is_empty() || !entries.iter().all(|(e, _)| self.free(e)) {
            return None;
        }
        let mut d = Defect::new(
            DefectKind::RuleViolation,
            "person_without_front_document",
            &person_ids,
        );
        for (entry, fronts) in entries {
            for t in fronts {
                self.set(&t, "back");
            }
            self.touch(&entry);
            // The rule reports at the entry's documents array.
            let docs = join(&entry, "documents");
            d = d.expect_rule(&docs, "contains", "verification", rule::PERSON_ID_FRONT);
        }
        Some(d)
    }

    fn missing_source_of_wealth(&mut self) -> Option<Defect> {
        let ids = "/identifying_information";
        if !self.remove_entries("source_of_wealth") {
            return None;
        }
        Some(
            Defect::new(DefectKind::MissingSourceOfWealth, "source_of_wealth", ids).expect_rule(
                ids,
                "contains",
                "product:usa-virtual-accounts",
                rule::SOURCE_OF_WEALTH,
            ),
        )
    }
}
