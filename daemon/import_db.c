/* Shared machinery of the importers: hashed inputs, code lists, COPY staging and the import run's
 * transaction. */
#include "import_db.h"
#include "csv.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void import_phase(const char *what)
{
    static _Thread_local long long last;
    const char *env = getenv("FGCD_IMPORT_TIMING");
    if (!env || strcmp(env, "1") != 0)
        return;
    long long now = now_ms();
    if (last && what)
        fprintf(stderr, "fgcd import: %-28s %6lld ms\n", what, now - last);
    last = now;
}

/* ---------------------------------------------------------------------------------------- */
/* Inputs                                                                                    */
/* ---------------------------------------------------------------------------------------- */

int import_stream_open(struct import_stream *s, const struct import_input *in, char **error)
{
    memset(s, 0, sizeof *s);
    crypto_hash_sha256_init(&s->sha);
    if (in->path) {
        s->f = fopen(in->path, "rb");
        if (!s->f) {
            *error = xasprintf("%s cannot be opened: %s.", in->path, strerror(errno));
            return -1;
        }
    } else {
        s->data = in->data ? in->data : "";
        s->len = in->data ? in->len : 0;
    }
    return 0;
}

long import_stream_read(void *arg, char *buf, size_t n)
{
    struct import_stream *s = arg;
    size_t got;
    if (s->f) {
        got = fread(buf, 1, n, s->f);
        if (got == 0 && ferror(s->f))
            return -1;
    } else {
        got = s->len - s->pos < n ? s->len - s->pos : n;
        memcpy(buf, s->data + s->pos, got);
        s->pos += got;
    }
    crypto_hash_sha256_update(&s->sha, (const unsigned char *)buf, got);
    s->bytes += (long long)got;
    return (long)got;
}

void import_stream_close(struct import_stream *s, char sha256[65])
{
    char buf[65536];
    while (import_stream_read(s, buf, sizeof buf) > 0)
        ;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&s->sha, digest);
    sodium_bin2hex(sha256, 65, digest, sizeof digest);
    if (s->f)
        fclose(s->f);
    s->f = NULL;
}

int import_load(const struct import_input *in, size_t max, char **data, size_t *len,
                char sha256[65], char **error)
{
    struct import_stream s;
    if (import_stream_open(&s, in, error) != 0)
        return -1;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                free(buf);
                import_stream_close(&s, sha256);
                *error = xasprintf("%s is larger than %zu bytes, the most this importer reads.",
                                   in->name ? in->name : "The input", max);
                return -1;
            }
            cap = cap * 2 > max ? max : cap * 2;
            char *grown = realloc(buf, cap + 1);
            if (!grown)
                abort();
            buf = grown;
        }
        long got = import_stream_read(&s, buf + n, cap - n);
        if (got < 0) {
            free(buf);
            import_stream_close(&s, sha256);
            *error = xasprintf("%s could not be read: %s.", in->name ? in->name : "The input",
                               strerror(errno));
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    import_stream_close(&s, sha256);
    *data = buf;
    *len = n;
    return 0;
}

size_t import_fix_utf8(char *s, size_t len)
{
    size_t fixed = 0;
    unsigned char *p = (unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
        } else {
            p[i++] = '?';
            fixed++;
            continue;
        }
        bool ok = i + need < len;
        for (size_t k = 1; ok && k <= need; k++)
            ok = (p[i + k] & 0xC0) == 0x80;
        /* Overlong forms and surrogates. */
        if (ok && need == 2 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F)))
            ok = false;
        if (ok && need == 3 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] > 0x8F)))
            ok = false;
        if (!ok) {
            p[i++] = '?';
            fixed++;
            continue;
        }
        i += need + 1;
    }
    return fixed;
}

char *import_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* ---------------------------------------------------------------------------------------- */
/* CSV inputs                                                                                */
/* ---------------------------------------------------------------------------------------- */

