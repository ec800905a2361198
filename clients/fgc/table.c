/* Prints aligned tables and "Label: value" summaries. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

struct table {
    size_t ncols;
    char **headers; /* NULL when there are none */
    char **cells;   /* nrows * ncols */
    size_t nrows, cap;
};

static void *checked(void *p)
{
    if (!p) {
        fputs("fgc: out of memory\n", stderr);
        exit(3);
    }
    return p;
}

struct table *table_new(size_t ncols, const char *const *headers)
{
    struct table *t = checked(calloc(1, sizeof *t));
    t->ncols = ncols;
    if (headers) {
        t->headers = checked(calloc(ncols, sizeof *t->headers));
        for (size_t i = 0; i < ncols; i++) {
            t->headers[i] = checked(text_clean(headers[i] ? headers[i] : ""));
        }
    }
    return t;
}

void table_add(struct table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = checked(realloc(t->cells, t->cap * t->ncols * sizeof *t->cells));
    }
    for (size_t i = 0; i < t->ncols; i++) {
        const char *c = cells[i] && cells[i][0] ? cells[i] : "-";
        t->cells[t->nrows * t->ncols + i] = checked(text_clean(c));
    }
    t->nrows++;
}

size_t table_rows(const struct table *t)
{
    return t->nrows;
}

static void print_row(FILE *out, char **row, const size_t *widths, size_t ncols, const char *indent)
{
    fputs(indent, out);
    for (size_t i = 0; i < ncols; i++) {
        fputs(row[i], out);
        if (i + 1 < ncols) {
            size_t pad = widths[i] - text_width(row[i]) + 2;
            fprintf(out, "%*s", (int)pad, "");
        }
    }
    fputc('\n', out);
}

void table_print(const struct table *t, FILE *out, const char *indent)
{
    size_t *widths = checked(calloc(t->ncols ? t->ncols : 1, sizeof *widths));
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->headers) {
            widths[i] = text_width(t->headers[i]);
        }
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = text_width(t->cells[r * t->ncols + i]);
            if (w > widths[i]) {
                widths[i] = w;
            }
        }
    }
    if (t->headers) {
        print_row(out, t->headers, widths, t->ncols, indent ? indent : "");
    }
    for (size_t r = 0; r < t->nrows; r++) {
        print_row(out, t->cells + r * t->ncols, widths, t->ncols, indent ? indent : "");
    }
    free(widths);
}

void table_free(struct table *t)
{
    if (!t) {
        return;
    }
    for (size_t i = 0; t->headers && i < t->ncols; i++) {
        free(t->headers[i]);
    }
    free(t->headers);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) {
        free(t->cells[i]);
    }
    free(t->cells);
    free(t);
}

void summary_print(FILE *out, const char *const *pairs, size_t n)
{
    struct table *t = table_new(2, NULL);
    for (size_t i = 0; i < n; i++) {
        const char *label = text_fmt("%s:", pairs[2 * i]);
        const char *row[] = {label, pairs[2 * i + 1]};
        table_add(t, row);
    }
    table_print(t, out, "");
    table_free(t);
}
