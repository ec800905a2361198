/* A small RFC 4180 CSV reader for training registers: records with the line each starts on. */
#include "training_csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of the record being read: its fields one after another, each NUL-terminated. */
struct record {
    char *text;
    size_t len, cap;
    size_t *starts; /* offset of each field in text */
    size_t nfields, cap_fields;
    char **fields;
};

static void put_char(struct record *r, char c)
{
    if (r->len + 1 >= r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->text = realloc(r->text, r->cap);
        if (!r->text)
            abort();
    }
    r->text[r->len++] = c;
}

static void start_field(struct record *r)
{
    if (r->nfields == r->cap_fields) {
        r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 16;
        r->starts = realloc(r->starts, r->cap_fields * sizeof *r->starts);
        r->fields = realloc(r->fields, r->cap_fields * sizeof *r->fields);
        if (!r->starts || !r->fields)
            abort();
    }
    r->starts[r->nfields++] = r->len;
}

static void end_field(struct record *r)
{
    put_char(r, '\0');
}

static int emit(struct record *r, size_t line, training_csv_record_fn on_record, void *arg)
{
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->text + r->starts[i];
    int rc = on_record(line, r->fields, r->nfields, arg);
    r->len = 0;
    r->nfields = 0;
    return rc;
}

int training_csv_parse(const char *data, size_t len, size_t max_fields,
                       training_csv_record_fn on_record, void *arg, char *err, size_t err_len)
{
    struct record r = {0};
    size_t line = 1;        /* the line the reader is on */
    size_t record_line = 1; /* the line the current record started on */
    size_t i = 0;
    int rc = 0;
    bool at_record_start = true;

    while (i < len && rc == 0) {
        if (at_record_start) {
            record_line = line;
            at_record_start = false;
        }
        if (r.nfields >= max_fields) {
            snprintf(err, err_len, "Line %zu has more than %zu fields.", record_line, max_fields);
            rc = -1;
            break;
        }
        start_field(&r);
        if (data[i] == '"') {
            /* A quoted field: up to the closing quote, "" being one quote. */
            size_t quote_line = line;
            i++;
            bool closed = false;
            while (i < len) {
                char c = data[i++];
                if (c == '"') {
                    if (i < len && data[i] == '"') {
                        put_char(&r, '"');
                        i++;
                        continue;
                    }
                    closed = true;
                    break;
                }
                if (c == '\r' && i < len && data[i] == '\n') {
                    put_char(&r, '\r');
                    c = data[i++];
                    line++;
                } else if (c == '\n' || c == '\r') {
                    line++;
                }
                put_char(&r, c);
            }
            if (!closed) {
                snprintf(err, err_len,
                         "Line %zu: a quoted field is not closed (the file ends inside quotes).",
                         quote_line);
                rc = -1;
                break;
            }
            if (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                snprintf(err, err_len,
                         "Line %zu: after a closing quote there must be a comma or the end of the "
                         "line.",
                         line);
                rc = -1;
                break;
            }
        } else {
            while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
                put_char(&r, data[i++]);
        }
        end_field(&r);

        if (i >= len) {
            rc = emit(&r, record_line, on_record, arg);
            break;
        }
        if (data[i] == ',') {
            i++;
            if (i == len) { /* a trailing comma: one last, empty field */
                start_field(&r);
                end_field(&r);
                rc = emit(&r, record_line, on_record, arg);
            }
            continue;
        }
        /* A line break ends the record. */
        if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
        i++;
        line++;
        rc = emit(&r, record_line, on_record, arg);
        at_record_start = true;
    }
    free(r.text);
    free(r.starts);
    free(r.fields);
    return rc;
}
