"""Typed use of the package, checked by mypy --strict (test_stubs.py)."""

from __future__ import annotations

import datetime
import pickle

import kyc_preflight as kp


def summary(report: kp.Report) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in report.findings:
        key: str = f"{f.gate}:{f.code}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def main() -> None:
    ids: list[str] = kp.rule_sets()
    rules: kp.RuleSet = kp.rule_set(ids[0])
    own = kp.RuleSet.from_toml("id = 'x'", origin="x.toml")
    gates: list[str] = rules.gates + own.gates
    report = rules.check(b"{}", headers={"x-api-key": "k"}, today=datetime.date(2026, 1, 1))
    report = rules.check({"type": "individual"}, headers=[("a", "b")], today="2026-01-01")
    variant: str | None = report.variant
    verdicts: dict[str, bool] = report.gates
    ok: bool = report.passed("request") and report.passed()
    as_dict: dict[str, object] = report.to_dict()
    text: str = report.to_json()
    many: list[kp.Report] = rules.check_many(["{}", b"{}"], today="2026-01-01", jobs=2)
    line: str = kp.format_check("ssn", "123-45-6789")
    try:
        rules.check("{")
    except kp.InputError as e:
        where: tuple[int | None, int | None] = (e.line, e.column)
        print(where)
    try:
        kp.RuleSet.from_file("rules.toml")
    except kp.RuleFileError as e:
        for p in e.problems:
            print(e.file, p.line, p.column, p.message, p.help)
    again: kp.RuleSet = pickle.loads(pickle.dumps(rules))
    print(gates, variant, verdicts, ok, as_dict, text, many, line, again, summary(report))


if __name__ == "__main__":
    main()
