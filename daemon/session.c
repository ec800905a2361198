/* Sessions for the web app: argon2id sign-in off the event loop, cookies, CSRF tokens. */
#include "session.h"
#include "api_call.h"
#include "auth.h"
#include "config.h"
#include "log.h"
#include "password.h"
#include "routes.h"
#include "server.h"
#include "util.h"
#include "worker.h"

#include <event2/http.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const unavailable = "The database is unavailable. Try again shortly.";

const char *session_cookie(struct request *req)
{
    static char value[128];
    const char *cookies = request_header(req, "Cookie");
    if (!cookies)
        return NULL;
    size_t name_len = strlen(SESSION_COOKIE);
    for (const char *p = cookies; *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > name_len && strncmp(p, SESSION_COOKIE "=", name_len + 1) == 0) {
            size_t vlen = len - name_len - 1;
            if (vlen == 0 || vlen >= sizeof value)
                return NULL;
            memcpy(value, p + name_len + 1, vlen);
            value[vlen] = '\0';
            return value;
        }
        p += len;
    }
    return NULL;
}

static char *random_token(void)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return xstrdup(out);
}

static bool is_change(enum evhttp_cmd_type method)
{
    return method == EVHTTP_REQ_POST || method == EVHTTP_REQ_PUT || method == EVHTTP_REQ_PATCH ||
           method == EVHTTP_REQ_DELETE;
}

static bool secure_cookie(struct request *req)
{
    const char *proto = request_header(req, "X-Forwarded-Proto");
    return settings.cookie_secure || (proto && strcasecmp(proto, "https") == 0);
}

static void set_cookie(struct request *req, const char *value, bool clear)
{
    char *cookie = xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", SESSION_COOKIE,
                             clear ? "" : value, clear ? "; Max-Age=0" : "",
                             secure_cookie(req) ? "; Secure" : "");
    reply_add_header(req, "Set-Cookie", cookie);
    free(cookie);
}

/* --- Looking up a session for a request ------------------------------------------------ */

struct lookup {
    struct request *req;
    void (*next)(struct request *req);
};

static void lookup_done(const struct db_reply *reply, void *arg)
{
    struct lookup *l = arg;
    struct request *req = l->req;
    void (*next)(struct request *) = l->next;
    free(l);
    if (reply->outcome == DB_UNAVAILABLE) {
        reply_problem(req, 503, "Service unavailable", unavailable);
        return;
    }
    json_t *result = reply->outcome == DB_OK && PQntuples(reply->res) == 1
                         ? json_loads(PQgetvalue(reply->res, 0, 0), 0, NULL)
                         : NULL;
    json_t *body = json_object_get(result, "body");
    json_t *user = json_object_get(body, "user");
    const char *csrf = json_string_value(json_object_get(body, "csrf_token"));
    if (!json_is_object(user) || !csrf) {
        json_decref(result);
        set_cookie(req, NULL, true);
        auth_unauthorised(req, "Your session has ended. Sign in again.");
        return;
    }
    req->user.id = json_integer_value(json_object_get(user, "id"));
    const char *username = json_string_value(json_object_get(user, "username"));
    const char *role = json_string_value(json_object_get(user, "role"));
    snprintf(req->user.username, sizeof req->user.username, "%s", username ? username : "");
    req->user.role = role ? role_from_name(role) : ROLE_NONE;
    req->user.team_id = json_integer_value(json_object_get(user, "team_id"));
    snprintf(req->csrf_token, sizeof req->csrf_token, "%s", csrf);
    json_decref(result);

    if (is_change(req->method)) {
        const char *sent = request_header(req, "X-CSRF-Token");
        size_t len = strlen(req->csrf_token);
        if (!sent || strlen(sent) != len || sodium_memcmp(sent, req->csrf_token, len) != 0) {
            req->authenticated = true;
            reply_problem(req, 403, "Forbidden",
                          "This change did not come from a page of this service, or the page "
                          "has expired. Reload the page and try again.");
            return;
        }
    }
    auth_authorise(req, next);
}

void session_authenticate(struct request *req, void (*next)(struct request *req))
{
    char hash[65];
    token_hash_hex(session_cookie(req), hash);
    memcpy(req->session_hash, hash, sizeof hash);
    struct lookup *l = xcalloc(1, sizeof *l);
    l->req = req;
    l->next = next;
    char *args = xasprintf("{\"session_hash\":\"%s\",\"idle_minutes\":%ld}", hash,
                           settings.session_idle_minutes);
    const char *params[] = {args};
    int rc = db_pool_query(req->srv->db, "SELECT api.session_lookup('{}'::jsonb, $1::jsonb)", 1,
                           params, lookup_done, l);
    free(args);
    if (rc != 0) {
        free(l);
        reply_problem(req, 503, "Service unavailable", unavailable);
    }
}

