#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests: fast, unsafe, local only.
#
#   scripts/ci/postgres.sh start DIR PORT   # prints the SQLAlchemy URL on stdout
#   scripts/ci/postgres.sh reset DIR PORT   # drop and recreate the test database
#   scripts/ci/postgres.sh stop DIR
#
# Durability is switched off (fsync, synchronous_commit, full_page_writes): the
# cluster is deleted after the run, and tests are several times faster without it.
# Everything (data, socket, log) lives inside DIR; it listens on 127.0.0.1 only and
# trusts every local connection, so never point DIR at anything you want to keep.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=pameran_test

usage() {
    echo "usage: $0 start DIR PORT | reset DIR PORT | stop DIR" >&2
    exit 2
}

# The server refuses to run as root, so run its tools as the postgres user.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local dir=$1 port=$2
    if [ ! -x "$PG_BIN/initdb" ]; then
        echo "postgres.sh: $PG_BIN/initdb not found (apt-get install -y postgresql)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    mkdir -p "$dir/socket"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
    cd "$dir"  # initdb complains when the caller's working directory is unreadable

    if [ ! -s "$dir/data/PG_VERSION" ]; then
        as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
            >"$dir/initdb.log" 2>&1 || {
            echo "postgres.sh: initdb failed (is $dir reachable by the postgres user?):" >&2
            tail -n 20 "$dir/initdb.log" >&2
            exit 1
        }
    fi

    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || {
        echo "postgres.sh: the server did not start on port $port:" >&2
        tail -n 20 "$dir/postgres.log" >&2
        exit 1
    }

    if ! as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAqc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
        as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
    fi

    echo "postgresql+psycopg://postgres@127.0.0.1:$port/$DB_NAME"
}

# Lets a second test run start from an empty database, whatever the first one left.
reset() {
    local port=$2
    cd /
    as_postgres "$PG_BIN/dropdb" -h 127.0.0.1 -p "$port" -U postgres --if-exists --force "$DB_NAME"
    as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
}

stop() {
    local dir=$1
    [ -f "$dir/data/postmaster.pid" ] || return 0
    dir=$(cd "$dir" && pwd)
    cd /  # as in start: a working directory the postgres user can read
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

case "${1:-}" in
    start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
    reset) [ $# -eq 3 ] || usage; reset "$2" "$3" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    *) usage ;;
esac
