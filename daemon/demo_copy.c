/* COPY FROM STDIN in text format: escaping, buffering and sending rows with libpq. */
#include "demo_copy.h"
#include "demo_date.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEND_THRESHOLD (256 * 1024)

static void reserve(struct demo_copy *c, size_t more)
{
    if (c->len + more + 1 <= c->cap)
        return;
    size_t cap = c->cap ? c->cap : 4096;
    while (c->len + more + 1 > cap)
        cap *= 2;
    char *bigger = realloc(c->buf, cap);
    if (!bigger) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    c->buf = bigger;
    c->cap = cap;
}

static void put(struct demo_copy *c, const char *s, size_t n)
{
    reserve(c, n);
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = '\0';
}

static void separator(struct demo_copy *c)
{
    if (c->row_started)
        put(c, "\t", 1);
    c->row_started = true;
}

static void flush(struct demo_copy *c)
{
    if (!c->conn || c->failed || c->len == 0)
        return;
    if (PQputCopyData(c->conn, c->buf, (int)c->len) != 1) {
        fprintf(stderr, "fgcd: sending rows of %s failed: %s", c->what, PQerrorMessage(c->conn));
        c->failed = true;
    }
    c->len = 0;
    c->buf[0] = '\0';
}

int demo_copy_begin(struct demo_copy *c, PGconn *conn, const char *target)
{
    memset(c, 0, sizeof *c);
    c->conn = conn;
    c->what = target;
    reserve(c, SEND_THRESHOLD);
    if (!conn)
        return 0;
    char *sql = xasprintf("COPY %s FROM STDIN", target);
    PGresult *res = PQexec(conn, sql);
    free(sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        fprintf(stderr, "fgcd: cannot copy into %s: %s", target, PQresultErrorMessage(res));
        PQclear(res);
        free(c->buf);
        c->buf = NULL;
        return -1;
    }
    PQclear(res);
    return 0;
}

void demo_copy_text(struct demo_copy *c, const char *s)
{
    separator(c);
    if (!s) {
        put(c, "\\N", 2);
        return;
    }
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\':
            put(c, "\\\\", 2);
            break;
        case '\t':
            put(c, "\\t", 2);
            break;
        case '\n':
            put(c, "\\n", 2);
            break;
        case '\r':
            put(c, "\\r", 2);
            break;
        default:
            put(c, p, 1);
        }
    }
}

void demo_copy_null(struct demo_copy *c)
{
    demo_copy_text(c, NULL);
}

void demo_copy_long(struct demo_copy *c, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    separator(c);
    put(c, tmp, (size_t)n);
}

void demo_copy_bool(struct demo_copy *c, bool v)
{
    separator(c);
    put(c, v ? "t" : "f", 1);
}

void demo_copy_date(struct demo_copy *c, int day)
{
    char tmp[16];
    demo_day_format(day, tmp);
    separator(c);
    put(c, tmp, strlen(tmp));
}

void demo_copy_date_or_null(struct demo_copy *c, int day, bool present)
{
    if (present)
        demo_copy_date(c, day);
    else
        demo_copy_null(c);
}

void demo_copy_timestamp(struct demo_copy *c, int day, int minute_of_day)
{
    char tmp[40];
    demo_day_format(day, tmp);
    int n = snprintf(tmp + 10, sizeof tmp - 10, " %02d:%02d:00", (minute_of_day / 60) % 24,
                     minute_of_day % 60);
    separator(c);
    put(c, tmp, 10 + (size_t)n);
}

void demo_copy_row_end(struct demo_copy *c)
{
    put(c, "\n", 1);
    c->row_started = false;
    c->rows++;
    if (c->len >= SEND_THRESHOLD)
        flush(c);
}

long demo_copy_finish(struct demo_copy *c)
{
    long rows = -1;
    if (!c->conn) {
        demo_copy_discard(c);
        return -1;
    }
    flush(c);
    if (PQputCopyEnd(c->conn, c->failed ? "fgcd demo-data: sending failed" : NULL) != 1) {
        fprintf(stderr, "fgcd: ending the copy into %s failed: %s", c->what,
                PQerrorMessage(c->conn));
        c->failed = true;
    }
    PGresult *res;
    while ((res = PQgetResult(c->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            if (!c->failed)
                fprintf(stderr, "fgcd: copying into %s failed: %s", c->what,
                        PQresultErrorMessage(res));
            c->failed = true;
        }
        PQclear(res);
    }
    if (!c->failed)
        rows = c->rows;
    demo_copy_discard(c);
    return rows;
}

void demo_copy_discard(struct demo_copy *c)
{
    free(c->buf);
    c->buf = NULL;
    c->len = c->cap = 0;
}
