#!/usr/bin/env bash
# CTest fixture: starts (or stops) a throwaway PostgreSQL cluster and fgcd daemon for the integration tests.
#
# Usage: env.sh start|stop BUILD_DIR SOURCE_DIR
#
# start writes BUILD_DIR/test-env/env: KEY=VALUE lines with no quoting and no spaces, so the
# file can be sourced by a shell (set -a; . FILE; set +a) and parsed line by line by a test
# (skip lines that start with '#'). stop is safe to run more than once, and after a failed
# start; it fails if the daemon did not shut down cleanly or its log shows a sanitiser report.
set -euo pipefail

usage() {
    echo "Usage: env.sh start|stop BUILD_DIR SOURCE_DIR" >&2
    exit 2
}

(($# == 3)) || usage
action=$1
build_dir=$(cd "$2" && pwd -P)
source_dir=$(cd "$3" && pwd -P)

pg="$source_dir/scripts/pg.sh"
state_dir="$build_dir/test-env"
state_file="$state_dir/state" # what is running, recorded as soon as it exists (for stop)
env_file="$state_dir/env"     # what the tests read, written once everything is ready
users=(admin:admin sw1:social_worker sw2:social_worker coord1:fgc_coordinator
    manager1:manager analyst1:data_analyst trainer1:trainer)

say() { echo "env.sh: $*" >&2; }

find_bin() {
    local candidate
    for candidate in "$build_dir/fgcd" "$build_dir/daemon/fgcd"; do
        if [[ -x "$candidate" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    say "no fgcd binary in $build_dir (looked for fgcd and daemon/fgcd)"
    return 1
}

record() {
    echo "$1=$2" >>"$state_file"
}

# Values go into the env file unquoted, so refuse anything a shell would treat specially.
check_value() {
    if [[ ! "$2" =~ ^[A-Za-z0-9_./:%@+=,~-]*$ ]]; then
        say "the value of $1 contains characters that cannot be written unquoted: $2"
        return 1
    fi
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return 0
    fi
    local port i
    for ((i = 0; i < 100; i++)); do
        port=$((20000 + RANDOM % 30000))
        # Nothing accepts a connection there, so nothing is listening.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    say "could not find a free TCP port"
    return 1
}

daemon_alive() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
        [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *fgcd* ]]
}

# Reads the state file (KEY=VALUE lines written by record) without sourcing it.
read_state() {
    STATE_PGDIR="" STATE_DAEMON_PID="" STATE_DAEMON_LOG=""
    [[ -f "$state_file" ]] || return 0
    local key value
    while IFS='=' read -r key value; do
        case "$key" in
        PGDIR) STATE_PGDIR=$value ;;
        DAEMON_PID) STATE_DAEMON_PID=$value ;;
        DAEMON_LOG) STATE_DAEMON_LOG=$value ;;
        esac
    done <"$state_file"
}

# Stops whatever the state file records. With "quiet" (used after a failed start) it does
# not complain about a daemon that had already exited.
do_stop() {
    local mode=${1:-}
    local failed=0 i
    read_state
    if [[ -n "$STATE_DAEMON_PID" ]]; then
        if daemon_alive "$STATE_DAEMON_PID"; then
            kill -TERM "$STATE_DAEMON_PID" 2>/dev/null || true
            for ((i = 0; i < 100; i++)); do
                daemon_alive "$STATE_DAEMON_PID" || break
                sleep 0.1
            done
            if daemon_alive "$STATE_DAEMON_PID"; then
                say "fgcd (pid $STATE_DAEMON_PID) did not stop within 10 seconds of SIGTERM; killing it"
                kill -KILL "$STATE_DAEMON_PID" 2>/dev/null || true
                failed=1
            fi
        elif [[ "$mode" != quiet ]]; then
            say "fgcd (pid $STATE_DAEMON_PID) had already exited before the tests finished"
            failed=1
        fi
    fi
    if [[ -n "$STATE_DAEMON_LOG" && -f "$STATE_DAEMON_LOG" ]]; then
        cp "$STATE_DAEMON_LOG" "$state_dir/fgcd.log"
        if grep -qE 'ERROR: (Address|Leak|Thread|Memory|UndefinedBehavior)Sanitizer|runtime error:' \
            "$STATE_DAEMON_LOG"; then
            say "the daemon log shows a sanitiser report ($state_dir/fgcd.log):"
            grep -A 30 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$STATE_DAEMON_LOG" >&2 || true
            failed=1
        fi
    fi
    if [[ -n "$STATE_PGDIR" ]]; then
        if [[ -f "$STATE_PGDIR/data/PG_VERSION" ]]; then
            "$pg" stop "$STATE_PGDIR" || failed=1
        fi
        # Only ever remove a directory this script made.
        case "$STATE_PGDIR" in
        /tmp/fgcd-test.*) rm -rf "$STATE_PGDIR" ;;
        *) say "not removing $STATE_PGDIR (not a directory made by env.sh)" ;;
        esac
    fi
    rm -f "$state_file" "$env_file"
    return "$failed"
}

