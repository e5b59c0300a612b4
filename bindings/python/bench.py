"""Throughput of the Python package on a JSON Lines corpus (BENCHMARKS.md).

    cargo run --release --example gen_corpus -- --seed 42 --count 20000 --kind mixed /tmp/corpus.jsonl
    pip install ./bindings/python            # a release build, as users get it
    python bindings/python/bench.py /tmp/corpus.jsonl [--spark]

Prints records per second for: check_many on one thread and on every core
(with and without to_dict() of every report), check() in a loop on bytes
and on dicts (json.loads'ed bodies; and json.dumps + bytes, the round trip
the dict path avoids), and with --spark kyc_preflight.spark.check on a
local[*] session writing Parquet. Best of 3 runs for each, as wall
time and as this process's CPU time (all its threads; the fairer figure
on a shared machine).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Callable

import kyc_preflight as kp

TODAY = "2026-01-01"


def best(label: str, n: int, run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    cpu = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    t = min(times)
    print(
        f"{label:50s} {n / t:>9,.0f} records/s  {t / n * 1e6:7.2f} us/record wall"
        f"  {min(cpu) / n * 1e6:7.2f} us/record CPU"
    )
    return t


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as f:
        lines = [line.rstrip(b"\r") for line in f.read().split(b"\n") if line]
    n = len(lines)
    rules = kp.rule_set("kira/create-user")
    cores = os.cpu_count() or 1
    print(f"{n} records, {sum(map(len, lines)) / n:,.0f} bytes each on average, {cores} cores")
    best("check_many(jobs=1)", n, lambda: rules.check_many(lines, today=TODAY, jobs=1))
    best(f"check_many() (every core: {cores})", n, lambda: rules.check_many(lines, today=TODAY))
    best(
        "check_many(jobs=1) + to_dict() of each",
        n,
        lambda: [r.to_dict() for r in rules.check_many(lines, today=TODAY, jobs=1)],
    )
    best(
        "check_many(jobs=1) + to_json() of each",
        n,
        lambda: [r.to_json() for r in rules.check_many(lines, today=TODAY, jobs=1)],
    )
    best("check(bytes) in a loop", n, lambda: [rules.check(b, today=TODAY) for b in lines])
    best(
        "check(bytes).to_dict() in a loop",
        n,
        lambda: [rules.check(b, today=TODAY).to_dict() for b in lines],
    )
    dicts = [json.loads(b) for b in lines]
    best("check(dict) in a loop (walked, no JSON text)", n, lambda: [rules.check(d, today=TODAY) for d in dicts])
    best(
        "check(json.dumps(dict).encode()) in a loop",
        n,
        lambda: [rules.check(json.dumps(d).encode(), today=TODAY) for d in dicts],
    )
    if "--spark" in sys.argv:
        spark_bench(path, n)


def spark_bench(path: str, n: int) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    import kyc_preflight.spark

    spark = (
        SparkSession.builder.master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    partitions = spark.sparkContext.defaultParallelism
    with tempfile.TemporaryDirectory() as out:

        def job(with_check: bool) -> None:
            df = spark.read.text(path).repartition(partitions)
            if with_check:
                df = kyc_preflight.spark.check(df, "value", "kira/create-user", today=TODAY)
            df.write.mode("overwrite").parquet(os.path.join(out, "reports"))

        job(True)  # warm the JVM and the Python workers
        plain = best("Spark local[*]: read text, write Parquet (no check)", n, lambda: job(False))
        checked = best("Spark local[*]: read, spark.check, write Parquet", n, lambda: job(True))
        per_core = n / (checked - plain) / partitions
        print(f"spark.check alone: {per_core:,.0f} records/s per core ({partitions} cores)")
    spark.stop()


if __name__ == "__main__":
    main()
