#!/usr/bin/env bash
# Run one fuzz target: fuzz/run.sh TARGET [SECONDS] [-- more libFuzzer flags]
#
# New inputs go to fuzz/corpus/TARGET (ignored by git); the seeds are read
# from the repository (fixtures, examples, rule files, regression inputs)
# and fuzz/seeds/TARGET. Crashes land in fuzz/artifacts/TARGET.
# Uses the nightly toolchain when installed, else stable with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). Built in release mode with
# debug assertions and overflow checks; no sanitizer by default (the library
# forbids unsafe code; ASan halves the speed): FUZZ_SANITIZER=address
# turns it on.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [-- libFuzzer flags]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
mkdir -p "corpus/$target"
seeds=()
case $target in
  check_bytes) seeds=(../tests/fixtures ../examples/kira ../tests/regression/check_bytes) ;;
  check_json) seeds=(seeds/check_json) ;;
  rule_file) seeds=(../rules ../tests/regression/rule_file) ;;
  rule_file_mutate) seeds=(seeds/rule_file_mutate) ;;
esac
# The structure-aware targets read a byte program: let libFuzzer use up to
# max_len from the start instead of growing the length slowly.
extra=()
case $target in
  check_json|rule_file_mutate) extra=(-len_control=0 -max_len=512) ;;
esac
existing=()
for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  cargo_fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  cargo_fuzz=(cargo fuzz)
fi
exec "${cargo_fuzz[@]}" run --sanitizer "${FUZZ_SANITIZER:-none}" "$target" "corpus/$target" "${existing[@]}" -- \
  -max_total_time="$seconds" -timeout=${FUZZ_TIMEOUT:-20} -rss_limit_mb=4096 -print_final_stats=1 "${extra[@]}" "$@"
