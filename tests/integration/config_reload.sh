#!/usr/bin/env bash
# Configuration test: a bad file stops start-up with file:line, SIGHUP reloads what can be reloaded.
#
# Usage: config_reload.sh FGCD_BINARY SOURCE_DIR
# Runs its own throwaway cluster and daemon.
set -euo pipefail

fgcd=$1
source_dir=$2
pg="$source_dir/scripts/pg.sh"
tmp=$(mktemp -d /tmp/fgcd-config.XXXXXX)
daemon_pid=""
failures=0

cleanup() {
    [[ -n "$daemon_pid" ]] && kill -KILL "$daemon_pid" 2>/dev/null || true
    "$pg" stop "$tmp/pg" >/dev/null 2>&1 || true
    ((failures)) && cat "$tmp/fgcd.log" >&2 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    failures=$((failures + 1))
}

# 1. Bad files: each names the file and line, and the daemon does not start.
check_bad() {
    local expect=$1 content=$2 out rc=0
    printf '%s\n' "$content" >"$tmp/bad.conf"
    out=$(FGCD_DATABASE_URL=dbname=none "$fgcd" --config "$tmp/bad.conf" migrate --status 2>&1) || rc=$?
    if [[ $rc -ne 0 && "$out" == *"$tmp/bad.conf:$expect"* ]]; then
        pass "bad configuration refused at line $expect: ${out#*: }"
    else
        fail "bad configuration (expected line $expect): rc=$rc out=$out"
    fi
}
check_bad 2 $'[server]\nlisten = nowhere'
check_bad 3 $'[server]\n# fine\nmax_body_bytes = lots'
check_bad 2 $'[database]\npool_size = 0'
check_bad 1 $'[nowhere]'
check_bad 2 $'[server]\nno_such_key = 1'
check_bad 1 'listen = 127.0.0.1:1'
out=$(FGCD_LISTEN=bad "$fgcd" migrate --status 2>&1) && fail "bad FGCD_LISTEN accepted" ||
    { [[ "$out" == *FGCD_LISTEN* ]] && pass "bad FGCD_LISTEN refused" || fail "FGCD_LISTEN: $out"; }

# 2. A good file, then SIGHUP after lowering the body limit.
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
cat >"$tmp/fgcd.conf" <<CONF
[server]
listen = 127.0.0.1:$port
max_body_bytes = 1048576
CONF
"$fgcd" --config "$tmp/fgcd.conf" serve 2>"$tmp/fgcd.log" &
daemon_pid=$!
for _ in $(seq 100); do
    curl -sf "$url/healthz" >/dev/null && break
    sleep 0.1
done

post_big() {
    local name
    name=$(head -c 3000 /dev/zero | tr '\0' 'x')
    curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "{\"name\":\"$name\"}" "$url/api/v1/teams"
}
code=$(post_big)
[[ "$code" == 422 ]] && pass "a 3 kB body is read under a 1 MiB limit (422 for the long name)" ||
    fail "3 kB body under 1 MiB limit: $code"

sed -i 's/^max_body_bytes = .*/max_body_bytes = 2048/' "$tmp/fgcd.conf"
kill -HUP "$daemon_pid"
sleep 0.5
code=$(post_big)
[[ "$code" == 413 ]] && pass "after SIGHUP the lower limit applies (413)" || fail "after SIGHUP: $code"
grep -q 'configuration reloaded' "$tmp/fgcd.log" && pass "the reload is logged" || fail "no reload log line"

# A broken file on SIGHUP changes nothing and the daemon carries on.
echo 'max_body_bytes = many' >>"$tmp/fgcd.conf"
kill -HUP "$daemon_pid"
sleep 0.5
grep -q 'configuration not reloaded' "$tmp/fgcd.log" && pass "a broken file on SIGHUP is refused" ||
    fail "broken file on SIGHUP not reported"
code=$(post_big)
[[ "$code" == 413 ]] && pass "the previous settings stay in force" || fail "after a bad reload: $code"
kill -0 "$daemon_pid" && pass "the daemon is still running" || fail "the daemon died"

kill -TERM "$daemon_pid"
rc=0
wait "$daemon_pid" || rc=$?
daemon_pid=""
[[ $rc == 0 ]] && pass "clean shutdown" || fail "exit status $rc"
((failures == 0))
