/* fgcd import population: areas (local authorities, clusters) and ONS mid-year estimates of
 * children aged 0-17, from CSV. */
#include "csv.h"
#include "import.h"
#include "import_db.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { C_CODE, C_NAME, C_PARENT, C_YEAR, C_POPULATION, C_VINTAGE, C_COUNT };
static const char *const columns[] = {"area_code",       "area_name", "parent_code", "year",
                                      "population_0_17", "vintage",   NULL};
static const bool required[] = {true, true, false, true, true, true};

struct pop_row {
    long line;
    char *code, *name, *parent, *vintage;
    int year;
    long population;
    bool rejected, duplicate;
};

/* ^[A-Z0-9][A-Z0-9_-]{1,31}$, as fgc.areas.code */
static bool area_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 32 || !(isupper((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_' &&
            s[i] != '-')
            return false;
    return true;
}

/* A whole number, allowing thousands separators ("176,000"); *separated says if any. */
static bool parse_count(const char *s, long long max, long long *out, bool *separated)
{
    long long v = 0;
    int digits = 0;
    *separated = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            if (v > max)
                return false;
            digits++;
        } else if ((*s == ',' || *s == ' ') && digits > 0) {
            *separated = true;
        } else {
            return false;
        }
    }
    *out = v;
    return digits > 0;
}

/* Checks one data row; false when it is rejected. */
static bool read_row(struct import_report *r, int file, const struct csv_record *rec,
                     const int *idx, struct pop_row *row)
{
    memset(row, 0, sizeof *row);
    row->line = rec->line;
    bool ok = true;
    char *code = import_upper(import_field(rec, idx[C_CODE]));
    char *name = import_field(rec, idx[C_NAME]);
    char *parent = import_upper(import_field(rec, idx[C_PARENT]));
    char *year = import_field(rec, idx[C_YEAR]);
    char *population = import_field(rec, idx[C_POPULATION]);
    char *vintage = import_field(rec, idx[C_VINTAGE]);

    if (!*code) {
        report_reject(r, "missing_field", file, rec->line, "area_code", "area_code is empty.");
        ok = false;
    } else if (!area_code_ok(code)) {
        report_reject(r, "invalid_value", file, rec->line, "area_code",
                      "area_code \"%s\" is not an area code (2 to 32 letters, digits, hyphens or "
                      "underscores, such as E08000035 or LS-C01).",
                      code);
        ok = false;
    }
    if (!*name) {
        report_reject(r, "missing_field", file, rec->line, "area_name", "area_name is empty.");
        ok = false;
    } else if (strlen(name) > 200) {
        report_reject(r, "invalid_value", file, rec->line, "area_name",
                      "area_name is longer than 200 characters.");
        ok = false;
    }
    if (*parent && !area_code_ok(parent)) {
        report_reject(r, "invalid_value", file, rec->line, "parent_code",
                      "parent_code \"%s\" is not an area code.", parent);
        ok = false;
    }
    long long v;
    bool separated;
    if (!*year) {
        report_reject(r, "missing_field", file, rec->line, "year", "year is empty.");
        ok = false;
    } else if (!parse_count(year, 9999, &v, &separated) || separated || v < 1971 || v > 2100) {
        report_reject(r, "invalid_value", file, rec->line, "year",
                      "year \"%s\" is not a year between 1971 and 2100 (the mid-year of the "
                      "estimate, such as 2024).",
                      year);
        ok = false;
    } else {
        row->year = (int)v;
    }
    if (!*population) {
        report_reject(r, "missing_field", file, rec->line, "population_0_17",
                      "population_0_17 is empty.");
        ok = false;
    } else if (!parse_count(population, 2147483647LL, &v, &separated)) {
        report_reject(r, "invalid_value", file, rec->line, "population_0_17",
                      "population_0_17 \"%s\" is not a whole number of children (0 or more).",
                      population);
        ok = false;
    } else {
        row->population = (long)v;
        if (separated)
            report_warn(r, "number_format", file, rec->line, "population_0_17",
                        "population_0_17 \"%s\" has thousands separators; it was read as %lld.",
                        population, v);
    }
    if (!*vintage) {
        report_reject(r, "missing_field", file, rec->line, "vintage",
                      "vintage (which ONS release the estimate comes from) is empty.");
        ok = false;
    } else if (strlen(vintage) > 100) {
        report_reject(r, "invalid_value", file, rec->line, "vintage",
                      "vintage is longer than 100 characters.");
        ok = false;
    }
    if (!ok)
        return false;
    row->code = xstrdup(code);
    row->name = xstrdup(name);
    row->parent = *parent ? xstrdup(parent) : NULL;
    row->vintage = xstrdup(vintage);
    return true;
}

