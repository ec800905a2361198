/* Connection pool: libpq in non-blocking mode on the event loop, reconnecting with backoff. */
#include "db_pool.h"
#include "log.h"
#include "util.h"

#include <event2/event_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum conn_state { CONN_DOWN, CONN_CONNECTING, CONN_IDLE, CONN_BUSY };

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

struct db_job {
    struct db_job *next;
    char *sql;
    int nparams;
    char **params;
    db_callback cb;
    void *arg;
    long long queued_at_ms;
    /* Streaming (single-row mode): rows go to row_cb as they arrive. */
    db_row_callback row_cb;
    bool paused;    /* the consumer asked us to stop reading for now */
    bool cancelled; /* the consumer went away: rows are read and dropped */
    struct db_conn *conn;
    struct db_pool *pool;
};

struct db_conn {
    struct db_pool *pool;
    PGconn *pg;
    enum conn_state state;
    struct event io; /* readiness of the libpq socket */
    bool io_added;
    int io_fd;
    short io_what;
    struct event *retry; /* reconnect timer */
    int backoff_ms;
    struct db_job *job; /* statement in flight */
    PGresult *result;   /* first result of the statement in flight */
};

struct db_pool {
    struct event_base *base;
    char *conninfo;
    char *options;
    int size;
    struct db_conn *conns;
    struct db_job *head, *tail;
    int queued;
    int queue_max;
    long queue_timeout_ms;
    struct event *sweep;      /* expires statements that waited too long */
    struct db_job *enqueuing; /* the job db_pool_query is queuing at this moment */
};

static void conn_connect(struct db_conn *c);
static void conn_io_cb(evutil_socket_t fd, short what, void *arg);
static void pool_dispatch(struct db_pool *pool);

static void job_free(struct db_job *job)
{
    for (int i = 0; i < job->nparams; i++)
        free(job->params[i]);
    free(job->params);
    free(job->sql);
    free(job);
}

struct deferred_finish {
    struct db_job *job;
    const char *message;
};

static void deferred_finish_cb(evutil_socket_t fd, short what, void *arg)
{
    struct deferred_finish *d = arg;
    struct db_reply reply = {DB_UNAVAILABLE, NULL, d->message};
    d->job->cb(&reply, d->job->arg);
    job_free(d->job);
    free(d);
}

static void job_finish(struct db_job *job, enum db_outcome outcome, PGresult *res,
                       const char *message)
{
    /*
     * A job that fails while it is still being queued (its connection broke as it was
     * sent) is answered from the loop, never before db_pool_query has returned to its
     * caller, whose state may not be ready for the callback. Only failures can happen
     * then, and they carry no result.
     */
    if (job == job->pool->enqueuing) {
        struct deferred_finish *d = xcalloc(1, sizeof *d);
        d->job = job;
        d->message = message;
        struct timeval now = {0, 0};
        event_base_once(job->pool->base, -1, EV_TIMEOUT, deferred_finish_cb, d, &now);
        return;
    }
    struct db_reply reply = {outcome, res, message};
    job->cb(&reply, job->arg);
    job_free(job);
}

/* Waits for the socket to be ready for `what`, re-reading PQsocket as it may change. */
static void conn_watch(struct db_conn *c, short what)
{
    int fd = PQsocket(c->pg);
    if (c->io_added && c->io_fd == fd && c->io_what == what)
        return;
    if (c->io_added)
        event_del(&c->io);
    event_assign(&c->io, c->pool->base, fd, what | EV_PERSIST, conn_io_cb, c);
    event_add(&c->io, NULL);
    c->io_added = true;
    c->io_fd = fd;
    c->io_what = what;
}

static void conn_unwatch(struct db_conn *c)
{
    if (c->io_added)
        event_del(&c->io);
    c->io_added = false;
}

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
    conn_connect(arg);
}

