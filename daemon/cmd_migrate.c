/* fgcd migrate [--status]: applies migrations/NNNN_name.sql in order, each in a transaction. */
#include "cli.h"
#include "config.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant will do; it only has to be the same for every fgcd process. */
#define MIGRATION_LOCK_KEY "7401020301"

struct migration {
    int version;
    char *name; /* file name */
    char *sql;
    char checksum[65];
    bool applied;
};

static int by_version(const void *a, const void *b)
{
    return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (!bigger)
                abort();
            buf = bigger;
        }
    }
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* Reads every migration file; returns the count or -1. */
static int load_migrations(const char *dir, struct migration **out)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fgcd: cannot open migrations directory %s: %s\n", dir, strerror(errno));
        return -1;
    }
    regex_t re;
    regcomp(&re, "^[0-9]{4}_[a-z0-9_]+\\.sql$", REG_EXTENDED | REG_NOSUB);
    struct migration *list = NULL;
    int count = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (regexec(&re, e->d_name, 0, NULL, 0) != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        char *sql = read_file(path);
        free(path);
        if (!sql) {
            fprintf(stderr, "fgcd: cannot read %s/%s\n", dir, e->d_name);
            rc = -1;
            break;
        }
        list = realloc(list, sizeof *list * (size_t)(count + 1));
        if (!list)
            abort();
        struct migration *m = &list[count++];
        m->version = atoi(e->d_name);
        m->name = xstrdup(e->d_name);
        m->sql = sql;
        m->applied = false;
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(digest, (const unsigned char *)sql, strlen(sql));
        sodium_bin2hex(m->checksum, sizeof m->checksum, digest, sizeof digest);
    }
    regfree(&re);
    closedir(d);
    if (count)
        qsort(list, (size_t)count, sizeof *list, by_version);
    for (int i = 1; i < count && rc == 0; i++) {
        if (list[i].version == list[i - 1].version) {
            fprintf(stderr, "fgcd: %s and %s have the same number\n", list[i - 1].name,
                    list[i].name);
            rc = -1;
        }
    }
    *out = list;
    return rc == 0 ? count : -1;
}

static bool exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

/* Reports a failed migration with the line it failed on. */
static void report_failure(const struct migration *m, PGresult *res)
{
    const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
    int line = 0;
    if (pos) {
        long p = atol(pos);
        line = 1;
        for (long i = 0; i < p - 1 && m->sql[i]; i++)
            line += m->sql[i] == '\n';
    }
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (line)
        fprintf(stderr, "fgcd: %s:%d: %s\n", m->name, line, msg ? msg : "failed");
    else
        fprintf(stderr, "fgcd: %s: %s", m->name, PQresultErrorMessage(res));
}

static int apply(PGconn *conn, struct migration *m)
{
    if (!exec_ok(conn, "BEGIN"))
        return -1;
    PGresult *res = PQexec(conn, m->sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        report_failure(m, res);
        PQclear(res);
        exec_ok(conn, "ROLLBACK");
        return -1;
    }
    PQclear(res);
    char version[16];
    snprintf(version, sizeof version, "%d", m->version);
    const char *params[] = {version, m->name, m->checksum};
    res = PQexecParams(conn,
                       "INSERT INTO public.schema_migrations (version, name, checksum) "
                       "VALUES ($1, $2, $3)",
                       3, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    PQclear(res);
    if (!ok || !exec_ok(conn, "COMMIT")) {
        exec_ok(conn, "ROLLBACK");
        return -1;
    }
    printf("applied %s\n", m->name);
    return 0;
}

int cmd_migrate(int argc, char **argv)
{
    bool status_only = argc >= 1 && strcmp(argv[0], "--status") == 0;
    if (argc > 1 || (argc == 1 && !status_only)) {
        fprintf(stderr, "usage: fgcd migrate [--status]\n");
        return 2;
    }
    struct migration *list = NULL;
    int count = load_migrations(settings.migrations_dir, &list);
    if (count < 0)
        return 1;
    PGconn *conn = cli_connect();
    if (!conn)
        return 1;
    int rc = 0;
    /* The lock makes two migrators at once safe: the second waits, then finds nothing to do. */
    if (!exec_ok(conn, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")") ||
        !exec_ok(conn, "SET client_min_messages = warning") ||
        !exec_ok(conn, "CREATE TABLE IF NOT EXISTS public.schema_migrations ("
                       " version integer PRIMARY KEY, name text NOT NULL,"
                       " checksum text NOT NULL,"
                       " applied_at timestamptz NOT NULL DEFAULT now())")) {
        rc = 1;
        goto out;
    }
    PGresult *res = PQexec(conn, "SELECT version, name, checksum, applied_at::text "
                                 "FROM public.schema_migrations ORDER BY version");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
        PQclear(res);
        rc = 1;
        goto out;
    }
    for (int r = 0; r < PQntuples(res); r++) {
        int version = atoi(PQgetvalue(res, r, 0));
        struct migration *m = NULL;
        for (int i = 0; i < count; i++)
            if (list[i].version == version)
                m = &list[i];
        if (!m) {
            fprintf(stderr, "fgcd: migration %s was applied but its file is missing\n",
                    PQgetvalue(res, r, 1));
            rc = 1;
        } else if (strcmp(m->checksum, PQgetvalue(res, r, 2)) != 0) {
            fprintf(stderr,
                    "fgcd: %s was edited after it was applied (checksum %.12s, applied "
                    "%.12s); write a new migration instead\n",
                    m->name, m->checksum, PQgetvalue(res, r, 2));
            rc = 1;
        } else {
            m->applied = true;
            if (status_only)
                printf("applied  %s  %s\n", m->name, PQgetvalue(res, r, 3));
        }
    }
    PQclear(res);
    if (rc != 0)
        goto out;
    int pending = 0;
    for (int i = 0; i < count; i++) {
        if (list[i].applied)
            continue;
        pending++;
        if (status_only)
            printf("pending  %s\n", list[i].name);
        else if (apply(conn, &list[i]) != 0) {
            rc = 1;
            break;
        }
    }
    if (!status_only && rc == 0 && pending == 0)
        printf("database is up to date\n");
out:
    PQfinish(conn);
    for (int i = 0; i < count; i++) {
        free(list[i].name);
        free(list[i].sql);
    }
    free(list);
    return rc;
}
