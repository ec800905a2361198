/* One HTTP request in flight: its id, parsed parts, the caller, and the ways to answer it. */
#ifndef FGCD_REQUEST_H
#define FGCD_REQUEST_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>

#include "roles.h"

struct route;
struct server;

#define REQUEST_MAX_PARAMS 4

struct auth_user {
    long long id;
    char username[65];
    enum role role;
    long long team_id; /* 0 when the user has no team */
};

struct request {
    struct evhttp_request *ev;
    struct server *srv;
    char id[17];
    enum evhttp_cmd_type method;
    char *path;             /* decoded path, without the query string */
    struct evkeyvalq query; /* decoded query parameters */
    const struct route *route;
    const char *param_names[REQUEST_MAX_PARAMS];
    char *params[REQUEST_MAX_PARAMS];
    int nparams;
    json_t *body; /* parsed JSON body of POST/PUT/PATCH, or NULL */
    struct auth_user user;
    bool authenticated;
    char session_hash[65]; /* set when signed in with a browser session cookie */
    char csrf_token[64];
    long long started_ms;
    int status;                  /* status of the reply once sent */
    struct reply_stream *stream; /* set while a streamed reply is being sent */
};

/* Creates the request context; returns NULL after replying when the URI is malformed. */
struct request *request_new(struct server *srv, struct evhttp_request *ev);

const char *request_header(struct request *req, const char *name);
const char *request_query(struct request *req, const char *name);
const char *request_method_name(enum evhttp_cmd_type method);

void reply_add_header(struct request *req, const char *name, const char *value);

/* Each of these answers the request and frees req: call exactly one of them, once. */
void reply_json(struct request *req, int status, json_t *body);
void reply_raw(struct request *req, int status, const char *content_type, const void *data,
               size_t len);
void reply_problem(struct request *req, int status, const char *title, const char *detail);
/* As reply_raw, with the body in buf (drained by the call; the caller frees buf). */
void reply_buffer(struct request *req, int status, const char *content_type, struct evbuffer *buf);
/* A 422 (or 400) with a list of {"field", "message"}; errors is stolen. */
void reply_invalid(struct request *req, int status, const char *detail, json_t *errors);

/*
 * Streamed replies, for bodies too large to build in memory (extracts). Begin sends the
 * status and headers; write adds data and returns false when the client is slow or gone,
 * after which the producer should wait for the drain callback (called once the output has
 * been written, or at once if the client has gone). end finishes and frees req.
 */
void reply_stream_begin(struct request *req, int status, const char *content_type);
bool reply_stream_write(struct request *req, const void *data, size_t len);
void reply_stream_on_drain(struct request *req, void (*cb)(void *arg), void *arg);
bool reply_stream_client_gone(const struct request *req);
void reply_stream_end(struct request *req);
/* Ends a streamed reply that failed part-way: the connection is closed without the final
 * chunk, so the client sees an incomplete transfer rather than a short file. Frees req. */
void reply_stream_abort(struct request *req);

#endif
