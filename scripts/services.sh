#!/usr/bin/env bash
# Makes sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, role/password connector, databases connector
# connector_test and connector_bench) are up for the tests. Debian 12: installs and starts them when run as root.
# Idempotent. `--with-browser` also installs Debian's chromium (/usr/bin/chromium) for the browser tests;
# `--with-test-tools` installs everything the tests use: chromium, caddy (/usr/bin/caddy) for the edge profile's, and
# prometheus with promtool and prometheus-alertmanager's amtool for the monitoring profile's.
# Debian starts no caddy, prometheus or alertmanager service here (policy-rc.d, no systemd); where it does, the tests
# run their own on other ports.
set -euo pipefail

with_browser=false
with_caddy=false
with_prometheus=false
for arg in "$@"; do
  case $arg in
  --with-browser) with_browser=true ;;
  --with-test-tools)
    with_browser=true
    with_caddy=true
    with_prometheus=true
    ;;
  *)
    printf 'services: unknown option %s (known: --with-browser, --with-test-tools)\n' "$arg" >&2
    exit 2
    ;;
  esac
done

readonly REDIS_PORT=6379
readonly PG_PORT=5432
readonly DB_ROLE=connector
readonly DB_PASSWORD=connector
readonly DATABASES=(connector connector_test connector_bench)

log() { printf 'services: %s\n' "$*" >&2; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

redis_answers() {
  # Plain RESP over bash's /dev/tcp: needs no redis-cli, works against any Redis on the port.
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT && printf 'PING\r\n' >&3 && head -c 5 <&3" 2>/dev/null |
    grep -q '^+PONG'
}

postgres_answers() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }

connector_login_works() {
  command -v psql >/dev/null &&
    PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" \
      -d "${DATABASES[-1]}" -tAc 'SELECT 1' >/dev/null 2>&1
}

postgres_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null; }

install_missing_packages() {
  local missing=()
  redis_answers || command -v redis-server >/dev/null || missing+=(redis-server)
  connector_login_works || postgres_installed || missing+=(postgresql)
  # fonts-liberation: without it the headless screenshots show boxes instead of letters.
  if $with_browser && [ ! -x /usr/bin/chromium ]; then missing+=(chromium fonts-liberation); fi
  if $with_caddy && [ ! -x /usr/bin/caddy ]; then missing+=(caddy); fi
  if $with_prometheus && [ ! -x /usr/bin/promtool ]; then missing+=(prometheus); fi
  if $with_prometheus && [ ! -x /usr/bin/amtool ]; then missing+=(prometheus-alertmanager); fi
  [ ${#missing[@]} -eq 0 ] && return 0

  if ! is_root || ! command -v apt-get >/dev/null; then
    die "not installed: ${missing[*]}. On Debian/Ubuntu: sudo apt-get install -y ${missing[*]} (or run this as root)."
  fi
  local apt_log
  apt_log=$(mktemp -t connector-apt.XXXXXX)
  log "installing ${missing[*]} with apt-get (output in $apt_log)"
  export DEBIAN_FRONTEND=noninteractive
  # In a container without systemd the packages' postinst cannot start services; they are started below.
  if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    die "apt-get install ${missing[*]} failed (full output in $apt_log)"
  fi
  log "installed ${missing[*]}"
}

start_redis() {
  if redis_answers; then
    log "redis: up on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  local dir user=()
  if is_root && id redis >/dev/null 2>&1 && [ -d /var/lib/redis ]; then
    dir=/var/lib/redis
    user=(runuser -u redis --)
  else
    dir="${TMPDIR:-/tmp}/connector-redis-$(id -u)"
    mkdir -p "$dir"
  fi
  log "redis: starting on 127.0.0.1:$REDIS_PORT (data and log in $dir)"
  "${user[@]}" redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" \
    --logfile "$dir/redis-connector.log" --save '' --appendonly no >&2 ||
    die "redis-server did not start; see $dir/redis-connector.log"
  wait_until redis_answers 20 || die "redis did not answer PING within 10 s; see $dir/redis-connector.log"
  log "redis: up"
}

# The cluster serving $PG_PORT, as "version name"; creates version/main when there is no cluster at all.
postgres_cluster() {
  local cluster
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }')
  if [ -z "$cluster" ] && [ -z "$(pg_lsclusters --no-header 2>/dev/null)" ]; then
    local version
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n 1)
    log "postgres: creating cluster $version/main on port $PG_PORT"
    pg_createcluster --port "$PG_PORT" "$version" main >&2
    cluster="$version main"
  fi
  [ -n "$cluster" ] || die "no PostgreSQL cluster uses port $PG_PORT (pg_lsclusters lists others); DATABASE_URL expects $PG_PORT"
  echo "$cluster"
}

