/* RFC 4180 CSV reader: a byte-at-a-time state machine over a chunked input, with fast runs. */
#include "csv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK (64 * 1024)

enum state { S_FIELD_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED };

struct csv_reader {
    csv_read_fn read;
    void *arg;
    const char *in; /* the current chunk */
    size_t in_len, in_pos;
    char *chunk; /* owned chunk buffer (callback input only) */
    bool memory, eof, failed, started, bom;
    bool skip_lf; /* a record ended with CR: a following LF belongs to it */
    long long consumed;
    long line; /* current physical line */
    size_t max_record;

    char *rec; /* the fields of the current record, each followed by NUL */
    size_t rec_len, rec_cap;
    size_t *starts, *lengths;
    char **fields;
    size_t nfields, fields_cap;
};

static struct csv_reader *reader_new(size_t max_record)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->line = 1;
    r->max_record = max_record ? max_record : 1024 * 1024;
    r->rec_cap = 4096;
    r->rec = xmalloc(r->rec_cap);
    r->fields_cap = 32;
    r->starts = xcalloc(r->fields_cap, sizeof *r->starts);
    r->lengths = xcalloc(r->fields_cap, sizeof *r->lengths);
    r->fields = xcalloc(r->fields_cap, sizeof *r->fields);
    return r;
}

struct csv_reader *csv_open(csv_read_fn read, void *arg, size_t max_record)
{
    struct csv_reader *r = reader_new(max_record);
    r->read = read;
    r->arg = arg;
    r->chunk = xmalloc(CHUNK);
    r->in = r->chunk;
    return r;
}

struct csv_reader *csv_open_memory(const char *data, size_t len, size_t max_record)
{
    struct csv_reader *r = reader_new(max_record);
    r->memory = true;
    r->in = data ? data : "";
    r->in_len = data ? len : 0;
    return r;
}

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->chunk);
    free(r->rec);
    free(r->starts);
    free(r->lengths);
    free(r->fields);
    free(r);
}

long long csv_bytes(const struct csv_reader *r)
{
    return r->consumed;
}

long csv_line(const struct csv_reader *r)
{
    return r->line;
}

bool csv_had_bom(const struct csv_reader *r)
{
    return r->bom;
}

/* Makes input available; false at the end of the input or on a read error. */
static bool fill(struct csv_reader *r)
{
    if (r->in_pos < r->in_len)
        return true;
    if (r->memory || r->eof || r->failed) {
        r->eof = true;
        return false;
    }
    long n = r->read(r->arg, r->chunk, CHUNK);
    if (n < 0) {
        r->failed = true;
        return false;
    }
    if (n == 0) {
        r->eof = true;
        return false;
    }
    r->in_len = (size_t)n;
    r->in_pos = 0;
    return true;
}

static void skip_bom(struct csv_reader *r)
{
    r->started = true;
    /* The mark may arrive split over short reads (a pipe): gather three bytes first. */
    while (!r->memory && r->in_len < 3 && !r->eof && !r->failed) {
        long n = r->read(r->arg, r->chunk + r->in_len, CHUNK - r->in_len);
        if (n < 0)
            r->failed = true;
        else if (n == 0)
            r->eof = true;
        else
            r->in_len += (size_t)n;
    }
    if (r->in_len - r->in_pos >= 3 && memcmp(r->in + r->in_pos, "\xEF\xBB\xBF", 3) == 0) {
        r->in_pos += 3;
        r->consumed += 3;
        r->bom = true;
    }
}

static void rec_reserve(struct csv_reader *r, size_t extra)
{
    if (r->rec_len + extra <= r->rec_cap)
        return;
    size_t cap = r->rec_cap;
    while (cap < r->rec_len + extra)
        cap *= 2;
    char *p = realloc(r->rec, cap);
    if (!p)
        abort();
    r->rec = p;
    r->rec_cap = cap;
}

/* Appends bytes to the current field, up to the record limit. */
static void append(struct csv_reader *r, const char *s, size_t n, unsigned *flags)
{
    if (*flags & CSV_TOO_LONG)
        return;
    if (r->rec_len + n > r->max_record) {
        *flags |= CSV_TOO_LONG;
        n = r->max_record > r->rec_len ? r->max_record - r->rec_len : 0;
    }
    rec_reserve(r, n + 1);
    memcpy(r->rec + r->rec_len, s, n);
    r->rec_len += n;
}

static void field_begin(struct csv_reader *r)
{
    if (r->nfields == r->fields_cap) {
        r->fields_cap *= 2;
        size_t *s = realloc(r->starts, r->fields_cap * sizeof *s);
        size_t *l = realloc(r->lengths, r->fields_cap * sizeof *l);
        char **f = realloc(r->fields, r->fields_cap * sizeof *f);
        if (!s || !l || !f)
            abort();
        r->starts = s;
        r->lengths = l;
        r->fields = f;
    }
    r->starts[r->nfields] = r->rec_len;
}

