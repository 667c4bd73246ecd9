#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the MessageBusPostgres tests.
#
#   .ci/postgres.sh [start]   install (Debian's package) if missing, initialise,
#                             start, create the database, print its URL
#   .ci/postgres.sh url       print the URL of the running server
#   .ci/postgres.sh stop      stop the server (the data folder is kept)
#
# The URL (postgres://postgres@127.0.0.1:PORT/messagebus_test?sslmode=disable)
# is the only thing written to standard output, so that
#
#   export MESSAGEBUS_POSTGRES_URL="$(.ci/postgres.sh)"
#
# is all a caller needs. Progress goes to standard error. Runs as root (the
# server then runs as the `postgres` user, which owns the data folder: the
# server refuses to run as root) or as any other user (the server runs as
# that user). No standard input is read.
#
# Settings (environment):
#   MESSAGEBUS_POSTGRES_DIR   the cluster's folder (default /tmp/messagebus-postgres)
#   MESSAGEBUS_POSTGRES_PORT  the first port to try (default 54329; the next
#                             free one up to +50 is used when it is taken)
#
# The server trusts every connection from 127.0.0.1 and runs without fsync:
# it is for tests only.
set -euo pipefail

folder="${MESSAGEBUS_POSTGRES_DIR:-/tmp/messagebus-postgres}"
first_port="${MESSAGEBUS_POSTGRES_PORT:-54329}"
database="messagebus_test"
data="$folder/data"
log="$folder/server.log"

say() { printf '%s\n' "postgres.sh: $*" >&2; }

# The folder of initdb and pg_ctl: Debian keeps them out of PATH.
find_bin() {
    local candidate
    candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
        printf '%s\n' "$candidate"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

install_server() {
    say "installing PostgreSQL (Debian package postgresql)"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update </dev/null >&2
    "${sudo[@]}" apt-get install -y postgresql </dev/null >&2
}

# Runs a command as the user that owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

owner_name() {
    if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url() {
    printf 'postgres://%s@127.0.0.1:%s/%s?sslmode=disable\n' "$(owner_name)" "$(cat "$folder/port")" "$database"
}

running() {
    [ -f "$data/postmaster.pid" ] && [ -f "$folder/port" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 \
        && "$bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$folder/port")" >/dev/null 2>&1
}

command="${1:-start}"
bin="$(find_bin)"
if [ -z "$bin" ]; then
    if [ "$command" != start ]; then
        say "PostgreSQL is not installed"
        exit 1
    fi
    install_server
    bin="$(find_bin)"
    if [ -z "$bin" ]; then
        say "initdb not found after installing postgresql"
        exit 1
    fi
fi

case "$command" in
stop)
    if running; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
    else
        say "no server running in $data"
    fi
    exit 0
    ;;
url)
    if ! running; then
        say "no server running in $data; run: .ci/postgres.sh start"
        exit 1
    fi
    url
    exit 0
    ;;
start) ;;
*)
    say "unknown command $command (start, url or stop)"
    exit 2
    ;;
esac

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    say "the postgres user does not exist; reinstall the postgresql package"
    exit 1
fi

if ! running; then
    # A server killed with its session (SIGKILL) leaves its pid file behind,
    # and its pid may linger as a zombie: neither is a running server.
    if [ -f "$data/postmaster.pid" ]; then
        say "removing the stale pid file of a server that is not answering"
        rm -f "$data/postmaster.pid"
    fi
    mkdir -p "$folder"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$folder"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "initialising a cluster in $data"
        as_owner "$bin/initdb" -D "$data" -U "$(owner_name)" --auth=trust --encoding=UTF8 --no-locale >&2
    fi
    port="$first_port"
    while ! port_is_free "$port"; do
        port=$((port + 1))
        if [ "$port" -gt $((first_port + 50)) ]; then
            say "no free port from $first_port to $((first_port + 50))"
            exit 1
        fi
    done
    say "starting the server on 127.0.0.1:$port (log: $log)"
    as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
        -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { cat "$log" >&2 || true; exit 1; }
    as_owner sh -c "echo $port > '$folder/port'"
fi

port="$(cat "$folder/port")"
user="$(owner_name)"
exists="$(psql -X -q -A -t -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$database'" </dev/null)"
if [ "$exists" != 1 ]; then
    say "creating database $database"
    psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres -c "CREATE DATABASE $database" </dev/null >&2
fi
url
