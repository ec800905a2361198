/* The importers of statutory returns and population estimates, shared by `fgcd import` and the API.
 */
#ifndef FGCD_IMPORT_H
#define FGCD_IMPORT_H

#include "import_report.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/* An input: a file (path) or bytes in memory (data, len); name is what the report calls it. */
struct import_input {
    const char *name;
    const char *path; /* NULL for bytes in memory */
    const char *data;
    size_t len;
};

struct import_options {
    const char *area; /* the local authority's code (SSDA903 and CIN census) */
    bool strict;      /* when any row is rejected, load nothing */
    int year;         /* collection year, named by the 31 March it ends on; 0 to infer */
    const char *ctx;  /* who is importing: the JSON ctx of api.dispatch (docs/architecture.md) */
};

enum import_status {
    IMPORT_OK = 0,      /* read and loaded (some rows may have been rejected) */
    IMPORT_ROLLED_BACK, /* strict, and rows were rejected: nothing was loaded */
    IMPORT_NOT_READ,    /* the input could not be read: nothing was loaded */
    IMPORT_REFUSED,     /* the request was refused (unknown area, role): report.error says why */
    IMPORT_FAILED,      /* the database failed: nothing was loaded */
};

/* Limits: the longest CSV record, and the largest XML file parsed. */
#define IMPORT_MAX_RECORD (1024 * 1024)
#define IMPORT_MAX_XML_BYTES (1024L * 1024 * 1024)

/*
 * Each importer parses and checks its input in C, then loads it in one transaction on conn
 * (a blocking connection): COPY into staging tables and the set-based fgc.import_* functions
 * of migrations/0006_imports.sql. The report receives every problem and the counts; report
 * must have been set up with report_init. See docs/imports.md.
 */
enum import_status import_population(PGconn *conn, const struct import_input *file,
                                     const struct import_options *opts,
                                     struct import_report *report);
enum import_status import_ssda903(PGconn *conn, const struct import_input *header,
                                  const struct import_input *episodes,
                                  const struct import_options *opts, struct import_report *report);
enum import_status import_cin_census(PGconn *conn, const struct import_input *file,
                                     const struct import_options *opts,
                                     struct import_report *report);

#endif
