#!/usr/bin/env bash
# The whole test suite: static checks, then unit, integration, end-to-end and fault tests against real engines.
# Ends with the plain line `tests: N passed, N failed`; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
# The log scan reads what this run's services log, and the credentials this run's tests used.
rm -rf test-artifacts/logs test-artifacts/credentials

failed_checks=0
check() {
  local name=$1
  shift
  echo "── check: $name"
  if ! "$@"; then
    echo "✗ check failed: $name"
    failed_checks=$((failed_checks + 1))
  fi
}

bash scripts/ensure-postgres.sh || failed_checks=$((failed_checks + 1))
bash scripts/ensure-chromium.sh || failed_checks=$((failed_checks + 1))

check typecheck npx tsc -p tsconfig.json --noEmit
# The dashboard's browser modules are plain JS served as they are; tsc checks them from their JSDoc.
check typecheck-dashboard npm run --silent typecheck:dashboard
check lint npx eslint .
check format npx prettier --check . --log-level warn
check dependency-rules npx depcruise apps libs bench --config .dependency-cruiser.cjs
# Copied code outside tests (.jscpd.json: runs of six or more lines); fails above its threshold.
check duplicates npx jscpd --config .jscpd.json

echo "── jest: unit, int, e2e, faults"
npx jest --ci --maxWorkers=2 --selectProjects unit int e2e faults --json --outputFile=test-artifacts/jest-results.json
jest_status=$?

echo "── jest: log scan of everything the suite logged"
npx jest --ci --selectProjects log-scan --json --outputFile=test-artifacts/jest-log-scan.json
scan_status=$?

node scripts/test-summary.js "$failed_checks" test-artifacts/jest-results.json test-artifacts/jest-log-scan.json
summary_status=$?
[ "$jest_status" -eq 0 ] && [ "$scan_status" -eq 0 ] && [ "$failed_checks" -eq 0 ] && [ "$summary_status" -eq 0 ]
