#!/bin/bash
# The official image's contract, kept small: on an empty $PGDATA, initdb with $POSTGRES_INITDB_ARGS, user
# $POSTGRES_USER with password $POSTGRES_PASSWORD (scram-sha-256 over TCP), database $POSTGRES_DB; then run
# `postgres ARGS...` as the postgres user, listening on every interface of the container.
set -euo pipefail
if [ "${1:-}" != postgres ]; then exec "$@"; fi
shift
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-${user}}
as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
mkdir -p "${PGDATA}" /var/run/postgresql
chown postgres:postgres "${PGDATA}" /var/run/postgresql
chmod 700 "${PGDATA}"
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD}" >"${pwfile}"
  chown postgres "${pwfile}"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
  "${as_postgres[@]}" initdb -D "${PGDATA}" --username="${user}" --pwfile="${pwfile}" \
    --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "${pwfile}"
  echo "host all all all scram-sha-256" >>"${PGDATA}/pg_hba.conf"
  if [ "${db}" != postgres ]; then
    echo "CREATE DATABASE \"${db}\";" | "${as_postgres[@]}" postgres --single -j -D "${PGDATA}" postgres >/dev/null
  fi
  echo "database initialized in ${PGDATA}"
fi
exec "${as_postgres[@]}" postgres -c "listen_addresses=*" "$@"
