"""The package gives the CLI's reports: `check --format json` for every
example and fixture, `batch` for a generated corpus."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import kyc_preflight as kp
from conftest import TODAY, Case, cases, read_lines

CASES = cases()


def duplicate_free(text: bytes) -> bool:
    seen_duplicate = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal seen_duplicate
        keys = [k for k, _ in items]
        seen_duplicate |= len(keys) != len(set(keys))
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return not seen_duplicate


def test_every_example_and_fixture_is_a_case() -> None:
    # 5 examples and the fixtures of the five embedded rule sets.
    assert sum(c.name.startswith("examples/") for c in CASES) == 5
    assert {c.rule_set for c in CASES} == set(kp.rule_sets())
    assert len(CASES) > 500


@pytest.fixture(scope="session")
def cli_reports(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`check --format json` of every case, run on every core at once."""
    tmp = tmp_path_factory.mktemp("bodies")

    def run(at: int) -> "subprocess.CompletedProcess[bytes]":
        body_file = tmp / f"{at}.json"
        body_file.write_bytes(CASES[at].body)
        return subprocess.run([str(cli), *CASES[at].cli_args(body_file)], capture_output=True)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip((c.name for c in CASES), pool.map(run, range(len(CASES)))))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_equals_cli(case: Case, cli_reports: dict[str, Any]) -> None:
    run = cli_reports[case.name]
    assert run.returncode in (0, 1), run.stderr.decode()
    rules = kp.rule_set(case.rule_set)
    report = rules.check(case.body, headers=case.headers, today=case.today)
    assert report.to_dict() == json.loads(run.stdout)
    assert report.to_json().encode() + b"\n" == run.stdout
    # The same body as str, and as a dict (when JSON text and dict can
    # mean the same: no duplicate keys).
    as_str = rules.check(case.body.decode(), headers=case.headers, today=case.today)
    assert as_str.to_json() == report.to_json()
    if duplicate_free(case.body):
        as_dict = rules.check(json.loads(case.body), headers=case.headers, today=case.today)
        assert as_dict.to_dict() == report.to_dict()
    # The verdicts agree with the exit status (all gates required).
    assert report.passed() == (run.returncode == 0)


def batch_lines(cli: Path, corpus: Path, *extra: str) -> list[bytes]:
    run = subprocess.run(
        [str(cli), "batch", "--rules", "kira/create-user", "--today", TODAY,
         "--no-progress", *extra, str(corpus)],
        capture_output=True,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    return run.stdout.splitlines()


@pytest.mark.parametrize("jobs", [None, 1, 2, 3])
def test_check_many_equals_batch(cli: Path, corpus: Path, jobs: int | None) -> None:
    lines = read_lines(corpus)
    want = batch_lines(cli, corpus)
    assert len(want) == len(lines) > 3000
    reports = kp.rule_set("kira/create-user").check_many(lines, today=TODAY, jobs=jobs)
    got = [r.to_json().encode() for r in reports]
    assert got == want
    # The input errors at the end of the corpus are reports, not exceptions.
    assert [r.findings[0].code for r in reports[-6:] if r.findings][:3] == ["input"] * 3


def test_check_many_takes_str_and_any_iterable(cli: Path, corpus: Path) -> None:
    lines = read_lines(corpus)[:500]
    rules = kp.rule_set("kira/create-user")
    as_bytes = [r.to_json() for r in rules.check_many(lines, today=TODAY)]
    as_str = [r.to_json() for r in rules.check_many((x.decode() for x in lines), today=TODAY)]
    assert as_str == as_bytes


def test_batch_summary_counts(cli: Path, corpus: Path) -> None:
    """The counts batch prints on stderr, from check_many's reports."""
    run = subprocess.run(
        [str(cli), "batch", "--rules", "kira/create-user", "--today", TODAY,
         "--no-progress", str(corpus)],
        capture_output=True,
    )
    reports = kp.rule_set("kira/create-user").check_many(read_lines(corpus), today=TODAY)
    accepted = sum(r.passed("request") for r in reports)
    ready = sum(r.passed("verification") for r in reports)
    failing = sum(not r.passed() for r in reports)
    codes = Counter(f.code for r in reports for f in r.findings if f.severity == "error")
    summary = run.stderr.decode().splitlines()
    assert summary[0] == (
        f"{len(reports)} records: {accepted} accepted (request gate), "
        f"{ready} verification-ready, {failing} failing the required gates"
    )
    listed = sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))
    assert summary[1] == "errors by code: " + ", ".join(f"{c} {n}" for c, n in listed)


FORMAT_VALUES = {
    "email": ["jane.doe@example.com", "jane@", ""],
    "e164": ["+12025551234", "2025551234", "+99912345678"],
    "iso3166-alpha2": ["US", "XX", "us"],
    "iso3166-alpha3": ["MEX", "XXX"],
    "date": ["2026-01-01", "2026-02-30"],
    "uuid": ["550e8400-e29b-41d4-a716-446655440000", "550e8400"],
    "data-uri": ["data:image/png;base64,iVBORw0KGgo=", "data:,x"],
    "ssn": ["123-45-6789", "666-45-6789", "000-00-0000"],
    "itin": ["912-70-1234", "123-45-6789"],
    "ein": ["12-3456789", "00-0000000"],
    "rfc": ["GODE561231GR8", "XAXX010101000", "ABC"],
    "curp": ["GARM880520MDFRRL09", "GOMA850101XJCRRN00", "X"],
    "cpf": ["529.982.247-25", "111.111.111-11"],
    "cnpj": ["11.222.333/0001-81", "11.222.333/0001-00"],
    "nit": ["900373123-4", "900373123-5"],
    "nit-base": ["900373123", "9003"],
}


# Values each format accepts, warns on and refuses; every format is also
# given OTHER_VALUES.
OTHER_VALUES = ["", "0", "123456789", "ABC-123", "+52 55 1234 5678"]


def test_formats_are_the_clis(cli: Path) -> None:
    run = subprocess.run([str(cli), "format", "nope", "x"], capture_output=True)
    assert run.returncode == 2
    listed = run.stderr.decode().split("(formats: ")[1].split(")")[0].split(", ")
    assert kp.formats() == listed
    assert set(FORMAT_VALUES) <= set(listed)


@pytest.mark.parametrize("name", kp.formats())
def test_format_check_equals_cli_format(cli: Path, name: str) -> None:
    values = FORMAT_VALUES.get(name, []) + OTHER_VALUES
    run = subprocess.run([str(cli), "format", name, *values], capture_output=True)
    assert run.returncode in (0, 1), run.stderr.decode()
    assert [kp.format_check(name, v) for v in values] == run.stdout.decode().splitlines()
