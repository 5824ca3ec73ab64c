#!/bin/sh
# postgres-primary, first initialisation only (mounted into /docker-entrypoint-initdb.d/).
# DEVELOPMENT ONLY: creates the streaming-replication role and the physical replication slot used by
# postgres-replica, and lets that role connect for replication with a password. Also the database roles
# of docs/operations.md: POSTGRES_USER owns the schema and migrates; the API logs in as APP_USER, a
# member of catalog_app, which the migrations grant what the service needs (audit rows append-only).
# The official entrypoint may source this file rather than execute it: no `exit`, no `set -u`.
set -e

REPLICATION_USER="${REPLICATION_USER:-replicator}"
REPLICATION_SLOT="${REPLICATION_SLOT:-replica_1}"
APP_USER="${APP_USER:-catalog_api}"
if [ -z "${REPLICATION_PASSWORD:-}" ]; then
  echo "primary-init: REPLICATION_PASSWORD is not set" >&2
  false
fi
if [ -z "${APP_PASSWORD:-}" ]; then
  echo "primary-init: APP_PASSWORD is not set" >&2
  false
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v repl_user="$REPLICATION_USER" \
  -v repl_password="$REPLICATION_PASSWORD" \
  -v repl_slot="$REPLICATION_SLOT" \
  -v app_user="$APP_USER" \
  -v app_password="$APP_PASSWORD" <<'SQL'
CREATE ROLE :"repl_user" WITH LOGIN REPLICATION PASSWORD :'repl_password';
SELECT pg_create_physical_replication_slot(:'repl_slot');
CREATE ROLE catalog_app NOLOGIN;
CREATE ROLE :"app_user" WITH LOGIN PASSWORD :'app_password' IN ROLE catalog_app;
SQL

# `host all all all` (added by the image) does not cover replication connections: allow them explicitly.
echo "host replication $REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