/* Drops the connection, fails its statement and schedules a reconnect. */
static void conn_fail(struct db_conn *c, const char *why)
{
    bool was_up = c->state == CONN_IDLE || c->state == CONN_BUSY;
    char reason[256];
    snprintf(reason, sizeof reason, "%s", why && *why ? why : "connection failed");
    char *nl = strchr(reason, '\n');
    if (nl)
        *nl = '\0';
    if (was_up || c->backoff_ms == BACKOFF_MIN_MS)
        log_warning("database connection lost: %s; reconnecting", reason);
    conn_unwatch(c);
    if (c->result) {
        PQclear(c->result);
        c->result = NULL;
    }
    if (c->pg) {
        PQfinish(c->pg);
        c->pg = NULL;
    }
    c->state = CONN_DOWN;
    struct db_job *job = c->job;
    c->job = NULL;
    if (job)
        job_finish(job, DB_UNAVAILABLE, NULL, "the database connection was lost");

    struct timeval tv = {c->backoff_ms / 1000, (c->backoff_ms % 1000) * 1000};
    evtimer_add(c->retry, &tv);
    c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
}

static void conn_connect_step(struct db_conn *c, PostgresPollingStatusType st)
{
    switch (st) {
    case PGRES_POLLING_READING:
        conn_watch(c, EV_READ);
        return;
    case PGRES_POLLING_WRITING:
        conn_watch(c, EV_WRITE);
        return;
    case PGRES_POLLING_OK:
        if (PQsetnonblocking(c->pg, 1) != 0) {
            conn_fail(c, PQerrorMessage(c->pg));
            return;
        }
        if (c->backoff_ms > BACKOFF_MIN_MS)
            log_info("database connection re-established");
        c->state = CONN_IDLE;
        c->backoff_ms = BACKOFF_MIN_MS;
        conn_watch(c, EV_READ); /* notices a server that goes away while idle */
        pool_dispatch(c->pool);
        return;
    default:
        conn_fail(c, PQerrorMessage(c->pg));
        return;
    }
}

static void conn_connect(struct db_conn *c)
{
    const char *keywords[] = {"dbname", "options", "application_name", "connect_timeout", NULL};
    const char *values[] = {c->pool->conninfo, c->pool->options, "fgcd", "5", NULL};
    c->pg = PQconnectStartParams(keywords, values, 1);
    if (!c->pg || PQstatus(c->pg) == CONNECTION_BAD) {
        conn_fail(c, c->pg ? PQerrorMessage(c->pg) : "out of memory");
        return;
    }
    c->state = CONN_CONNECTING;
    conn_connect_step(c, PGRES_POLLING_WRITING);
}

static void conn_complete(struct db_conn *c)
{
    struct db_job *job = c->job;
    PGresult *res = c->result;
    c->job = NULL;
    c->result = NULL;
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        c->job = job; /* conn_fail reports it as unavailable */
        PQclear(res);
        conn_fail(c, PQerrorMessage(c->pg));
        return;
    }
    c->state = CONN_IDLE;
    conn_watch(c, EV_READ);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    bool ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
    job_finish(job, ok ? DB_OK : DB_SQL_ERROR, res, ok ? NULL : "statement failed");
    PQclear(res);
    pool_dispatch(c->pool);
}

/* Handles the results libpq has already buffered; returns false once the job is over. */
static bool conn_take_results(struct db_conn *c)
{
    while (!PQisBusy(c->pg)) {
        PGresult *res = PQgetResult(c->pg);
        if (!res) {
            conn_complete(c);
            return false;
        }
        struct db_job *job = c->job;
        if (job->row_cb && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
            bool more = job->cancelled || job->row_cb(res, job->arg);
            PQclear(res);
            if (!more) {
                /* Stop reading: PostgreSQL then waits on a full socket, so memory stays flat. */
                job->paused = true;
                conn_unwatch(c);
                return false;
            }
            continue;
        }
        if (!c->result)
            c->result = res;
        else
            PQclear(res);
    }
    return true;
}

static void conn_read_results(struct db_conn *c)
{
    if (!PQconsumeInput(c->pg)) {
        conn_fail(c, PQerrorMessage(c->pg));
        return;
    }
    conn_take_results(c);
}

