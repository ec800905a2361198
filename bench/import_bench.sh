#!/usr/bin/env bash
# Benchmark of fgcd import ssda903: generates a large synthetic SSDA903 return and times its first load, a re-import and a next-year update.
#
# Usage: bench/import_bench.sh [EPISODES]        (default 500000)
#
# Environment:
#   FGCD_BIN           the fgcd binary (default: build/fgcd, then build-*/fgcd under the source tree)
#   FGCD_DATABASE_URL  a migrated database to load into; without it a private throwaway
#                      PostgreSQL cluster is made with scripts/pg.sh (--fast) and removed afterwards
#   BENCH_KEEP=1       keep the generated files and the throwaway cluster
#
# Prints one line per run: "<run>: <episodes> episodes in <s> s = <n> episodes/s", and the
# import's own summary. The local authority is a new random code, so repeated runs against
# the same database do not interfere.
set -euo pipefail

episodes=${1:-500000}
src=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/fgcd-import-bench.XXXXXX)
pgdir=""

cleanup() {
    if [[ -n "$pgdir" && "${BENCH_KEEP:-0}" != 1 ]]; then
        "$src/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true
        rm -rf "$pgdir"
    fi
    if [[ "${BENCH_KEEP:-0}" != 1 ]]; then
        rm -rf "$work"
    else
        echo "kept: $work ${pgdir:+and cluster $pgdir}" >&2
    fi
}
trap cleanup EXIT

bin=${FGCD_BIN:-}
if [[ -z "$bin" ]]; then
    for candidate in "$src/build/fgcd" "$src"/build-*/fgcd; do
        if [[ -x "$candidate" ]]; then
            bin=$candidate
            break
        fi
    done
fi
[[ -n "$bin" && -x "$bin" ]] || {
    echo "import_bench: no fgcd binary; build it or set FGCD_BIN" >&2
    exit 1
}

if [[ -z "${FGCD_DATABASE_URL:-}" ]]; then
    pgdir=$(mktemp -d /tmp/fgcd-import-bench-pg.XXXXXX)
    "$src/scripts/pg.sh" init "$pgdir" --fast >/dev/null
    "$src/scripts/pg.sh" start "$pgdir" >/dev/null
    FGCD_DATABASE_URL=$("$src/scripts/pg.sh" url "$pgdir")
    export FGCD_DATABASE_URL
    FGCD_MIGRATIONS_DIR="$src/migrations" "$bin" migrate >/dev/null
fi

la=$(printf 'E09%06d' $((RANDOM * 32768 % 1000000 + RANDOM % 1000)))
la=${la:0:9}
printf 'area_code,area_name,parent_code,year,population_0_17,vintage\n%s,Benchmark authority %s,,2024,176000,mid-2024\n' \
    "$la" "$la" >"$work/population.csv"
"$bin" import population "$work/population.csv" >/dev/null

# The generator: children with 1 to 6 episodes each, chained by X1 or ended, the last one
# open for about a third of them; codes from the DfE lists; the year ending 31 March 2024.
# Year 2 repeats every episode, closing the open ones on a date in 2024-25.
generate() {
    awk -v n="$episodes" -v year2="$1" -v header="$2" -v eps="$3" 'BEGIN {
        srand(20240331);
        split("C1 C2 C2 C2 V2 V2 E1 J2 L2 V3", ls, " ");
        split("U1 U3 U4 U6 U6 K2 R1 P1 H5 A5", place, " ");
        split("PR0 PR1 PR1 PR2 PR4 PR5", prov, " ");
        split("N1 N1 N1 N2 N3 N4 N5 N6 N7 N8", cin, " ");
        split("E4A E4B E13 E41 E45 E8 E11 E17", rec, " ");
        split("WBRI WBRI WBRI MWBC APKN AIND BAFR WOTH CHNE OOTH", eth, " ");
        split("LS1 LS6 LS7 LS8 LS9 LS11 LS12 LS14 LS15 LS17", post, " ");
        print "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB" > header;
        print "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN" > eps;
        written = 0; child = 0;
        while (written < n) {
            child++;
            id = sprintf("%07d", 1000000 + child);
            dob = 14610 + int(rand() * 6200);            # days since 1970: 2010 to 2026
            printf "%s,%d,%s,%s,,,\n", id, 1 + int(rand() * 2), d(dob), eth[1 + int(rand() * 10)] > header;
            k = 1 + int(rand() * 6);
            if (written + k > n) k = n - written;
            day = 19358 + int(rand() * 300);             # from April 2023
            hp = post[1 + int(rand() * 10)] " " int(rand() * 9 + 1);
            for (e = 1; e <= k; e++) {
                len = 5 + int(rand() * 60);
                last = e == k;
                open = last && rand() < 0.35;
                dec = ""; r = "";
                # Drawn either way, so that both years see the same sequence.
                ydec = d((day + len > 19860 ? day + len : 19860) + int(rand() * 200));
                yrec = rec[1 + int(rand() * 8)];
                lrec = rec[1 + int(rand() * 8)];
                if (!open) { dec = d(day + len); r = last ? lrec : "X1"; }
                else if (year2) { dec = ydec; r = yrec; }
                printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", id, d(day), e == 1 ? "S" : "P",
                    ls[1 + int(rand() * 10)], cin[1 + int(rand() * 10)], place[1 + int(rand() * 10)],
                    prov[1 + int(rand() * 6)], dec, r, e == 1 ? "" : "CARPL", hp, "LS" int(rand() * 28 + 1) " 1",
                    sprintf("SC%06d", int(rand() * 999999)) > eps;
                day += len;
                written++;
            }
        }
    }
    function d(x,   y, m, dd, z, era, doe, yoe, doy, mp) {
        z = x + 719468; era = int(z / 146097); doe = z - era * 146097;
        yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365);
        y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100));
        mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1;
        m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++;
        return sprintf("%02d/%02d/%04d", dd, m, y);
    }'
}

echo "generating $episodes episodes..." >&2
generate 0 "$work/header.csv" "$work/episodes.csv"
generate 1 "$work/header2.csv" "$work/episodes2.csv"
echo "files: $(du -h "$work/episodes.csv" | cut -f1) episodes, $(($(wc -l <"$work/header.csv") - 1)) children" >&2

run() {
    local name=$1 header=$2 eps=$3 start end out
    start=$(date +%s.%N)
    out=$("$bin" import ssda903 --area "$la" "$header" "$eps")
    end=$(date +%s.%N)
    awk -v name="$name" -v n="$episodes" -v s="$start" -v e="$end" \
        'BEGIN { t = e - s; printf "%-30s %d episodes in %.2f s = %.0f episodes/s\n", name ":", n, t, n / t }'
    echo "$out" | grep -E '^  (rows read|imported|unchanged|rejected|children)' | sed 's/^/    /'
}

run "first import (all new)" "$work/header.csv" "$work/episodes.csv"
run "re-import (all unchanged)" "$work/header.csv" "$work/episodes.csv"
run "next year (open ones closed)" "$work/header2.csv" "$work/episodes2.csv"
