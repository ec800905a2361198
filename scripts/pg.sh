#!/usr/bin/env bash
# Manages a private PostgreSQL 15 cluster in one directory (Unix socket only) for running and testing fgcd.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
Usage: pg.sh COMMAND DIR [--fast]

Manages a private PostgreSQL 15 cluster kept in DIR:
  DIR/data            the cluster's data directory
  DIR/socket          its Unix socket directory (mode 0700; no TCP)
  DIR/postgresql.log  the server log

Commands:
  init    create the cluster, a login role "fgcd" (not a superuser) and a
          database "fgcd" owned by it; does nothing if already done
  start   start the cluster and wait until it accepts connections
  stop    stop the cluster (fast mode)
  status  say whether the cluster is running (exit 0 if it is, 3 if not)
  url     print the libpq connection string for the fgcd role
          (add --uri for the postgresql:// form, which contains no spaces)

Options:
  --fast  (init only) turn off fsync, synchronous_commit and full_page_writes:
          for throwaway test clusters only, never for data you want to keep
EOF
    exit 2
}

PGBIN=/usr/lib/postgresql/15/bin
PGPORT_FIXED=5432
OWNER=postgres # the unprivileged system user that runs the cluster when we are root

# Settings from the caller's environment must not redirect our own commands.
unset PGDATA PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGSSLMODE

cmd=""
dir=""
fast=0
uri=0
for arg in "$@"; do
    case "$arg" in
    --fast) fast=1 ;;
    --uri) uri=1 ;;
    -h | --help) usage ;;
    -*)
        echo "pg.sh: unknown option: $arg" >&2
        usage
        ;;
    *)
        if [[ -z "$cmd" ]]; then
            cmd=$arg
        elif [[ -z "$dir" ]]; then
            dir=$arg
        else
            usage
        fi
        ;;
    esac
done
[[ -n "$cmd" && -n "$dir" ]] || usage

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