static void free_rows(struct pop_row *rows, long n)
{
    for (long i = 0; i < n; i++) {
        free(rows[i].code);
        free(rows[i].name);
        free(rows[i].parent);
        free(rows[i].vintage);
    }
    free(rows);
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Duplicates of (area, year, vintage), and areas described differently on different rows. */
static void check_rows(struct import_report *r, int file, struct pop_row *rows, long n)
{
    struct strmap areas, estimates;
    strmap_init(&areas, (size_t)n);
    strmap_init(&estimates, (size_t)n);
    for (long i = 0; i < n; i++) {
        struct pop_row *row = &rows[i];
        if (row->rejected)
            continue;
        long first = strmap_put(&areas, row->code, i);
        if (first != i) {
            struct pop_row *f = &rows[first];
            if (strcmp(f->name, row->name) != 0 || !same_text(f->parent, row->parent)) {
                report_warn(r, "inconsistent_area", file, row->line, "area_name",
                            "Area %s is described differently on line %ld (%s, parent %s); the "
                            "name and parent on line %ld are used.",
                            row->code, f->line, f->name, f->parent ? f->parent : "none", f->line);
                free(row->name);
                row->name = xstrdup(f->name);
                free(row->parent);
                row->parent = f->parent ? xstrdup(f->parent) : NULL;
            }
        }
        char *key = xasprintf("%s\x1f%d\x1f%s", row->code, row->year, row->vintage);
        long prev = strmap_put(&estimates, key, i);
        free(key);
        if (prev == i)
            continue;
        if (rows[prev].population == row->population) {
            report_warn(r, "duplicate_row", file, row->line, NULL,
                        "The estimate for %s, %d, vintage %s repeats line %ld; it was read once.",
                        row->code, row->year, row->vintage, rows[prev].line);
            row->duplicate = true;
        } else {
            report_reject(r, "conflicting_duplicate", file, row->line, "population_0_17",
                          "Line %ld already gives the estimate for %s, %d, vintage %s as %ld; "
                          "this row's %ld was not imported.",
                          rows[prev].line, row->code, row->year, row->vintage,
                          rows[prev].population, row->population);
            row->rejected = true;
            r->rejected++;
        }
    }
    strmap_free(&areas);
    strmap_free(&estimates);
}

static int stage_rows(PGconn *conn, const struct pop_row *rows, long n)
{
    struct stage st;
    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_population (ref, area_code, area_name, parent_code, year, "
                    "population_0_17, vintage) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < n; i++) {
        const struct pop_row *row = &rows[i];
        if (row->rejected || row->duplicate)
            continue;
        stage_int(&st, row->line);
        stage_text(&st, row->code);
        stage_text(&st, row->name);
        stage_text(&st, row->parent);
        stage_int(&st, row->year);
        stage_int(&st, row->population);
        stage_text(&st, row->vintage);
        stage_end_row(&st);
    }
    return stage_finish(&st);
}

enum import_status import_population(PGconn *conn, const struct import_input *file,
                                     const struct import_options *opts, struct import_report *r)
{
    r->strict = opts->strict;
    r->has_areas = true;
    int f = report_add_file(r, file->name);
    struct import_csv csv;
    int idx[C_COUNT];
    if (!import_csv_open(&csv, r, f, file, columns, required, idx)) {
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    struct csv_record rec;
    long n = 0, cap = 256;
    struct pop_row *rows = xcalloc((size_t)cap, sizeof *rows);
    while (import_csv_next(&csv, &rec)) {
        r->read++;
        if (n == cap) {
            cap *= 2;
            struct pop_row *grown = realloc(rows, (size_t)cap * sizeof *rows);
            if (!grown)
                abort();
            rows = grown;
        }
        if (!import_check_row(r, f, &rec, csv.ncolumns) || !read_row(r, f, &rec, idx, &rows[n])) {
            r->rejected++;
            continue;
        }
        n++;
    }
    if (!import_csv_close(&csv, r->read)) {
        free_rows(rows, n);
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    check_rows(r, f, rows, n);
    for (long i = 0; i < n; i++)
        if (rows[i].duplicate)
            r->unchanged++;

    enum import_status st = import_run_begin(conn, r, opts);
    if (st != IMPORT_OK) {
        free_rows(rows, n);
        r->outcome = "failed";
        return st;
    }
    if (stage_rows(conn, rows, n) != 0) {
        free_rows(rows, n);
        return import_run_fail(conn, r, "The rows could not be staged");
    }
    free_rows(rows, n);
    char id[24];
    snprintf(id, sizeof id, "%lld", r->run_id);
    char *counts = import_query(conn, r, "SELECT fgc.import_population($1::bigint)", id, NULL);
    if (!counts)
        return import_run_fail(conn, r, "The rows could not be loaded");
    json_t *c = json_loads(counts, 0, NULL);
    free(counts);
    report_add_counts(r, c);
    r->areas_new = (long)json_integer_value(json_object_get(c, "areas_new"));
    r->areas_updated = (long)json_integer_value(json_object_get(c, "areas_updated"));
    json_decref(c);
    if (import_read_problems(conn, r, NULL, NULL) != 0)
        return import_run_fail(conn, r, "The problems found could not be read");
    return import_run_end(conn, r, opts);
}
