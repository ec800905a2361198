/* Request lifecycle: parsing the URI, answering in JSON or problem+json, the access log. */
#include "request.h"
#include "log.h"
#include "server.h"
#include "util.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>
#include <sys/queue.h>
#include <stdlib.h>
#include <string.h>

const char *request_method_name(enum evhttp_cmd_type method)
{
    switch (method) {
    case EVHTTP_REQ_GET:
        return "GET";
    case EVHTTP_REQ_POST:
        return "POST";
    case EVHTTP_REQ_PUT:
        return "PUT";
    case EVHTTP_REQ_PATCH:
        return "PATCH";
    case EVHTTP_REQ_DELETE:
        return "DELETE";
    case EVHTTP_REQ_HEAD:
        return "HEAD";
    case EVHTTP_REQ_OPTIONS:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

static const char *status_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

/* Output is sent in chunks of this size; beyond the high-water mark the producer waits. */
#define STREAM_CHUNK_BYTES (32 * 1024)
#define STREAM_HIGH_WATER_BYTES (256 * 1024)

struct reply_stream {
    struct evbuffer *pending; /* not yet handed to evhttp */
    struct evhttp_connection *conn;
    bool gone;
    void (*drain_cb)(void *arg);
    void *drain_arg;
    size_t bytes;
};

static void request_free(struct request *req)
{
    evhttp_clear_headers(&req->query);
    for (int i = 0; i < req->nparams; i++)
        free(req->params[i]);
    json_decref(req->body);
    free(req->path);
    free(req);
}

struct request *request_new(struct server *srv, struct evhttp_request *ev)
{
    struct request *req = xcalloc(1, sizeof *req);
    req->ev = ev;
    req->srv = srv;
    req->method = evhttp_request_get_command(ev);
    req->started_ms = now_ms();
    TAILQ_INIT(&req->query);
    unsigned char raw[8];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(req->id, sizeof req->id, raw, sizeof raw);
    srv->in_flight++;

    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    size_t len = 0;
    req->path = path ? evhttp_uridecode(path, 0, &len) : NULL;
    if (!req->path || strlen(req->path) != len || req->path[0] != '/') {
        if (!req->path)
            req->path = xstrdup("?");
        reply_problem(req, 400, "Bad request", "The request path is not a valid URL path.");
        return NULL;
    }
    const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
    if (query && evhttp_parse_query_str(query, &req->query) != 0) {
        reply_problem(req, 400, "Bad request", "The query string could not be decoded.");
        return NULL;
    }
    return req;
}

const char *request_header(struct request *req, const char *name)
{
    return evhttp_find_header(evhttp_request_get_input_headers(req->ev), name);
}

const char *request_query(struct request *req, const char *name)
{
    return evhttp_find_header(&req->query, name);
}

void reply_add_header(struct request *req, const char *name, const char *value)
{
    evhttp_add_header(evhttp_request_get_output_headers(req->ev), name, value);
}

void reply_raw(struct request *req, int status, const char *content_type, const void *data,
               size_t len)
{
    struct evbuffer *buf = evbuffer_new();
    if (req->method != EVHTTP_REQ_HEAD && len)
        evbuffer_add(buf, data, len);
    reply_buffer(req, status, content_type, buf);
    evbuffer_free(buf);
}

void reply_buffer(struct request *req, int status, const char *content_type, struct evbuffer *buf)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(req->ev);
    evhttp_remove_header(out, "Content-Type");
    evhttp_add_header(out, "Content-Type", content_type);
    evhttp_add_header(out, "X-Request-Id", req->id);
    evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
    if (!evhttp_find_header(out, "Cache-Control"))
        evhttp_add_header(out, "Cache-Control", "no-store");
    if (req->srv->shutting_down)
        evhttp_add_header(out, "Connection", "close");

    req->status = status;
    server_reply_starting(req->srv, req->ev);
    /* On a request whose client has gone, evhttp frees it here without sending. */
    evhttp_send_reply(req->ev, status, status_reason(status), buf);

    log_msg(status >= 500 ? LOG_WARNING : LOG_INFO, req->id, "%s %s %d %lldms user=%lld",
            request_method_name(req->method), req->path, status, now_ms() - req->started_ms,
            req->authenticated ? req->user.id : 0LL);
    struct server *srv = req->srv;
    request_free(req);
    server_request_done(srv);
}

void reply_json(struct request *req, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(body);
    if (!text && body) {
        reply_problem(req, 500, "Internal error", "The response could not be encoded.");
        return;
    }
    if (text) {
        size_t n = strlen(text);
        char *withnl = xmalloc(n + 2);
        memcpy(withnl, text, n);
        withnl[n] = '\n';
        reply_raw(req, status, "application/json", withnl, n + 1);
        free(withnl);
        free(text);
    } else {
        reply_raw(req, status, "application/json", "", 0);
    }
}

static json_t *problem_new(struct request *req, int status, const char *title, const char *detail)
{
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", "about:blank", "title", title,
                     "status", status, "detail", detail, "instance", req->path, "request_id",
                     req->id);
}