# Make DIR absolute without requiring it to exist (commands below run from /).
if [[ "$dir" != /* ]]; then
    dir="$PWD/$dir"
fi
dir=${dir%/}
if [[ -d "$dir" ]]; then
    dir=$(cd "$dir" && pwd -P)
fi
data="$dir/data"
socket="$dir/socket"
log="$dir/postgresql.log"
marker="$dir/.fgcd-initialised"

conninfo() {
    if ((uri)); then
        # Percent-encode the socket directory so the URI needs no quoting in a shell or env file.
        local LC_ALL=C enc="" c i
        for ((i = 0; i < ${#socket}; i++)); do
            c=${socket:i:1}
            case "$c" in
            [A-Za-z0-9._~-]) enc+=$c ;;
            *) enc+=$(printf '%%%02X' "'$c") ;;
            esac
        done
        echo "postgresql://fgcd@${enc}:${PGPORT_FIXED}/fgcd"
    else
        echo "host=$socket port=$PGPORT_FIXED dbname=fgcd user=fgcd"
    fi
}

if [[ "$cmd" == url ]]; then
    conninfo
    exit 0
fi

[[ -x "$PGBIN/initdb" ]] || die "PostgreSQL 15 is not installed ($PGBIN/initdb is missing); run scripts/install-deps"

# Everything that touches the cluster runs as its owner: the postgres system user when we are
# root (initdb and postgres refuse to run as root), otherwise the current user. Commands run
# from / so that an unreadable current directory (such as /root) does not upset them.
if ((EUID == 0)); then
    id -u "$OWNER" >/dev/null 2>&1 ||
        die "the '$OWNER' system user does not exist (it comes with the postgresql-15 package)"
    as_owner() { (cd / && runuser -u "$OWNER" -- "$@"); }
else
    as_owner() { (cd / && "$@"); }
fi

# The server process (running as the postgres user) has to reach DIR through every ancestor
# directory. Where an ancestor is not traversable by that user (/root is 0700, for example),
# we grant it search permission only: with an ACL entry for that one user when setfacl is
# available, otherwise with o+x. Either way nothing becomes listable or readable; only paths
# that are already known can be followed. Moving DIR elsewhere would break the documented
# layout (.fgcd/ in the source tree) and a bind mount would need privileges we do not want.
make_reachable() {
    ((EUID == 0)) || return 0
    local path="" part
    local -a parts
    IFS=/ read -r -a parts <<<"${dir#/}"
    for part in "${parts[@]}"; do
        [[ -n "$part" ]] || continue
        path="$path/$part"
        [[ "$path" == "$dir" ]] && break
        if ! as_owner test -x "$path"; then
            if command -v setfacl >/dev/null 2>&1 && setfacl -m "u:$OWNER:--x" "$path" 2>/dev/null; then
                echo "pg.sh: notice: granted the $OWNER user search access to $path (setfacl u:$OWNER:x) so the cluster can reach $dir" >&2
            else
                chmod o+x "$path"
                echo "pg.sh: notice: made $path traversable (chmod o+x) so the $OWNER user can reach $dir" >&2
            fi
        fi
    done
}

# The whole socket path must fit in sun_path (107 bytes plus the terminating NUL).
check_socket_path() {
    local sock="$socket/.s.PGSQL.$PGPORT_FIXED"
    if ((${#sock} > 107)); then
        die "the socket path $sock is too long for a Unix socket (${#sock} > 107 bytes); use a shorter DIR"
    fi
}

is_running() {
    [[ -f "$data/PG_VERSION" ]] && as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

prepare_dirs() {
    mkdir -p "$dir" "$socket"
    chmod 0700 "$socket"
    if ((EUID == 0)); then
        chown "$OWNER:" "$dir" "$socket"
        if [[ -d "$data" ]]; then chown "$OWNER:" "$data"; fi
        if [[ -e "$log" ]]; then chown "$OWNER:" "$log"; fi
    fi
    make_reachable
    check_socket_path
}

wait_ready() {
    local i
    for ((i = 0; i < 600; i++)); do
        if as_owner "$PGBIN/pg_isready" -q -h "$socket" -p "$PGPORT_FIXED" -d postgres; then
            return 0
        fi
        sleep 0.1
    done
    echo "pg.sh: the server did not become ready within 60 seconds; last lines of $log:" >&2
    tail -n 20 "$log" >&2 || true
    return 1
}

do_start() {
    [[ -f "$data/PG_VERSION" ]] || die "no cluster in $dir; run: pg.sh init $dir"
    prepare_dirs
    if is_running; then
        wait_ready
        return 0
    fi
    if ! as_owner "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
        echo "pg.sh: the server did not start; last lines of $log:" >&2
        tail -n 20 "$log" >&2 || true
        return 1
    fi
    wait_ready
}

do_stop() {
    if is_running; then
        as_owner "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    fi
}

psql_super() {
    as_owner "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$PGPORT_FIXED" -U postgres -d postgres
}

quote_conf() {
    printf "'%s'" "${1//\'/\'\'}"
}

do_init() {
    if [[ -f "$marker" && -f "$data/PG_VERSION" ]]; then
        return 0
    fi
    prepare_dirs
    if [[ ! -f "$data/PG_VERSION" ]]; then
        if [[ -d "$data" ]] && [[ -n "$(ls -A "$data")" ]]; then
            die "$data is not empty but holds no cluster; remove it and try again"
        fi
        mkdir -p "$data"
        chmod 0700 "$data"
        if ((EUID == 0)); then chown "$OWNER:" "$data"; fi
        # Trust is for local (Unix socket) connections only; the socket directory is 0700, so
        # only the cluster owner (and root) can connect at all. TCP is off and rejected anyway.
        as_owner "$PGBIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=reject >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            die "initdb failed"
        }
        {
            echo ""
            echo "# Added by scripts/pg.sh: Unix socket only, private socket directory."
            echo "listen_addresses = ''"
            echo "port = $PGPORT_FIXED"
            echo "unix_socket_directories = $(quote_conf "$socket")"
            echo "unix_socket_permissions = 0700"
            if ((fast)); then
                echo "# --fast: a throwaway test cluster; a crash can lose or corrupt data."
                echo "fsync = off"
                echo "synchronous_commit = off"
                echo "full_page_writes = off"
            fi
        } | as_owner tee -a "$data/postgresql.conf" >/dev/null
    fi

    local was_running=0
    if is_running; then
        was_running=1
    fi
    do_start
    # Least privilege: the daemon connects as fgcd, which may log in and owns its database
    # (so it can create schemas and trusted extensions there) but is not a superuser.
    psql_super <<'EOF'
SELECT 'CREATE ROLE fgcd LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fgcd')
\gexec
SELECT 'CREATE DATABASE fgcd OWNER fgcd ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'fgcd')
\gexec
REVOKE ALL ON DATABASE fgcd FROM PUBLIC;
EOF
    if ((!was_running)); then
        do_stop
    fi
    touch "$marker"
    if ((EUID == 0)); then chown "$OWNER:" "$marker"; fi
}

case "$cmd" in
init) do_init ;;
start) do_start ;;
stop) do_stop ;;
status)
    if is_running; then
        echo "PostgreSQL is running in $dir"
    else
        echo "PostgreSQL is not running in $dir"
        exit 3
    fi
    ;;
*)
    echo "pg.sh: unknown command: $cmd" >&2
    usage
    ;;
esac
