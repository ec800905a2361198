/* Bulk loading for the demo data: rows in COPY text format, sent with PQputCopyData. */
#ifndef FGCD_DEMO_COPY_H
#define FGCD_DEMO_COPY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A COPY in progress. Fields are appended one by one in the column order given to
 * demo_copy_begin, each row ended with demo_copy_row_end; the buffer is sent whenever it
 * grows past a threshold. With conn NULL nothing is sent and the text stays in buf (tests).
 */
struct demo_copy {
    PGconn *conn;
    const char *what; /* table name, for messages */
    char *buf;
    size_t len, cap;
    bool row_started;
    long rows;
    bool failed;
};

/* Starts COPY <target> FROM STDIN (target: "fgc.table (col, col)"). Returns 0, or -1 after
 * printing PostgreSQL's message. With conn NULL only the buffer is set up. */
int demo_copy_begin(struct demo_copy *c, PGconn *conn, const char *target);

void demo_copy_text(struct demo_copy *c, const char *s); /* NULL writes \N */
void demo_copy_null(struct demo_copy *c);
void demo_copy_long(struct demo_copy *c, long long v);
void demo_copy_bool(struct demo_copy *c, bool v);
void demo_copy_date(struct demo_copy *c, int day); /* a demo_day */
void demo_copy_date_or_null(struct demo_copy *c, int day, bool present);
/* A timestamp at hh:mm on a day, England's local time (sent with no zone: the session is
 * set to Europe/London). */
void demo_copy_timestamp(struct demo_copy *c, int day, int minute_of_day);
void demo_copy_row_end(struct demo_copy *c);

/* Sends what is left and ends the COPY. Returns the number of rows, or -1 after printing
 * PostgreSQL's message. Frees the buffer either way. */
long demo_copy_finish(struct demo_copy *c);

/* Frees the buffer without sending (tests, or after a failure). */
void demo_copy_discard(struct demo_copy *c);

#endif