char *import_upper(char *s)
{
    for (char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return s;
}

bool import_normalise_upn(const char *v, char out[14])
{
    size_t n = 0;
    for (; *v; v++) {
        if (*v == ' ')
            continue;
        if (n == 13)
            return false;
        out[n++] = (char)toupper((unsigned char)*v);
    }
    out[n] = '\0';
    if (n != 13 || !isupper((unsigned char)out[0]))
        return false;
    for (int i = 1; i < 12; i++)
        if (!isdigit((unsigned char)out[i]))
            return false;
    return isdigit((unsigned char)out[12]) || isupper((unsigned char)out[12]);
}

static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

int import_columns(struct import_report *r, int file, const struct csv_record *header,
                   const char *const *names, const bool *required, int *idx)
{
    size_t n = 0;
    while (names[n])
        n++;
    for (size_t i = 0; i < n; i++)
        idx[i] = -1;
    for (size_t c = 0; c < header->nfields; c++) {
        import_fix_utf8(header->fields[c], header->lengths[c]);
        const char *name = import_trim(header->fields[c]);
        bool found = false;
        for (size_t i = 0; i < n && !found; i++) {
            if (!same_name(name, names[i]))
                continue;
            found = true;
            if (idx[i] >= 0)
                report_warn(r, "duplicate_column", file, header->line, names[i],
                            "The column %s appears more than once; column %d is used and column "
                            "%zu is ignored.",
                            names[i], idx[i] + 1, c + 1);
            else
                idx[i] = (int)c;
        }
        if (!found && *name)
            report_warn(r, "extra_column", file, header->line, name,
                        "The column \"%s\" is not part of this format and was ignored.", name);
        else if (!found)
            report_warn(r, "extra_column", file, header->line, NULL,
                        "Column %zu has no name and was ignored.", c + 1);
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (idx[i] >= 0)
            continue;
        if (required[i]) {
            if (ok)
                report_fail(r,
                            "%s: the header row (line %ld) has no column %s; the file cannot "
                            "be read without it.",
                            r->files[file].name, header->line, names[i]);
            ok = false;
        } else {
            report_warn(r, "missing_column", file, header->line, names[i],
                        "The column %s is missing; it is read as empty on every row.", names[i]);
        }
    }
    return ok ? 0 : -1;
}

bool import_check_row(struct import_report *r, int file, const struct csv_record *rec,
                      size_t ncolumns)
{
    bool keep = true;
    if (rec->flags & CSV_UNTERMINATED) {
        report_reject(r, "truncated_row", file, rec->line, NULL,
                      "The file ends inside a quoted field that starts on this line (the file "
                      "looks cut short); the row was not imported.");
        keep = false;
    }
    if ((rec->flags & CSV_NO_EOL) && !(rec->flags & CSV_UNTERMINATED) && rec->nfields < ncolumns) {
        report_reject(r, "truncated_row", file, rec->line, NULL,
                      "The file ends in the middle of this row (it has %zu of %zu fields and no "
                      "line break); the row was not imported.",
                      rec->nfields, ncolumns);
        keep = false;
    }
    if (rec->flags & CSV_TOO_LONG) {
        report_reject(r, "row_too_long", file, rec->line, NULL,
                      "The row is longer than %d bytes; it was not imported.", IMPORT_MAX_RECORD);
        keep = false;
    }
    if (!keep)
        return false;
    if (rec->flags & CSV_STRAY_QUOTE)
        report_warn(r, "malformed_quotes", file, rec->line, NULL,
                    "The row has a double quote inside an unquoted field, or text after a closing "
                    "quote; the text was read as it stands.");
    if (rec->flags & CSV_NUL)
        report_warn(r, "invalid_encoding", file, rec->line, NULL,
                    "The row contains NUL bytes, which were removed.");
    if (rec->nfields != ncolumns)
        report_warn(r, "ragged_row", file, rec->line, NULL,
                    "The row has %zu fields where the header has %zu; %s.", rec->nfields, ncolumns,
                    rec->nfields < ncolumns ? "the missing fields were read as empty"
                                            : "the extra fields were ignored");
    size_t fixed = 0;
    for (size_t i = 0; i < rec->nfields; i++)
        for (size_t k = 0; k < rec->lengths[i]; k++)
            if ((unsigned char)rec->fields[i][k] >= 0x80) {
                fixed += import_fix_utf8(rec->fields[i], rec->lengths[i]);
                break;
            }
    if (fixed)
        report_warn(r, "invalid_encoding", file, rec->line, NULL,
                    "The row has %zu bytes that are not UTF-8; each was replaced by '?'.", fixed);
    return true;
}

bool import_csv_open(struct import_csv *c, struct import_report *r, int file,
                     const struct import_input *in, const char *const *names, const bool *required,
                     int *idx)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->file = file;
    char *error = NULL;
    if (import_stream_open(&c->stream, in, &error) != 0) {
        report_fail(r, "%s", error);
        free(error);
        return false;
    }
    c->csv = csv_open(import_stream_read, &c->stream, IMPORT_MAX_RECORD);
    struct csv_record rec;
    int got = csv_next(c->csv, &rec);
    if (got <= 0)
        report_fail(r, got < 0 ? "%s could not be read." : "%s is empty: it needs a header row.",
                    r->files[file].name);
    else if (import_columns(r, file, &rec, names, required, idx) == 0)
        c->readable = true;
    c->ncolumns = c->readable ? rec.nfields : 0;
    return true;
}

