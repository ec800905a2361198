#!/usr/bin/env bash
# What `make bench` runs: fgcd (POST /api/v1/referrals under wrk) against pgbench on the same cluster, then the indicator and import benchmarks.
#
# The cluster is a throwaway one in a temporary directory, but with PostgreSQL's default
# durability (fsync and synchronous_commit on), as in production: every created referral is
# a committed, flushed transaction in both measurements.
#
# Environment:
#   BENCH_SECONDS      length of each measurement (default 15)
#   BENCH_CONNECTIONS  concurrent HTTP connections for wrk and clients for pgbench (default 32)
#   BENCH_THREADS      wrk threads and pgbench threads (default 2)
#   BENCH_CHILDREN     children the referrals are spread over (default 1)
#   BENCH_POOL_SIZE    fgcd's [database] pool_size (default: fgcd's own default)
#   BENCH_KEEP=1       keep the temporary directory (cluster, logs) for inspection
#   BENCH_ONLY=http    only this HTTP benchmark; otherwise the indicator benchmark
#                      (bench/indicators_bench.sh) and the import benchmark
#                      (bench/import_bench.sh) follow it
#   BENCH_NATIONAL=0   the indicator benchmark at Leeds scale only (national takes minutes)
#   BENCH_IMPORT_EPISODES  size of the SSDA903 file for the import benchmark (default 500000)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
nchildren=${BENCH_CHILDREN:-1}
pool_size=${BENCH_POOL_SIZE:-}
pgbench=/usr/lib/postgresql/15/bin/pgbench
psql=/usr/lib/postgresql/15/bin/psql
build_dir="$root/build-bench"

say() { echo "bench.sh: $*" >&2; }
die() {
    say "$*"
    exit 1
}

for v in seconds connections threads nchildren; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive whole number, not '${!v}'"
done
[[ -z "$pool_size" || "$pool_size" =~ ^[1-9][0-9]*$ ]] ||
    die "BENCH_POOL_SIZE must be a positive whole number, not '$pool_size'"

"$root/scripts/install-deps"
command -v wrk >/dev/null || die "wrk is not installed"
[[ -x "$pgbench" ]] || die "$pgbench is missing (it comes with postgresql-15)"

# Only the daemon: the benchmark needs no tests.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DFGC_TESTS=OFF
cmake --build "$build_dir" -j2 --target fgcd
fgcd="$build_dir/fgcd"
[[ -x "$fgcd" ]] || die "the build did not produce $fgcd"

# A short path: the cluster's Unix socket path must fit in 107 bytes.
tmp=$(mktemp -d /tmp/fgcd-bench.XXXXXX)
daemon_pid=""
load_pid="" # wrk or pgbench while it runs, so that an interrupted run stops it too
pg_started=0
# shellcheck disable=SC2317 # only reached through the EXIT trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$load_pid" ]] && kill -0 "$load_pid" 2>/dev/null; then
        kill -TERM "$load_pid" 2>/dev/null || true
        wait "$load_pid" 2>/dev/null || true
    fi
    if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill -TERM "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    if ((pg_started)); then
        "$root/scripts/pg.sh" stop "$tmp" || true
    fi
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
        say "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "creating a PostgreSQL cluster in $tmp (default durability settings)"
"$root/scripts/pg.sh" init "$tmp"
pg_started=1
"$root/scripts/pg.sh" start "$tmp"
db_url=$("$root/scripts/pg.sh" url "$tmp")

export FGCD_DATABASE_URL="$db_url"
export FGCD_MIGRATIONS_DIR="$root/migrations"
export FGCD_LOG_LEVEL=${FGCD_LOG_LEVEL:-info}
"$fgcd" migrate >"$tmp/migrate.log"
config_args=()
if [[ -n "$pool_size" ]]; then
    printf '[database]\npool_size = %s\n' "$pool_size" >"$tmp/fgcd.conf"
    config_args=(--config "$tmp/fgcd.conf")
fi

"$fgcd" user add bench-admin --role admin
"$fgcd" user add bench-coordinator --role fgc_coordinator
admin_token=$("$fgcd" token create bench-admin --label benchmark)
coordinator_token=$("$fgcd" token create bench-coordinator --label benchmark)

# A free port: one nothing answers on. If another process takes it before fgcd binds it,
# fgcd exits at once and the next candidate is tried.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_free "$port" || continue
    FGCD_LISTEN="127.0.0.1:$port" "$fgcd" "${config_args[@]}" serve >>"$tmp/fgcd.log" 2>&1 &
    daemon_pid=$!
    for ((i = 0; i < 100; i++)); do
        if ! kill -0 "$daemon_pid" 2>/dev/null; then
            break
        fi
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
            url="http://127.0.0.1:$port"
            break 2
        fi
        sleep 0.1
    done
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
    daemon_pid=""
done
if [[ -z "$url" ]]; then
    tail -n 20 "$tmp/fgcd.log" >&2 || true
    die "fgcd did not start (log above)"
