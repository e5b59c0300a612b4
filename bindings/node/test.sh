#!/usr/bin/env bash
# Build and test the Node.js package from a clean node_modules: npm ci, the
# native addon (npm run build: napi-rs, release), the CLI the tests compare
# against, the TypeScript check of a typed usage file, then node --test.
# Works from any directory; exits non-zero on the first failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

npm ci --no-audit --no-fund
npm run build
(cd "$root" && cargo build --locked --bin kyc-preflight)
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
export KYC_PREFLIGHT_CLI="$target_dir/debug/kyc-preflight"
npm run typecheck
npm test
