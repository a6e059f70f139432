#!/usr/bin/env bash
# What `npm start` runs: dependencies, Redis and PostgreSQL, the database schema, a build, then ingest + worker + API
# in one process (the small-office default). A later issue starts a sandbox (simulated PBX and ELMA365) when no
# AMI_URL is configured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --loglevel=notice
fi
# Local services only when the connector is pointed at local ones (the defaults); remote ones are the admin's.
if [[ "${REDIS_URL:-redis://127.0.0.1}" == redis://127.0.0.1* && "${DATABASE_URL:-postgres://connector:connector@127.0.0.1}" == *@127.0.0.1* ]]; then
  bash scripts/services.sh
fi
npm run build
node dist/apps/cli/src/migrate.js
exec node dist/apps/all/src/main.js