static void reply_problem_json(struct request *req, int status, json_t *problem)
{
    char *text = json_dumps(problem, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(problem);
    reply_raw(req, status, "application/problem+json", text, strlen(text));
    free(text);
}

void reply_problem(struct request *req, int status, const char *title, const char *detail)
{
    reply_problem_json(req, status, problem_new(req, status, title, detail));
}

void reply_invalid(struct request *req, int status, const char *detail, json_t *errors)
{
    json_t *p = problem_new(req, status, "Your request has errors", detail);
    json_object_set_new(p, "errors", errors);
    reply_problem_json(req, status, p);
}

static void stream_drained(struct request *req)
{
    struct reply_stream *st = req->stream;
    if (!st->drain_cb)
        return;
    void (*cb)(void *) = st->drain_cb;
    st->drain_cb = NULL;
    cb(st->drain_arg);
}

/* evhttp calls this when everything handed to it so far has been written. */
static void stream_written(struct evhttp_connection *conn, void *arg)
{
    stream_drained(arg);
}

static void stream_closed(struct evhttp_connection *conn, void *arg)
{
    struct request *req = arg;
    req->stream->gone = true;
    req->stream->conn = NULL;
    stream_drained(req);
}

bool reply_stream_client_gone(const struct request *req)
{
    return req->stream->gone || !evhttp_request_get_connection(req->ev);
}

void reply_stream_begin(struct request *req, int status, const char *content_type)
{
    struct reply_stream *st = xcalloc(1, sizeof *st);
    st->pending = evbuffer_new();
    req->stream = st;
    req->status = status;
    struct evkeyvalq *out = evhttp_request_get_output_headers(req->ev);
    evhttp_remove_header(out, "Content-Type");
    evhttp_add_header(out, "Content-Type", content_type);
    evhttp_add_header(out, "X-Request-Id", req->id);
    evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(out, "Cache-Control", "no-store");
    st->conn = evhttp_request_get_connection(req->ev);
    if (!st->conn) {
        st->gone = true;
        return;
    }
    evhttp_connection_set_closecb(st->conn, stream_closed, req);
    evhttp_send_reply_start(req->ev, status, status_reason(status));
}

static size_t stream_backlog(struct reply_stream *st)
{
    struct bufferevent *bev = st->conn ? evhttp_connection_get_bufferevent(st->conn) : NULL;
    return bev ? evbuffer_get_length(bufferevent_get_output(bev)) : 0;
}

static void stream_flush(struct request *req)
{
    struct reply_stream *st = req->stream;
    if (evbuffer_get_length(st->pending) == 0 || reply_stream_client_gone(req)) {
        evbuffer_drain(st->pending, evbuffer_get_length(st->pending));
        return;
    }
    st->bytes += evbuffer_get_length(st->pending);
    evhttp_send_reply_chunk_with_cb(req->ev, st->pending, stream_written, req);
}

bool reply_stream_write(struct request *req, const void *data, size_t len)
{
    struct reply_stream *st = req->stream;
    if (reply_stream_client_gone(req))
        return false;
    evbuffer_add(st->pending, data, len);
    if (evbuffer_get_length(st->pending) >= STREAM_CHUNK_BYTES)
        stream_flush(req);
    return stream_backlog(st) < STREAM_HIGH_WATER_BYTES;
}

void reply_stream_on_drain(struct request *req, void (*cb)(void *arg), void *arg)
{
    struct reply_stream *st = req->stream;
    st->drain_cb = cb;
    st->drain_arg = arg;
    if (reply_stream_client_gone(req) || stream_backlog(st) < STREAM_HIGH_WATER_BYTES)
        stream_drained(req);
}

static void stream_finish(struct request *req, bool aborted)
{
    struct reply_stream *st = req->stream;
    if (!aborted)
        stream_flush(req);
    if (st->conn && !st->gone)
        evhttp_connection_set_closecb(st->conn, NULL, NULL);
    bool gone = reply_stream_client_gone(req);
    struct evhttp_connection *conn = gone ? NULL : evhttp_request_get_connection(req->ev);
    if (aborted && conn) {
        evhttp_connection_free(conn); /* frees the request with it */
    } else {
        if (!gone)
            server_reply_starting(req->srv, req->ev);
        /* With the client gone, evhttp frees the request here without writing. */
        evhttp_send_reply_end(req->ev);
    }
    log_msg(aborted ? LOG_WARNING : LOG_INFO, req->id,
            "%s %s %d %lldms user=%lld streamed %zu bytes%s", request_method_name(req->method),
            req->path, req->status, now_ms() - req->started_ms,
            req->authenticated ? req->user.id : 0LL, st->bytes,
            aborted ? " (failed part-way: connection closed)"
            : gone  ? " (client went away)"
                    : "");
    evbuffer_free(st->pending);
    free(st);
    req->stream = NULL;
    struct server *srv = req->srv;
    request_free(req);
    server_request_done(srv);
}

void reply_stream_end(struct request *req)
{
    stream_finish(req, false);
}

void reply_stream_abort(struct request *req)
{
    stream_finish(req, true);
}
