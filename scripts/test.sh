#!/usr/bin/env bash
# What `npm test` runs: dependencies, services, then typecheck, lint, format and every jest project.
# The checks all run even when one fails, so one run reports everything; the exit code is non-zero if any failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=node.sh
source scripts/node.sh
echo "node $(node --version)" >&2

step() { printf '\n==> %s\n' "$*" >&2; }

# npm writes node_modules/.package-lock.json on every install; older than package-lock.json means stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step 'npm ci'
  npm ci --loglevel=notice
fi

step 'services (Redis, PostgreSQL, Chromium, Caddy)'
bash scripts/services.sh --with-test-tools

failed=()
check() {
  local name=$1
  shift
  step "$name"
  "$@" || failed+=("$name")
}

check 'typecheck' npx tsc --noEmit -p tsconfig.json
check 'build' npm run -s build
check 'lint' npx eslint .
check 'format' npx prettier --check .
mkdir -p .tmp
rm -f .tmp/jest-results.json
check 'jest' npx jest --ci --runInBand --json --outputFile=.tmp/jest-results.json

# The plain closing line CI reads: "N passed, N failed".
if [ -f .tmp/jest-results.json ]; then
  node -e 'const r = require("./.tmp/jest-results.json");
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));'
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failed[*]}" >&2
  exit 1
fi
printf '\nAll checks passed.\n' >&2
