/* Training register import over the API: a CSV body read in C, its rows taken in one SQL call. */
#include "api_training.h"
#include "api_call.h"
#include "csv.h"

#include <ctype.h>
#include <event2/buffer.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#define REGISTER_MAX_FIELDS 64
#define REGISTER_MAX_RECORDS 20000

struct register_rows {
    json_t *header;
    json_t *records;
    size_t count;
};

/* Adds a record (the first is the header); 1 when the register has too many rows. */
static int add_record(struct register_rows *rows, long line, char **fields, size_t nfields)
{
    json_t *values = json_array();
    for (size_t i = 0; i < nfields; i++)
        json_array_append_new(values, json_string(fields[i]));
    if (!rows->header) {
        rows->header = values;
        return 0;
    }
    if (++rows->count > REGISTER_MAX_RECORDS) {
        json_decref(values);
        return 1;
    }
    json_array_append_new(rows->records,
                          json_pack("{s:I, s:o}", "line", (json_int_t)line, "values", values));
    return 0;
}

/* Adds the blank lines from to just before to, which the reader skips, as the records of one
 * empty field they are in the register (its import counts them as blank rows). */
static int add_blank_lines(struct register_rows *rows, long from, long to)
{
    char empty[1] = "";
    char *field = empty;
    for (long line = from; line < to; line++)
        if (add_record(rows, line, &field, 1) != 0)
            return 1;
    return 0;
}

/*
 * Reads the register's records into rows. A register is stricter than the reader: text after a
 * closing quote, a quote left open or more than REGISTER_MAX_FIELDS fields stops the import with
 * a message naming the line. Returns 0; -1 with the message in err; or 1 (too many rows).
 */
static int read_register(const char *data, size_t len, struct register_rows *rows, char *err,
                         size_t err_len)
{
    struct csv_reader *csv = csv_open_memory(data, len, 2 * len + 16);
    struct csv_record rec;
    long next_line = 1; /* the line after the last record */
    int rc = 0;
    while (rc == 0 && csv_next(csv, &rec) > 0) {
        rc = add_blank_lines(rows, next_line, rec.line);
        if (rc != 0)
            break;
        bool too_many = rec.nfields > REGISTER_MAX_FIELDS;
        if (rec.bad_quote_line && (!too_many || rec.bad_quote_field < REGISTER_MAX_FIELDS)) {
            /* A quote left open takes the rest of the input into the record's last field. */
            bool open = (rec.flags & CSV_UNTERMINATED) && rec.bad_quote_field + 1 == rec.nfields;
            snprintf(err, err_len,
                     open ? "Line %ld: a quoted field is not closed (the file ends inside quotes)."
                          : "Line %ld: after a closing quote there must be a comma or the end of "
                            "the line.",
                     rec.bad_quote_line);
            rc = -1;
        } else if (too_many) {
            snprintf(err, err_len, "Line %ld has more than %d fields.", rec.line,
                     REGISTER_MAX_FIELDS);
            rc = -1;
        } else {
            rc = add_record(rows, rec.line, rec.fields, rec.nfields);
            next_line = rec.end_line + 1;
        }
    }
    if (rc == 0)
        rc = add_blank_lines(rows, next_line, csv_line(csv));
    csv_close(csv);
    return rc;
}

/* True when s[0..len) is well-formed UTF-8 without NUL (jansson would refuse anything else). */
static bool utf8_ok(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned min;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            min = 0x10000;
        } else {
            return false;
        }
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

/* text/csv, optionally with parameters; only UTF-8 (or US-ASCII) as a charset. */
static bool csv_type_ok(const char *type)
{
    if (!type || strncasecmp(type, "text/csv", 8) != 0 || (type[8] != '\0' && type[8] != ';'))
        return false;
    char lower[200];
    size_t n = 0;
    for (; type[n] && n + 1 < sizeof lower; n++)
        lower[n] = (char)tolower((unsigned char)type[n]);
    lower[n] = '\0';
    const char *charset = strstr(lower, "charset=");
    if (!charset)
        return true;
    charset += 8;
    if (*charset == '"')
        charset++;
    return strncmp(charset, "utf-8", 5) == 0 || strncmp(charset, "utf8", 4) == 0 ||
           strncmp(charset, "us-ascii", 8) == 0;
}

void api_training_register(struct request *req)
{
    if (TAILQ_FIRST(&req->query)) {
        reply_problem(req, 400, "Bad request", "This request takes no query parameters.");
        return;
    }
    if (!csv_type_ok(request_header(req, "Content-Type"))) {
        reply_problem(req, 415, "Unsupported media type",
                      "Send the register as CSV in UTF-8 with the header Content-Type: text/csv.");
        return;
    }
    struct evbuffer *in = evhttp_request_get_input_buffer(req->ev);
    size_t len = evbuffer_get_length(in);
    /* A byte order mark at the start (spreadsheets often write one) is skipped by the reader. */
    const char *data = len ? (const char *)evbuffer_pullup(in, -1) : "";
    if (!utf8_ok((const unsigned char *)data, len)) {
        reply_problem(req, 422, "Your request has errors",
                      "The register is not UTF-8 text. Save it from the spreadsheet as "
                      "\"CSV UTF-8\" and send it again.");
        return;
    }

    struct register_rows rows = {NULL, json_array(), 0};
    char err[200] = "";
    int rc = read_register(data, len, &rows, err, sizeof err);
    if (rc != 0 || !rows.header) {
        json_t *errors = json_array();
        const char *detail = rc == -1  ? err
                             : rc != 0 ? "The register has more than 20,000 rows; send it in parts."
                                       : "The register is empty: the first line must name the "
                                         "columns.";
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "body", "message", detail));
        json_decref(rows.header);
        json_decref(rows.records);
        reply_invalid(req, 422, detail, errors);
        return;
    }

    json_t *args = json_pack("{s:o, s:o}", "header", rows.header, "records", rows.records);
    for (int i = 0; i < req->nparams; i++)
        if (strncmp(req->param_names[i], "session_id}", 11) == 0)
            json_object_set_new(args, "session_id",
                                json_integer(strtoll(req->params[i], NULL, 10)));
    api_call(req, "training_register_import", args);
}
