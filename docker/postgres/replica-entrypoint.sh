#!/bin/sh
# Entrypoint of postgres-replica (runs as the `postgres` user). DEVELOPMENT ONLY.
# On first start (empty data directory) it waits for the primary and clones it with `pg_basebackup -R`,
# which writes standby.signal and primary_conninfo/primary_slot_name; then it runs PostgreSQL as a
# hot standby streaming from the primary.
# If the primary's volume is recreated, recreate this one too (`docker compose down -v`).
set -eu

: "${PGDATA:?PGDATA must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
PRIMARY_HOST="${PRIMARY_HOST:-postgres-primary}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICATION_USER="${REPLICATION_USER:-replicator}"
REPLICATION_SLOT="${REPLICATION_SLOT:-replica_1}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$REPLICATION_USER"; do
    sleep 1
  done
  # pg_basebackup needs an empty target: clear what an interrupted earlier attempt may have left.
  find "$PGDATA" -mindepth 1 -delete
  echo "replica: cloning the primary with pg_basebackup"
  pg_basebackup \
    --pgdata="$PGDATA" \
    --dbname="host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER password=$REPLICATION_PASSWORD application_name=postgres-replica" \
    --wal-method=stream \
    --slot="$REPLICATION_SLOT" \
    --checkpoint=fast \
    --write-recovery-conf
  echo "replica: base backup done"
fi

# PostgreSQL refuses a data directory readable by others (the image creates the mount point as 1777).
chmod 0700 "$PGDATA"

# Settings given on the primary's command line are not in the copied postgresql.conf: repeat those that
# a hot standby needs to be at least as high as the primary's.
exec postgres \
  -c hot_standby=on \
  -c hot_standby_feedback=on \
  -c wal_level=replica \
  -c max_wal_senders=10 \
  -c max_replication_slots=10