/* --- Signing in ------------------------------------------------------------------------ */

struct sign_in {
    struct request *req;
    char *username;
    char *password;
    char *cookie; /* the new session's cookie value, once verified */
    char *hash;   /* stored argon2id hash, or NULL for an unknown user */
    long long user_id;
    bool verified;
    char remote[64];
};

static void sign_in_free(struct sign_in *s)
{
    if (s->password) {
        sodium_memzero(s->password, strlen(s->password));
        free(s->password);
    }
    free(s->username);
    free(s->cookie);
    free(s->hash);
    free(s);
}

static char *anonymous_ctx(struct request *req)
{
    return xasprintf("{\"user_id\":null,\"username\":null,\"role\":null,\"request_id\":\"%s\"}",
                     req->id);
}

static json_t *result_body(const struct db_reply *reply, json_t **result)
{
    *result = reply->outcome == DB_OK && PQntuples(reply->res) == 1
                  ? json_loads(PQgetvalue(reply->res, 0, 0), 0, NULL)
                  : NULL;
    return json_object_get(*result, "body");
}

static void finish_done(const struct db_reply *reply, void *arg)
{
    struct sign_in *s = arg;
    struct request *req = s->req;
    json_t *result;
    json_t *body = result_body(reply, &result);
    if (reply->outcome == DB_UNAVAILABLE) {
        reply_problem(req, 503, "Service unavailable", unavailable);
    } else if (reply->outcome == DB_SQL_ERROR) {
        api_reply_sql_error(req, reply->res);
    } else if (!json_is_true(json_object_get(body, "signed_in"))) {
        log_msg(LOG_INFO, req->id, "sign-in refused");
        reply_problem(req, 401, "Sign-in failed",
                      "The username or password is not right. Check them and try again.");
    } else {
        set_cookie(req, s->cookie, false);
        json_object_del(body, "signed_in");
        reply_json(req, 200, json_incref(body));
    }
    json_decref(result);
    sign_in_free(s);
}

/* Back on the loop: record the attempt, and open a session if the password was right. */
static void sign_in_verified(void *arg)
{
    struct sign_in *s = arg;
    struct request *req = s->req;
    sodium_memzero(s->password, strlen(s->password));
    free(s->password);
    s->password = NULL;
    s->cookie = random_token();
    char *csrf = random_token();
    char session_hash[65];
    token_hash_hex(s->cookie, session_hash);
    json_t *args = json_pack("{s:s, s:b, s:I, s:s, s:s, s:I}", "username", s->username, "succeeded",
                             s->verified, "user_id", (json_int_t)s->user_id, "session_hash",
                             session_hash, "csrf_token", csrf, "absolute_hours",
                             (json_int_t)settings.session_absolute_hours);
    json_object_set_new(args, "remote_address", *s->remote ? json_string(s->remote) : json_null());
    free(csrf);
    char *args_text = json_dumps(args, JSON_COMPACT);
    json_decref(args);
    char *ctx = anonymous_ctx(req);
    const char *params[] = {"sign_in_finish", ctx, args_text};
    int rc = db_pool_query(req->srv->db, "SELECT api.dispatch($1, $2::jsonb, $3::jsonb)", 3, params,
                           finish_done, s);
    free(ctx);
    free(args_text);
    if (rc != 0) {
        sign_in_free(s);
        reply_problem(req, 503, "Service unavailable", unavailable);
    }
}

/* On a worker thread: the slow part. */
static void sign_in_verify(void *arg)
{
    struct sign_in *s = arg;
    s->verified = password_verify(s->password, s->hash) && s->hash;
}