bool import_csv_next(struct import_csv *c, struct csv_record *rec)
{
    if (!c->readable)
        return false;
    int got = csv_next(c->csv, rec);
    if (got < 0) {
        report_fail(c->r, "%s could not be read to the end.", c->r->files[c->file].name);
        c->readable = false;
    }
    return got > 0;
}

bool import_csv_close(struct import_csv *c, long rows)
{
    struct import_report *r = c->r;
    csv_close(c->csv);
    c->csv = NULL;
    import_stream_close(&c->stream, r->files[c->file].sha256);
    r->files[c->file].bytes = c->stream.bytes;
    r->files[c->file].rows = rows;
    return c->readable;
}

char *import_field(const struct csv_record *rec, int idx)
{
    static _Thread_local char empty[1];
    if (idx < 0 || (size_t)idx >= rec->nfields) {
        empty[0] = '\0';
        return empty;
    }
    return import_trim(rec->fields[idx]);
}

/* ---------------------------------------------------------------------------------------- */
/* Arena                                                                                     */
/* ---------------------------------------------------------------------------------------- */

const char *arena_strdup(struct arena *a, const char *s, size_t n)
{
    if (a->nblocks == 0 || a->used + n + 1 > a->cap) {
        size_t size = n + 1 > (1u << 20) ? n + 1 : (1u << 20);
        char **grown = realloc(a->blocks, (a->nblocks + 1) * sizeof *grown);
        if (!grown)
            abort();
        a->blocks = grown;
        a->blocks[a->nblocks++] = xmalloc(size);
        a->used = 0;
        a->cap = size;
    }
    char *p = a->blocks[a->nblocks - 1] + a->used;
    memcpy(p, s, n);
    p[n] = '\0';
    a->used += n + 1;
    return p;
}

void arena_free(struct arena *a)
{
    for (size_t i = 0; i < a->nblocks; i++)
        free(a->blocks[i]);
    free(a->blocks);
    memset(a, 0, sizeof *a);
}

/* ---------------------------------------------------------------------------------------- */
/* String map                                                                                */
/* ---------------------------------------------------------------------------------------- */

static size_t hash_str(const char *s);

void strmap_init(struct strmap *m, size_t expected)
{
    size_t size = 64;
    while (size < expected * 2)
        size *= 2;
    m->keys = xcalloc(size, sizeof *m->keys);
    m->values = xcalloc(size, sizeof *m->values);
    m->mask = size - 1;
    m->count = 0;
}

static void strmap_grow(struct strmap *m)
{
    struct strmap bigger;
    strmap_init(&bigger, (m->mask + 1));
    for (size_t i = 0; i <= m->mask; i++) {
        if (!m->keys[i])
            continue;
        size_t h = hash_str(m->keys[i]) & bigger.mask;
        while (bigger.keys[h])
            h = (h + 1) & bigger.mask;
        bigger.keys[h] = m->keys[i];
        bigger.values[h] = m->values[i];
    }
    bigger.count = m->count;
    free(m->keys);
    free(m->values);
    *m = bigger;
}

long strmap_get(const struct strmap *m, const char *key)
{
    size_t h = hash_str(key) & m->mask;
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0)
            return m->values[h];
        h = (h + 1) & m->mask;
    }
    return -1;
}

long strmap_put(struct strmap *m, const char *key, long value)
{
    if ((m->count + 1) * 2 > m->mask + 1)
        strmap_grow(m);
    size_t h = hash_str(key) & m->mask;
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0)
            return m->values[h];
        h = (h + 1) & m->mask;
    }
    m->keys[h] = xstrdup(key);
    m->values[h] = value;
    m->count++;
    return value;
}