static void field_end(struct csv_reader *r)
{
    r->lengths[r->nfields] = r->rec_len - r->starts[r->nfields];
    rec_reserve(r, 1);
    r->rec[r->rec_len++] = '\0';
    r->nfields++;
}

/* A comma: ends the current field and starts the next (unless the record is over-long). */
static void field_next(struct csv_reader *r, unsigned flags)
{
    field_end(r);
    if (flags & CSV_TOO_LONG) {
        /* Past the limit, commas no longer make fields: the field count stays bounded. */
        r->nfields--;
        r->rec_len--;
        return;
    }
    field_begin(r);
}

static void finish(struct csv_reader *r, struct csv_record *rec, unsigned flags)
{
    field_end(r);
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->rec + r->starts[i];
    rec->nfields = r->nfields;
    rec->fields = r->fields;
    rec->lengths = r->lengths;
    rec->end_line = r->line;
    rec->flags = flags;
}

static bool is_special_unquoted(char c)
{
    return c == ',' || c == '"' || c == '\r' || c == '\n' || c == '\0';
}

int csv_next(struct csv_reader *r, struct csv_record *rec)
{
    if (!r->started)
        skip_bom(r);
    memset(rec, 0, sizeof *rec);
    r->rec_len = 0;
    r->nfields = 0;
    field_begin(r);
    enum state st = S_FIELD_START;
    unsigned flags = 0;
    bool any = false;       /* the record has content (a blank line has none) */
    bool quoted_cr = false; /* the previous byte was a CR inside a quoted field */
    long open_quote = 0;    /* the line the current quoted field was opened on */
    rec->line = r->line;

    for (;;) {
        if (!fill(r))
            break;
        /* Fast runs of ordinary bytes. */
        if (st == S_UNQUOTED || st == S_QUOTED) {
            const char *p = r->in + r->in_pos, *end = r->in + r->in_len, *q = p;
            if (st == S_UNQUOTED)
                while (q < end && !is_special_unquoted(*q))
                    q++;
            else
                while (q < end && *q != '"' && *q != '\r' && *q != '\n' && *q != '\0')
                    q++;
            if (q > p) {
                append(r, p, (size_t)(q - p), &flags);
                r->in_pos += (size_t)(q - p);
                r->consumed += q - p;
                quoted_cr = false;
                continue;
            }
        }
        char c = r->in[r->in_pos++];
        r->consumed++;
        if (r->skip_lf) {
            r->skip_lf = false;
            if (c == '\n')
                continue;
        }
        if (c == '\0') {
            flags |= CSV_NUL;
            any = true;
            continue;
        }
        switch (st) {
        case S_FIELD_START:
            if (c == '"') {
                st = S_QUOTED;
                open_quote = r->line;
                any = true;
            } else if (c == ',') {
                field_next(r, flags);
                any = true;
            } else if (c == '\r' || c == '\n') {
                r->skip_lf = c == '\r';
                r->line++;
                if (!any) { /* a blank line */
                    rec->line = r->line;
                    continue;
                }
                r->line--; /* the record ends on this line */
                finish(r, rec, flags);
                r->line++;
                return 1;
            } else {
                append(r, &c, 1, &flags);
                st = S_UNQUOTED;
                any = true;
            }
            break;
        case S_UNQUOTED:
            if (c == ',') {
                field_next(r, flags);
                st = S_FIELD_START;
            } else if (c == '\r' || c == '\n') {
                r->skip_lf = c == '\r';
                finish(r, rec, flags);
                r->line++;
                return 1;
            } else { /* a quote in the middle of an unquoted field: kept as it is */
                flags |= CSV_STRAY_QUOTE;
                append(r, &c, 1, &flags);
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                st = S_QUOTE_IN_QUOTED;
            } else { /* a line break inside quotes */
                if (c == '\r' || !quoted_cr)
                    r->line++;
                quoted_cr = c == '\r';
                append(r, &c, 1, &flags);
                continue;
            }
            break;
        case S_QUOTE_IN_QUOTED:
            if (c == '"') {
                append(r, &c, 1, &flags);
                st = S_QUOTED;
            } else if (c == ',') {
                field_next(r, flags);
                st = S_FIELD_START;
            } else if (c == '\r' || c == '\n') {
                r->skip_lf = c == '\r';
                finish(r, rec, flags);
                r->line++;
                return 1;
            } else { /* text after the closing quote: kept */
                flags |= CSV_STRAY_QUOTE;
                if (!rec->bad_quote_line) {
                    rec->bad_quote_line = r->line;
                    rec->bad_quote_field = r->nfields;
                }
                append(r, &c, 1, &flags);
                st = S_UNQUOTED;
            }
            break;
        }
        quoted_cr = false;
    }
    if (r->failed)
        return -1;
    if (!any)
        return 0;
    if (st == S_QUOTED) {
        flags |= CSV_UNTERMINATED;
        if (!rec->bad_quote_line) {
            rec->bad_quote_line = open_quote;
            rec->bad_quote_field = r->nfields;
        }
    }
    finish(r, rec, flags | CSV_NO_EOL);
    return 1;
}