fi
pool=$(curl -fsS "$url/healthz" | grep -o '"pool":{"size":[0-9]*' | grep -o '[0-9]*$')
say "fgcd is listening on $url (pid $daemon_pid, pool_size $pool)"

# Calls the API as the administrator; prints the body, fails on a non-2xx status.
api() {
    local method=$1 path=$2 body=${3:-}
    local out status
    local -a data=()
    [[ -z "$body" ]] || data=(--data-binary "$body")
    out=$(curl -sS -X "$method" -w '\n%{http_code}' \
        -H "Authorization: Bearer $admin_token" -H "Content-Type: application/json" \
        "${data[@]}" "$url/api/v1$path")
    status=${out##*$'\n'}
    out=${out%$'\n'*}
    if [[ "$status" != 2?? ]]; then
        say "$method $path answered $status: $out"
        return 1
    fi
    printf '%s\n' "$out"
}
# The first "id" in a JSON body (the record's own id in every fgcd response).
first_id() { grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2; }

say "creating a team, a local authority, a cluster and $nchildren child(ren) through the API"
team_id=$(api POST /teams '{"name":"Benchmark team"}' | first_id)
api POST /areas '{"code":"E08000035","name":"Leeds","kind":"local_authority"}' >/dev/null
api POST /areas '{"code":"BENCH-C01","name":"Benchmark cluster","kind":"cluster","parent":"E08000035"}' >/dev/null
child_ids=()
for ((n = 1; n <= nchildren; n++)); do
    child=$(api POST /children "{\"first_name\":\"Bench\",\"last_name\":\"Child $n\",\"date_of_birth\":\"2016-05-0$((n % 9 + 1))\",\"sex\":$((n % 2 + 1)),\"ethnicity\":\"WBRI\",\"area\":\"BENCH-C01\",\"team_id\":$team_id}")
    child_ids+=("$(first_id <<<"$child")")
done
[[ -n "${child_ids[0]}" ]] || die "could not read the new child's id"
child_csv=$(IFS=,; echo "${child_ids[*]}")
coordinator_id=$(curl -fsS -H "Authorization: Bearer $coordinator_token" "$url/api/v1/me" | first_id)

# Yesterday: never "in the future", whatever the time zones of fgcd and PostgreSQL.
referred_on=$(date -d yesterday +%F)

# One referral through the API first, so that a broken endpoint stops the run with its
# reason rather than producing a table of errors.
probe=$(curl -sS -w '\n%{http_code}' -X POST "$url/api/v1/referrals" \
    -H "Authorization: Bearer $coordinator_token" -H "Content-Type: application/json" \
    -H "Idempotency-Key: bench-probe-$$" \
    --data-binary "{\"child_id\":${child_ids[0]},\"referred_on\":\"$referred_on\",\"referral_stage\":\"child_in_need\",\"domestic_violence\":false,\"reason\":\"Benchmark probe referral.\"}" \
    "$url/api/v1/referrals")
[[ "${probe##*$'\n'}" == 2?? ]] || die "POST /api/v1/referrals answered ${probe##*$'\n'}: ${probe%$'\n'*}"

say "wrk: $threads threads, $connections connections, ${seconds}s against POST $url/api/v1/referrals"
# The load generators run in the background and are waited for, so that INT or TERM stops
# them at once through the EXIT trap rather than after they finish.
run_load() {
    local rc=0
    "$@" &
    load_pid=$!
    wait "$load_pid" || rc=$?
    load_pid=""
    return "$rc"
}
BENCH_TOKEN=$coordinator_token BENCH_CHILD_IDS=$child_csv BENCH_REFERRED_ON=$referred_on \
    BENCH_RUN="$$-$(date +%s)" \
    run_load wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
    -s "$root/bench/post_referral.lua" "$url/api/v1/referrals" >"$tmp/wrk.out" 2>&1 || {
    cat "$tmp/wrk.out" >&2
    die "wrk failed"
}
cat "$tmp/wrk.out"
result=$(grep '^BENCH_RESULT ' "$tmp/wrk.out" | tail -n 1)
[[ -n "$result" ]] || die "wrk printed no BENCH_RESULT line"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
fgcd_rps=$(field rps)
fgcd_p50=$(field p50_ms)
fgcd_p99=$(field p99_ms)
fgcd_avg=$(field mean_ms)
fgcd_non2xx=$(field non2xx)
fgcd_sockerr=$(field socket_errors)
fgcd_statuses=$(field status_counts)
referrals=$("$psql" -X -A -t -q "$db_url" -c 'SELECT count(*) FROM fgc.referrals')

# Stop fgcd so that pgbench has the machine to itself, as wrk and fgcd had.
kill -TERM "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""

# Runs one pgbench script as the fgcd role with the same concurrency and length as wrk, and
# writes "tps p50_ms p99_ms avg_ms" (percentiles from the per-transaction log) to RESULT.
run_pgbench() {
    local name=$1 script=$2 result=$3 out="$tmp/pgbench-$1.out"
    say "pgbench ($name): $connections clients, $threads threads, ${seconds}s of bench/$script"
    rm -f "$tmp/pgbench-$name-log".*
    if ! run_load "$pgbench" -n -c "$connections" -j "$threads" -T "$seconds" \
        -D child_id="${child_ids[0]}" -D referrer_id="$coordinator_id" \
        -f "$root/bench/$script" -l --log-prefix="$tmp/pgbench-$name-log" "$db_url" >"$out" 2>&1; then
        cat "$out" >&2
        die "pgbench failed on bench/$script"
    fi
    sed 's/^/    /' "$out" >&2
    local tps avg
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | tail -n 1)
    avg=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out" | tail -n 1)
    # Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
    cat "$tmp/pgbench-$name-log".* | awk '{ print $3 }' | sort -n | awk -v tps="$tps" -v avg="$avg" '
        { v[NR] = $1 }
        END {
            if (NR == 0) { printf "%.1f n/a n/a %s\n", tps, avg; exit }
            i50 = int(NR * 0.50 + 0.5); if (i50 < 1) i50 = 1
            i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1; if (i99 > NR) i99 = NR
            printf "%.1f %.2f %.2f %.2f\n", tps, v[i50] / 1000, v[i99] / 1000, avg
        }' >"$result"
}

