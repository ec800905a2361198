/* The generic endpoint: validate input, call api.dispatch in PostgreSQL, answer with its result. */
#ifndef FGCD_API_CALL_H
#define FGCD_API_CALL_H

#include "request.h"

#include <libpq-fe.h>

/* Handles a route that has no bespoke handler (most of them). */
void api_route(struct request *req);

/* Calls api.<fn>(ctx, args) through api.dispatch and answers the request; args is stolen. */
void api_call(struct request *req, const char *fn, json_t *args);

/*
 * As api_call, and before a successful reply finish(body, arg) may add to the body. finish
 * is then called once more with body NULL, on every outcome, so arg can be released.
 */
typedef void (*api_finish)(json_t *body, void *arg);
void api_call_ex(struct request *req, const char *fn, json_t *args, api_finish finish, void *arg);

/* The caller's ctx for SQL: user id, username, role, team, request id. */
json_t *api_ctx_base(struct request *req);

/* Adds the path parameters to args: names ending in "id" as numbers, others as text. */
void api_add_path_params(struct request *req, json_t *args);

/* Reads the body as a JSON object; answers the request and returns NULL if it is not one. */
json_t *api_read_body(struct request *req, bool optional);

/* Maps a PostgreSQL error to an HTTP problem and answers the request. */
void api_reply_sql_error(struct request *req, const PGresult *res);

#endif
