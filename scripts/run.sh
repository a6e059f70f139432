#!/usr/bin/env bash
# What `npm start` runs: build, then ingest + worker + API in one process (the small-office default).
# A later issue starts a sandbox (simulated PBX and ELMA365) here when no AMI_URL is configured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --loglevel=notice
fi
npm run build
exec node dist/apps/all/src/main.js
