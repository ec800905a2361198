#!/usr/bin/env bash
# Builds fgcd and runs it locally with demo data and a private PostgreSQL cluster in .fgcd/ (what `make run` does).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

build_dir="$root/build"
pgdir="$root/.fgcd"
listen=${FGCD_LISTEN:-127.0.0.1:8080}

say() { echo "run.sh: $*" >&2; }

"$root/scripts/install-deps"

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" -j2

fgcd="$build_dir/fgcd"
if [[ ! -x "$fgcd" && -x "$build_dir/daemon/fgcd" ]]; then
    fgcd="$build_dir/daemon/fgcd"
fi
if [[ ! -x "$fgcd" ]]; then
    say "the build did not produce $build_dir/fgcd"
    exit 1
fi

# This run owns the cluster (and stops it on the way out) unless another run.sh, recorded in
# .fgcd/run.pid, is still using it. A cluster left running by a run that was killed is adopted.
owns_pg=0
daemon_pid=""
run_pid_file="$pgdir/run.pid"
# shellcheck disable=SC2317 # only reached through the EXIT trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill -TERM "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    if ((owns_pg)); then
        say "stopping PostgreSQL"
        "$root/scripts/pg.sh" stop "$pgdir" || true
        rm -f "$run_pid_file"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$root/scripts/pg.sh" init "$pgdir"
other=$(cat "$run_pid_file" 2>/dev/null || true)
if [[ "$other" =~ ^[0-9]+$ ]] && [[ "$other" != "$$" ]] && kill -0 "$other" 2>/dev/null &&
    [[ "$(tr '\0' ' ' <"/proc/$other/cmdline" 2>/dev/null)" == *run.sh* ]]; then
    say "another run.sh (pid $other) is using the cluster in .fgcd/; it will be left running"
else
    owns_pg=1
    echo "$$" >"$run_pid_file"
fi
"$root/scripts/pg.sh" start "$pgdir"

FGCD_DATABASE_URL=$("$root/scripts/pg.sh" url "$pgdir")
export FGCD_DATABASE_URL
export FGCD_MIGRATIONS_DIR=${FGCD_MIGRATIONS_DIR:-$root/migrations}
export FGCD_LISTEN=$listen

"$fgcd" migrate

demo_rc=0
"$fgcd" demo-data --check >/dev/null || demo_rc=$?
case "$demo_rc" in
0) say "demo data already loaded" ;;
1)
    say "loading demo data"
    "$fgcd" demo-data
    ;;
*)
    say "fgcd demo-data --check failed (exit status $demo_rc)"
    exit 1
    ;;
esac

# `user add` fails if the user exists; its message only matters if the token step fails too.
add_err=$("$fgcd" user add admin --role admin 2>&1 >/dev/null) || true
if ! token=$("$fgcd" token create admin); then
    [[ -z "$add_err" ]] || say "fgcd user add admin: $add_err"
    say "could not create a token for the admin user"
    exit 1
fi

# Browser sign-in for this run: a fresh password for the admin and for one demo social
# worker and one demo coordinator, so that each role can be tried in the web app.
new_password() { printf 'demo-%s' "$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
sign_ins=""
for who in admin \
    "$(psql "$FGCD_DATABASE_URL" -Atqc "SELECT min(username) FROM fgc.users WHERE role = 'social_worker' AND active")" \
    "$(psql "$FGCD_DATABASE_URL" -Atqc "SELECT min(username) FROM fgc.users WHERE role = 'fgc_coordinator' AND active")"; do
    [[ -n "$who" ]] || continue
    password=$(new_password)
    printf '%s\n' "$password" | "$fgcd" user passwd "$who" 2>/dev/null || continue
    sign_ins+=$(printf '\n    %-22s %s' "$who" "$password")
done

host=${listen%:*}
port=${listen##*:}
case "$host" in
"" | 0.0.0.0 | "*") host=127.0.0.1 ;;
:: | "[::]") host="[::1]" ;;
esac
url="http://$host:$port"

cat <<EOF

  fgcd is starting on $url
  Database:  $FGCD_DATABASE_URL (data kept in .fgcd/)
  Admin token (new for this run):
    $token

  Try:
    curl -H "Authorization: Bearer $token" $url/api/v1/referrals

  Web app: $url
  Sign in with (passwords new for this run):$sign_ins
  Other users need a password first: $fgcd user passwd NAME (docs/web.md).

  Press Ctrl-C to stop fgcd and PostgreSQL.

EOF

# Run the daemon as a child and wait for it, so that INT or TERM sent to this script (not only
# Ctrl-C at a terminal, which reaches both) is passed on and the cluster is stopped afterwards.
"$fgcd" serve &
daemon_pid=$!
trap 'kill -TERM "$daemon_pid" 2>/dev/null || true' INT TERM
rc=0
while kill -0 "$daemon_pid" 2>/dev/null; do
    rc=0
    wait "$daemon_pid" || rc=$?
done
daemon_pid=""
say "fgcd stopped (exit status $rc)"
exit "$rc"
