#!/usr/bin/env bash
# Benchmarks the indicator engine on deterministic synthetic data at Leeds scale and at national scale (x70), printing timings; no assertions.
#
# Usage: bench/indicators_bench.sh [--leeds-only]
#
# Each scale gets its own throwaway PostgreSQL cluster (scripts/pg.sh, --fast) in a temporary
# directory, migrated by fgcd and loaded by bench/indicators_data.sql. Timings are taken inside
# PostgreSQL around api.dispatch (what the daemon calls: the SQL and the JSON body, not HTTP),
# after a warm-up run, and reported as the fastest and the median of several runs.
#
# Environment:
#   INDICATORS_BENCH_RUNS   runs per measurement at Leeds scale (default 7; national uses 3)
#   INDICATORS_BENCH_SCALE  authorities at national scale (default 70: over 5 million episodes)
#   FGCD_BIN                an fgcd binary to use (default: build one into build-bench/)
#   INDICATORS_BENCH_KEEP=1 keep the temporary directories (clusters, logs) for inspection
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

runs=${INDICATORS_BENCH_RUNS:-7}
national_scale=${INDICATORS_BENCH_SCALE:-70}
leeds_only=0
for arg in "$@"; do
    case "$arg" in
    --leeds-only) leeds_only=1 ;;
    -h | --help)
        sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "indicators_bench.sh: unknown argument: $arg" >&2
        exit 2
        ;;
    esac
done

psql=/usr/lib/postgresql/15/bin/psql
say() { echo "indicators_bench.sh: $*" >&2; }
die() {
    say "$*"
    exit 1
}
for v in runs national_scale; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive whole number, not '${!v}'"
done
[[ -x "$psql" ]] || die "$psql is missing (it comes with postgresql-15)"

fgcd=${FGCD_BIN:-}
if [[ -z "$fgcd" ]]; then
    # Only the daemon, as scripts/bench.sh builds it.
    cmake -S . -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DFGC_TESTS=OFF >/dev/null
    cmake --build "$root/build-bench" -j2 --target fgcd >/dev/null
    fgcd="$root/build-bench/fgcd"
fi
[[ -x "$fgcd" ]] || die "no fgcd binary at $fgcd"

dirs=()
cleanup() {
    local d
    for d in "${dirs[@]}"; do
        "$root/scripts/pg.sh" stop "$d" >/dev/null 2>&1 || true
        if [[ "${INDICATORS_BENCH_KEEP:-0}" == 1 ]]; then
            say "kept $d"
        else
            rm -rf "$d"
        fi
    done
}
trap cleanup EXIT

# Starts a cluster, migrates it and loads `scale` authorities; prints its connection string.
prepare() {
    local scale=$1 dir url started
    dir=$(mktemp -d /tmp/fgcd-indbench.XXXXXX)
    dirs+=("$dir")
    "$root/scripts/pg.sh" init "$dir" --fast >/dev/null
    "$root/scripts/pg.sh" start "$dir" >/dev/null
    url=$("$root/scripts/pg.sh" url "$dir")
    FGCD_DATABASE_URL=$url FGCD_MIGRATIONS_DIR="$root/migrations" "$fgcd" migrate >/dev/null
    started=$SECONDS
    "$psql" "$url" -X -q -v ON_ERROR_STOP=1 -v scale="$scale" -f "$root/bench/indicators_data.sql" \
        >"$dir/load.log" 2>&1 || {
        cat "$dir/load.log" >&2
        die "loading scale $scale failed"
    }
    say "loaded $scale authorit$([[ $scale == 1 ]] && echo y || echo ies) in $((SECONDS - started)) s"
    LAST_URL=$url
    LAST_DIR=$dir
}

# Runs the timing SQL (stdin) against url with the helpers loaded.
timings() {
    local url=$1
    {
        cat "$root/bench/indicators_timing.sql"
        echo '\pset footer off'
        cat
    } | "$psql" "$url" -X -q -v ON_ERROR_STOP=1 -v runs="$runs"
}

FIVE_YEARS='"from": "2020-04-01", "to": "2025-03-31"'

# ---- Leeds scale ----
prepare 1
leeds=$LAST_URL
echo
echo "== Leeds scale: 1 authority, 25 clusters =="
timings "$leeds" <<SQL
SELECT (SELECT count(*) FROM fgc.children) AS children,
       (SELECT count(*) FROM fgc.cin_episodes) AS cin_episodes,
       (SELECT count(*) FROM fgc.cla_episodes) AS cla_episodes,
       (SELECT count(*) FROM fgc.cpp_plans) AS cpp_plans;
SELECT i AS indicator, api.dispatch('indicator_value', '{"role": "admin", "username": "cli"}',
           jsonb_build_object('indicator', i, 'area', 'E08000035', 'year', 2025))->'body'->>'value' AS "31 March 2025 / 2024-25"
  FROM unnest(ARRAY['cla_count', 'cla_rate_per_10k', 'cin_count', 'cin_rate_per_10k', 'cpp_count',
                    'cpp_rate_per_10k', 'referrals', 're_referral_rate_12m']) AS i;