static void conn_flush(struct db_conn *c)
{
    int r = PQflush(c->pg);
    if (r < 0)
        conn_fail(c, PQerrorMessage(c->pg));
    else
        conn_watch(c, r == 1 ? EV_READ | EV_WRITE : EV_READ);
}

static void conn_io_cb(evutil_socket_t fd, short what, void *arg)
{
    struct db_conn *c = arg;
    switch (c->state) {
    case CONN_CONNECTING:
        conn_connect_step(c, PQconnectPoll(c->pg));
        break;
    case CONN_BUSY:
        if (what & EV_WRITE) {
            conn_flush(c);
            if (c->state != CONN_BUSY)
                return;
        }
        if (what & EV_READ)
            conn_read_results(c);
        break;
    case CONN_IDLE:
        /* Unprompted input on an idle connection: a notice, or the server going away. */
        if (!PQconsumeInput(c->pg) || PQstatus(c->pg) == CONNECTION_BAD) {
            conn_fail(c, PQerrorMessage(c->pg));
            return;
        }
        PGnotify *n;
        while ((n = PQnotifies(c->pg)) != NULL)
            PQfreemem(n);
        break;
    case CONN_DOWN:
        break;
    }
}

static void conn_send(struct db_conn *c, struct db_job *job)
{
    c->job = job;
    c->state = CONN_BUSY;
    job->conn = c;
    if (!PQsendQueryParams(c->pg, job->sql, job->nparams, NULL, (const char *const *)job->params,
                           NULL, NULL, 0) ||
        (job->row_cb && !PQsetSingleRowMode(c->pg))) {
        conn_fail(c, PQerrorMessage(c->pg));
        return;
    }
    conn_flush(c);
}

static struct db_job *queue_pop(struct db_pool *pool)
{
    struct db_job *job = pool->head;
    if (job) {
        pool->head = job->next;
        if (!pool->head)
            pool->tail = NULL;
        pool->queued--;
        job->next = NULL;
    }
    return job;
}

/* Fails queued statements that have waited longer than the queue timeout. */
static void queue_expire(struct db_pool *pool)
{
    long long now = now_ms();
    while (pool->head && now - pool->head->queued_at_ms > pool->queue_timeout_ms)
        job_finish(queue_pop(pool), DB_UNAVAILABLE, NULL,
                   "timed out waiting for a database connection");
}

static void pool_dispatch(struct db_pool *pool)
{
    queue_expire(pool);
    for (int i = 0; i < pool->size && pool->head; i++) {
        struct db_conn *c = &pool->conns[i];
        if (c->state == CONN_IDLE)
            conn_send(c, queue_pop(pool));
    }
}

static void sweep_cb(evutil_socket_t fd, short what, void *arg)
{
    struct db_pool *pool = arg;
    queue_expire(pool);
    if (!db_pool_healthy(pool)) /* nobody will ever take them: fail them now */
        while (pool->head)
            job_finish(queue_pop(pool), DB_UNAVAILABLE, NULL, "the database is unavailable");
}

struct db_pool *db_pool_new(struct event_base *base, const char *conninfo, int size,
                            long statement_timeout_ms)
{
    struct db_pool *pool = xcalloc(1, sizeof *pool);
    pool->base = base;
    pool->conninfo = xstrdup(conninfo);
    pool->options = xasprintf("-c statement_timeout=%ld -c lock_timeout=%ld", statement_timeout_ms,
                              statement_timeout_ms);
    pool->size = size;
    pool->queue_max = 512;
    pool->queue_timeout_ms = 5000;
    pool->conns = xcalloc((size_t)size, sizeof *pool->conns);
    struct timeval second = {0, 250000};
    pool->sweep = event_new(base, -1, EV_PERSIST, sweep_cb, pool);
    event_add(pool->sweep, &second);
    for (int i = 0; i < size; i++) {
        struct db_conn *c = &pool->conns[i];
        c->pool = pool;
        c->backoff_ms = BACKOFF_MIN_MS;
        c->retry = evtimer_new(base, retry_cb, c);
        conn_connect(c);
    }
    return pool;
}

