#!/usr/bin/env bash
# Browser sessions against the fixture daemon: sign-in, cookie flags, CSRF, sign-out, throttling, static files.
#
# Usage: sessions.sh ENV_FILE   (the file tests/integration/env.sh writes)
set -euo pipefail

set -a
# shellcheck disable=SC1090
. "$1"
set +a
url=$FGCD_TEST_URL
tmp=$(mktemp -d /tmp/fgcd-sessions.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "ok - $*"; }
fail() {
    echo "not ok - $*" >&2
    failures=$((failures + 1))
}
expect() { # expect WHAT EXPECTED ACTUAL
    [[ "$3" == "$2" ]] && pass "$1" || fail "$1: expected $2, got $3 ($(head -c 300 "$tmp/body" 2>/dev/null))"
}
req() { # req JAR METHOD PATH [BODY] [extra curl args...]
    local jar=$1 method=$2 path=$3 body=${4:-}
    shift 4 || shift $#
    curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -b "$jar" -c "$jar" -X "$method" \
        ${body:+-H 'Content-Type: application/json' -d "$body"} "$@" "$url$path"
}
sign_in() { req "$1" POST /auth/sign-in "{\"username\":\"$2\",\"password\":\"$3\"}"; }
json() { python3 -c "import json,sys; print(json.load(open('$tmp/body'))$1)"; }

jar=$tmp/sw1
expect "a wrong password is refused" 401 "$(sign_in "$jar" sw1 'not the password at all')"
grep -q 'username or password' "$tmp/body" && pass "the refusal does not say which was wrong" ||
    fail "refusal text"
expect "no session without signing in" 401 "$(req "$jar" GET /auth/session)"
expect "the right password signs in" 200 "$(sign_in "$jar" sw1 "$FGCD_TEST_PASSWORD_SW1")"
[[ "$(json "['user']['username']")" == sw1 ]] && pass "the answer names the user" || fail "user"
csrf=$(json "['csrf_token']")
cookie=$(grep -i '^set-cookie: fgcd_session=' "$tmp/headers" | tr -d '\r')
[[ "$cookie" == *HttpOnly* && "$cookie" == *SameSite=Strict* && "$cookie" == *Path=/* ]] &&
    pass "the cookie is HttpOnly and SameSite=Strict" || fail "cookie flags: $cookie"
[[ "$cookie" != *Secure* ]] && pass "no Secure flag over plain HTTP" || fail "Secure over HTTP"
grep -qi 'password_hash\|"session_hash"' "$tmp/body" && fail "secrets in the answer" ||
    pass "no secrets in the answer"

expect "the session endpoint answers" 200 "$(req "$jar" GET /auth/session)"
[[ "$(json "['csrf_token']")" == "$csrf" ]] && pass "the same CSRF token" || fail "csrf differs"
expect "the API accepts the session" 200 "$(req "$jar" GET /api/v1/me)"
child='{"first_name":"Session","last_name":"Testchild","date_of_birth":"2016-05-04","sex":2,"ethnicity":"WBRI","area":"NOWHERE"}'
expect "a change without the CSRF header is refused" 403 "$(req "$jar" POST /api/v1/children "$child")"
grep -q 'did not come from a page of this service' "$tmp/body" && pass "with a CSRF explanation" ||
    fail "csrf text"
expect "a change with a wrong CSRF header is refused" 403 \
    "$(req "$jar" POST /api/v1/children "$child" -H "X-CSRF-Token: ${csrf}x")"
expect "with the CSRF header the change reaches validation" 422 \
    "$(req "$jar" POST /api/v1/children "$child" -H "X-CSRF-Token: $csrf")"
expect "sign-out needs the CSRF header" 403 "$(req "$jar" POST /auth/sign-out)"
expect "sign-out" 204 "$(req "$jar" POST /auth/sign-out '' -H "X-CSRF-Token: $csrf")"
grep -qi '^set-cookie: fgcd_session=;.*Max-Age=0' "$tmp/headers" && pass "sign-out clears the cookie" ||
    fail "cookie not cleared"
stale=$(grep fgcd_session "$tmp/sw1" || true)
expect "the old session no longer works" 401 "$(req "$jar" GET /api/v1/me)"

# Throttling: five failures lock the username, even for the right password. A user of this
# test's own, so that no other test finds its user locked.
victim="lock-$$-$RANDOM"
victim_password="a long enough password $RANDOM"
FGCD_DATABASE_URL=$FGCD_TEST_DATABASE_URL "$FGCD_TEST_BIN" user add "$victim" --role social_worker 2>/dev/null
printf '%s\n' "$victim_password" |
    FGCD_DATABASE_URL=$FGCD_TEST_DATABASE_URL "$FGCD_TEST_BIN" user passwd "$victim" 2>/dev/null
victim_token=$(FGCD_DATABASE_URL=$FGCD_TEST_DATABASE_URL "$FGCD_TEST_BIN" token create "$victim")
jar=$tmp/victim
for i in 1 2 3 4 5; do
    code=$(sign_in "$jar" "$victim" "wrong password number $i")
    [[ "$code" == 401 ]] || fail "failure $i gave $code"
done
expect "after five failures the account is locked" 429 "$(sign_in "$jar" "$victim" "$victim_password")"
grep -qi '^retry-after: [0-9]' "$tmp/headers" && pass "with Retry-After" || fail "no Retry-After"
expect "other users from the same address still sign in" 200 \
    "$(sign_in "$tmp/sw2" sw2 "$FGCD_TEST_PASSWORD_SW2")"

# Bearer tokens keep working beside sessions.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $victim_token" "$url/api/v1/me")
expect "API tokens still work for a locked browser user" 200 "$code"

# Static files: API paths never fall through to the app.
expect "an unknown API path is a JSON 404" 404 "$(req "$tmp/none" GET /api/v1/nothing-here)"
grep -q '^{' "$tmp/body" && pass "problem+json, not the app" || fail "API 404 body"
expect "a hidden path is refused" 404 "$(req "$tmp/none" GET /.env)"
if [[ -f "$FGCD_TEST_SOURCE_DIR/clients/web/dist/index.html" ]]; then
    expect "a deep link gets the app" 200 "$(req "$tmp/none" GET /referrals/12)"
    grep -qi "^content-security-policy: default-src 'self'; script-src 'self'" "$tmp/headers" &&
        pass "with a strict Content-Security-Policy" || fail "no CSP"
fi
((failures == 0))
