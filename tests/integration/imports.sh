#!/usr/bin/env bash
# fgcd import against the fixture's database: counts, warnings by kind, line numbers, idempotent re-import, next-year updates, --strict, unreadable files.
#
# Usage: imports.sh ENV_FILE   (the file tests/integration/env.sh writes)
#
# The fixture files (tests/fixtures/imports) name Leeds (E08000035) and clusters LS-C01..;
# each run copies them with a local authority code, cluster codes and UPNs of its own, so
# that it can run more than once against the same database.
set -euo pipefail

set -a
# shellcheck disable=SC1090
. "$1"
set +a
bin=$FGCD_TEST_BIN
db=$FGCD_TEST_DATABASE_URL
src=$FGCD_TEST_SOURCE_DIR
export FGCD_DATABASE_URL=$db
tmp=$(mktemp -d /tmp/fgcd-imports.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    failures=$((failures + 1))
}
expect() { # expect WHAT EXPECTED ACTUAL
    if [[ "$3" == "$2" ]]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$db" -c "$1"; }
# j FILE FILTER: a value from a JSON report
j() { jq -r "$2" "$1"; }

# A local authority code nobody has used yet, and matching cluster codes and UPNs.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    la=$(printf 'E07%06d' $(((RANDOM << 15 | RANDOM) % 1000000)))
    [[ "$(sql "SELECT count(*) FROM fgc.areas WHERE code = '$la'")" == 0 ]] && break
done
tag=$(printf 'T%04d' $((RANDOM % 10000)))
upn=$(printf '%04d' $((RANDOM % 10000)))
for f in "$src"/tests/fixtures/imports/*; do
    sed -e "s/E08000035/$la/g" -e "s/LS-C0/$tag-C0/g" \
        -e "s/A123456789012/A${upn}56789012/g" -e "s/B987654321098/B${upn}54321098/g" \
        -e "s/C123456789012/C${upn}56789012/g" -e "s/D12345678901A/D${upn}5678901A/g" \
        "$f" >"$tmp/$(basename "$f")"
done
cd "$tmp"
la_id() { sql "SELECT id FROM fgc.areas WHERE code = '$la'"; }

# ---- Population ----------------------------------------------------------------------------

"$bin" import population --json population.csv >r.json && rc=0 || rc=$?
expect "population: exit 0" 0 "$rc"
expect "population: 5 rows read" 5 "$(j r.json .summary.read)"
expect "population: 5 new" 5 "$(j r.json .summary.new)"
expect "population: 4 areas created" 4 "$(j r.json .areas.new)"
expect "population: thousands separator warned at line 5" "number_format 5" \
    "$(j r.json '.problems[] | "\(.kind) \(.line)"')"
expect "population: clusters belong to the authority" 3 \
    "$(sql "SELECT count(*) FROM fgc.areas WHERE parent_id = $(la_id)")"
expect "population: the quoted name with a comma" "Armley, Farnley and Wortley" \
    "$(sql "SELECT name FROM fgc.areas WHERE code = '$tag-C01'")"
"$bin" import population --json population.csv >r.json
expect "population again: all unchanged" "5 0 0" \
    "$(j r.json '"\(.summary.unchanged) \(.summary.new) \(.summary.updated)"')"
expect "population again: one estimate per (area, year, vintage)" 2 \
    "$(sql "SELECT count(*) FROM fgc.area_populations WHERE area_id = $(la_id)")"

"$bin" import population --json population_errors.csv >r.json && rc=0 || rc=$?
expect "population errors: still exit 0" 0 "$rc"
expect "population errors: read, imported, unchanged, rejected" "10 1 2 7" \
    "$(j r.json '"\(.summary.read) \(.summary.imported) \(.summary.unchanged) \(.summary.rejected)"')"
expect "population errors: rejected lines" "3 4 5 6 7 8 9" \
    "$(j r.json '[.problems[] | select(.severity == "rejected") | .line] | join(" ")')"
expect "population errors: rejections by kind" \
    '{"conflicting_duplicate":1,"invalid_area_code":1,"invalid_value":2,"missing_field":2,"unknown_parent":1}' \
    "$(j r.json '.summary.rejections | to_entries | sort_by(.key) | from_entries' | jq -c .)"

# ---- SSDA903 ---------------------------------------------------------------------------------

sql "INSERT INTO fgc.postcode_sectors (sector, area_id) SELECT 'LS12 3', id FROM fgc.areas WHERE code = '$tag-C01'
     ON CONFLICT (sector) DO UPDATE SET area_id = excluded.area_id" >/dev/null
episodes_of_la() {
    sql "SELECT count(*) FROM fgc.cla_episode_records r JOIN fgc.children c ON c.id = r.child_id
          WHERE c.local_authority_id = $(la_id)"
}

"$bin" import ssda903 --area "$la" --json header_2024.csv episodes_2024.csv >r.json && rc=0 || rc=$?
expect "2024: exit 0" 0 "$rc"
expect "2024: 8 episodes new, 6 children new" "8 8 6" \
    "$(j r.json '"\(.summary.read) \(.summary.new) \(.children.new)"')"
expect "2024: no problems" 0 "$(j r.json '.problems | length')"
expect "2024: collection year inferred" "2024 true" \
    "$(j r.json '"\(.collection_year.ending) \(.collection_year.inferred)"')"
run1=$(j r.json .import_run_id)
expect "2024: every record points at its run" 8 \
    "$(sql "SELECT count(*) FROM fgc.cla_episode_records WHERE import_run_id = $run1")"
expect "2024: the run row has the counts and the files' sha256" \
    "ssda903|imported|8|8|0|0|$(sha256sum header_2024.csv | cut -c1-64)" \
    "$(sql "SELECT kind, outcome, rows_read, rows_imported, rows_unchanged, rows_rejected, file_sha256[1]
              FROM fgc.import_runs WHERE id = $run1")"
expect "2024: HOME_POST's sector places the child in the cluster" "$tag-C01" \
    "$(sql "SELECT a.code FROM fgc.children c JOIN fgc.areas a ON a.id = c.area_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '100001'")"
expect "2024: an unmapped sector leaves the child at the authority" "$la" \
    "$(sql "SELECT a.code FROM fgc.children c JOIN fgc.areas a ON a.id = c.area_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '100003'")"
expect "2024: children have no names" 0 \
    "$(sql "SELECT count(*) FROM fgc.children WHERE local_authority_id = $(la_id)
             AND (first_name IS NOT NULL OR last_name IS NOT NULL)")"

"$bin" import ssda903 --area "$la" --json header_2024.csv episodes_2024.csv >r.json
expect "2024 again: everything unchanged" "8 0 0 6" \
    "$(j r.json '"\(.summary.unchanged) \(.summary.new) \(.summary.updated) \(.children.unchanged)"')"
expect "2024 again: no new records" 8 "$(episodes_of_la)"

"$bin" import ssda903 --area "$la" --json header_2025.csv episodes_2025.csv >r.json
expect "2025: 2 new, 2 updated, 1 unchanged" "2 2 1" \
    "$(j r.json '"\(.summary.new) \(.summary.updated) \(.summary.unchanged)"')"
expect "2025: one record more per change" 12 "$(episodes_of_la)"
expect "2025: the current table shows the end date, once" "1|2024-06-15|E4A" \
    "$(sql "SELECT count(*), max(e.dec), max(e.rec) FROM fgc.cla_episodes e JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '100001' AND e.decom = '2023-09-20'")"
expect "2025: the new version supersedes the old one" "t|t" \
    "$(sql "SELECT n.supersedes = o.id, n.episode_id = o.episode_id
              FROM fgc.cla_episode_records n JOIN fgc.cla_episode_records o ON o.id = n.supersedes
              JOIN fgc.children c ON c.id = n.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '100001' AND n.decom = '2023-09-20'")"
"$bin" import ssda903 --area "$la" --json header_2025.csv episodes_2025.csv >r.json
expect "2025 again: unchanged" "5 0" "$(j r.json '"\(.summary.unchanged) \(.summary.imported)"')"

"$bin" import ssda903 --area "$la" --year 2024 --json header_errors.csv episodes_errors.csv >r.json &&
    rc=0 || rc=$?
expect "errors: exit 0 (the files were read)" 0 "$rc"
expect "errors: read, new, unchanged, rejected" "22 14 1 7" \
    "$(j r.json '"\(.summary.read) \(.summary.new) \(.summary.unchanged) \(.summary.rejected)"')"
expect "errors: children read, new, rejected" "11 7 3" \
    "$(j r.json '"\(.children.read) \(.children.new) \(.children.rejected)"')"
expect "errors: warnings by kind" \
    '{"child_not_in_header":1,"date_format":1,"dec_without_rec":1,"duplicate_row":2,"extra_column":1,"invalid_value":1,"malformed_quotes":1,"outside_collection_year":1,"overlapping_episodes":1,"ragged_row":1,"rec_without_dec":1,"several_open_episodes":1,"unknown_code":5}' \
    "$(j r.json '.summary.warnings | to_entries | sort_by(.key) | from_entries' | jq -c .)"
expect "errors: rejections by kind" \
    '{"ceased_before_start":1,"child_unknown":2,"conflicting_duplicate":1,"dec_without_rec":1,"invalid_date":1,"invalid_value":1,"missing_field":3}' \
    "$(j r.json '.summary.rejections | to_entries | sort_by(.key) | from_entries' | jq -c .)"
expect "errors: rejected episode lines" "4 7 8 9 11 15 16" \
    "$(j r.json '[.problems[] | select(.severity == "rejected" and .file == "episodes_errors.csv") | .line] | join(" ")')"
expect "errors: rejected header lines" "3 4 9" \
    "$(j r.json '[.problems[] | select(.severity == "rejected" and .file == "header_errors.csv") | .line] | join(" ")')"
expect "errors: each warning where it belongs" \
    "3 several_open_episodes|5 unknown_code|5 unknown_code|6 unknown_code|10 dec_without_rec|13 overlapping_episodes|14 duplicate_row|17 outside_collection_year|18 date_format|19 ragged_row|21 malformed_quotes|21 unknown_code|22 child_not_in_header|23 rec_without_dec" \
    "$(j r.json '[.problems[] | select(.severity == "warning" and .file == "episodes_errors.csv") | "\(.line) \(.kind)"] | join("|")')"
expect "errors: unknown codes are stored as given" "Q9" \
    "$(sql "SELECT e.place FROM fgc.cla_episodes e JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '200004' AND e.decom = '2023-04-01'")"
expect "errors: X1 taken for DEC without REC when the next episode starts that day" "X1" \
    "$(sql "SELECT e.rec FROM fgc.cla_episodes e JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '200006'")"
expect "errors: an unknown ethnicity becomes NOBT" "NOBT" \
    "$(sql "SELECT ethnicity FROM fgc.children WHERE local_authority_id = $(la_id) AND la_child_id = '200004'")"

# --strict: a file with rejected rows loads nothing, and the attempt is recorded.
before=$(episodes_of_la)
children_before=$(sql "SELECT count(*) FROM fgc.children WHERE local_authority_id = $(la_id)")
sed -e 's/^2000/2100/' header_errors.csv >header_strict.csv
sed -e 's/^2000/2100/' episodes_errors.csv >episodes_strict.csv
"$bin" import ssda903 --area "$la" --year 2024 --strict --json header_strict.csv episodes_strict.csv \
    >r.json && rc=0 || rc=$?
expect "strict: exit 3" 3 "$rc"
expect "strict: outcome rolled back" rolled_back "$(j r.json .outcome)"
expect "strict: no episodes written" "$before" "$(episodes_of_la)"
expect "strict: no children written" "$children_before" \
    "$(sql "SELECT count(*) FROM fgc.children WHERE local_authority_id = $(la_id)")"
expect "strict: the attempt is recorded" "rolled_back|7" \
    "$(sql "SELECT outcome, rows_rejected FROM fgc.import_runs WHERE id = $(j r.json .import_run_id)")"
"$bin" import ssda903 --area "$la" --strict --json header_2024.csv episodes_2024.csv >r.json &&
    rc=0 || rc=$?
expect "strict with nothing rejected: exit 0" 0 "$rc"
expect "older return: the two episodes the 2025 return changed are left alone" "2 0" \
    "$(j r.json '"\(.summary.warnings.older_return) \(.summary.updated)"')"
expect "older return: the later end date stays" "2024-06-15" \
    "$(sql "SELECT e.dec FROM fgc.cla_episodes e JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '100001' AND e.decom = '2023-09-20'")"

# A file cut short: the last row is refused, the rest read.
"$bin" import ssda903 --area "$la" --json header_2024.csv episodes_truncated.csv >r.json && rc=0 || rc=$?
expect "truncated: exit 0" 0 "$rc"
expect "truncated: the cut row is rejected at line 6" "truncated_row 6" \
    "$(j r.json '.problems[] | select(.severity == "rejected") | "\(.kind) \(.line)"')"
expect "truncated: the rest unchanged" "5 4 1" \
    "$(j r.json '"\(.summary.read) \(.summary.unchanged) \(.summary.rejected)"')"

# Files that cannot be read.
"$bin" import ssda903 --area "$la" header_2024.csv "$tmp/no-such-file.csv" >out.txt 2>&1 && rc=0 || rc=$?
expect "missing file: exit 1" 1 "$rc"
grep -q 'cannot be opened' out.txt && pass "missing file: says so" || fail "missing file message"
printf 'CHILD,DECOM\n1,01/01/2024\n' >no_columns.csv
"$bin" import ssda903 --area "$la" header_2024.csv no_columns.csv >out.txt 2>&1 && rc=0 || rc=$?
expect "missing required column: exit 1" 1 "$rc"
grep -q 'has no column RNE' out.txt && pass "missing column: named" || fail "missing column message"
"$bin" import ssda903 --area E00000001 header_2024.csv episodes_2024.csv >out.txt 2>&1 && rc=0 || rc=$?
expect "unknown area: exit 1" 1 "$rc"
"$bin" import ssda903 header_2024.csv episodes_2024.csv >/dev/null 2>&1 && rc=0 || rc=$?
expect "no --area: exit 2" 2 "$rc"

# ---- CIN census ------------------------------------------------------------------------------

cin_of_la() {
    sql "SELECT (SELECT count(*) FROM fgc.cin_episode_records r JOIN fgc.children c ON c.id = r.child_id
                  WHERE c.local_authority_id = $(la_id)) || '/' ||
                (SELECT count(*) FROM fgc.cpp_records r JOIN fgc.children c ON c.id = r.child_id
                  WHERE c.local_authority_id = $(la_id)) || '/' ||
                (SELECT count(*) FROM fgc.pre_proceedings_records r JOIN fgc.children c ON c.id = r.child_id
                  WHERE c.local_authority_id = $(la_id))"
}
"$bin" import cin-census --area "$la" --json cin_2024.xml >r.json && rc=0 || rc=$?
expect "cin 2024: exit 0" 0 "$rc"
expect "cin 2024: records by kind" '{"child_protection_plans":1,"cin_episodes":5,"pre_proceedings":1}' \
    "$(j r.json '.records | map_values(.new)' | jq -cS .)"
expect "cin 2024: collection year from ReferenceDate" 2024 "$(j r.json .collection_year.ending)"
expect "cin 2024: domestic abuse factor carried to the current table" "t" \
    "$(sql "SELECT e.domestic_abuse FROM fgc.cin_episodes e JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '300002' AND e.referral_date = '2022-11-01'")"
expect "cin 2024: the plan is linked to its episode and its ICPC" "t|2023-06-01|{2023-09-01,2024-02-28}" \
    "$(sql "SELECT p.cin_episode_id = e.episode_id, p.icpc_date, r.review_dates
              FROM fgc.cpp_plans p JOIN fgc.cpp_records r ON r.id = p.record_id
              JOIN fgc.cin_episodes e ON e.child_id = p.child_id AND e.referral_date = '2023-05-10'
              JOIN fgc.children c ON c.id = p.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '300001'")"
"$bin" import cin-census --area "$la" --json cin_2024.xml >r.json
expect "cin 2024 again: all unchanged" "7 0" "$(j r.json '"\(.summary.unchanged) \(.summary.imported)"')"
expect "cin 2024 again: no new records" "5/1/1" "$(cin_of_la)"
"$bin" import cin-census --area "$la" --json cin_2025.xml >r.json
expect "cin 2025: new, updated, unchanged" "2 3 1" \
    "$(j r.json '"\(.summary.new) \(.summary.updated) \(.summary.unchanged)"')"
expect "cin 2025: closure and plan end in the current tables" "2024-09-30|2024-09-15" \
    "$(sql "SELECT e.closure_date, p.end_date FROM fgc.cin_episodes e
              JOIN fgc.cpp_plans p ON p.child_id = e.child_id
              JOIN fgc.children c ON c.id = e.child_id
             WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '300001'")"
expect "cin 2025: pre-proceedings placed under Child are read" "2025-01-20|t|f" \
    "$(sql "SELECT p.pp_start_date, p.fgdm_meeting_offer, p.fgdm_meeting_facilitated FROM fgc.pre_proceedings p
              JOIN fgc.children c ON c.id = p.child_id WHERE c.local_authority_id = $(la_id) AND c.la_child_id = '300005'")"
"$bin" import cin-census --area "$la" --json cin_2022_gendercurrent.xml >r.json
expect "cin 2022 layout: GenderCurrent accepted" "1 2" \
    "$(echo "$(j r.json .summary.new) $(sql "SELECT sex FROM fgc.children WHERE local_authority_id = $(la_id) AND la_child_id = '300010'")")"
"$bin" import cin-census --area "$la" --json cin_errors.xml >r.json && rc=0 || rc=$?
expect "cin errors: exit 0" 0 "$rc"
expect "cin errors: read, imported, unchanged, rejected" "14 4 1 9" \
    "$(j r.json '"\(.summary.read) \(.summary.imported) \(.summary.unchanged) \(.summary.rejected)"')"
expect "cin errors: problems carry their XML path" \
    "/Message/Children/Child[3]/CINdetails[2]/CINreferralDate" \
    "$(j r.json '.problems[] | select(.kind == "invalid_date") | .path')"
expect "cin errors: and their line" 47 "$(j r.json '.problems[] | select(.kind == "invalid_date") | .line')"
"$bin" import cin-census --area "$la" cin_malformed.xml >out.txt 2>&1 && rc=0 || rc=$?
expect "malformed XML: exit 1" 1 "$rc"
grep -q 'not well-formed XML: line 12' out.txt && pass "malformed XML: the parser's line" ||
    fail "malformed XML message: $(cat out.txt)"
"$bin" import cin-census --area "$la" --json cin_xxe.xml >r.json && rc=0 || rc=$?
expect "external entity: not expanded, the child refused" "0 missing_field" \
    "$(j r.json '"\(.summary.imported) \(.problems[0].kind)"')"
grep -q 'root:' r.json && fail "external entity was read" || pass "no file contents in the report"

echo "# $failures failures"
((failures == 0))
