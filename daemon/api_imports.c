/* Import endpoints: each upload is imported on a thread of its own (blocking libpq), and its result
 * posted back to the event loop, which alone answers the request. */
#include "api_imports.h"
#include "config.h"
#include "import.h"
#include "log.h"
#include "routes.h"
#include "server.h"
#include "util.h"
#include "validate.h"

#include <event2/buffer.h>
#include <event2/event.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Imports running at once; more are answered 503 with Retry-After. */
#define MAX_RUNNING 2

enum job_kind { JOB_POPULATION, JOB_SSDA903, JOB_CIN };

struct import_job {
    /* Owned by the loop thread. */
    struct request *req;
    struct import_job *next;
    /* Read by the worker; set before it starts. */
    struct event_base *base;
    enum job_kind kind;
    char *data; /* the body (population, CIN census) or the episodes CSV (SSDA903) */
    size_t len;
    char *header; /* SSDA903 header CSV */
    size_t header_len;
    char *header_name, *data_name;
    char *area;
    bool strict;
    int year;
    char *ctx;
    char *conninfo;
    pthread_t thread;
    /* Shared, under lock. */
    PGcancel *cancel;
    bool finished;
    /* Written by the worker, read by the loop after it finished. */
    enum import_status status;
    json_t *report;
    long long run_id;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool stopping;              /* under lock */
static struct import_job *running; /* loop thread only */
static int nrunning;               /* loop thread only */

static void job_free(struct import_job *job)
{
    free(job->data);
    free(job->header);
    free(job->header_name);
    free(job->data_name);
    free(job->area);
    free(job->ctx);
    free(job->conninfo);
    json_decref(job->report);
    free(job);
}

static void unlink_job(struct import_job *job)
{
    for (struct import_job **p = &running; *p; p = &(*p)->next) {
        if (*p == job) {
            *p = job->next;
            nrunning--;
            return;
        }
    }
}

/* ---- On the event loop: answering ---- */

static void reply_report(struct import_job *job)
{
    struct request *req = job->req;
    json_t *report = job->report;
    job->report = NULL;
    const char *error = json_string_value(json_object_get(report, "error"));
    switch (job->status) {
    case IMPORT_OK: {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/imports/%lld", job->run_id);
        reply_add_header(req, "Location", location);
        reply_json(req, 201, report);
        return;
    }
    case IMPORT_ROLLED_BACK:
    case IMPORT_NOT_READ: {
        /* A problem document that carries the whole report. */
        bool rolled_back = job->status == IMPORT_ROLLED_BACK;
        json_t *problem = json_pack(
            "{s:s, s:s, s:i, s:s, s:s, s:s}", "type", "about:blank", "title",
            rolled_back ? "Rows were rejected" : "The file could not be read", "status", 422,
            "detail",
            rolled_back ? "Rows were rejected and strict=true was asked for, so nothing was "
                          "imported. The report lists every problem."
                        : (error ? error : "The file could not be read; nothing was imported."),
            "instance", req->path, "request_id", req->id);
        json_object_update(problem, report);
        json_decref(report);
        char *text = json_dumps(problem, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(problem);
        reply_raw(req, 422, "application/problem+json", text, strlen(text));
        free(text);
        return;
    }
    case IMPORT_REFUSED: {
        char *message = xstrdup(error ? error : "The import was refused.");
        json_decref(report);
        json_t *errors = json_pack("[{s:s, s:s}]", "field", "area", "message", message);
        reply_invalid(req, 422, message, errors);
        free(message);
        return;
    }
    case IMPORT_FAILED:
    default:
        json_decref(report);
        /* The message may quote the file's contents, so it is not logged. */
        log_warning("[%s] import failed in the database; nothing was imported", req->id);
        reply_add_header(req, "Retry-After", "5");
        reply_problem(req, 503, "Service unavailable",
                      "The import could not be completed because of a database problem; "
                      "nothing was imported. Try again shortly.");
        return;
    }
}

static void job_done(evutil_socket_t fd, short what, void *arg)
{
    struct import_job *job = arg;
    pthread_join(job->thread, NULL);
    unlink_job(job);
    reply_report(job);
    job_free(job);
}

/* ---- On the worker thread: importing ---- */

static void *job_main(void *arg)
{
    struct import_job *job = arg;
    struct import_report report;
    report_init(&report, job->kind == JOB_POPULATION ? "population"
                         : job->kind == JOB_SSDA903  ? "ssda903"
                                                     : "cin_census");
    if (job->area) {
        report.area = xstrdup(job->area);
        for (char *p = report.area; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
    }
    const char *keywords[] = {"dbname", "application_name", NULL};
    const char *values[] = {job->conninfo, "fgcd-import", NULL};
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    enum import_status status = IMPORT_FAILED;
    pthread_mutex_lock(&lock);
    bool go = !stopping && PQstatus(conn) == CONNECTION_OK;
    if (go)
        job->cancel = PQgetCancel(conn);
    pthread_mutex_unlock(&lock);
    if (!go) {
        report_fail(&report, "The database is unavailable.");
    } else {
        PQsetNoticeProcessor(conn, NULL, NULL);
        struct import_options opts = {job->area, job->strict, job->year, job->ctx};
        struct import_input in = {job->data_name, NULL, job->data, job->len};
        if (job->kind == JOB_POPULATION) {
            status = import_population(conn, &in, &opts, &report);
        } else if (job->kind == JOB_CIN) {
            status = import_cin_census(conn, &in, &opts, &report);
        } else {
            struct import_input header = {job->header_name, NULL, job->header, job->header_len};
            status = import_ssda903(conn, &header, &in, &opts, &report);
        }
    }
    pthread_mutex_lock(&lock);
    if (job->cancel)
        PQfreeCancel(job->cancel);
    job->cancel = NULL;
    pthread_mutex_unlock(&lock);
    PQfinish(conn);

    job->status = status;
    job->run_id = report.run_id;
    job->report = report_json(&report, 10000);
    report_free(&report);

    pthread_mutex_lock(&lock);
    job->finished = true;
    if (!stopping) {
        /* If this fails the loop is gone, and api_imports_shutdown answers the request. */
        struct timeval now = {0, 0};
        event_base_once(job->base, -1, EV_TIMEOUT, job_done, job, &now);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

/* ---- On the event loop: starting ---- */

static char *ctx_of(struct request *req)
{
    json_t *ctx =
        json_pack("{s:I, s:s, s:s, s:s}", "user_id", (json_int_t)req->user.id, "username",
                  req->user.username, "role", role_name(req->user.role), "request_id", req->id);
    json_object_set_new(ctx, "team_id",
                        req->user.team_id ? json_integer(req->user.team_id) : json_null());
    char *text = json_dumps(ctx, JSON_COMPACT);
    json_decref(ctx);
    return text;
}

static bool content_type_is(struct request *req, const char *const *types)
{
    const char *type = request_header(req, "Content-Type");
    if (!type)
        return false;
    for (; *types; types++) {
        size_t n = strlen(*types);
        if (strncasecmp(type, *types, n) == 0 && (type[n] == '\0' || type[n] == ';'))
            return true;
    }
    return false;
}

static const struct field_spec population_query[] = {{"strict", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
                                                     {NULL}};
static const struct field_spec return_query[] = {
    {"area", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "?*"},
    {"strict", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"year", FT_INT, 0, 1972, 2100, NULL, NULL, NULL},
    {NULL}};

/* Checks the query and the media type, and sets up a job holding a copy of the body. */
static struct import_job *job_new(struct request *req, enum job_kind kind, const char *const *types,
                                  const char *type_hint)
{
    json_t *errors = json_array();
    json_t *q = validate_query(&req->query,
                               kind == JOB_POPULATION ? population_query : return_query, errors);
    if (q && kind != JOB_POPULATION && !json_object_get(q, "area")) {
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "area", "message",
                                                "Give the local authority the return belongs to, "
                                                "for example area=E08000035."));
        json_decref(q);
        q = NULL;
    }
    if (!q) {
        reply_invalid(req, 422, "Correct the query parameters listed in errors and try again.",
                      errors);
        return NULL;
    }
    json_decref(errors);
    if (!content_type_is(req, types)) {
        json_decref(q);
        reply_problem(req, 415, "Unsupported media type", type_hint);
        return NULL;
    }
    struct evbuffer *in = evhttp_request_get_input_buffer(req->ev);
    size_t len = evbuffer_get_length(in);
    if (len == 0) {
        json_decref(q);
        reply_problem(req, 422, "Your request has errors", "The body is empty: send the file.");
        return NULL;
    }
    if (nrunning >= MAX_RUNNING) {
        json_decref(q);
        reply_add_header(req, "Retry-After", "10");
        reply_problem(req, 503, "Service unavailable",
                      "Other imports are running. Try again shortly, or use fgcd import on the "
                      "server for large files.");
        return NULL;
    }
    struct import_job *job = xcalloc(1, sizeof *job);
    job->req = req;
    job->base = req->srv->base;
    job->kind = kind;
    job->len = len;
    job->data = xmalloc(len + 1);
    evbuffer_copyout(in, job->data, len);
    job->data[len] = '\0';
    const char *area = json_string_value(json_object_get(q, "area"));
    job->area = area ? xstrdup(area) : NULL;
    job->strict = json_is_true(json_object_get(q, "strict"));
    job->year = (int)json_integer_value(json_object_get(q, "year"));
    json_decref(q);
    job->ctx = ctx_of(req);
    job->conninfo = xstrdup(settings.database_url ? settings.database_url : "");
    return job;
}

static void job_start(struct import_job *job)
{
    struct request *req = job->req;
    if (pthread_create(&job->thread, NULL, job_main, job) != 0) {
        job_free(job);
        reply_add_header(req, "Retry-After", "10");
        reply_problem(req, 503, "Service unavailable",
                      "The import could not be started. Try again shortly.");
        return;
    }
    job->next = running;
    running = job;
    nrunning++;
}

void api_import_population(struct request *req)
{
    static const char *const types[] = {"text/csv", "application/csv", NULL};
    struct import_job *job = job_new(req, JOB_POPULATION, types,
                                     "Send the population file as CSV with the header "
                                     "Content-Type: text/csv.");
    if (!job)
        return;
    job->data_name = xstrdup("population.csv");
    job_start(job);
}

void api_import_cin_census(struct request *req)
{
    static const char *const types[] = {"application/xml", "text/xml", NULL};
    struct import_job *job = job_new(req, JOB_CIN, types,
                                     "Send the CIN census file as XML with the header "
                                     "Content-Type: application/xml.");
    if (!job)
        return;
    job->data_name = xstrdup("cin_census.xml");
    job_start(job);
}

/* Takes a string member out of the body: NULL (after adding to errors) when it is not one. */
static char *member(json_t *body, const char *key, bool required, size_t *len, json_t *errors)
{
    json_t *v = json_object_get(body, key);
    if (!v && !required)
        return NULL;
    if (!json_is_string(v) || json_string_length(v) == 0) {
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field", key, "message",
                                                required ? "Give the file's contents as a string."
                                                         : "Give a file name as a string."));
        return NULL;
    }
    if (len)
        *len = json_string_length(v);
    char *copy = xmalloc(json_string_length(v) + 1);
    memcpy(copy, json_string_value(v), json_string_length(v) + 1);
    return copy;
}

void api_import_ssda903(struct request *req)
{
    static const char *const types[] = {"application/json", NULL};
    struct import_job *job = job_new(req, JOB_SSDA903, types,
                                     "Send {\"header_csv\": \"...\", \"episodes_csv\": \"...\"} "
                                     "with the header Content-Type: application/json.");
    if (!job)
        return;
    json_error_t err;
    json_t *body = json_loadb(job->data, job->len, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(body)) {
        char detail[400];
        snprintf(detail, sizeof detail,
                 body ? "The body must be a JSON object with header_csv and episodes_csv."
                      : "The body is not valid JSON: %s (line %d, column %d).",
                 err.text, err.line, err.column);
        json_decref(body);
        job_free(job);
        reply_problem(req, body ? 422 : 400, body ? "Your request has errors" : "Malformed JSON",
                      detail);
        return;
    }
    json_t *errors = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        if (strcmp(key, "header_csv") && strcmp(key, "episodes_csv") &&
            strcmp(key, "header_name") && strcmp(key, "episodes_name"))
            json_array_append_new(errors, json_pack("{s:s, s:s}", "field", key, "message",
                                                    "This field is not accepted."));
    }
    size_t header_len = 0, episodes_len = 0;
    char *header = member(body, "header_csv", true, &header_len, errors);
    char *episodes = member(body, "episodes_csv", true, &episodes_len, errors);
    char *header_name = member(body, "header_name", false, NULL, errors);
    char *episodes_name = member(body, "episodes_name", false, NULL, errors);
    json_decref(body);
    if (json_array_size(errors) > 0) {
        free(header);
        free(episodes);
        free(header_name);
        free(episodes_name);
        job_free(job);
        reply_invalid(req, 422, "Correct the fields listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    free(job->data);
    job->data = episodes;
    job->len = episodes_len;
    job->header = header;
    job->header_len = header_len;
    job->header_name = header_name ? header_name : xstrdup("header.csv");
    job->data_name = episodes_name ? episodes_name : xstrdup("episodes.csv");
    job_start(job);
}

void api_imports_shutdown(void)
{
    /* Cancel whatever statement each import is running, until every thread has finished. */
    for (;;) {
        bool all_finished = true;
        pthread_mutex_lock(&lock);
        stopping = true;
        for (struct import_job *job = running; job; job = job->next) {
            if (job->finished)
                continue;
            all_finished = false;
            if (job->cancel) {
                char errbuf[256];
                PQcancel(job->cancel, errbuf, sizeof errbuf);
            }
        }
        pthread_mutex_unlock(&lock);
        if (all_finished)
            break;
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    while (running) {
        struct import_job *job = running;
        pthread_join(job->thread, NULL);
        running = job->next;
        nrunning--;
        /* Finished, or cancelled (then it failed and nothing was kept): say which. */
        reply_report(job);
        job_free(job);
    }
}
