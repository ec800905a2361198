/* The report of one import: every problem with where it was found, and the summary counts. */
#ifndef FGCD_IMPORT_REPORT_H
#define FGCD_IMPORT_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

enum problem_severity { PROBLEM_WARNING, PROBLEM_REJECTED };

/* One problem: a rejected row (not imported) or a warning (imported, but doubtful). */
struct import_problem {
    enum problem_severity severity;
    char kind[32]; /* "unknown_code", "overlapping_episodes", ... (docs/imports.md) */
    int file;      /* index into the report's files */
    long line;     /* line in a CSV file, or the XML element's line (0: none) */
    char *path;    /* XML path such as /Message/Children/Child[3]/CINdetails[1]; or NULL */
    char *field;   /* column or element the problem is about, or NULL */
    char *message; /* a sentence in British English */
    long seq;      /* order of discovery, to keep the list stable */
};

struct kind_count {
    char kind[32];
    long count;
};

struct import_file {
    char *name;
    char sha256[65];
    long long bytes;
    long rows; /* data rows or records read from it */
};

#define REPORT_MAX_FILES 4

struct import_report {
    const char *kind; /* "population", "ssda903", "cin_census" */
    char *area;       /* the local authority's code, or NULL */
    bool strict;
    long long run_id;    /* fgc.import_runs.id, 0 until recorded */
    const char *outcome; /* "imported", "rolled_back", "not_read", "failed" */
    char *error;         /* why the input could not be read or loaded, or NULL */

    struct import_file files[REPORT_MAX_FILES];
    int nfiles;

    /* Rows (episodes, records, population rows): read = imported + unchanged + rejected. */
    long read, inserted, updated, unchanged, rejected;
    /* Children (SSDA903 header rows, CIN census Child elements); has_children if relevant. */
    bool has_children;
    long children_read, children_new, children_updated, children_unchanged, children_rejected;
    /* Areas created and renamed (population files). */
    bool has_areas;
    long areas_new, areas_updated;

    /* More counts for the JSON report (such as each kind of CIN census record), or NULL. */
    json_t *details;

    int collection_year; /* year ending 31 March, 0 when not relevant */
    bool year_inferred;

    struct kind_count *warnings, *rejections;
    int nwarnings, nrejections;

    struct import_problem *problems;
    long nproblems, problems_cap;
    long problems_dropped; /* beyond the memory limit: counted, not kept */
};

/* Problems kept in memory; beyond this they are only counted. */
#define REPORT_MAX_PROBLEMS 1000000L

void report_init(struct import_report *r, const char *kind);
void report_free(struct import_report *r);

/* Adds a file to the report and returns its index. */
int report_add_file(struct import_report *r, const char *name);

/* Records a problem. path and field may be NULL; line may be 0. */
void report_problem(struct import_report *r, enum problem_severity severity, const char *kind,
                    int file, long line, const char *path, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

#define report_warn(r, kind, file, line, field, ...)                                               \
    report_problem((r), PROBLEM_WARNING, (kind), (file), (line), NULL, (field), __VA_ARGS__)
#define report_reject(r, kind, file, line, field, ...)                                             \
    report_problem((r), PROBLEM_REJECTED, (kind), (file), (line), NULL, (field), __VA_ARGS__)

/* The input could not be read at all (a malformed XML file, no header row, ...). */
void report_fail(struct import_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds the counts a merge function returned ({"new", "updated", "unchanged", "rejected"}) to
 * the report's record counts; add_children_counts adds {"new", "updated", "unchanged"} to its
 * children's. A NULL or missing count adds nothing. */
void report_add_counts(struct import_report *r, const json_t *counts);
void report_add_children_counts(struct import_report *r, const json_t *counts);

/* Sorts the problems by file, then line, then discovery. */
void report_sort(struct import_report *r);

/* The report as JSON, with at most max_problems problems (the rest counted as omitted). */
json_t *report_json(const struct import_report *r, long max_problems);

/* The report as text for a terminal: the problems, then the summary. */
void report_print(const struct import_report *r, FILE *out);

#endif
