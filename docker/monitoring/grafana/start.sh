#!/bin/sh
# The monitoring profile's Grafana: refuses to start with no admin password or a weak one (it would be admin/admin
# until someone logged in first), then runs the image's own start script.
# Grafana профиля monitoring: без пароля администратора (или с коротким) не запускается.
set -eu

password=${GF_SECURITY_ADMIN_PASSWORD:-}
if [ "${#password}" -lt 12 ]; then
  echo "grafana: GRAFANA_ADMIN_PASSWORD is not set or shorter than 12 characters (set it in .env: see .env.example)" >&2
  exit 1
fi
case "$password" in *change-me* | *changeme*)
  echo "grafana: GRAFANA_ADMIN_PASSWORD is still a placeholder" >&2
  exit 1
  ;;
esac
exec /run.sh "$@"