start_failed() {
    say "start failed; cleaning up"
    do_stop quiet || true
}

do_start() {
    local bin pgdir dburl port log pid attempt deadline code entry name role token
    bin=$(find_bin)
    mkdir -p "$state_dir"
    if [[ -f "$state_file" ]]; then
        say "stopping a test environment left over from an earlier run"
        do_stop quiet || true
    fi
    rm -f "$env_file" "$state_dir/fgcd.log"
    : >"$state_file"
    trap start_failed EXIT

    pgdir=$(mktemp -d /tmp/fgcd-test.XXXXXX)
    record PGDIR "$pgdir"
    "$pg" init "$pgdir" --fast
    "$pg" start "$pgdir"
    dburl=$("$pg" url "$pgdir" --uri)

    export FGCD_DATABASE_URL=$dburl
    export FGCD_MIGRATIONS_DIR="$source_dir/migrations"
    "$bin" migrate

    local -a token_lines=()
    for entry in "${users[@]}"; do
        name=${entry%%:*}
        role=${entry#*:}
        "$bin" user add "$name" --role "$role" >/dev/null
        token=$("$bin" token create "$name")
        [[ -n "$token" ]] || {
            say "fgcd token create $name printed nothing"
            return 1
        }
        token_lines+=("FGCD_TEST_TOKEN_${name^^}=$token")
        # A password for browser sign-in (the end-to-end tests), different on every run.
        password="test-${name}-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        printf '%s\n' "$password" | "$bin" user passwd "$name" 2>/dev/null
        token_lines+=("FGCD_TEST_PASSWORD_${name^^}=$password")
    done

    log="$pgdir/fgcd.log"
    record DAEMON_LOG "$log"
    for attempt in 1 2 3; do
        port=$(free_port)
        # The daemon must not hold CTest's output pipes open, or CTest would wait for it.
        FGCD_LISTEN="127.0.0.1:$port" FGCD_WEB_ROOT="$source_dir/clients/web/dist" \
            "$bin" serve </dev/null >>"$log" 2>&1 &
        pid=$!
        record DAEMON_PID "$pid"
        code=000
        deadline=$((SECONDS + 30))
        while ((SECONDS < deadline)); do
            if ! kill -0 "$pid" 2>/dev/null; then
                break
            fi
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
                "http://127.0.0.1:$port/healthz" || true)
            [[ "$code" == 200 ]] && break
            sleep 0.1
        done
        [[ "$code" == 200 ]] && break
        if kill -0 "$pid" 2>/dev/null; then
            say "fgcd did not answer GET /healthz with 200 within 30 seconds (last status $code); its log:"
            cat "$log" >&2
            return 1
        fi
        # It exited: most likely the port was taken in the meantime, so try another one.
        say "fgcd exited during start-up (attempt $attempt, port $port)"
        if ((attempt == 3)); then
            say "giving up; the daemon log:"
            cat "$log" >&2
            return 1
        fi
    done

    local -a lines=(
        "FGCD_TEST_URL=http://127.0.0.1:$port"
        "FGCD_TEST_DATABASE_URL=$dburl"
        "FGCD_TEST_PGDIR=$pgdir"
        "FGCD_TEST_DAEMON_PID=$pid"
        "FGCD_TEST_DAEMON_LOG=$log"
        "FGCD_TEST_BIN=$bin"
        "FGCD_TEST_SOURCE_DIR=$source_dir"
        "${token_lines[@]}"
    )
    local line
    for line in "${lines[@]}"; do
        check_value "${line%%=*}" "${line#*=}"
    done
    {
        echo "# Test environment for the fgcd integration tests, written by tests/integration/env.sh"
        printf '%s\n' "${lines[@]}"
    } >"$env_file.tmp"
    mv "$env_file.tmp" "$env_file"
    trap - EXIT
    say "fgcd is listening on http://127.0.0.1:$port (environment in $env_file)"
}

case "$action" in
start) do_start ;;
stop) do_stop ;;
*) usage ;;
esac
