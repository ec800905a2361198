/* A pool of non-blocking libpq connections driven by the libevent loop, with a bounded queue. */
#ifndef FGCD_DB_POOL_H
#define FGCD_DB_POOL_H

#include <event2/event.h>
#include <libpq-fe.h>
#include <stdbool.h>

enum db_outcome {
    DB_OK,          /* the statement ran; res holds its rows */
    DB_SQL_ERROR,   /* PostgreSQL refused the statement; res holds the error fields */
    DB_UNAVAILABLE, /* no answer: connection lost, or waited too long for a connection */
};

struct db_reply {
    enum db_outcome outcome;
    PGresult *res;       /* owned by the pool; valid during the callback only */
    const char *message; /* for DB_UNAVAILABLE; never contains query parameters */
};

typedef void (*db_callback)(const struct db_reply *reply, void *arg);

struct db_pool;

struct db_pool *db_pool_new(struct event_base *base, const char *conninfo, int size,
                            long statement_timeout_ms);
void db_pool_set_limits(struct db_pool *pool, int queue_max, long queue_timeout_ms);

/*
 * Sends one statement with text parameters (NULL for SQL NULL). Returns 0 when queued:
 * the callback then runs exactly once, later, from the event loop (never before this
 * returns). Returns -1 when the database is down or the queue is full: the callback is
 * never called and the caller answers 503.
 */
int db_pool_query(struct db_pool *pool, const char *sql, int nparams, const char *const *params,
                  db_callback cb, void *arg);

/*
 * Streams the rows of one statement (libpq single-row mode). row_cb gets each row as a
 * one-row PGresult, valid during the call only, and returns false to pause: the pool then
 * stops reading, so a slow consumer holds PostgreSQL back instead of filling memory. Call
 * db_stream_resume to go on. done runs exactly once at the end (as for db_pool_query, with
 * res the final, empty result). Returns NULL, never calling anything, when refused (503).
 * The handle is valid until done has run.
 */
typedef bool (*db_row_callback)(const PGresult *row, void *arg);
struct db_stream;
struct db_stream *db_pool_stream(struct db_pool *pool, const char *sql, int nparams,
                                 const char *const *params, db_row_callback row_cb,
                                 db_callback done, void *arg);
void db_stream_resume(struct db_stream *stream);
/* The consumer has gone: the rest of the rows are read and dropped, then done runs. */
void db_stream_cancel(struct db_stream *stream);

/* True when at least one connection is established. */
bool db_pool_healthy(const struct db_pool *pool);

struct db_pool_stats {
    int size, connected, busy, queued;
};
void db_pool_stats(const struct db_pool *pool, struct db_pool_stats *out);

/* Closes every connection; queued statements get DB_UNAVAILABLE. */
void db_pool_free(struct db_pool *pool);

#endif
