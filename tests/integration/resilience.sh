#!/usr/bin/env bash
# Resilience test: PostgreSQL stopped and restarted under a running fgcd, and SIGTERM with requests in flight.
#
# Usage: resilience.sh FGCD_BINARY SOURCE_DIR
# Runs its own throwaway cluster and daemon, so stopping them disturbs no other test.
set -euo pipefail

fgcd=$1
source_dir=$2
pg="$source_dir/scripts/pg.sh"
tmp=$(mktemp -d /tmp/fgcd-resilience.XXXXXX)
daemon_pid=""
failures=0

cleanup() {
    [[ -n "$daemon_pid" ]] && kill -KILL "$daemon_pid" 2>/dev/null || true
    "$pg" stop "$tmp/pg" >/dev/null 2>&1 || true
    if ((failures)); then
        echo "--- daemon log ---" >&2
        cat "$tmp/fgcd.log" >&2 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    failures=$((failures + 1))
}

mkdir -p "$tmp/pg"
"$pg" init "$tmp/pg" --fast >/dev/null
"$pg" start "$tmp/pg" >/dev/null
export FGCD_DATABASE_URL
FGCD_DATABASE_URL=$("$pg" url "$tmp/pg")
export FGCD_MIGRATIONS_DIR="$source_dir/migrations"
"$fgcd" migrate >/dev/null
"$fgcd" user add admin --role admin 2>/dev/null
token=$("$fgcd" token create admin)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
FGCD_LISTEN="127.0.0.1:$port" "$fgcd" serve 2>"$tmp/fgcd.log" &
daemon_pid=$!

# Polls until the command succeeds, for at most $1 tenths of a second.
wait_for() {
    local tries=$1
    shift
    for ((i = 0; i < tries; i++)); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}
status_of() { curl -sS -o "$tmp/body" -w '%{http_code}' "$@" || true; }
healthz_is() { [[ "$(status_of "$url/healthz")" == "$1" ]]; }
post_team() {
    status_of -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\"}" "$url/api/v1/teams"
}

wait_for 100 healthz_is 200 || fail "daemon did not become healthy"
[[ "$(post_team 'Team before outage')" == 201 ]] && pass "write accepted with the database up" ||
    fail "write before outage: $(cat "$tmp/body")"

# 1. The database goes away: 503s, /healthz says so, the daemon stays up.
"$pg" stop "$tmp/pg" >/dev/null
wait_for 100 healthz_is 503 && pass "/healthz is 503 with the database down" ||
    fail "/healthz did not report the outage"
grep -q '"database":"down"' "$tmp/body" && pass "/healthz names the database as down" ||
    fail "/healthz body: $(cat "$tmp/body")"
code=$(post_team 'Team during outage')
[[ "$code" == 503 ]] && pass "a write during the outage is 503" || fail "write during outage: $code"
grep -q 'application/problem+json' <(curl -s -D - -o /dev/null -X POST \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"x"}' \
    "$url/api/v1/teams") && pass "the 503 is problem+json" || fail "503 is not problem+json"
kill -0 "$daemon_pid" && pass "the daemon is still running" || fail "the daemon died"

# 2. The database returns: the daemon reconnects by itself.
"$pg" start "$tmp/pg" >/dev/null
wait_for 150 healthz_is 200 && pass "/healthz recovers after the database returns" ||
    fail "no recovery"
[[ "$(post_team 'Team after outage')" == 201 ]] && pass "writes work again after recovery" ||
    fail "write after recovery: $(cat "$tmp/body")"

# 3. SIGTERM with requests in flight: they finish, new connections are refused.
psql "$FGCD_DATABASE_URL" -q -c 'BEGIN; LOCK TABLE fgc.teams IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;' \
    >/dev/null 2>&1 &
locker=$!
sleep 0.5
clients=()
for n in 1 2 3; do
    curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "{\"name\":\"Team in flight $n\"}" \
        "$url/api/v1/teams" >"$tmp/inflight.$n" 2>"$tmp/inflight-err.$n" &
    clients+=($!)
done
sleep 0.5
kill -TERM "$daemon_pid"
sleep 0.3
if kill -0 "$daemon_pid" 2>/dev/null; then
    pass "the daemon waits for requests in flight"
else
    fail "the daemon exited with requests in flight"
fi
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/healthz" || true)
[[ "$code" == 000 || "$code" == 503 ]] && pass "new requests are refused while draining" ||
    fail "a new request during shutdown got $code"
wait "$locker" || true
wait "${clients[@]}" || true
rc=0
wait "$daemon_pid" || rc=$?
daemon_pid=""
[[ "$rc" == 0 ]] && pass "the daemon exited cleanly" || fail "daemon exit status $rc"
for n in 1 2 3; do
    code=$(cat "$tmp/inflight.$n" 2>/dev/null || echo none)
    [[ "$code" == 201 ]] && pass "request in flight $n completed (201)" ||
        fail "request in flight $n got $code: $(cat "$tmp/inflight-err.$n")"
done
count=$(psql "$FGCD_DATABASE_URL" -Atq -c "SELECT count(*) FROM fgc.teams WHERE name LIKE 'Team in flight %'")
[[ "$count" == 3 ]] && pass "all three in-flight writes are stored" || fail "stored in-flight writes: $count"
grep -qE 'ERROR: (Address|Undefined|Leak)Sanitizer|runtime error' "$tmp/fgcd.log" &&
    fail "sanitiser report in the daemon log" || pass "no sanitiser report"

((failures == 0)) || exit 1
