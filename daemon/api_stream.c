/* Streaming extracts: single-row mode from PostgreSQL, chunked HTTP out, paused when slow. */
#include "api_stream.h"
#include "api_call.h"
#include "log.h"
#include "server.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct stream_job {
    struct request *req;
    struct db_stream *db;
    enum stream_format format;
    char *filename;
    char *header;
    bool started;
    long long rows;
};

static const char *content_type(enum stream_format format)
{
    switch (format) {
    case STREAM_CSV:
        return "text/csv; charset=utf-8; header=present";
    case STREAM_NDJSON:
        return "application/x-ndjson";
    case STREAM_JSON_ARRAY:
        return "application/json";
    }
    return "application/octet-stream";
}

static void start(struct stream_job *job)
{
    if (job->filename) {
        char *disposition = xasprintf("attachment; filename=\"%s\"", job->filename);
        reply_add_header(job->req, "Content-Disposition", disposition);
        free(disposition);
    }
    reply_stream_begin(job->req, 200, content_type(job->format));
    if (job->format == STREAM_JSON_ARRAY)
        reply_stream_write(job->req, "[", 1);
    if (job->header) {
        reply_stream_write(job->req, job->header, strlen(job->header));
        reply_stream_write(job->req, "\r\n", 2);
    }
    job->started = true;
}

static void resume_now(evutil_socket_t fd, short what, void *arg)
{
    struct stream_job *job = arg;
    if (reply_stream_client_gone(job->req))
        db_stream_cancel(job->db);
    else
        db_stream_resume(job->db);
}

/*
 * The client has caught up (or gone). This can run inside on_row, before the pool has
 * recorded the pause, so the resumption goes through the event loop.
 */
static void drained(void *arg)
{
    struct stream_job *job = arg;
    struct timeval now = {0, 0};
    event_base_once(job->req->srv->base, -1, EV_TIMEOUT, resume_now, job, &now);
}

static bool on_row(const PGresult *row, void *arg)
{
    struct stream_job *job = arg;
    if (!job->started)
        start(job);
    if (reply_stream_client_gone(job->req)) {
        db_stream_cancel(job->db); /* read and drop the rest, then finish */
        return true;
    }
    if (job->format == STREAM_JSON_ARRAY && job->rows > 0)
        reply_stream_write(job->req, ",\n", 2);
    job->rows++;
    reply_stream_write(job->req, PQgetvalue(row, 0, 0), (size_t)PQgetlength(row, 0, 0));
    bool keep_going = reply_stream_write(job->req, job->format == STREAM_CSV ? "\r\n" : "\n",
                                         job->format == STREAM_CSV ? 2 : 1);
    if (keep_going)
        return true;
    reply_stream_on_drain(job->req, drained, job);
    return false;
}

static void on_done(const struct db_reply *reply, void *arg)
{
    struct stream_job *job = arg;
    struct request *req = job->req;
    if (!job->started) {
        if (reply->outcome == DB_UNAVAILABLE)
            reply_problem(req, 503, "Service unavailable",
                          "The database is unavailable. Try again shortly.");
        else if (reply->outcome == DB_SQL_ERROR)
            api_reply_sql_error(req, reply->res);
        else {
            start(job);
            if (job->format == STREAM_JSON_ARRAY)
                reply_stream_write(req, "]\n", 2);
            reply_stream_end(req);
        }
    } else if (reply->outcome != DB_OK) {
        log_error("[%s] extract failed after %lld rows", req->id, job->rows);
        reply_stream_abort(req);
    } else {
        if (job->format == STREAM_JSON_ARRAY)
            reply_stream_write(req, "]\n", 2);
        reply_stream_end(req);
    }
    free(job->filename);
    free(job->header);
    free(job);
}

void api_stream(struct request *req, enum stream_format format, const char *filename,
                const char *header, const char *sql, int nparams, const char *const *params)
{
    struct stream_job *job = xcalloc(1, sizeof *job);
    job->req = req;
    job->format = format;
    job->filename = filename ? xstrdup(filename) : NULL;
    job->header = header ? xstrdup(header) : NULL;
    job->db = db_pool_stream(req->srv->bulk_db, sql, nparams, params, on_row, on_done, job);
    if (!job->db) {
        free(job->filename);
        free(job->header);
        free(job);
        reply_problem(req, 503, "Service unavailable",
                      "The database is unavailable or busy. Try again shortly.");
    }
}
