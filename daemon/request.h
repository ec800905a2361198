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
    long long started_ms;
    int status; /* status of the reply once sent */
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
/* A 422 (or 400) with a list of {"field", "message"}; errors is stolen. */
void reply_invalid(struct request *req, int status, const char *detail, json_t *errors);

#endif
