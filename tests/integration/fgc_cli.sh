#!/usr/bin/env bash
# The command-line client fgc against the fixture daemon: an FGC end to end, errors and exit codes, retries.
#
# Usage: fgc_cli.sh FGC_BINARY ENV_FILE   (the file tests/integration/env.sh writes)
set -uo pipefail

fgc=$1
set -a
# shellcheck disable=SC1090
. "$2"
set +a
url=$FGCD_TEST_URL
tmp=$(mktemp -d /tmp/fgc-cli.XXXXXX)
fake_pid=
cleanup() {
    [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
# fgc must not read or write the settings of whoever runs the tests.
export HOME=$tmp/home XDG_CONFIG_HOME=
mkdir -p "$HOME"
unset FGC_URL FGC_TOKEN

failures=0
pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    echo "  stdout: $(head -c 600 "$tmp/out")" >&2
    echo "  stderr: $(head -c 600 "$tmp/err")" >&2
    failures=$((failures + 1))
}
tokens=("$FGCD_TEST_TOKEN_ADMIN" "$FGCD_TEST_TOKEN_SW1" "$FGCD_TEST_TOKEN_COORD1"
    "$FGCD_TEST_TOKEN_ANALYST1" "$FGCD_TEST_TOKEN_TRAINER1")
token_of() {
    local var="FGCD_TEST_TOKEN_${1^^}"
    echo "${!var}"
}
# as USER|nobody fgc ARGS...: runs fgc with that user's token; rc, out and err are kept.
as() {
    local who=$1
    shift
    if [[ "$who" == nobody ]]; then
        FGC_URL=$url "$fgc" "$@" >"$tmp/out" 2>"$tmp/err" <"${stdin:-/dev/null}"
    else
        FGC_URL=$url FGC_TOKEN=$(token_of "$who") "$fgc" "$@" >"$tmp/out" 2>"$tmp/err" \
            <"${stdin:-/dev/null}"
    fi
    rc=$?
    local t
    for t in "${tokens[@]}"; do
        if grep -qF -- "$t" "$tmp/out" "$tmp/err"; then
            fail "fgc $1 printed an API token"
        fi
    done
}
expect_rc() { # expect_rc WHAT CODE
    [[ "$rc" == "$2" ]] && pass "$1" || fail "$1: exit code $rc, expected $2"
}
out_has() { grep -qF -- "$2" "$tmp/out" && pass "$1" || fail "$1: no '$2' in the output"; }
err_has() { grep -qF -- "$2" "$tmp/err" && pass "$1" || fail "$1: no '$2' in the errors"; }
# json EXPR: a value from the JSON that fgc printed (fails the test when it is not JSON).
json() {
    python3 -c "import json,sys; d=json.load(open('$tmp/out')); print($1)" 2>/dev/null ||
        { fail "the output is not JSON with $1" && echo "?"; }
}
# day N: the date N days ago (negative: ahead), so that no step is dated in the future.
day() { date -u -d "$1 days ago" +%F; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---- Usage errors (2) and help (0)
as nobody help
expect_rc "fgc help" 0
out_has "help lists the steps" "allocate"
as nobody accept --help
expect_rc "a command's --help" 0
out_has "--help shows the usage" "Usage: fgc accept ID"
as nobody no-such-command
expect_rc "an unknown command is a usage error" 2
as nobody accept
expect_rc "a missing id is a usage error" 2
as coord1 accept twelve
expect_rc "an id that is not a number is a usage error" 2
as coord1 refer --child 1 --colour red
expect_rc "an unknown option is a usage error" 2
err_has "the unknown option is named" "--colour"

# ---- No token, a token that is refused, a wrong role (1); no service (3)
as nobody whoami
expect_rc "no token: the service refuses (401)" 1
err_has "no token: how to sign in" "fgc login"
FGC_URL=$url FGC_TOKEN=fgc_not_a_real_token "$fgc" whoami >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "an unknown token is refused" 1
as trainer1 children
expect_rc "a trainer may not list children (403)" 1
err_has "the refusal is explained" "Forbidden"
as trainer1 --json whoami
expect_rc "fgc --json COMMAND" 0
[[ "$(json "d['role']")" == trainer ]] && pass "whoami --json" || fail "whoami --json"
dead=$(free_port)
FGC_URL=http://127.0.0.1:$dead FGC_TOKEN=$FGCD_TEST_TOKEN_SW1 "$fgc" whoami >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "an unreachable service is exit code 3" 3
err_has "an unreachable service is named" "cannot reach the service"

# ---- login, whoami, logout: the token is kept in a private file
as nobody login "$url" "$FGCD_TEST_TOKEN_SW1"
expect_rc "login with a good token" 0
out_has "login says who signed in" "as sw1"
config=$HOME/.config/fgc/config
[[ -f "$config" && "$(stat -c %a "$config")" == 600 ]] && pass "the settings file has mode 0600" ||
    fail "settings file mode $(stat -c %a "$config" 2>/dev/null)"
"$fgc" whoami >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "whoami with the saved settings" 0
out_has "whoami names the user" "sw1"
stdin=$tmp/token
printf '%s\n' "$FGCD_TEST_TOKEN_COORD1" >"$stdin"
as nobody login "$url" -
unset stdin
expect_rc "login with the token on standard input" 0
out_has "the new token is in use" "as coord1"
as nobody login "$url" fgc_wrong_token
expect_rc "login with a refused token fails" 1
"$fgc" whoami >"$tmp/out" 2>"$tmp/err"
out_has "a refused login keeps the saved token" "coord1"
"$fgc" logout >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "logout" 0
"$fgc" whoami >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "after logout the service refuses" 1
rm -rf "$HOME/.config"

# ---- The administrator sets up an area (codes unique to this run)
la=E0$(printf '%07d' $(((RANDOM * 32768 + RANDOM) % 10000000)))
cluster=CLI-$$-$RANDOM
as admin post areas "{\"code\":\"$la\",\"name\":\"fgc CLI test authority\",\"kind\":\"local_authority\"}"
expect_rc "admin creates a local authority with fgc post" 0
[[ "$(json "d['code']")" == "$la" ]] && pass "fgc post prints the JSON" || fail "area code"
as admin post /api/v1/areas \
    "{\"code\":\"$cluster\",\"name\":\"fgc CLI test cluster\",\"kind\":\"cluster\",\"parent\":\"$la\"}"
expect_rc "admin creates a cluster" 0
as sw1 post areas "{\"code\":\"X$cluster\",\"name\":\"x\",\"kind\":\"cluster\",\"parent\":\"$la\"}"
expect_rc "a social worker may not create areas" 1
as admin post areas '{"code": '
expect_rc "fgc post with broken JSON is a usage error" 2
as admin get "areas/$cluster"
expect_rc "fgc get" 0

# ---- The social worker records two children and refers them
as sw1 add-child --first-name Amelia --last-name Clitest --dob 2017-02-30 --sex 2 --ethnicity WBRI \
    --area "$cluster"
expect_rc "a wrong date of birth is refused (422)" 1
err_has "the field and its option are shown" "date_of_birth (--dob):"
as sw1 add-child --first-name Amelia --last-name Clitest --dob 2017-06-14 --sex 3 --ethnicity WBRI \
    --area "$cluster"
expect_rc "sex must be 1 or 2 (a usage error)" 2
as sw1 add-child --first-name Amelia --last-name Clitest --dob 2017-06-14 --sex 2 --ethnicity WBRI \
    --area "$cluster" --json
expect_rc "add-child" 0
child=$(json "d['id']")
as sw1 add-child --first-name Tom --last-name Clitest --dob 2019-01-02 --sex 1 --ethnicity WBRI \
    --area "$cluster"
expect_rc "add-child, for people" 0
out_has "add-child shows the child" "Tom Clitest"
sibling=$(sed -n 's/^Recorded child \([0-9]*\)\./\1/p' "$tmp/out")
as sw1 children --area "$cluster"
expect_rc "children" 0
out_has "the list shows names" "Clitest, Amelia"
as sw1 child "$child"
expect_rc "child" 0
out_has "child shows the date of birth" "2017-06-14"
as analyst1 child "$child"
expect_rc "an analyst reads the child" 0
grep -q Clitest "$tmp/out" && fail "an analyst was shown a name" || pass "an analyst sees no names"

as sw1 refer --child "$child" --sibling "$sibling" --date "$(day 40)" --stage child_in_need \
    --reason "Mother recovering from surgery; grandparents willing to help." --dv --json
expect_rc "refer" 0
referral=$(json "d['id']")
[[ "$(json "d['status']")" == referred && "$(json "d['child_ids']")" == "[$child, $sibling]" ]] &&
    pass "the referral includes both children" || fail "referral body"
stdin=$tmp/reason
echo "A second referral, its reason from standard input." >"$stdin"
as sw1 refer --child "$sibling" --date "$(day 39)" --stage early_help --reason -
unset stdin
expect_rc "refer with the reason on standard input" 0
out_has "refer names the next steps" "fgc accept"
as sw1 refer --child "$child" --date "$(day 40)" --stage urgent --reason x
expect_rc "a wrong stage is refused" 1
err_has "the stage's option is named" "referral_stage (--stage)"
as sw1 accept "$referral"
expect_rc "a social worker may not take steps (403)" 1

# ---- The coordinator takes the steps
as coord1 allocate "$referral" --coordinator coord1
expect_rc "allocating before accepting is refused (409)" 1
err_has "409: the server's explanation" "You cannot allocate a coordinator"
err_has "409: the steps allowed now" "fgc accept $referral"
as coord1 accept "$referral" --date "$(day 38)"
expect_rc "accept" 0
out_has "accept says the new status" "is now accepted"
as coord1 allocate "$referral" --coordinator no-such-coordinator
expect_rc "an unknown coordinator" 1
as coord1 allocate "$referral" --coordinator coord1 --date "$(day 37)" --json
expect_rc "allocate by username" 0
[[ "$(json "d['status']")" == allocated ]] && pass "allocated" || fail "status after allocate"
as coord1 prepare "$referral" --contacted 5 --date "$(day 36)"
expect_rc "prepare" 0
as coord1 conference --referral "$referral" --date "$(day 30)" --model restorative --child-attended \
    --child-views-heard --advocate --private-family-time --attendee "parent:Laura Clitest" \
    --attendee child --attendee "wider_family:Margaret Clitest" --json
expect_rc "conference" 0
conference=$(json "d['id']")
[[ "$(json "d['referral']['status']")" == conference_held && "$(json "d['kind']")" == initial ]] &&
    pass "an initial conference by default" || fail "conference body"
as coord1 plan --conference "$conference" --agreed --action "Collect Amelia from school|Margaret Clitest|family|$(day -20)" \
    --action "Refer mother to the support service|Priya Shah|professional" --json
expect_rc "plan" 0
plan=$(json "d['id']")
action=$(json "d['actions'][1]['id']")
[[ "$(json "d['referral']['status']")" == plan_agreed ]] && pass "the plan was agreed" || fail "plan"
as coord1 plan --conference "$conference" --agreed --action "no owner"
expect_rc "an action without its owner is a usage error" 2
as coord1 action "$action" --status "done" --date "$(day 10)"
expect_rc "action: found without --plan" 0
out_has "the action is done" "is now done"
as coord1 action "$action" --status open --plan "$plan" --json
expect_rc "action with --plan" 0
[[ "$(json "d['status']")" == open ]] && pass "the action is open again" || fail "action status"
as coord1 plan "$plan"
expect_rc "plan ID shows the plan" 0
out_has "the plan's actions" "Collect Amelia from school"
as coord1 referral "$referral"
expect_rc "referral" 0
out_has "the referral's history" "record_plan_agreed"
out_has "the next steps" "fgc close $referral --reason CODE"
as coord1 referral "$referral" --json
[[ "$(json "d['status']")" == plan_agreed ]] && pass "referral --json" || fail "referral --json"

# ---- Lists: the first page and a note, or every page
as coord1 referrals --area "$cluster" --limit 1
expect_rc "referrals, one page" 0
err_has "how to see more" "--all"
as coord1 referrals --area "$cluster" --limit 1 --all --json
expect_rc "referrals --all" 0
[[ "$(json "len(d['items'])")" == 2 ]] && pass "--all follows next_cursor" || fail "--all"
as coord1 referrals --area "$cluster" --limit 1 --json
[[ "$(json "len(d['items']), d['next_cursor'] is not None")" == "1 True" ]] &&
    pass "--json without --all keeps next_cursor" || fail "next_cursor"
as coord1 referrals --status plan_agreed --area "$cluster"
out_has "a filtered list" "plan_agreed"

# ---- Status history and the chronology
as sw1 cin add "$child" --referral-date "$(day 60)" --referral-source 1A --primary-need N1 \
    --assessment "$(day 59)|$(day 50)|3A" --json
expect_rc "cin add" 0
episode=$(json "d['id']")
as sw1 cin correct "$episode" --closure-date "$(day 45)" --closure-reason RC1 --note "Closed after assessment"
expect_rc "cin correct" 0
as sw1 cin show "$episode" --json
[[ "$(json "d['closure_reason']") $(json "d['referral_source']")" == "RC1 1A" ]] &&
    pass "a correction keeps the fields it did not change" || fail "correction"
as sw1 cin add "$child" --referral-date "$(day 58)" --referral-source 99Z
expect_rc "a wrong code is refused" 1
err_has "the code's option is named" "(--referral-source)"
as sw1 cla add "$child" --decom "$(day 35)" --rne S --ls C2
expect_rc "cla add" 0
as sw1 cpp list "$child"
expect_rc "cpp list" 0
as sw1 chronology "$child"
expect_rc "chronology" 0
out_has "the chronology has the plan" "Family plan agreed"
out_has "and the looked-after episode" "Looked-after episode began"
as sw1 chronology "$child" --json
[[ "$(json "d['child_id']")" == "$child" ]] && pass "chronology --json" || fail "chronology --json"

# ---- Indicators
as coord1 indicator fgc_referrals --area "$cluster" --from "$(day 45)" --to "$(day 1)" --json
expect_rc "indicator" 0
[[ "$(json "d['numerator']")" == 2 ]] && pass "both referrals are counted" || fail "indicator value"
as coord1 series cla_count --area "$cluster" --from "$(day 90)" --to "$(day 1)" --period month
expect_rc "series" 0
out_has "a point per month" "$(date -u -d "$(day 1)" +%Y-%m)-01"

# ---- Closing, and a step the state machine no longer allows
as coord1 close "$referral" --reason plan_completed --date "$(day 5)"
expect_rc "close" 0
out_has "closed" "is now closed"
as coord1 decline "$referral" --reason not_appropriate
expect_rc "declining a closed referral (409)" 1
err_has "409 after closing" "Conflict"

# ---- Retries keep their Idempotency-Key; 412 is explained (a fake service)
cat >"$tmp/fake.py" <<'PY'
import json, socket, sys, http.server
log = open(sys.argv[2], "a")
script = json.load(open(sys.argv[3]))
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        log.write("%s %s %s %s\n" % (self.command, self.path, self.headers.get("Idempotency-Key"),
                                     self.headers.get("If-Match")))
        log.flush()
        step = script.pop(0) if script else {"status": 500, "body": {"title": "Script ended"}}
        if step.get("drop"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = json.dumps(step["body"]).encode()
        self.send_response(step["status"])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if "etag" in step: self.send_header("ETag", '"%s"' % step["etag"])
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = answer
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
fake() { # fake SCRIPT_JSON: starts the fake service with these answers
    [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
    echo "$1" >"$tmp/script.json"
    : >"$tmp/requests"
    fake_port=$(free_port)
    python3 "$tmp/fake.py" "$fake_port" "$tmp/requests" "$tmp/script.json" &
    fake_pid=$!
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$fake_port") 2>/dev/null && return
        sleep 0.1
    done
}
created='{"status": 201, "body": {"id": 7, "status": "referred", "child_id": 1, "allowed_steps": []}}'
fake "[{\"status\": 503, \"body\": {\"title\": \"Service unavailable\"}}, $created]"
FGC_URL=http://127.0.0.1:$fake_port FGC_TOKEN=fgc_fake "$fgc" refer --child 1 --date 2026-01-05 \
    --stage early_help --reason x >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "a 503 is retried once" 0
keys=$(awk '{print $3}' "$tmp/requests" | sort -u | wc -l)
[[ "$(wc -l <"$tmp/requests")" == 2 && "$keys" == 1 && "$(awk 'NR==1{print $3}' "$tmp/requests")" != None ]] &&
    pass "the retry has the same Idempotency-Key" || fail "requests: $(cat "$tmp/requests")"
fake "[{\"drop\": true}, $created]"
FGC_URL=http://127.0.0.1:$fake_port FGC_TOKEN=fgc_fake "$fgc" refer --child 1 --date 2026-01-05 \
    --stage early_help --reason x >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "a lost connection is retried once" 0
[[ "$(awk '{print $3}' "$tmp/requests" | sort -u | wc -l)" == 1 && "$(wc -l <"$tmp/requests")" == 2 ]] &&
    pass "with the same key" || fail "requests: $(cat "$tmp/requests")"
fake "[{\"status\": 503, \"body\": {\"title\": \"Service unavailable\"}}, {\"status\": 503, \"body\": {\"title\": \"Service unavailable\"}}]"
FGC_URL=http://127.0.0.1:$fake_port FGC_TOKEN=fgc_fake "$fgc" refer --child 1 --date 2026-01-05 \
    --stage early_help --reason x >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "a second 503 is exit code 3" 3
[[ "$(wc -l <"$tmp/requests")" == 2 ]] && pass "only one retry" || fail "requests"
referral_body='{"id": 9, "status": "referred", "version": 1, "allowed_steps": ["accept", "decline", "close"]}'
fake "[{\"status\": 200, \"etag\": 1, \"body\": $referral_body},
       {\"status\": 412, \"body\": {\"title\": \"Precondition failed\", \"detail\": \"The record has changed since you loaded it (it is now at version 2).\"}},
       {\"status\": 200, \"etag\": 2, \"body\": {\"id\": 9, \"status\": \"declined\", \"version\": 2, \"allowed_steps\": []}}]"
FGC_URL=http://127.0.0.1:$fake_port FGC_TOKEN=fgc_fake "$fgc" accept 9 >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "412 is a refusal" 1
err_has "412: someone else changed it" "Someone else changed referral 9"
err_has "412: the status now" "it is now declined"
[[ "$(awk 'NR==2{print $1, $2, $4}' "$tmp/requests")" == 'POST /api/v1/referrals/9/accept "1"' ]] &&
    pass "the step sent If-Match with the version it read" || fail "requests: $(cat "$tmp/requests")"

if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all fgc checks passed"
