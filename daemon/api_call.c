/* Generic endpoint handling: input checks in C, the work in one SQL statement, then the reply. */
#include "api_call.h"
#include "log.h"
#include "routes.h"
#include "server.h"
#include "util.h"

#include <event2/buffer.h>
#include <sys/queue.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const unavailable = "The database is unavailable. Try again shortly.";

json_t *api_read_body(struct request *req, bool optional)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(req->ev);
    size_t len = evbuffer_get_length(in);
    if (len == 0 && optional)
        return json_object();
    const char *type = request_header(req, "Content-Type");
    if (!type || strncasecmp(type, "application/json", 16) != 0 ||
        (type[16] != '\0' && type[16] != ';')) {
        reply_problem(req, 415, "Unsupported media type",
                      "Send the body as JSON with the header Content-Type: application/json.");
        return NULL;
    }
    json_error_t err;
    const char *data = (const char *)evbuffer_pullup(in, -1);
    json_t *body = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!body) {
        char detail[400];
        snprintf(detail, sizeof detail, "The body is not valid JSON: %s (line %d, column %d).",
                 err.text, err.line, err.column);
        reply_problem(req, 400, "Malformed JSON", detail);
        return NULL;
    }
    if (!json_is_object(body)) {
        json_decref(body);
        reply_problem(req, 422, "Your request has errors",
                      "The body must be a JSON object, for example {\"field\": \"value\"}.");
        return NULL;
    }
    return body;
}

void api_add_path_params(struct request *req, json_t *args)
{
    for (int i = 0; i < req->nparams; i++) {
        const char *name = req->param_names[i];
        size_t len = strcspn(name, "}");
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)len, name);
        bool is_id = len >= 2 && strncmp(name + len - 2, "id", 2) == 0;
        json_object_set_new(args, key,
                            is_id ? json_integer(strtoll(req->params[i], NULL, 10))
                                  : json_string(req->params[i]));
    }
}

