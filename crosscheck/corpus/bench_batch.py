#!/usr/bin/env python3
"""Whole-process figures of `kyc-preflight batch` and its peer (BENCHMARKS.md,
"batch end to end"), every program run in turn within each round so that load
from other work falls on all of them alike; medians over the rounds.

Run from the repository root, after

    cargo build --release --bin kyc-preflight
    cargo build --release -p kyc-preflight-crosscheck --bin jsonschema_batch

    python3 crosscheck/corpus/bench_batch.py --work /tmp/kyc-bench --rounds 5

The corpus is the reference mixed corpus (gen_corpus.py, seed 20260101,
20,000 lines) five times over: 100,000 records. Standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = "target/release/kyc-preflight"
PEER = "target/release/jsonschema_batch"
SCHEMA = "crosscheck/benches/data/kira-user.schema.json"
EXAMPLE = "examples/kira/individual-usa.json"
BATCH = ["batch", "--rules", "kira/create-user", "--today", "2026-01-01", "--no-progress"]


def corpus(work):
    os.makedirs(work, exist_ok=True)
    mixed = os.path.join(work, "corpus-mixed.jsonl")
    if not os.path.exists(mixed):
        subprocess.run(
            [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--out", work,
             "--count", "20000", "--only", "mixed"],
            check=True,
        )
    paths = {n: os.path.join(work, n + ".jsonl") for n in ("100k", "h1", "h2", "10k")}
    if not os.path.exists(paths["100k"]):
        with open(mixed, "rb") as f:
            lines = f.read().splitlines(keepends=True)
        whole = lines * 5
        half = len(whole) // 2
        for name, part in (("100k", whole), ("h1", whole[:half]), ("h2", whole[half:]),
                           ("10k", whole[:10000])):
            with open(paths[name], "wb") as out:
                out.writelines(part)
    return paths


def timed(*commands):
    """Wall seconds for the commands run at once (each to /dev/null)."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        procs = [subprocess.Popen(c, stdout=null, stderr=null) for c in commands]
        for p in procs:
            p.wait()
        return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default="/tmp/kyc-bench", help="folder for the corpora")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--checks", type=int, default=200, help="one-file checks a round")
    ap.add_argument("--baseline", help="another kyc-preflight binary to run beside (batch --jobs 1)")
    args = ap.parse_args()
    p = corpus(args.work)
    runs = {
        "batch --jobs 1": lambda: timed([OURS, *BATCH, "--jobs", "1", p["100k"]]),
        "jsonschema_batch": lambda: timed([PEER, SCHEMA, p["100k"]]),
        "batch --jobs 2": lambda: timed([OURS, *BATCH, "--jobs", "2", p["100k"]]),
        "two --jobs 1 on the halves": lambda: timed(
            [OURS, *BATCH, "--jobs", "1", p["h1"]], [OURS, *BATCH, "--jobs", "1", p["h2"]]
        ),
        "batch --fields code,path,gate": lambda: timed(
            [OURS, *BATCH, "--jobs", "1", "--fields", "code,path,gate", p["100k"]]
        ),
        "one-file check (ms)": lambda: 1000 * sum(
            timed([OURS, "check", "--rules", "kira/create-user", "--today", "2026-01-01",
                   "--format", "json", EXAMPLE])
            for _ in range(args.checks)
        ) / args.checks,
    }
    if args.baseline:
        runs["baseline batch --jobs 1"] = lambda: timed(
            [args.baseline, *BATCH, "--jobs", "1", p["100k"]]
        )
        runs["baseline one-file check (ms)"] = lambda: 1000 * sum(
            timed([args.baseline, "check", "--rules", "kira/create-user", "--today",
                   "2026-01-01", "--format", "json", EXAMPLE])
            for _ in range(args.checks)
        ) / args.checks
    results = {name: [] for name in runs}
    for r in range(args.rounds):
        for name, run in runs.items():
            results[name].append(run())
        print(f"round {r + 1}: " + ", ".join(f"{n} {v[-1]:.3f}" for n, v in results.items()),
              flush=True)
    med = {n: statistics.median(v) for n, v in results.items()}
    print("medians: " + ", ".join(f"{n} {v:.3f}" for n, v in med.items()))
    print(f"peer / batch --jobs 1: {med['jsonschema_batch'] / med['batch --jobs 1']:.2f}x")
    print(f"batch --jobs 2 / two halves: {med['two --jobs 1 on the halves'] / med['batch --jobs 2']:.2f}"
          " (1.00 = as fast as two independent processes)")
    print(f"batch --jobs 1 / --jobs 2: {med['batch --jobs 1'] / med['batch --jobs 2']:.2f}x")


if __name__ == "__main__":
    main()
