/* What the importers share: reading inputs with their SHA-256, code lists, COPY into staging
 * tables, and the import run's transaction. */
#ifndef FGCD_IMPORT_DB_H
#define FGCD_IMPORT_DB_H

#include "import.h"
#include "import_date.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>

/* With FGCD_IMPORT_TIMING=1 in the environment, prints the time since the previous call
 * (per thread) and what was done in it to stderr: for benchmarks. */
void import_phase(const char *what);

/* ---- Inputs ---- */

/* An input being read, hashed as it goes (a csv_read_fn reads from it). */
struct import_stream {
    FILE *f;
    const char *data;
    size_t len, pos;
    long long bytes;
    crypto_hash_sha256_state sha;
};

/* Opens an input; returns -1 with *error set (malloc'd) when the file cannot be opened. */
int import_stream_open(struct import_stream *s, const struct import_input *in, char **error);
long import_stream_read(void *arg, char *buf, size_t n);
/* Reads what is left (so that the hash covers the whole input), closes, and gives the hash. */
void import_stream_close(struct import_stream *s, char sha256[65]);

/* Reads a whole input into memory (at most max bytes); -1 with *error set (malloc'd). */
int import_load(const struct import_input *in, size_t max, char **data, size_t *len,
                char sha256[65], char **error);

/* Replaces bytes that are not valid UTF-8 with '?'; returns how many were replaced. */
size_t import_fix_utf8(char *s, size_t len);

/* Trims spaces and tabs at both ends, in place; returns s. */
char *import_trim(char *s);

/* ---- CSV inputs ---- */

struct csv_record;

/*
 * Finds the named columns in a header row (by name, ignoring case and surrounding spaces,
 * in any order): idx[i] is the position of names[i], or -1. Warns about columns it does not
 * know (extra_column), repeated columns (duplicate_column) and missing optional ones
 * (missing_column). Returns -1 with report->error set when a required column is missing.
 */
int import_columns(struct import_report *r, int file, const struct csv_record *header,
                   const char *const *names, const bool *required, int *idx);

/*
 * Reports what the CSV reader found wrong with a row, and fixes bytes that are not UTF-8.
 * Returns false when the row must be rejected (cut short by the end of the file, too long).
 */
bool import_check_row(struct import_report *r, int file, const struct csv_record *rec,
                      size_t ncolumns);

/* A CSV input being read row by row after its header row. */
struct import_csv {
    struct import_report *r;
    int file;
    struct import_stream stream;
    struct csv_reader *csv;
    size_t ncolumns; /* the header row's width */
    bool readable;   /* false once the header or a read has failed (reported) */
};

/*
 * Opens in as file of the report and reads its header row with import_columns (names, required
 * and idx as there). Returns false, having reported why, when the input cannot be opened; the
 * reader is then not open. An empty input, an unreadable header or a wrong one is reported and
 * leaves the reader open but not readable.
 */
bool import_csv_open(struct import_csv *c, struct import_report *r, int file,
                     const struct import_input *in, const char *const *names, const bool *required,
                     int *idx);

/* Reads the next row into rec: true while there is one (reports a read error at the end). */
bool import_csv_next(struct import_csv *c, struct csv_record *rec);

/* Closes the input, giving the file its size, hash and rows; returns whether it was readable. */
bool import_csv_close(struct import_csv *c, long rows);

/* Field idx of a record, trimmed ("" when the row is short or idx is -1). */
char *import_field(const struct csv_record *rec, int idx);

/* Upper-cases s in place; returns s. */
char *import_upper(char *s);

/* "A123 456 789 01X" -> "A12345678901X" (capitals, no spaces) in out; false when v is not a
 * UPN (a capital letter, 11 digits, then a digit or a capital). */
bool import_normalise_upn(const char *v, char out[14]);

/* ---- Memory for many small strings, freed together ---- */

struct arena {
    char **blocks;
    size_t nblocks, used, cap;
};
/* A copy of n bytes of s, NUL-terminated, that lives until arena_free. */
const char *arena_strdup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* ---- A map from strings to numbers (open addressing; keys are copied) ---- */

struct strmap {
    char **keys;
    long *values;
    size_t mask, count;
};
void strmap_init(struct strmap *m, size_t expected);
/* The value of key, or -1. */
long strmap_get(const struct strmap *m, const char *key);
/* Sets key to value unless present; returns the value now held. */
long strmap_put(struct strmap *m, const char *key, long value);
void strmap_free(struct strmap *m);

/* ---- Code lists: fgc.status_codes by list, and ethnicity codes as list "ethnicity" ---- */

struct code_lists;
struct code_lists *code_lists_load(PGconn *conn, char **error);
bool code_known(const struct code_lists *c, const char *list, const char *code);
void code_lists_free(struct code_lists *c);

/* ---- COPY into a staging table, in PostgreSQL's text format ---- */

struct stage {
    PGconn *conn;
    char *buf;
    size_t len, cap;
    bool row_started, failed;
    long rows;
};

/* Starts copy_sql ("COPY pg_temp.x (a, b) FROM STDIN"); -1 on failure. */
int stage_begin(struct stage *s, PGconn *conn, const char *copy_sql);
void stage_text(struct stage *s, const char *v); /* NULL is SQL NULL */
void stage_textn(struct stage *s, const char *v, size_t n);
void stage_null(struct stage *s);
void stage_int(struct stage *s, long long v);
void stage_date(struct stage *s, import_day d, bool present);
void stage_bool(struct stage *s, int v); /* 0, 1, or -1 for NULL */
void stage_end_row(struct stage *s);
/* Ends the COPY; -1 on failure (the connection's error message says why). */
int stage_finish(struct stage *s);

/* ---- The import run ---- */

/*
 * Starts the transaction: BEGIN, the acting user's ctx, fgc.import_begin (which checks the
 * area and the caller's role and inserts the fgc.import_runs row), and the staging tables
 * of the report's kind. Returns IMPORT_OK, or IMPORT_REFUSED / IMPORT_FAILED with
 * report->error set (the transaction is then rolled back).
 */
enum import_status import_run_begin(PGconn *conn, struct import_report *r,
                                    const struct import_options *o);

/* Runs one statement returning at most one value; returns it (malloc'd) or NULL on failure
 * with report->error set. params end with NULL. */
char *import_query(PGconn *conn, struct import_report *r, const char *sql, ...);

/* Maps a reference staged with a row (a line, or an XML record's number) to its place. */
typedef void (*import_place_fn)(void *arg, int file, long ref, long *line, const char **path);

/* Moves the problems SQL found (pg_temp.imp_problems) into the report; -1 on failure. */
int import_read_problems(PGconn *conn, struct import_report *r, import_place_fn place, void *arg);

/*
 * Ends the import: with strict and rejected rows, rolls back and records the attempt
 * (outcome rolled_back) in a transaction of its own; otherwise records the report in the
 * run's row and commits. Returns IMPORT_OK, IMPORT_ROLLED_BACK or IMPORT_FAILED.
 */
enum import_status import_run_end(PGconn *conn, struct import_report *r,
                                  const struct import_options *o);

/* After a database failure: rolls back, sets report->error, returns IMPORT_FAILED. */
enum import_status import_run_fail(PGconn *conn, struct import_report *r, const char *doing);

#endif