SELECT 'snapshot: CLA at 31 March 2025, Leeds' AS measurement, *, '< 20 ms' AS target
  FROM pg_temp.time_api('indicator_value', '{"indicator": "cla_count", "area": "E08000035", "year": 2025}', :runs)
UNION ALL
SELECT 'snapshot: CIN at 31 March 2025, Leeds', *, '< 20 ms'
  FROM pg_temp.time_api('indicator_value', '{"indicator": "cin_count", "area": "E08000035", "year": 2025}', :runs)
UNION ALL
SELECT 'snapshot: CIN rate, targeted group vs rest', *, ''
  FROM pg_temp.time_api('indicator_value', '{"indicator": "cin_rate_per_10k", "group": "Targeted clusters (synthetic)", "compare": "rest", "year": 2025}', :runs)
UNION ALL
SELECT 'flow: re-referral rate 2024-25, Leeds', *, ''
  FROM pg_temp.time_api('indicator_value', '{"indicator": "re_referral_rate_12m", "area": "E08000035", "year": 2025}', :runs)
UNION ALL
SELECT 'series: CLA weekly, 5 years, all 25 clusters', *, '< 200 ms'
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cla_count", "area": "E08000035", "areas": "all-clusters", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CIN weekly, 5 years, all 25 clusters', *, '< 200 ms'
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cin_count", "area": "E08000035", "areas": "all-clusters", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CPP weekly, 5 years, all 25 clusters', *, '< 200 ms'
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cpp_count", "area": "E08000035", "areas": "all-clusters", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CIN weekly, all clusters, suppressed', *, ''
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cin_count", "area": "E08000035", "areas": "all-clusters", "suppress": true, $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: referrals weekly, all clusters (flow)', *, ''
  FROM pg_temp.time_api('indicator_series', '{"indicator": "referrals", "area": "E08000035", "areas": "all-clusters", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CLA rate weekly, Leeds', *, ''
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cla_rate_per_10k", "area": "E08000035", $FIVE_YEARS}', :runs);

-- The two ways to count a weekly snapshot series, on the same data (counts only, no JSON):
-- the engine's sweep over spell starts and ends, and a join of the 262 week ends to the open
-- episodes (count distinct children per cluster and week, using the indexes).
SELECT 'CIN weekly per cluster: sweep (engine)' AS method, *
  FROM pg_temp.time_sql(\$q\$SELECT count(*) FROM fgc.indicator_compute('fgc.measure_cin_open(bigint,date,date)', 'snapshot',
        ROW((SELECT id FROM fgc.areas WHERE code = 'E08000035'), NULL, false, 'area')::fgc.indicator_target,
        ARRAY(SELECT id FROM fgc.areas), 'week', '2020-03-30', '2025-04-06')\$q\$, :runs)
UNION ALL
SELECT 'CIN weekly per cluster: join of week ends to episodes', *
  FROM pg_temp.time_sql(\$q\$SELECT count(*) FROM (
        SELECT c.area_id, w.d, count(DISTINCT e.child_id)
          FROM generate_series(DATE '2020-04-05', DATE '2025-04-06', interval '7 days') AS w(d)
          JOIN fgc.cin_episodes e ON e.referral_date <= w.d::date
                                 AND (e.closure_date IS NULL OR e.closure_date > w.d::date)
                                 AND NOT e.referral_nfa
          JOIN fgc.children c ON c.id = e.child_id
         WHERE c.local_authority_id = (SELECT id FROM fgc.areas WHERE code = 'E08000035')
         GROUP BY 1, 2) x\$q\$, :runs);
SQL

if ((leeds_only)); then
    exit 0
fi

# ---- National scale ----
"$root/scripts/pg.sh" stop "${dirs[0]}" >/dev/null 2>&1 || true
prepare "$national_scale"
national=$LAST_URL
echo
echo "== National scale: $national_scale authorities of 25 clusters =="
runs=3
timings "$national" <<SQL
SELECT (SELECT count(*) FROM fgc.areas WHERE kind = 'local_authority') AS authorities,
       (SELECT count(*) FROM fgc.children) AS children,
       (SELECT count(*) FROM fgc.cin_episodes) + (SELECT count(*) FROM fgc.cla_episodes)
           + (SELECT count(*) FROM fgc.cpp_plans) AS episodes;
SELECT 'series: CLA weekly, 5 years, every authority' AS measurement, *, '< 5 s' AS target
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cla_count", "areas": "all-authorities", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CPP weekly, 5 years, every authority', *, '< 5 s'
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cpp_count", "areas": "all-authorities", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CIN weekly, 5 years, every authority', *, '< 5 s'
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cin_count", "areas": "all-authorities", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: referrals weekly, 5 years, every authority', *, ''
  FROM pg_temp.time_api('indicator_series', '{"indicator": "referrals", "areas": "all-authorities", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'series: CIN weekly, all clusters of one authority', *, ''
  FROM pg_temp.time_api('indicator_series', '{"indicator": "cin_count", "area": "E08000035", "areas": "all-clusters", $FIVE_YEARS}', :runs)
UNION ALL
SELECT 'snapshot: CIN at 31 March 2025, one authority', *, ''
  FROM pg_temp.time_api('indicator_value', '{"indicator": "cin_count", "area": "E08000035", "year": 2025}', :runs);
SQL