# The referral through the SQL API as fgcd calls it, without HTTP: what fgcd adds is the rest.
run_pgbench dispatch dispatch_referral.sql "$tmp/dispatch.result"
read -r sql_tps sql_p50 sql_p99 sql_avg <"$tmp/dispatch.result"
# The bare row: one INSERT into fgc.referrals per transaction.
run_pgbench insert insert_referral.sql "$tmp/insert.result"
read -r pg_tps pg_p50 pg_p99 pg_avg <"$tmp/insert.result"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { printf '  %-28s %-14s %-18s %s\n' "$@"; }

cat <<EOF

fgcd benchmark: ${seconds}s each, $connections connections, $threads threads, $(nproc) CPUs, fgcd pool_size $pool.
The load generator, fgcd and PostgreSQL share this machine; PostgreSQL has fsync and
synchronous_commit on. Each fgcd request creates a referral as an FGC coordinator, with its
own Idempotency-Key.

$(row "" "fgcd (HTTP)" "pgbench (SQL API)" "pgbench (INSERT)")
$(row "throughput (per second)" "$fgcd_rps" "$sql_tps" "$pg_tps")
$(row "latency p50 (ms)" "$fgcd_p50" "$sql_p50" "$pg_p50")
$(row "latency p99 (ms)" "$fgcd_p99" "$sql_p99" "$pg_p99")
$(row "latency average (ms)" "$fgcd_avg" "$sql_avg" "$pg_avg")
$(row "non-2xx responses" "$fgcd_non2xx" "-" "-")
$(row "socket errors" "$fgcd_sockerr" "-" "-")

  fgcd (HTTP):        wrk POST /api/v1/referrals (bench/post_referral.lua)
  pgbench (SQL API):  SELECT api.dispatch('referral_create', ...) (bench/dispatch_referral.sql)
  pgbench (INSERT):   one INSERT INTO fgc.referrals (bench/insert_referral.sql)

  responses by status: $fgcd_statuses
  referrals committed during the fgcd run: $referrals (with the probe, and requests still in
  flight when wrk stopped, which wrk does not count)

  ratio fgcd / pgbench (INSERT) throughput:   $(ratio "$fgcd_rps" "$pg_tps")
  ratio fgcd / pgbench (SQL API) throughput:  $(ratio "$fgcd_rps" "$sql_tps")
EOF
if [[ "$fgcd_non2xx" != 0 || "$fgcd_sockerr" != 0 ]]; then
    say "warning: $fgcd_non2xx responses were not 2xx and $fgcd_sockerr had socket errors; the last other lines of the fgcd log:"
    grep -v ' 201 ' "$tmp/fgcd.log" | tail -n 5 >&2 || true
fi

# The other benchmarks: indicators (Leeds and national scale) and a large SSDA903 import.
# BENCH_ONLY=http skips them; BENCH_NATIONAL=0 keeps the indicator benchmark to Leeds scale.
if [[ "${BENCH_ONLY:-}" != http ]]; then
    echo
    echo "== Indicator engine =="
    indicator_args=()
    [[ "${BENCH_NATIONAL:-1}" == 0 ]] && indicator_args+=(--leeds-only)
    FGCD_BIN="$fgcd" bash bench/indicators_bench.sh "${indicator_args[@]}"
    echo
    echo "== SSDA903 import =="
    FGCD_BIN="$fgcd" bash bench/import_bench.sh "${BENCH_IMPORT_EPISODES:-500000}"
fi