static void begin_done(const struct db_reply *reply, void *arg)
{
    struct sign_in *s = arg;
    struct request *req = s->req;
    json_t *result;
    json_t *body = result_body(reply, &result);
    if (reply->outcome != DB_OK || !json_is_object(body)) {
        json_decref(result);
        sign_in_free(s);
        if (reply->outcome == DB_SQL_ERROR)
            api_reply_sql_error(req, reply->res);
        else
            reply_problem(req, 503, "Service unavailable", unavailable);
        return;
    }
    if (json_is_true(json_object_get(body, "locked"))) {
        char retry[24];
        snprintf(retry, sizeof retry, "%lld",
                 (long long)json_integer_value(json_object_get(body, "retry_after_seconds")));
        json_decref(result);
        sign_in_free(s);
        reply_add_header(req, "Retry-After", retry);
        reply_problem(req, 429, "Too many attempts",
                      "There have been too many attempts to sign in. Wait 15 minutes, then try "
                      "again.");
        return;
    }
    s->user_id = json_integer_value(json_object_get(body, "user_id"));
    const char *hash = json_string_value(json_object_get(body, "password_hash"));
    s->hash = hash ? xstrdup(hash) : NULL;
    json_decref(result);
    if (worker_run(req->srv->workers, sign_in_verify, sign_in_verified, s) != 0) {
        sign_in_free(s);
        reply_problem(req, 503, "Service unavailable", "Sign-in is unavailable. Try again.");
    }
}

static const struct field_spec sign_in_fields[] = {
    {"username", FT_STRING, F_REQUIRED, 0, 64, NULL, NULL, NULL},
    {"password", FT_STRING, F_REQUIRED, 0, PASSWORD_MAX_LENGTH, NULL, NULL, NULL},
    {NULL}};

void api_sign_in(struct request *req)
{
    json_t *body = api_read_body(req, false);
    if (!body)
        return;
    json_t *errors = json_array();
    if (validate_object(body, sign_in_fields, VALIDATE_CREATE, NULL, errors) > 0) {
        json_decref(body);
        reply_invalid(req, 422, "Enter your username and password.", errors);
        return;
    }
    json_decref(errors);
    struct sign_in *s = xcalloc(1, sizeof *s);
    s->req = req;
    s->username = xstrdup(json_string_value(json_object_get(body, "username")));
    s->password = xstrdup(json_string_value(json_object_get(body, "password")));
    json_decref(body);
    struct evhttp_connection *conn = evhttp_request_get_connection(req->ev);
    if (conn) {
        char *addr = NULL;
        ev_uint16_t port;
        evhttp_connection_get_peer(conn, &addr, &port);
        if (addr)
            snprintf(s->remote, sizeof s->remote, "%s", addr);
    }
    json_t *args = json_pack("{s:s, s:I, s:I}", "username", s->username, "max_failures",
                             (json_int_t)settings.sign_in_max_failures, "lockout_minutes",
                             (json_int_t)settings.sign_in_lockout_minutes);
    json_object_set_new(args, "remote_address", *s->remote ? json_string(s->remote) : json_null());
    char *args_text = json_dumps(args, JSON_COMPACT);
    json_decref(args);
    char *ctx = anonymous_ctx(req);
    const char *params[] = {"sign_in_begin", ctx, args_text};
    int rc = db_pool_query(req->srv->db, "SELECT api.dispatch($1, $2::jsonb, $3::jsonb)", 3, params,
                           begin_done, s);
    free(ctx);
    free(args_text);
    if (rc != 0) {
        sign_in_free(s);
        reply_problem(req, 503, "Service unavailable", unavailable);
    }
}

/* --- The session itself ---------------------------------------------------------------- */

void api_session(struct request *req)
{
    if (!*req->session_hash) {
        reply_problem(req, 401, "Sign-in required", "You are using an API token, not a session.");
        return;
    }
    json_t *body = json_pack("{s:{s:I, s:s, s:s}, s:s}", "user", "id", (json_int_t)req->user.id,
                             "username", req->user.username, "role", role_name(req->user.role),
                             "csrf_token", req->csrf_token);
    json_object_set_new(json_object_get(body, "user"), "team_id",
                        req->user.team_id ? json_integer(req->user.team_id) : json_null());
    reply_json(req, 200, body);
}

static void sign_out_done(const struct db_reply *reply, void *arg)
{
    struct request *req = arg;
    if (reply->outcome != DB_OK) {
        reply_problem(req, 503, "Service unavailable", unavailable);
        return;
    }
    set_cookie(req, NULL, true);
    reply_raw(req, 204, "application/json", "", 0);
}

void api_sign_out(struct request *req)
{
    if (!*req->session_hash) {
        reply_problem(req, 400, "Bad request", "Only a browser session can be signed out.");
        return;
    }
    char *args = xasprintf("{\"session_hash\":\"%s\"}", req->session_hash);
    char *ctx = anonymous_ctx(req);
    const char *params[] = {"session_end", ctx, args};
    int rc = db_pool_query(req->srv->db, "SELECT api.dispatch($1, $2::jsonb, $3::jsonb)", 3, params,
                           sign_out_done, req);
    free(ctx);
    free(args);
    if (rc != 0)
        reply_problem(req, 503, "Service unavailable", unavailable);
}
