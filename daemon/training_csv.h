/* A small RFC 4180 CSV reader for training registers: records with the line each starts on. */
#ifndef FGCD_TRAINING_CSV_H
#define FGCD_TRAINING_CSV_H

#include <stddef.h>

/*
 * Fields are separated by commas and records by CRLF, LF or CR. A field may be quoted with '"';
 * inside quotes "" is one '"' and commas and line breaks are data. A line break at the very end
 * ends the last record rather than starting an empty one. A '"' inside an unquoted field is
 * taken as data (spreadsheets write such fields); text after a closing quote other than a
 * comma or a line break, or a quote still open at the end, is an error.
 */

/* Called once per record with its fields (NUL-terminated; a field may hold line breaks) and the
 * line of the input on which it starts (1 for the first). Return non-zero to stop. */
typedef int (*training_csv_record_fn)(size_t line, char **fields, size_t nfields, void *arg);

/*
 * Reads data (len bytes, which must not hold NUL) and calls on_record for each record.
 * Returns 0; -1 with a message in err (British English, naming the line) when the input is not
 * CSV; or the non-zero value on_record returned. max_fields bounds the fields of one record.
 */
int training_csv_parse(const char *data, size_t len, size_t max_fields,
                       training_csv_record_fn on_record, void *arg, char *err, size_t err_len);

#endif
