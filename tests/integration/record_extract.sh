#!/usr/bin/env bash
# The pseudonymised record-level extract against the fixture daemon: roles, no names, stable pseudonyms, CSV shape, audit.
#
# Usage: record_extract.sh ENV_FILE   (the file tests/integration/env.sh writes)
set -euo pipefail

set -a
# shellcheck disable=SC1090
. "$1"
set +a
url=$FGCD_TEST_URL
db=$FGCD_TEST_DATABASE_URL
tmp=$(mktemp -d /tmp/fgcd-extract.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    failures=$((failures + 1))
}
get() { # get TOKEN PATH OUT -> status
    curl -s -o "$3" -D "$tmp/headers" -w '%{http_code}' -H "Authorization: Bearer $1" "$url$2"
}

# A child of this test's own, with a looked-after episode, in an area of its own.
tag="x$$r$RANDOM"
la=$(printf "E98%06d" $((RANDOM * 30 + RANDOM % 30)))
psql "$db" -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT set_config('fgcd.ctx', '{"username":"cli","role":"admin"}', false);
INSERT INTO fgc.areas (code, name, kind) VALUES ('$la', 'Extract test $tag', 'local_authority');
INSERT INTO fgc.areas (code, name, kind, parent_id)
    SELECT '$la-C1', 'Extract cluster $tag', 'cluster', id FROM fgc.areas WHERE code = '$la';
INSERT INTO fgc.children (first_name, last_name, date_of_birth, sex, ethnicity, area_id)
    SELECT 'Quill', 'Extractson$tag', '2014-07-19', 2, 'MWBC', id FROM fgc.areas WHERE code = '$la-C1';
INSERT INTO fgc.cla_episode_records (child_id, decom, rne, ls, place, dec, rec, source)
    SELECT id, '2024-02-01', 'S', 'C2', 'U4', '2024-09-30', 'E4A', 'api'
      FROM fgc.children WHERE last_name = 'Extractson$tag';
SQL
child_id=$(psql "$db" -qAt -c "SELECT id FROM fgc.children WHERE last_name = 'Extractson$tag'")

code=$(get "$FGCD_TEST_TOKEN_SW1" "/api/v1/extracts/records.csv?area=$la" "$tmp/sw.csv")
[[ "$code" == 403 ]] && pass "a social worker may not take record-level extracts" || fail "social worker got $code"
code=$(get "$FGCD_TEST_TOKEN_MANAGER1" "/api/v1/extracts/records.csv?area=$la" "$tmp/m.csv")
[[ "$code" == 403 ]] && pass "nor a manager" || fail "manager got $code"

code=$(get "$FGCD_TEST_TOKEN_ANALYST1" "/api/v1/extracts/records.csv?area=$la" "$tmp/a.csv")
[[ "$code" == 200 ]] && pass "a data analyst takes the extract" || fail "analyst got $code"
grep -qi '^content-type: text/csv' "$tmp/headers" && pass "as text/csv" || fail "content type"
grep -qi '^content-disposition: attachment; filename="records.csv"' "$tmp/headers" &&
    pass "offered as records.csv" || fail "content disposition"
head -1 "$tmp/a.csv" | grep -q $'^child,birth_month,sex,ethnicity,local_authority,cluster,record_type,start_date,end_date,code,end_reason,detail\r$' &&
    pass "the header row, ended with CRLF" || fail "header: $(head -1 "$tmp/a.csv" | od -c | head -2)"
[[ $(wc -l <"$tmp/a.csv") == 2 ]] && pass "one record for the one episode" || fail "rows: $(cat "$tmp/a.csv")"
row=$(sed -n 2p "$tmp/a.csv" | tr -d '\r')
IFS=, read -r pseudonym month sex ethnicity la_code cluster type start end code rec detail <<<"$row"
[[ "$month" == 2014-07 && "$sex" == 2 && "$ethnicity" == MWBC && "$la_code" == "$la" &&
    "$cluster" == "$la-C1" && "$type" == looked_after_episode && "$start" == 2024-02-01 &&
    "$end" == 2024-09-30 && "$code" == C2 && "$rec" == E4A ]] &&
    pass "month of birth, sex, ethnicity, areas and the episode" || fail "row: $row"
[[ "$pseudonym" =~ ^[0-9a-f]{32}$ && "$pseudonym" != "$child_id" ]] &&
    pass "the child is a 32-character pseudonym, not the id" || fail "pseudonym $pseudonym"
grep -q "Extractson\|Quill\|2014-07-19" "$tmp/a.csv" && fail "a name or full date of birth leaked" ||
    pass "no names and no full date of birth"

get "$FGCD_TEST_TOKEN_ADMIN" "/api/v1/extracts/records.ndjson?area=$la-C1" "$tmp/b.ndjson" >/dev/null
again=$(python3 -c "import json,sys; print(json.loads(open('$tmp/b.ndjson').readline())['child'])")
[[ "$again" == "$pseudonym" ]] && pass "the same pseudonym in another extract (by cluster, NDJSON)" ||
    fail "pseudonym changed: $again"

code=$(get "$FGCD_TEST_TOKEN_ANALYST1" "/api/v1/extracts/records.csv?area=NOWHERE$tag" "$tmp/bad")
[[ "$code" == 422 ]] && grep -q '"field":"area"' "$tmp/bad" && pass "an unknown area is a 422 naming the field" ||
    fail "unknown area: $code $(cat "$tmp/bad")"
code=$(get "$FGCD_TEST_TOKEN_ANALYST1" "/api/v1/extracts/records.csv?from=2025-01-01&to=2024-01-01" "$tmp/bad")
[[ "$code" == 422 ]] && pass "to before from is a 422" || fail "dates: $code"

audits=$(psql "$db" -qAt -c "SELECT count(*) FROM audit.events WHERE entity = 'extract_records' AND action = 'read' AND actor_username = 'analyst1' AND entity_id LIKE '%$la%'")
[[ "$audits" -ge 1 ]] && pass "the extract is in the audit log" || fail "no audit row"
((failures == 0))
