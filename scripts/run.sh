#!/usr/bin/env bash
# What `npm start` runs: dependencies, Redis and PostgreSQL, the database schema, a build, then ingest + worker + API
# in one process (the small-office default) — or, with neither AMI_URL nor ELMA365_WEBHOOK_URL set, the sandbox
# (simulated PBX and ELMA365 stand-in, started by the app itself).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=node.sh
source scripts/node.sh

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --loglevel=notice
fi
# Local services only when the connector is pointed at local ones (the defaults); remote ones are the admin's.
if [[ "${REDIS_URL:-redis://127.0.0.1}" == redis://127.0.0.1* && "${DATABASE_URL:-postgres://connector:connector@127.0.0.1}" == *@127.0.0.1* ]]; then
  if ! bash scripts/services.sh; then
    # No root or no apt-get: a Docker engine can still provide the two services (the production images).
    docker info >/dev/null 2>&1 || exit 1
    echo 'services: starting postgres and redis with docker compose instead' >&2
    docker compose -f compose.yaml -f docker/compose.local-services.yaml up -d --wait postgres redis
  fi
fi
npm run build
node dist/apps/cli/src/migrate.js
exec node dist/apps/all/src/main.js