start_postgres() {
  if postgres_answers; then
    log "postgres: up on 127.0.0.1:$PG_PORT"
    return 0
  fi
  is_root || die "PostgreSQL is not answering on 127.0.0.1:$PG_PORT; start it (sudo pg_ctlcluster <version> main start)"
  local cluster version name
  cluster=$(postgres_cluster) || exit 1
  read -r version name <<<"$cluster"
  log "postgres: starting cluster $version/$name"
  # pg_ctlcluster switches to the cluster owner: the server itself refuses to run as root.
  pg_ctlcluster "$version" "$name" start >&2 || die "pg_ctlcluster $version $name start failed; see /var/log/postgresql/"
  wait_until postgres_answers 60 || die "postgres did not accept connections within 30 s; see /var/log/postgresql/"
  log "postgres: up"
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

ensure_role_and_databases() {
  if connector_login_works && [ "$(count_databases)" -eq "${#DATABASES[@]}" ]; then
    log "postgres: role $DB_ROLE and databases ${DATABASES[*]} ready"
    return 0
  fi
  is_root || die "cannot create role $DB_ROLE / databases ${DATABASES[*]} without root; as the postgres user run:
  createuser --login $DB_ROLE && psql -c \"ALTER ROLE $DB_ROLE PASSWORD '$DB_PASSWORD'\" && createdb -O $DB_ROLE connector && createdb -O $DB_ROLE connector_test && createdb -O $DB_ROLE connector_bench"

  local psql=(psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres)
  if [ -z "$(as_postgres "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE'")" ]; then
    log "postgres: creating role $DB_ROLE"
    as_postgres "${psql[@]}" -c "CREATE ROLE $DB_ROLE LOGIN PASSWORD '$DB_PASSWORD'" >&2
  fi
  local db
  for db in "${DATABASES[@]}"; do
    if [ -z "$(as_postgres "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      log "postgres: creating database $db"
      as_postgres createdb -p "$PG_PORT" -O "$DB_ROLE" "$db" >&2
    fi
  done
  connector_login_works ||
    die "cannot log in as $DB_ROLE/$DB_PASSWORD on 127.0.0.1:$PG_PORT (password changed? pg_hba.conf?)"
  log "postgres: role $DB_ROLE and databases ${DATABASES[*]} ready"
}

count_databases() {
  local list
  list=$(printf "'%s'," "${DATABASES[@]}")
  PGPASSWORD="$DB_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d "${DATABASES[-1]}" -tAc \
    "SELECT count(*) FROM pg_database WHERE datname IN (${list%,})" 2>/dev/null || echo 0
}

# wait_until <check> <tries>: polls every half second.
wait_until() {
  local check=$1 tries=$2
  while ! "$check"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.5
  done
}

install_missing_packages
$with_browser && log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'not runnable')"
$with_caddy && log "caddy: $(/usr/bin/caddy version 2>/dev/null || echo 'not runnable')"
$with_prometheus && log "prometheus: $(/usr/bin/promtool --version 2>&1 | head -n 1 || echo 'not runnable')"
start_redis
start_postgres
ensure_role_and_databases
