"""The Python API: arguments, errors, pickling, and the dict path."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path

import pytest

import kyc_preflight as kp
from conftest import REPO, TODAY

USA = (REPO / "examples" / "kira" / "individual-usa.json").read_bytes()
KIRA = kp.rule_set("kira/create-user")

MINI = """
id = "example/mini"
source = "an example"

[[gate]]
name = "request"

[[field]]
path = "/email"
type = "string"
format = "email"
required = "request"
source = "the example's field list"
"""


def test_rule_sets_and_their_metadata() -> None:
    ids = kp.rule_sets()
    assert "kira/create-user" in ids and len(ids) == len(set(ids)) >= 5
    assert KIRA.id == "kira/create-user"
    assert KIRA.gates == ["request", "verification", "product:usa-virtual-accounts", "product:act"]
    assert "individual/usa" in KIRA.variants
    assert repr(KIRA) == 'RuleSet("kira/create-user")'
    with pytest.raises(ValueError, match="unknown rule set `nope/nope`"):
        kp.rule_set("nope/nope")


def test_report_fields() -> None:
    report = KIRA.check(USA, today=TODAY)
    assert report.rule_set == "kira/create-user"
    assert report.variant == "individual/usa"
    assert report.gates == {
        "request": True,
        "verification": True,
        "product:usa-virtual-accounts": False,
        "product:act": True,
    }
    assert report.passed("request") and report.passed("verification")
    assert not report.passed("product:usa-virtual-accounts")
    assert not report.passed()
    with pytest.raises(ValueError, match='no gate "product:nope"'):
        report.passed("product:nope")
    [finding] = report.findings
    assert (finding.location, finding.path, finding.gate, finding.severity, finding.code) == (
        "body", "/identifying_information", "product:usa-virtual-accounts", "error", "contains",
    )
    assert finding.rule == "kira/create-user#source-of-wealth"
    assert "source_of_wealth" in finding.message
    assert "Identification Types" in finding.source
    assert finding.to_dict() == report.to_dict()["findings"][0]
    assert set(finding.to_dict()) == {"in", "path", "gate", "severity", "code", "rule", "message"}
    assert json.loads(report.to_json()) == report.to_dict()


def test_today_as_date_or_text() -> None:
    minor = json.loads(USA)
    minor["birth_date"] = "2008-01-02"  # 18 on 2026-01-02
    as_text = KIRA.check(minor, today="2026-01-01")
    as_date = KIRA.check(minor, today=datetime.date(2026, 1, 1))
    assert as_text.to_dict() == as_date.to_dict()
    assert "age" in [f.code for f in as_text.findings]
    assert "age" not in [f.code for f in KIRA.check(minor, today="2026-01-02").findings]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        KIRA.check(USA, today="01/01/2026")
    with pytest.raises(TypeError, match="today"):
        KIRA.check(USA, today=20260101)  # type: ignore[arg-type]


def test_headers_as_dict_or_pairs() -> None:
    headers = {
        "Authorization": "Bearer t",
        "x-api-key": "k",
        "content-type": "application/json",
        "idempotency-key": "not-a-uuid",
    }
    as_dict = KIRA.check(USA, headers=headers, today=TODAY)
    as_pairs = KIRA.check(USA, headers=list(headers.items()), today=TODAY)
    assert as_dict.to_dict() == as_pairs.to_dict()
    header_findings = [f for f in as_dict.findings if f.location == "header"]
    assert [(f.path, f.code) for f in header_findings] == [("idempotency-key", "format.uuid")]
    # No headers: header rules do not run. Empty headers: they do.
    assert not [f for f in KIRA.check(USA, today=TODAY).findings if f.location == "header"]
    missing = [f.path for f in KIRA.check(USA, headers={}, today=TODAY).findings if f.location == "header"]
    assert "x-api-key" in missing
    with pytest.raises(TypeError, match="headers"):
        KIRA.check(USA, headers={"x-api-key": 1}, today=TODAY)  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("body", "message", "line", "column"),
    [
        (b'{"type": "individual",\n "email": }', "line 2, column 11: not valid JSON", 2, 11),
        (b"", "the input is empty", None, None),
        (b"[1, 2]", "the body must be a JSON object, not an array", None, None),
        (b"\xef\xbb\xbf{}", "byte order mark", 1, 1),
        (b'{"a": "\xff"}', "not valid UTF-8", 1, 8),
        (b"[" * 65 + b"]" * 65, "nested deeper than 64 levels", 1, 65),
    ],
)
def test_input_errors(body: bytes, message: str, line: int | None, column: int | None) -> None:
    with pytest.raises(kp.InputError, match=message) as caught:
        KIRA.check(body, today=TODAY)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_dict_bodies() -> None:
    body = json.loads(USA)
    assert KIRA.check(body, today=TODAY).to_dict() == KIRA.check(USA, today=TODAY).to_dict()
    # Tuples are arrays; big integers are numbers as JSON text reads them.
    assert KIRA.check({"type": "individual", "x": (1, 2), "n": 2**70}, today=TODAY).findings
    deep: dict[str, object] = {}
    node = deep
    for _ in range(64):
        node["a"] = {}
        node = node["a"]  # type: ignore[assignment]
    with pytest.raises(kp.InputError, match="nested deeper than 64 levels") as caught:
        KIRA.check(deep, today=TODAY)
    assert caught.value.line is None
    cyclic: dict[str, object] = {}
    cyclic["self"] = cyclic
    with pytest.raises(kp.InputError, match="nested deeper"):
        KIRA.check(cyclic, today=TODAY)
    with pytest.raises(kp.InputError, match="JSON cannot represent"):
        KIRA.check({"n": float("nan")}, today=TODAY)
    with pytest.raises(TypeError, match="set is not a JSON value"):
        KIRA.check({"s": {1}}, today=TODAY)
    with pytest.raises(TypeError, match="key must be a str"):
        KIRA.check({1: "x"}, today=TODAY)  # type: ignore[dict-item]


def test_wrong_body_types() -> None:
    with pytest.raises(TypeError, match="expected bytes, str or dict, not int"):
        KIRA.check(1, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected bytes or str, not dict"):
        KIRA.check_many([{}], today=TODAY)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="jobs"):
        KIRA.check_many([b"{}"], jobs=0)


def test_check_many_edge_cases() -> None:
    assert KIRA.check_many([], today=TODAY) == []
    [bad] = KIRA.check_many([b"{"], today=TODAY)
    assert [(f.path, f.code, f.gate) for f in bad.findings] == [("", "input", "request")]
    assert bad.variant is None and not any(bad.gates.values())
    with pytest.raises(kp.InputError):
        KIRA.check(b"{", today=TODAY)


def test_rule_files(tmp_path: Path) -> None:
    own = kp.RuleSet.from_toml(MINI, "mini.toml")
    assert own.id == "example/mini" and own.gates == ["request"]
    report = own.check({"email": "nope"}, today=TODAY)
    assert [(f.path, f.code) for f in report.findings] == [("/email", "format.email")]
    path = tmp_path / "mini.toml"
    path.write_text(MINI)
    assert kp.RuleSet.from_file(path).check({}).to_dict() == own.check({}).to_dict()
    embedded = kp.RuleSet.from_file(REPO / "rules" / "kira" / "create-user.toml")
    assert embedded.check(USA, today=TODAY).to_dict() == KIRA.check(USA, today=TODAY).to_dict()
    with pytest.raises(OSError, match="cannot read"):
        kp.RuleSet.from_file(tmp_path / "missing.toml")


def test_rule_file_errors() -> None:
    broken = MINI.replace('format = "email"', 'format = "emial"').replace(
        'required = "request"', 'required = "verification"'
    )
    with pytest.raises(kp.RuleFileError) as caught:
        kp.RuleSet.from_toml(broken, "broken.toml")
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.file == "broken.toml"
    assert len(err.problems) == 2
    assert [p.line for p in err.problems] == [11, 12]  # the format and required lines
    assert all(p.column >= 1 and p.message for p in err.problems)
    assert any(p.help and "email" in p.help for p in err.problems)
    assert str(err).startswith("broken.toml:11:")


def test_pickle_compiles_again() -> None:
    for rules in (KIRA, kp.RuleSet.from_toml(MINI, "mini.toml")):
        again = pickle.loads(pickle.dumps(rules))
        assert isinstance(again, kp.RuleSet) and again.id == rules.id
        assert again.check({"email": "x"}, today=TODAY).to_json() == rules.check(
            {"email": "x"}, today=TODAY
        ).to_json()


def test_format_check_errors() -> None:
    assert kp.format_check("ssn", "123-45-6789") == "valid"
    with pytest.raises(ValueError, match="unknown format `nope`"):
        kp.format_check("nope", "x")


def test_docstrings_read_well() -> None:
    doc = kp.RuleSet.check.__doc__ or ""
    assert "InputError" in doc and "headers" in doc and "today" in doc
    assert kp.RuleSet.check.__text_signature__ == "($self, body, headers=None, today=None)"
    assert "GIL" in (kp.RuleSet.check_many.__doc__ or "")
    assert kp.InputError.__doc__ and "line" in kp.InputError.__doc__
