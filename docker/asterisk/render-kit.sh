#!/bin/sh
# Writes the kit's *.conf into a directory with the @@NAME@@ values taken from the environment, and refuses to when one
# is missing, short, a placeholder ("change-me"), or, for an AMI secret, has a character an AMI_URL would have to
# percent-encode. With a command after "--", runs it next (compose's entrypoint: render, then start Asterisk).
#   AMI_SECRET=... AMI_ORIGINATE_SECRET=... AMI_PERMIT=10.0.0.5/32 MTS_TRUNK_PASSWORD=... \
#   PHONE_101_PASSWORD=... PHONE_102_PASSWORD=... sh docker/asterisk/render-kit.sh /etc/asterisk
# Записывает *.conf набора в каталог, подставив @@NAME@@ из окружения; отказывает, если значение не задано, короткое,
# «change-me» или (для паролей AMI) содержит символы, которые пришлось бы кодировать в AMI_URL.
set -eu

kit=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: render-kit.sh <target directory> [-- command...]}
shift
[ "${1:-}" = "--" ] && shift

fail() {
  echo "render-kit: $*" >&2
  exit 1
}

# name, minimum length, allowed characters (a tr set; empty: any printable)
require() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || fail "$1 is not set (set it in .env: see .env.example)"
  [ "${#value}" -ge "$2" ] || fail "$1 is shorter than $2 characters"
  case "$value" in *change-me* | *changeme* | *CHANGE-ME*) fail "$1 is still a placeholder" ;; esac
  case "$value" in *"
"* | *";"* | *"\\"*) fail "$1 must be one line without ; or \\ (Asterisk's comment and escape)" ;; esac
  if [ -n "$3" ] && [ -n "$(printf '%s' "$value" | tr -d "$3")" ]; then
    fail "$1 may contain only $3 (it goes into a URL unencoded)"
  fi
}

require AMI_SECRET 16 'A-Za-z0-9._~-'
require AMI_ORIGINATE_SECRET 16 'A-Za-z0-9._~-'
require AMI_PERMIT 7 '0-9./'
require MTS_TRUNK_PASSWORD 6 ''
require PHONE_101_PASSWORD 12 ''
require PHONE_102_PASSWORD 12 ''
[ "$AMI_SECRET" != "$AMI_ORIGINATE_SECRET" ] || fail "AMI_SECRET and AMI_ORIGINATE_SECRET must differ"

# sed replacement text: escape \ & and the | delimiter
escaped() { printf '%s' "$1" | sed 's/[\\&|]/\\&/g'; }

mkdir -p "$target"
for file in "$kit"/*.conf; do
  out="$target/$(basename "$file")"
  sed -e '/^#include "kit-not-rendered--/d' \
    -e "s|@@AMI_SECRET@@|$(escaped "$AMI_SECRET")|g" \
    -e "s|@@AMI_ORIGINATE_SECRET@@|$(escaped "$AMI_ORIGINATE_SECRET")|g" \
    -e "s|@@AMI_PERMIT@@|$(escaped "$AMI_PERMIT")|g" \
    -e "s|@@MTS_TRUNK_PASSWORD@@|$(escaped "$MTS_TRUNK_PASSWORD")|g" \
    -e "s|@@PHONE_101_PASSWORD@@|$(escaped "$PHONE_101_PASSWORD")|g" \
    -e "s|@@PHONE_102_PASSWORD@@|$(escaped "$PHONE_102_PASSWORD")|g" \
    "$file" >"$out.tmp"
  if grep -q '@@[A-Z0-9_]*@@' "$out.tmp"; then
    rm -f "$out.tmp"
    fail "$(basename "$file") has a value render-kit.sh does not know: $(grep -o '@@[A-Z0-9_]*@@' "$file" | head -1)"
  fi
  # secrets inside: for the directory's owner and group only (Asterisk runs as root or as that owner)
  chown "$(stat -c %u:%g "$target")" "$out.tmp" 2>/dev/null || true
  chmod 640 "$out.tmp"
  mv "$out.tmp" "$out"
done
echo "render-kit: wrote $(ls "$kit"/*.conf | wc -l) files to $target" >&2

[ "$#" -eq 0 ] || exec "$@"
