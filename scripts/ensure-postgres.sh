#!/usr/bin/env bash
# Makes a PostgreSQL server reachable for the test suite and prints its DATABASE_URL.
# Uses $DATABASE_URL when it already answers; otherwise installs PostgreSQL from Debian's
# packages (where missing), starts the local cluster and creates the veiviser role.
set -euo pipefail
log() { echo "ensure-postgres: $*" >&2; }

DEFAULT_URL="postgres://veiviser:veiviser@127.0.0.1:5432/veiviser"
URL="${DATABASE_URL:-$DEFAULT_URL}"

answers() { command -v pg_isready >/dev/null && pg_isready -q -d "$1" -t 3; }

if [[ -n "${DATABASE_URL:-}" ]]; then
  if answers "$DATABASE_URL"; then echo "$DATABASE_URL"; exit 0; fi
  log "DATABASE_URL is set but does not answer; starting a local PostgreSQL instead."
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian's packages…"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql postgresql-contrib >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  log "creating cluster $version/main…"
  as_root pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main…"
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL did not start; see /var/log/postgresql/."; exit 1; }

psql_admin() { as_root runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ -z $(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='veiviser'") ]]; then
  psql_admin -c "CREATE ROLE veiviser LOGIN CREATEDB PASSWORD 'veiviser'" >&2
fi
if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='veiviser'") ]]; then
  psql_admin -c "CREATE DATABASE veiviser OWNER veiviser" >&2
fi
echo "postgres://veiviser:veiviser@127.0.0.1:${port}/veiviser"
