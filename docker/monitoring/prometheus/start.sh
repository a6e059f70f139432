#!/bin/sh
# The monitoring profile's Prometheus: refuses to start without METRICS_API_KEY (the API's /metrics answers 401
# without a key, and every API panel would be empty), writes it where prometheus.yml's credentials_file points, starts.
# Prometheus профиля monitoring: без METRICS_API_KEY не запускается (API отвечает 401 на /metrics без ключа).
set -eu

if [ -z "${METRICS_API_KEY:-}" ]; then
  echo "prometheus: METRICS_API_KEY is not set: put one of API_KEYS into it in .env (see .env.example)" >&2
  exit 1
fi
umask 077
printf '%s' "$METRICS_API_KEY" >/tmp/connector-metrics-api-key
exec /bin/prometheus \
  --config.file=/etc/prometheus/prometheus.yml \
  --storage.tsdb.path=/prometheus \
  --storage.tsdb.retention.time="${PROMETHEUS_RETENTION:-30d}" \
  --web.listen-address=:9090