void strmap_free(struct strmap *m)
{
    if (!m->keys)
        return;
    for (size_t i = 0; i <= m->mask; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------------------------------- */
/* Code lists                                                                                */
/* ---------------------------------------------------------------------------------------- */

struct code_lists {
    char **slots; /* "list\x1fcode", open addressing */
    size_t mask;
};

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

struct code_lists *code_lists_load(PGconn *conn, char **error)
{
    PGresult *res = PQexec(conn, "SELECT list, code FROM fgc.status_codes "
                                 "UNION ALL SELECT 'ethnicity', code FROM fgc.ethnicity_codes");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *error = xasprintf("The code lists could not be read: %s", PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    int n = PQntuples(res);
    size_t size = 64;
    while (size < (size_t)n * 4)
        size *= 2;
    struct code_lists *c = xcalloc(1, sizeof *c);
    c->slots = xcalloc(size, sizeof *c->slots);
    c->mask = size - 1;
    for (int i = 0; i < n; i++) {
        char *key = xasprintf("%s\x1f%s", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
        size_t h = hash_str(key) & c->mask;
        while (c->slots[h])
            h = (h + 1) & c->mask;
        c->slots[h] = key;
    }
    PQclear(res);
    return c;
}

bool code_known(const struct code_lists *c, const char *list, const char *code)
{
    char key[96];
    int n = snprintf(key, sizeof key, "%s\x1f%s", list, code);
    if (n < 0 || (size_t)n >= sizeof key)
        return false;
    size_t h = hash_str(key) & c->mask;
    while (c->slots[h]) {
        if (strcmp(c->slots[h], key) == 0)
            return true;
        h = (h + 1) & c->mask;
    }
    return false;
}

void code_lists_free(struct code_lists *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++)
        free(c->slots[i]);
    free(c->slots);
    free(c);
}

/* ---------------------------------------------------------------------------------------- */
/* COPY staging                                                                              */
/* ---------------------------------------------------------------------------------------- */

#define STAGE_FLUSH (512 * 1024)

static void stage_reserve(struct stage *s, size_t extra)
{
    if (s->len + extra <= s->cap)
        return;
    size_t cap = s->cap ? s->cap : 65536;
    while (cap < s->len + extra)
        cap *= 2;
    char *p = realloc(s->buf, cap);
    if (!p)
        abort();
    s->buf = p;
    s->cap = cap;
}

static void stage_flush(struct stage *s)
{
    if (s->len == 0 || s->failed)
        return;
    if (PQputCopyData(s->conn, s->buf, (int)s->len) != 1)
        s->failed = true;
    s->len = 0;
}

int stage_begin(struct stage *s, PGconn *conn, const char *copy_sql)
{
    memset(s, 0, sizeof *s);
    s->conn = conn;
    PGresult *res = PQexec(conn, copy_sql);
    bool ok = PQresultStatus(res) == PGRES_COPY_IN;
    PQclear(res);
    if (!ok)
        s->failed = true;
    return ok ? 0 : -1;
}

static void field_sep(struct stage *s)
{
    stage_reserve(s, 1);
    if (s->row_started)
        s->buf[s->len++] = '\t';
    s->row_started = true;
}

void stage_textn(struct stage *s, const char *v, size_t n)
{
    field_sep(s);
    stage_reserve(s, n * 2);
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        switch (c) {
        case '\\':
            s->buf[s->len++] = '\\';
            s->buf[s->len++] = '\\';
            break;
        case '\t':
            s->buf[s->len++] = '\\';
            s->buf[s->len++] = 't';
            break;
        case '\n':
            s->buf[s->len++] = '\\';
            s->buf[s->len++] = 'n';
            break;
        case '\r':
            s->buf[s->len++] = '\\';
            s->buf[s->len++] = 'r';
            break;
        default:
            s->buf[s->len++] = c;
        }
    }
}

void stage_null(struct stage *s)
{
    field_sep(s);
    stage_reserve(s, 2);
    s->buf[s->len++] = '\\';
    s->buf[s->len++] = 'N';
}

void stage_text(struct stage *s, const char *v)
{
    if (v)
        stage_textn(s, v, strlen(v));
    else
        stage_null(s);
}

void stage_int(struct stage *s, long long v)
{
    field_sep(s);
    stage_reserve(s, 24);
    s->len += (size_t)snprintf(s->buf + s->len, 24, "%lld", v);
}

void stage_date(struct stage *s, import_day d, bool present)
{
    if (!present) {
        stage_null(s);
        return;
    }
    field_sep(s);
    stage_reserve(s, 11);
    date_format_iso(d, s->buf + s->len);
    s->len += 10;
}

void stage_bool(struct stage *s, int v)
{
    if (v < 0) {
        stage_null(s);
        return;
    }
    field_sep(s);
    stage_reserve(s, 1);
    s->buf[s->len++] = v ? 't' : 'f';
}

void stage_end_row(struct stage *s)
{
    stage_reserve(s, 1);
    s->buf[s->len++] = '\n';
    s->row_started = false;
    s->rows++;
    if (s->len >= STAGE_FLUSH)
        stage_flush(s);
}

int stage_finish(struct stage *s)
{
    stage_flush(s);
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
    int ok = PQputCopyEnd(s->conn, s->failed ? "the import stopped sending rows" : NULL) == 1;
    PGresult *res;
    while ((res = PQgetResult(s->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            ok = 0;
        PQclear(res);
    }
    return ok && !s->failed ? 0 : -1;
}

/* ---------------------------------------------------------------------------------------- */
/* The import run                                                                            */
/* ---------------------------------------------------------------------------------------- */

static const char *const no_user_ctx = "{\"user_id\":null,\"username\":\"cli\",\"role\":\"admin\"}";

/* Sets report->error from PostgreSQL's message (first line, without "ERROR:"). */
static void fail_from(struct import_report *r, PGconn *conn, const PGresult *res, const char *doing)
{
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg)
        msg = PQerrorMessage(conn);
    char *copy = xstrdup(msg && *msg ? msg : "no message");
    size_t n = strlen(copy);
    while (n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == ' '))
        copy[--n] = '\0';
    report_fail(r, "%s: %s", doing, copy);
    free(copy);
}

static bool exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok;
}

static char *run_info(const struct import_report *r)
{
    json_t *files = json_array();
    for (int i = 0; i < r->nfiles; i++)
        json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "name", r->files[i].name,
                                               "sha256", r->files[i].sha256, "bytes",
                                               (json_int_t)r->files[i].bytes));
    json_t *info = json_pack("{s:s, s:o, s:b, s:i}", "kind", r->kind, "files", files, "strict",
                             r->strict, "collection_year", r->collection_year);
    json_object_set_new(info, "area", r->area ? json_string(r->area) : json_null());
    char *text = json_dumps(info, JSON_COMPACT);
    json_decref(info);
    return text;
}

