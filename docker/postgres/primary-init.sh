#!/bin/sh
# postgres-primary, first initialisation only (mounted into /docker-entrypoint-initdb.d/).
# DEVELOPMENT ONLY: creates the streaming-replication role and the physical replication slot used by
# postgres-replica, and lets that role connect for replication with a password.
# The official entrypoint may source this file rather than execute it: no `exit`, no `set -u`.
set -e

REPLICATION_USER="${REPLICATION_USER:-replicator}"
REPLICATION_SLOT="${REPLICATION_SLOT:-replica_1}"
if [ -z "${REPLICATION_PASSWORD:-}" ]; then
  echo "primary-init: REPLICATION_PASSWORD is not set" >&2
  false
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v repl_user="$REPLICATION_USER" \
  -v repl_password="$REPLICATION_PASSWORD" \
  -v repl_slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE :"repl_user" WITH LOGIN REPLICATION PASSWORD :'repl_password';
SELECT pg_create_physical_replication_slot(:'repl_slot');
SQL

# `host all all all` (added by the image) does not cover replication connections: allow them explicitly.
echo "host replication $REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
