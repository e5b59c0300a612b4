#!/usr/bin/env bash
# Build and test the Node.js package from a clean node_modules: npm ci, the
# native addon (napi-rs), the CLI the tests compare against,
# the TypeScript check of a typed usage file, then node --test.
# Works from any directory; exits non-zero on the first failure.
#
# The addon is built with Cargo's dev profile (npm run build:dev) unless
# KYC_PREFLIGHT_RELEASE=1, which tests what `npm run build` makes: the
# release profile's fat LTO and one codegen unit cost minutes on a 2-core
# machine and change no result.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

npm ci --no-audit --no-fund
if [ "${KYC_PREFLIGHT_RELEASE:-}" = 1 ]; then npm run build; else npm run build:dev; fi
(cd "$root" && cargo build --locked --bin kyc-preflight)
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
export KYC_PREFLIGHT_CLI="$target_dir/debug/kyc-preflight"
npm run typecheck
npm test