/* BEGIN and fgc.import_begin; the run id goes to r->run_id. */
static enum import_status begin_run(PGconn *conn, struct import_report *r,
                                    const struct import_options *o)
{
    if (!exec_ok(conn, "BEGIN")) {
        fail_from(r, conn, NULL, "The import could not start");
        return IMPORT_FAILED;
    }
    char *info = run_info(r);
    const char *params[] = {o->ctx ? o->ctx : no_user_ctx, info};
    PGresult *res = PQexecParams(conn, "SELECT fgc.import_begin($1::jsonb, $2::jsonb)", 2, NULL,
                                 params, NULL, NULL, 0);
    free(info);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        bool refused = state && strncmp(state, "FG", 2) == 0;
        const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        if (refused)
            report_fail(r, "%s", msg ? msg : "The import was refused.");
        else
            fail_from(r, conn, res, "The import could not start");
        PQclear(res);
        exec_ok(conn, "ROLLBACK");
        return refused ? IMPORT_REFUSED : IMPORT_FAILED;
    }
    r->run_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return IMPORT_OK;
}

static void print_notice(void *arg, const char *message)
{
    fprintf(stderr, "fgcd import: %s", message);
}

enum import_status import_run_begin(PGconn *conn, struct import_report *r,
                                    const struct import_options *o)
{
    const char *timing = getenv("FGCD_IMPORT_TIMING");
    if (timing && strcmp(timing, "1") == 0)
        PQsetNoticeProcessor(conn, print_notice, NULL);
    enum import_status st = begin_run(conn, r, o);
    if (st != IMPORT_OK)
        return st;
    const char *params[] = {r->kind};
    PGresult *res =
        PQexecParams(conn, "SELECT fgc.import_stage($1)", 1, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok) {
        fail_from(r, conn, res, "The staging tables could not be made");
        PQclear(res);
        exec_ok(conn, "ROLLBACK");
        return IMPORT_FAILED;
    }
    PQclear(res);
    return IMPORT_OK;
}

