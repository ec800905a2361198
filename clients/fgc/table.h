/* Tables for people: columns aligned by characters, cells cleaned of control characters. */
#ifndef FGC_TABLE_H
#define FGC_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table;

/* A table of ncols columns; headers (ncols strings) may be NULL for a table without them. */
struct table *table_new(size_t ncols, const char *const *headers);
/* Adds a row of ncols cells (copied and cleaned); a NULL cell is shown as "-". */
void table_add(struct table *t, const char *const *cells);
/* The number of rows added. */
size_t table_rows(const struct table *t);
/* Prints the table: each line starts with indent, columns are two spaces apart, and no
 * line ends with spaces. */
void table_print(const struct table *t, FILE *out, const char *indent);
void table_free(struct table *t);

/* A list of "Label:  value" lines with the values aligned: pairs holds 2 * n strings. */
void summary_print(FILE *out, const char *const *pairs, size_t n);

#endif