/* Extracts the version number from If-Match: "3" or W/"3". */
static bool parse_if_match(const char *header, char out[24])
{
    const char *p = header;
    if (strncmp(p, "W/", 2) == 0)
        p += 2;
    size_t len = strlen(p);
    if (len >= 3 && p[0] == '"' && p[len - 1] == '"') {
        p++;
        len -= 2;
    }
    if (len == 0 || len > 20)
        return false;
    for (size_t i = 0; i < len; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    memcpy(out, p, len);
    out[len] = '\0';
    return true;
}

void api_route(struct request *req)
{
    const struct route *r = req->route;
    json_t *errors = json_array();
    json_t *args = NULL;
    if (req->method == EVHTTP_REQ_GET || req->method == EVHTTP_REQ_HEAD ||
        req->method == EVHTTP_REQ_DELETE) {
        args = validate_query(&req->query, r->query, errors);
    } else {
        if (TAILQ_FIRST(&req->query)) {
            json_decref(errors);
            reply_problem(req, 400, "Bad request", "This request takes no query parameters.");
            return;
        }
        json_t *body = api_read_body(req, (r->flags & ROUTE_NO_BODY) != 0);
        if (!body) {
            json_decref(errors);
            return;
        }
        enum validate_mode mode =
            req->method == EVHTTP_REQ_PATCH ? VALIDATE_PATCH : VALIDATE_CREATE;
        static const struct field_spec nothing[] = {{NULL}};
        if (validate_object(body, r->body ? r->body : nothing, mode, NULL, errors) == 0)
            args = body;
        else
            json_decref(body);
    }
    if (!args) {
        reply_invalid(req, 422, "Correct the fields listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    api_add_path_params(req, args);
    api_call(req, r->fn, args);
}

/* The SHA-256 of what makes two POSTs "the same request" for Idempotency-Key. */
static void request_hash(struct request *req, const json_t *args, char out[65])
{
    char *canonical = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    const char *method = request_method_name(req->method);
    crypto_hash_sha256_update(&st, (const unsigned char *)method, strlen(method));
    crypto_hash_sha256_update(&st, (const unsigned char *)req->path, strlen(req->path) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)canonical, strlen(canonical));
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    free(canonical);
}

json_t *api_ctx_base(struct request *req)
{
    json_t *ctx =
        json_pack("{s:I, s:s, s:s, s:s}", "user_id", (json_int_t)req->user.id, "username",
                  req->user.username, "role", role_name(req->user.role), "request_id", req->id);
    json_object_set_new(ctx, "team_id",
                        req->user.team_id ? json_integer(req->user.team_id) : json_null());
    return ctx;
}

static json_t *build_ctx(struct request *req, const json_t *args, bool *bad)
{
    json_t *ctx = api_ctx_base(req);
    const char *if_match = request_header(req, "If-Match");
    /* Read before any reply below: a reply frees req. */
    const char *key = request_header(req, "Idempotency-Key");
    unsigned flags = req->route ? req->route->flags : 0;
    if ((flags & ROUTE_IF_MATCH) && !if_match) {
        reply_problem(req, 428, "Precondition required",
                      "Send If-Match with the ETag from when you read this record, so "
                      "that nobody else's change is overwritten.");
        *bad = true;
    } else if ((flags & (ROUTE_IF_MATCH | ROUTE_IF_MATCH_OPTIONAL)) && if_match) {
        /* With ROUTE_IF_MATCH_OPTIONAL a missing If-Match is for the SQL to judge. */
        char version[24];
        if (!parse_if_match(if_match, version)) {
            reply_problem(req, 400, "Bad request",
                          "If-Match must be the ETag you received, for example \"3\".");
            *bad = true;
        } else {
            json_object_set_new(ctx, "if_match", json_string(version));
        }
    }
    if (!*bad && key && req->method == EVHTTP_REQ_POST) {
        size_t len = strlen(key);
        if (len == 0 || len > 200) {
            reply_problem(req, 400, "Bad request",
                          "Idempotency-Key must be between 1 and 200 characters.");
            *bad = true;
        } else {
            char hash[65];
            request_hash(req, args, hash);
            json_object_set_new(ctx, "idempotency_key", json_string(key));
            json_object_set_new(ctx, "request_hash", json_string(hash));
        }
    }
    if (*bad) {
        json_decref(ctx);
        return NULL;
    }
    return ctx;
}

static void add_etag(struct request *req, const json_t *etag)
{
    char value[48];
    if (json_is_string(etag))
        snprintf(value, sizeof value, "\"%.40s\"", json_string_value(etag));
    else if (json_is_integer(etag))
        snprintf(value, sizeof value, "\"%lld\"", (long long)json_integer_value(etag));
    else
        return;
    reply_add_header(req, "ETag", value);
}

struct call {
    struct request *req;
    api_finish finish;
    void *arg;
};

static void dispatch_reply(struct call *call, const struct db_reply *reply)
{
    struct request *req = call->req;
    if (reply->outcome == DB_UNAVAILABLE) {
        reply_problem(req, 503, "Service unavailable", unavailable);
        return;
    }
    if (reply->outcome == DB_SQL_ERROR) {
        api_reply_sql_error(req, reply->res);
        return;
    }
    json_t *result =
        PQntuples(reply->res) == 1 ? json_loads(PQgetvalue(reply->res, 0, 0), 0, NULL) : NULL;
    if (!json_is_object(result)) {
        json_decref(result);
        log_error("[%s] api function returned no result object", req->id);
        reply_problem(req, 500, "Internal error", "Something went wrong on our side.");
        return;
    }
    json_int_t status = json_integer_value(json_object_get(result, "status"));
    if (status < 200 || status > 299)
        status = 200;
    add_etag(req, json_object_get(result, "etag"));
    const char *location = json_string_value(json_object_get(result, "location"));
    if (location)
        reply_add_header(req, "Location", location);
    if (json_is_true(json_object_get(result, "replayed")))
        reply_add_header(req, "Idempotent-Replayed", "true");
    json_t *body = json_incref(json_object_get(result, "body"));
    json_decref(result);
    if (status == 204) {
        json_decref(body);
        reply_raw(req, 204, "application/json", "", 0);
        return;
    }
    if (!body)
        body = json_object();
    if (call->finish && json_is_object(body))
        call->finish(body, call->arg);
    reply_json(req, (int)status, body);
}

static void dispatch_done(const struct db_reply *reply, void *arg)
{
    struct call *call = arg;
    dispatch_reply(call, reply);
    if (call->finish)
        call->finish(NULL, call->arg);
    free(call);
}

void api_call(struct request *req, const char *fn, json_t *args)
{
    api_call_ex(req, fn, args, NULL, NULL);
}

void api_call_ex(struct request *req, const char *fn, json_t *args, api_finish finish, void *arg)
{
    bool bad = false;
    json_t *ctx = build_ctx(req, args, &bad);
    if (bad) {
        json_decref(args);
        if (finish)
            finish(NULL, arg);
        return;
    }
    struct call *call = xcalloc(1, sizeof *call);
    call->req = req;
    call->finish = finish;
    call->arg = arg;
    char *ctx_text = json_dumps(ctx, JSON_COMPACT);
    char *args_text = json_dumps(args, JSON_COMPACT);
    json_decref(ctx);
    json_decref(args);
    const char *params[] = {fn, ctx_text, args_text};
    int rc = db_pool_query(req->srv->db, "SELECT api.dispatch($1, $2::jsonb, $3::jsonb)", 3, params,
                           dispatch_done, call);
    free(ctx_text);
    free(args_text);
    if (rc != 0) {
        if (finish)
            finish(NULL, arg);
        free(call);
        reply_problem(req, 503, "Service unavailable", unavailable);
    }
}

void api_reply_sql_error(struct request *req, const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    if (!state)
        state = "XX000";
    if (!message)
        message = "The request could not be completed.";

    if (strncmp(state, "FG", 2) == 0) {
        int status = atoi(state + 2);
        static const struct {
            int status;
            const char *title;
        } titles[] = {{400, "Bad request"},
                      {403, "Forbidden"},
                      {404, "Not found"},
                      {409, "Conflict"},
                      {412, "Precondition failed"},
                      {422, "Your request has errors"},
                      {428, "Precondition required"}};
        for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
            if (titles[i].status != status)
                continue;
            json_t *errors = status == 422 && detail ? json_loads(detail, 0, NULL) : NULL;
            if (json_is_array(errors))
                reply_invalid(req, 422, message, errors);
            else {
                json_decref(errors);
                reply_problem(req, status, titles[i].title, message);
            }
            return;
        }
    }
    const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    if (strcmp(state, "23505") == 0) {
        reply_problem(req, 409, "Conflict", "A record with these details already exists.");
    } else if (strcmp(state, "23503") == 0 || strcmp(state, "23514") == 0 ||
               strcmp(state, "23502") == 0 || strncmp(state, "22", 2) == 0) {
        log_warning("[%s] input refused by the database: %s %s", req->id, state,
                    constraint ? constraint : "");
        reply_problem(req, 422, "Your request has errors",
                      "A value is not acceptable for this record.");
    } else if (strcmp(state, "57014") == 0 || strcmp(state, "40001") == 0 ||
               strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0) {
        reply_add_header(req, "Retry-After", "1");
        reply_problem(req, 503, "Service unavailable",
                      "The database was too busy to finish this request. Try again.");
    } else {
        /* Only the code and constraint are logged: messages can quote personal data. */
        log_error("[%s] database error %s %s", req->id, state, constraint ? constraint : "");
        reply_problem(req, 500, "Internal error", "Something went wrong on our side.");
    }
}
