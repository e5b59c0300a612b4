"""Check a Spark DataFrame column of JSON request bodies with kyc-preflight.

::

    from pyspark.sql import SparkSession
    import kyc_preflight.spark

    spark = SparkSession.builder.getOrCreate()
    df = spark.read.text("customers/")            # JSON Lines: one body per row, column "value"
    checked = kyc_preflight.spark.check(df, "value", "kira/create-user", today="2026-01-01")
    checked.select("report.gates", "report.findings").write.parquet("reports/")

`check` adds one struct column ``report``::

    struct<rule_set: string, variant: string,
           gates: map<string, boolean>,
           findings: array<struct<location, path, gate, severity, code, rule, message: string>>>

exactly the report `kyc-preflight check --format json` prints for the same
body (``location`` is its ``in``); a body that cannot be checked gets one
``input`` error at the first gate, as a ``batch`` line does, and a null
body a null report.

It runs on Arrow batches (``DataFrame.mapInArrow``, PySpark 3.3 or later,
with pyarrow). Each Python worker compiles the rule set once and checks a
batch in one call with the GIL released. The executors need only this
package (the wheel) installed; the rule set travels by id, or, for your own
rule file, as its text.
"""

from __future__ import annotations

import datetime
import importlib
import threading
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union

from ._kyc_preflight import RuleSet, rule_set

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

__all__ = ["check", "report_type"]

_FINDING_FIELDS = ("location", "path", "gate", "severity", "code", "rule", "message")

_compiled: dict[tuple[str, str, Optional[str]], RuleSet] = {}
_compiled_lock = threading.Lock()


def report_type() -> "StructType":
    """The Spark type of the ``report`` column."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        MapType,
        StringType,
        StructField,
        StructType,
    )

    finding = StructType([StructField(name, StringType(), True) for name in _FINDING_FIELDS])
    return StructType(
        [
            StructField("rule_set", StringType(), True),
            StructField("variant", StringType(), True),
            StructField("gates", MapType(StringType(), BooleanType(), True), True),
            StructField("findings", ArrayType(finding, True), True),
        ]
    )


def _state(rules: Union[str, RuleSet]) -> tuple[str, str, Optional[str]]:
    if isinstance(rules, RuleSet):
        return rules._state()
    if isinstance(rules, str):
        return rule_set(rules)._state()  # an unknown id fails here, on the driver
    raise TypeError(f"rules: expected a rule set id or a RuleSet, not {type(rules).__name__}")


def _rules(state: tuple[str, str, Optional[str]]) -> RuleSet:
    """The rule set, compiled once per Python process."""
    with _compiled_lock:
        rules = _compiled.get(state)
        if rules is None:
            kind, value, origin = state
            rules = rule_set(value) if kind == "embedded" else RuleSet.from_toml(value, origin)
            _compiled[state] = rules
        return rules


def _today(today: Union[None, str, datetime.date]) -> str:
    if today is None:
        # Fixed on the driver, so every executor uses the same day.
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    if isinstance(today, datetime.date):
        return today.isoformat()
    if isinstance(today, str):
        datetime.date.fromisoformat(today)  # a bad date fails here, on the driver
        return today
    raise TypeError(f"today: expected a datetime.date or YYYY-MM-DD, not {type(today).__name__}")


def _pyarrow() -> Any:
    # pyarrow ships no type information; it is used untyped here.
    return importlib.import_module("pyarrow")


def _report_array(columns: tuple[list[Any], ...], large: bool) -> Any:
    """A pyarrow StructArray of the ``report`` type from
    ``RuleSet._check_columns``' columns."""
    pa = _pyarrow()

    text = pa.large_string() if large else pa.string()
    (valid, rule_set_, variant, gate_offsets, gate_name, gate_passed, finding_offsets) = columns[:7]
    gates = pa.MapArray.from_arrays(
        pa.array(gate_offsets, pa.int32()),
        pa.array(gate_name, text),
        pa.array(gate_passed, pa.bool_()),
    )
    finding = pa.StructArray.from_arrays(
        [pa.array(values, text) for values in columns[7:]], names=list(_FINDING_FIELDS)
    )
    findings = pa.ListArray.from_arrays(pa.array(finding_offsets, pa.int32()), finding)
    return pa.StructArray.from_arrays(
        [pa.array(rule_set_, text), pa.array(variant, text), gates, findings],
        names=["rule_set", "variant", "gates", "findings"],
        mask=pa.array([not v for v in valid], pa.bool_()),
    )


def check(
    df: "DataFrame",
    column: str,
    rules: Union[str, RuleSet],
    today: Union[None, str, datetime.date] = None,
) -> "DataFrame":
    """Return ``df`` with a ``report`` struct column: the kyc-preflight
    report of the JSON body in ``column`` (string or binary) of each row.

    ``rules`` is an embedded rule set id ("kira/create-user") or a RuleSet
    (``kyc_preflight.RuleSet.from_file(...)`` for your own rule file).
    ``today`` ("YYYY-MM-DD" or a datetime.date) pins the date rules; by
    default it is the driver's UTC date when ``check`` is called, the same
    on every executor.

    Raises ValueError for an unknown rule set id or a bad date, TypeError
    for a wrong argument type, ValueError when ``column`` is not a column
    of ``df`` or ``df`` has a ``report`` column already. Requires PySpark
    3.3 or later (``DataFrame.mapInArrow``) and pyarrow.
    """
    from pyspark.sql.types import StructField, StructType

    state = _state(rules)
    day = _today(today)
    if column not in df.columns:
        raise ValueError(f"column {column!r} is not in the DataFrame (columns: {df.columns})")
    if "report" in df.columns:
        raise ValueError("the DataFrame has a `report` column already")
    if not hasattr(df, "mapInArrow"):
        raise RuntimeError("kyc_preflight.spark needs PySpark 3.3 or later (DataFrame.mapInArrow)")
    schema = StructType(df.schema.fields + [StructField("report", report_type(), True)])

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        pa = _pyarrow()

        checker = _rules(state)
        for batch in batches:
            values = batch.column(column)
            large = pa.types.is_large_string(values.type) or pa.types.is_large_binary(values.type)
            # One Spark task per core: check on this task's thread alone.
            columns = checker._check_columns(values.to_pylist(), today=day, jobs=1)
            yield pa.RecordBatch.from_arrays(
                batch.columns + [_report_array(columns, large)],
                names=batch.schema.names + ["report"],
            )

    return df.mapInArrow(run, schema)
