/* RFC 4180 CSV reader: streaming, with line numbers, tolerant of the errors real files have. */
#ifndef FGCD_CSV_H
#define FGCD_CSV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What the reader accepts (RFC 4180 and what spreadsheets write): fields separated by commas;
 * records ended by CRLF, LF or a lone CR; a field in double quotes may hold commas, line
 * breaks and doubled quotes (""). A UTF-8 byte order mark at the start is skipped; blank lines
 * are skipped. Nothing is fatal: a record with a problem is still returned, with flags saying
 * what was wrong, so that the caller can report the line and go on.
 */

/* Reads up to n bytes into buf: returns how many, 0 at the end of the input, -1 on error. */
typedef long (*csv_read_fn)(void *arg, char *buf, size_t n);

/* Problems found in a record (bits of csv_record.flags). */
#define CSV_UNTERMINATED 1u /* the input ended inside a quoted field (a truncated file) */
#define CSV_STRAY_QUOTE 2u  /* a quote inside an unquoted field, or text after a closing quote */
#define CSV_TOO_LONG 4u     /* the record was longer than the limit: the rest was skipped */
#define CSV_NUL 8u          /* the record held NUL bytes, which were dropped */
#define CSV_NO_EOL 16u      /* the last record of the input, not ended by a line break */

struct csv_record {
    size_t nfields;
    char **fields;   /* each NUL-terminated; valid until the next csv_next or csv_close */
    size_t *lengths; /* length of each field */
    long line;       /* physical line the record starts on (the first line is 1) */
    long end_line;   /* line it ends on (later when a quoted field holds line breaks) */
    unsigned flags;  /* CSV_* problems */
    /* The first quoting error, for callers stricter than the reader: the line of a closing quote
     * followed by text other than a comma or a line break, or else of the opening quote of a
     * field left open at the end of the input (0 when neither), and the index of its field. */
    long bad_quote_line;
    size_t bad_quote_field;
};

struct csv_reader;

/* A reader pulling its input from read(arg, ...). max_record bounds one record's size. */
struct csv_reader *csv_open(csv_read_fn read, void *arg, size_t max_record);

/* A reader over a buffer in memory (not copied: it must outlive the reader). */
struct csv_reader *csv_open_memory(const char *data, size_t len, size_t max_record);

/* Returns 1 with the next record in rec, 0 at the end of the input, -1 when read failed. */
int csv_next(struct csv_reader *r, struct csv_record *rec);

/* Bytes consumed so far, and whether the input started with a byte order mark. */
long long csv_bytes(const struct csv_reader *r);
/* The line the reader is on: after the end of the input, one past its last line break. */
long csv_line(const struct csv_reader *r);
bool csv_had_bom(const struct csv_reader *r);

void csv_close(struct csv_reader *r);

#endif
