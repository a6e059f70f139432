#!/usr/bin/env bash
# What `npm run bench` runs: on the Node major the image runs (scripts/node.sh), with Redis and PostgreSQL up, the
# benchmarks of bench/ (arguments passed on: --only, --no-write, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=node.sh
source scripts/node.sh
bash scripts/services.sh
exec npx tsx bench/run.ts "$@"
