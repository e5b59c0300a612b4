"""kyc_preflight.spark on a PySpark local[2] job: the same reports as
`batch` on the same lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

import kyc_preflight as kp
from conftest import TODAY, read_lines

if os.environ.get("KYC_PREFLIGHT_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (test.sh installs it: missing is a failure)
else:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

import kyc_preflight.spark  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("kyc-preflight-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def canonical(report: dict[str, Any], location_key: str) -> tuple[Any, ...]:
    return (
        report["rule_set"],
        report["variant"],
        tuple(sorted(report["gates"].items())),
        tuple(
            (f[location_key], f["path"], f["gate"], f["severity"], f["code"], f["rule"], f["message"])
            for f in report["findings"]
        ),
    )


def test_reports_equal_batch(spark: SparkSession, cli: Path, corpus: Path) -> None:
    run = subprocess.run(
        [str(cli), "batch", "--rules", "kira/create-user", "--today", TODAY,
         "--no-progress", str(corpus)],
        capture_output=True,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    want = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(want) == len(read_lines(corpus))

    df = spark.read.text(str(corpus)).repartition(4)
    checked = kyc_preflight.spark.check(df, "value", "kira/create-user", today=TODAY)
    assert checked.schema["report"].dataType == kyc_preflight.spark.report_type()
    assert checked.columns == ["value", "report"]
    rows = [row.report.asDict(recursive=True) for row in checked.select("report").collect()]
    assert Counter(canonical(r, "location") for r in rows) == Counter(
        canonical(r, "in") for r in want
    )

    # The counts a data team would ask Spark for, per gate and per code.
    per_gate = {
        row["gate"]: (row["passed"], row["records"])
        for row in checked.select(F.explode("report.gates").alias("gate", "ok"))
        .groupBy("gate")
        .agg(F.sum(F.col("ok").cast("int")).alias("passed"), F.count("*").alias("records"))
        .collect()
    }
    assert per_gate == {
        gate: (sum(r["gates"][gate] for r in want), len(want)) for gate in want[0]["gates"]
    }
    per_code = {
        row["code"]: row["n"]
        for row in checked.select(F.explode("report.findings").alias("f"))
        .groupBy("f.code")
        .agg(F.count("*").alias("n"))
        .collect()
    }
    assert per_code == dict(Counter(f["code"] for r in want for f in r["findings"]))
    assert per_code["input"] >= 4  # the corpus' broken lines


def test_own_rule_set_binary_column_and_nulls(spark: SparkSession) -> None:
    own = kp.RuleSet.from_toml(
        """
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
""",
        "mini.toml",
    )
    bodies = [b'{"email": "ana@example.com"}', b'{"email": "ana@"}', None, b"{"]
    df = spark.createDataFrame([(i, b) for i, b in enumerate(bodies)], "id int, body binary")
    rows = {
        row.id: row.report
        for row in kyc_preflight.spark.check(df, "body", own).collect()
    }
    assert rows[2] is None
    for i in (0, 1, 3):
        body = bodies[i]
        assert body is not None
        [want] = own.check_many([body])
        got = rows[i].asDict(recursive=True)
        assert canonical(got, "location") == canonical(want.to_dict(), "in")


def test_argument_errors(spark: SparkSession) -> None:
    df = spark.createDataFrame([("{}",)], "value string")
    with pytest.raises(ValueError, match="unknown rule set"):
        kyc_preflight.spark.check(df, "value", "nope/nope")
    with pytest.raises(ValueError, match="not in the DataFrame"):
        kyc_preflight.spark.check(df, "body", "kira/create-user")
    with pytest.raises(ValueError):
        kyc_preflight.spark.check(df, "value", "kira/create-user", today="2026-13-01")
