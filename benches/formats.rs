//! Format checks: time per check for every format on a valid and an invalid
//! value, and the data-URI check on an 8 MB base64 payload (bytes/s).
//!
//! `cargo bench --bench formats -- --warm-up-time 1 --measurement-time 2`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::hint::black_box;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kyc_preflight::formats::{data_uri, Format};

/// (format, valid value, invalid value). The invalid value fails late where
/// the format has several rules (check digit, numbering plan, calendar), so
/// it measures the whole check.
const CASES: [(Format, &str, &str); 25] = [
    (
        Format::Email,
        "jane.doe+kyc@example.com.mx",
        "jane..doe@example.com",
    ),
    (Format::E164, "+12025550173", "+10235551234"),
    (Format::Iso3166Alpha2, "MX", "UK"),
    (Format::Iso3166Alpha3, "MEX", "XKX"),
    (Format::Date, "1990-01-15", "2023-02-29"),
    (
        Format::Uuid,
        "550e8400-e29b-41d4-a716-446655440000",
        "550e8400-e29b-41d4-a716-44665544000g",
    ),
    (
        Format::DataUri,
        "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==",
        "data:image/jpeg;base64,/9j/4AAQ SkZJRgABAQ==",
    ),
    (Format::Ssn, "536-90-4399", "536-90-0000"),
    (Format::Itin, "912-70-3456", "912-93-3456"),
    (Format::Ein, "91-1144442", "97-1144442"),
    (Format::Rfc, "GODE561231GR8", "GODE561231GR9"),
    (Format::Curp, "HEGR891009HMNRRD09", "HEGR891009HMNRRD08"),
    (Format::Cpf, "39053344705", "39053344706"),
    (Format::Cnpj, "12ABC34501DE35", "12ABC34501DE36"),
    (Format::Nit, "8001972684", "8001972685"),
    (Format::NitBase, "800197268", "8001972684"),
    (
        Format::DateTime,
        "2026-01-15T09:30:00.123+05:30",
        "1998-12-31T23:59:60+01:00",
    ),
    (Format::Ipv4, "192.0.2.255", "192.0.2.256"),
    (Format::Ipv6, "2001:db8::ffff:192.0.2.1", "fe80::1%eth0"),
    (
        Format::Uri,
        "https://example.com/a/b?c=d#e",
        "https://example.com/a/b?c=d#e%",
    ),
    (
        Format::Url,
        "https://example.com/a/b?c=d#e",
        "https:///a/b?c=d#e",
    ),
    (Format::Nino, "AB 12 34 56 C", "AB 12 34 56 E"),
    (Format::Pan, "ABCPE1234F", "ABCPE0000F"),
    (Format::Rut, "12.345.678-5", "12.345.678-6"),
    (Format::Cuit, "20-12345678-6", "20-12345678-7"),
];

fn per_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("format");
    for (format, valid, invalid) in CASES {
        assert!(format.check(valid).is_ok(), "{}", format.name());
        assert!(format.check(invalid).is_err(), "{}", format.name());
        group.bench_function(format!("{}/valid", format.name()), |b| {
            b.iter(|| format.check(black_box(valid)))
        });
        group.bench_function(format!("{}/invalid", format.name()), |b| {
            b.iter(|| format.check(black_box(invalid)))
        });
    }
    group.finish();
}

/// A data URI whose base64 payload is 8,000,000 characters (6,000,000
/// bytes, a JPEG signature then pseudo-random bytes).
fn big_data_uri() -> String {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < 6_000_000 {
        // xorshift64
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(6_000_000);
    format!("data:image/jpeg;base64,{}", STANDARD.encode(&bytes))
}

fn data_uri_8mb(c: &mut Criterion) {
    let uri = big_data_uri();
    let parsed = data_uri::parse(&uri).unwrap();
    assert_eq!(parsed.payload.len(), 8_000_000);
    assert_eq!(parsed.decoded_len(), 6_000_000);
    assert_eq!(parsed.sniff(), data_uri::Sniffed::Jpeg);
    // The same payload with one bad byte at the very end: the worst case.
    let mut bad = uri.clone().into_bytes();
    let last = bad.len() - 5;
    bad[last] = b'*';
    let bad = String::from_utf8(bad).unwrap();

    let mut group = c.benchmark_group("data-uri-8MB");
    group.throughput(Throughput::Bytes(uri.len() as u64));
    group.sample_size(20);
    group.bench_function("check/valid", |b| {
        b.iter(|| data_uri::check(black_box(&uri)))
    });
    group.bench_function("check/invalid-at-end", |b| {
        b.iter(|| data_uri::check(black_box(&bad)))
    });
    group.bench_function("parse+decoded_len+sniff", |b| {
        b.iter(|| {
            let p = data_uri::parse(black_box(&uri)).unwrap();
            (p.decoded_len(), p.sniff())
        })
    });
    group.finish();
}

criterion_group!(benches, per_check, data_uri_8mb);
criterion_main!(benches);
