#!/usr/bin/env bash
# Build and test the Python package the way a user with a checkout gets it,
# in a fresh virtual environment (a temporary directory, removed after):
#   pip install ./bindings/python      (maturin builds the extension from source)
#   pip install pytest mypy pyspark[sql] (from the package index; Spark needs Java 17+)
#   pytest bindings/python/tests       (CLI parity, API, threads, stubs, Spark local[2])
# Works from any directory; exits non-zero when anything fails.
#
# Environment:
#   PYTHON                 the interpreter to make the venv with (default python3)
#   KYC_PREFLIGHT_PROFILE  cargo profile of the extension (default dev: the
#                          tests' speed does not need release's fat LTO, which
#                          takes minutes to link; `release` is what a plain
#                          `pip install ./bindings/python` builds)
#   CARGO_TARGET_DIR       as for cargo
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
profile="${KYC_PREFLIGHT_PROFILE:-dev}"
target="${CARGO_TARGET_DIR:-$repo/target}"
venv="$(mktemp -d "${TMPDIR:-/tmp}/kyc-preflight-py.XXXXXX")"
trap 'rm -rf "$venv"' EXIT

echo "bindings/python/test.sh: venv $venv, extension profile $profile"
"$python" -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet pytest mypy 'pyspark[sql]'
"$py" -m pip install --quiet "$here" --config-settings=build-args="--profile $profile"

# The CLI the tests compare with, and the corpus generator.
(cd "$repo" && cargo build --locked --quiet -p kyc-preflight --bin kyc-preflight &&
  cargo build --locked --quiet -p kyc-preflight-testkit --bin gen_corpus)
export KYC_PREFLIGHT_CLI="$target/debug/kyc-preflight"
export KYC_PREFLIGHT_REQUIRE_SPARK=1
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py"

cd "$here/tests"
"$py" -m pytest -q -p no:cacheprovider -W ignore::FutureWarning .