char *import_query(PGconn *conn, struct import_report *r, const char *sql, ...)
{
    const char *params[8];
    int n = 0;
    va_list ap;
    va_start(ap, sql);
    const char *p;
    while (n < 8 && (p = va_arg(ap, const char *)) != NULL)
        params[n++] = p;
    va_end(ap);
    PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
        fail_from(r, conn, res, "The import failed in the database");
        PQclear(res);
        return NULL;
    }
    char *value = xstrdup(PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0)
                              ? PQgetvalue(res, 0, 0)
                              : "");
    PQclear(res);
    return value;
}

int import_read_problems(PGconn *conn, struct import_report *r, import_place_fn place, void *arg)
{
    if (!PQsendQuery(conn, "SELECT file, ref, severity, kind, field, message "
                           "FROM pg_temp.imp_problems ORDER BY file, ref, id")) {
        fail_from(r, conn, NULL, "The problems found could not be read");
        return -1;
    }
    PQsetSingleRowMode(conn);
    int rc = 0;
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE) {
            int file = atoi(PQgetvalue(res, 0, 0));
            long ref = strtol(PQgetvalue(res, 0, 1), NULL, 10);
            long line = ref;
            const char *path = NULL;
            if (place)
                place(arg, file, ref, &line, &path);
            bool rejected = strcmp(PQgetvalue(res, 0, 2), "rejected") == 0;
            report_problem(r, rejected ? PROBLEM_REJECTED : PROBLEM_WARNING, PQgetvalue(res, 0, 3),
                           file, line, path, PQgetisnull(res, 0, 4) ? NULL : PQgetvalue(res, 0, 4),
                           "%s", PQgetvalue(res, 0, 5));
        } else if (st != PGRES_TUPLES_OK) {
            if (rc == 0)
                fail_from(r, conn, res, "The problems found could not be read");
            rc = -1;
        }
        PQclear(res);
    }
    return rc;
}

enum import_status import_run_fail(PGconn *conn, struct import_report *r, const char *doing)
{
    if (!r->error)
        fail_from(r, conn, NULL, doing);
    exec_ok(conn, "ROLLBACK");
    r->outcome = "failed";
    r->run_id = 0;
    return IMPORT_FAILED;
}

/* fgc.import_finish(run, outcome, report) then COMMIT. */
static bool finish_run(PGconn *conn, struct import_report *r)
{
    json_t *report = report_json(r, 10000);
    char *text = json_dumps(report, JSON_COMPACT);
    json_decref(report);
    char id[24];
    snprintf(id, sizeof id, "%lld", r->run_id);
    const char *params[] = {id, r->outcome, text};
    PGresult *res = PQexecParams(conn, "SELECT fgc.import_finish($1::bigint, $2, $3::jsonb)", 3,
                                 NULL, params, NULL, NULL, 0);
    free(text);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        fail_from(r, conn, res, "The import could not be recorded");
    PQclear(res);
    if (ok && !exec_ok(conn, "COMMIT")) {
        fail_from(r, conn, NULL, "The import could not be committed");
        ok = false;
    }
    return ok;
}

enum import_status import_run_end(PGconn *conn, struct import_report *r,
                                  const struct import_options *o)
{
    report_sort(r);
    if (o->strict && (r->rejected > 0 || r->children_rejected > 0)) {
        exec_ok(conn, "ROLLBACK");
        r->outcome = "rolled_back";
        /* The attempt is recorded, with its report, though nothing was loaded. */
        if (begin_run(conn, r, o) != IMPORT_OK || !finish_run(conn, r)) {
            exec_ok(conn, "ROLLBACK");
            r->run_id = 0;
            free(r->error); /* the rollback itself succeeded */
            r->error = NULL;
        }
        return IMPORT_ROLLED_BACK;
    }
    r->outcome = "imported";
    if (!finish_run(conn, r)) {
        exec_ok(conn, "ROLLBACK");
        r->outcome = "failed";
        r->run_id = 0;
        return IMPORT_FAILED;
    }
    return IMPORT_OK;
}
