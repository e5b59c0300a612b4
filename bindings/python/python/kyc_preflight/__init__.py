"""kyc-preflight: check KYC/KYB onboarding payloads offline, before they are
sent to a fintech's API, against declarative rule sets that encode each
provider's documentation.

Compile a rule set once, check many bodies::

    import kyc_preflight as kp

    rules = kp.rule_set("kira/create-user")
    report = rules.check(b'{"type": "individual"}', today="2026-01-01")
    report.passed("request")      # False: first_name, last_name, ... missing
    report.to_dict()              # exactly `kyc-preflight check --format json`

The checks run in Rust (the kyc-preflight library) with the GIL released.
``kyc_preflight.spark`` checks a Spark DataFrame column.
"""

import copyreg as _copyreg

from ._kyc_preflight import (
    Finding,
    InputError,
    Report,
    RuleFileError,
    RuleProblem,
    RuleSet,
    format_check,
    formats,
    rule_set,
    rule_sets,
)

__all__ = [
    "Finding",
    "InputError",
    "Report",
    "RuleFileError",
    "RuleProblem",
    "RuleSet",
    "format_check",
    "formats",
    "rule_set",
    "rule_sets",
]


def _restore(kind: str, value: str, origin: "str | None") -> RuleSet:
    """Compile a pickled RuleSet again: an embedded one by id, any other
    from its TOML text."""
    if kind == "embedded":
        return rule_set(value)
    return RuleSet.from_toml(value, origin)


def _reduce(rules: RuleSet) -> "tuple[object, tuple[str, str, str | None]]":
    return _restore, rules._state()


_copyreg.pickle(RuleSet, _reduce)  # type: ignore[arg-type]