void db_pool_set_limits(struct db_pool *pool, int queue_max, long queue_timeout_ms)
{
    pool->queue_max = queue_max;
    pool->queue_timeout_ms = queue_timeout_ms;
}

static struct db_job *job_enqueue(struct db_pool *pool, const char *sql, int nparams,
                                  const char *const *params, db_callback cb, void *arg,
                                  db_row_callback row_cb)
{
    if (!db_pool_healthy(pool) || pool->queued >= pool->queue_max)
        return NULL;
    struct db_job *job = xcalloc(1, sizeof *job);
    job->pool = pool;
    job->row_cb = row_cb;
    job->sql = xstrdup(sql);
    job->nparams = nparams;
    job->params = xcalloc((size_t)nparams, sizeof *job->params);
    for (int i = 0; i < nparams; i++)
        job->params[i] = params[i] ? xstrdup(params[i]) : NULL;
    job->cb = cb;
    job->arg = arg;
    job->queued_at_ms = now_ms();
    if (pool->tail)
        pool->tail->next = job;
    else
        pool->head = job;
    pool->tail = job;
    pool->queued++;
    pool->enqueuing = job;
    pool_dispatch(pool);
    pool->enqueuing = NULL;
    return job;
}

int db_pool_query(struct db_pool *pool, const char *sql, int nparams, const char *const *params,
                  db_callback cb, void *arg)
{
    return job_enqueue(pool, sql, nparams, params, cb, arg, NULL) ? 0 : -1;
}

struct db_stream *db_pool_stream(struct db_pool *pool, const char *sql, int nparams,
                                 const char *const *params, db_row_callback row_cb,
                                 db_callback done, void *arg)
{
    return (struct db_stream *)job_enqueue(pool, sql, nparams, params, done, arg, row_cb);
}

void db_stream_resume(struct db_stream *stream)
{
    struct db_job *job = (struct db_job *)stream;
    if (!job->paused)
        return;
    job->paused = false;
    struct db_conn *c = job->conn;
    /* Rows already buffered first; then wait for the socket again. */
    if (conn_take_results(c) && c->job == job && !job->paused)
        conn_watch(c, EV_READ);
}

void db_stream_cancel(struct db_stream *stream)
{
    struct db_job *job = (struct db_job *)stream;
    job->cancelled = true;
    db_stream_resume(stream);
}

bool db_pool_healthy(const struct db_pool *pool)
{
    for (int i = 0; i < pool->size; i++)
        if (pool->conns[i].state == CONN_IDLE || pool->conns[i].state == CONN_BUSY)
            return true;
    return false;
}

void db_pool_stats(const struct db_pool *pool, struct db_pool_stats *out)
{
    memset(out, 0, sizeof *out);
    out->size = pool->size;
    out->queued = pool->queued;
    for (int i = 0; i < pool->size; i++) {
        enum conn_state st = pool->conns[i].state;
        out->connected += st == CONN_IDLE || st == CONN_BUSY;
        out->busy += st == CONN_BUSY;
    }
}

void db_pool_free(struct db_pool *pool)
{
    if (!pool)
        return;
    while (pool->head)
        job_finish(queue_pop(pool), DB_UNAVAILABLE, NULL, "the daemon is shutting down");
    for (int i = 0; i < pool->size; i++) {
        struct db_conn *c = &pool->conns[i];
        conn_unwatch(c);
        event_free(c->retry);
        if (c->job)
            job_finish(c->job, DB_UNAVAILABLE, NULL, "the daemon is shutting down");
        if (c->result)
            PQclear(c->result);
        if (c->pg)
            PQfinish(c->pg);
    }
    event_free(pool->sweep);
    free(pool->conns);
    free(pool->options);
    free(pool->conninfo);
    free(pool);
}
