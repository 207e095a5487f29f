#!/usr/bin/env bash
# Makes sure the local PostgreSQL is running and has the Custos role and databases.
# Idempotent: safe to run before every `make run` / `make test` and from CI.
#   CUSTOS_DB_USER / CUSTOS_DB_PASSWORD  role to create (default custos/custos)
#   CUSTOS_DBS                           databases to create (default "custos custos_test")
set -euo pipefail

DB_USER="${CUSTOS_DB_USER:-custos}"
DB_PASSWORD="${CUSTOS_DB_PASSWORD:-custos}"
DBS="${CUSTOS_DBS:-custos custos_test}"
HOST=127.0.0.1
PORT=5432

log() { echo "[ensure-postgres] $*"; }

pg_up() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL client/server not found; installing with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  else
    log "PostgreSQL is not installed; install PostgreSQL 15+ and re-run" >&2
    exit 1
  fi
fi

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up || { log "PostgreSQL is not reachable on $HOST:$PORT" >&2; exit 1; }

# Run admin SQL as the postgres superuser: over the socket as the postgres OS user when we are
# root, else over TCP (trust auth on this project's machines).
psql_admin() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"
  else
    psql -v ON_ERROR_STOP=1 -qtA -h "$HOST" -p "$PORT" -U postgres "$@"
  fi
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  log "creating role $DB_USER"
  psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'"
else
  psql_admin -c "ALTER ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null
fi
for db in $DBS; do
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    log "creating database $db"
    psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$DB_USER\""
  fi
done
log "PostgreSQL ready on $HOST:$PORT (role $DB_USER, databases: $DBS)"
