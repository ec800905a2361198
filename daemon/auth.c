/* Bearer-token authentication; tokens are looked up by hash and cached for a few seconds. */
#include "auth.h"
#include "config.h"
#include "log.h"
#include "routes.h"
#include "session.h"
#include "server.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CACHE_SLOTS 1024

struct cache_entry {
    char hash[65];
    struct auth_user user;
    long long expires_ms;
};

/* Direct-mapped: a collision simply replaces the older entry, so memory stays fixed. */
struct token_cache {
    struct cache_entry slots[CACHE_SLOTS];
};

struct token_cache *token_cache_new(void)
{
    return xcalloc(1, sizeof(struct token_cache));
}

void token_cache_clear(struct token_cache *cache)
{
    memset(cache, 0, sizeof *cache);
}

void token_cache_free(struct token_cache *cache)
{
    free(cache);
}

char *token_generate(void)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return xasprintf("fgc_%s", b64);
}

void token_hash_hex(const char *token, char out[65])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

static struct cache_entry *cache_slot(struct token_cache *cache, const char *hash)
{
    unsigned long h = strtoul((char[]){hash[0], hash[1], hash[2], hash[3], '\0'}, NULL, 16);
    return &cache->slots[h % CACHE_SLOTS];
}

struct auth_pending {
    struct request *req;
    void (*next)(struct request *req);
    char hash[65];
};

void auth_authorise(struct request *req, void (*next)(struct request *req))
{
    req->authenticated = true;
    if (!(req->route->roles & req->user.role)) {
        char detail[160];
        snprintf(detail, sizeof detail, "Your role (%s) does not allow this.",
                 role_name(req->user.role));
        reply_problem(req, 403, "Forbidden", detail);
        return;
    }
    next(req);
}

void auth_unauthorised(struct request *req, const char *detail)
{
    reply_add_header(req, "WWW-Authenticate", "Bearer realm=\"fgcd\"");
    reply_problem(req, 401, "Sign-in required", detail);
}

static void lookup_done(const struct db_reply *reply, void *arg)
{
    struct auth_pending *p = arg;
    struct request *req = p->req;
    if (reply->outcome == DB_UNAVAILABLE) {
        free(p);
        reply_problem(req, 503, "Service unavailable",
                      "The database is unavailable. Try again shortly.");
        return;
    }
    json_t *result = NULL;
    if (reply->outcome == DB_OK && PQntuples(reply->res) == 1)
        result = json_loads(PQgetvalue(reply->res, 0, 0), 0, NULL);
    json_t *body = json_object_get(result, "body");
    json_t *user = json_object_get(body, "user") ? json_object_get(body, "user") : body;
    if (!json_is_object(user)) {
        json_decref(result);
        free(p);
        auth_unauthorised(req, "The API token is not valid, has been revoked or belongs to an "
                               "inactive user.");
        return;
    }
    req->user.id = json_integer_value(json_object_get(user, "id"));
    const char *username = json_string_value(json_object_get(user, "username"));
    const char *role = json_string_value(json_object_get(user, "role"));
    snprintf(req->user.username, sizeof req->user.username, "%s", username ? username : "");
    req->user.role = role ? role_from_name(role) : ROLE_NONE;
    req->user.team_id = json_integer_value(json_object_get(user, "team_id"));
    json_decref(result);

    struct cache_entry *e = cache_slot(req->srv->tokens, p->hash);
    memcpy(e->hash, p->hash, sizeof e->hash);
    e->user = req->user;
    e->expires_ms = now_ms() + settings.token_cache_seconds * 1000;
    void (*next)(struct request *) = p->next;
    free(p);
    auth_authorise(req, next);
}

void auth_request(struct request *req, void (*next)(struct request *req))
{
    const char *header = request_header(req, "Authorization");
    if (!header && session_cookie(req)) {
        session_authenticate(req, next);
        return;
    }
    if (!header) {
        auth_unauthorised(req, "Sign in, or send an API token in the Authorization header: "
                               "Bearer <token>.");
        return;
    }
    if (strncasecmp(header, "Bearer ", 7) != 0 || header[7] == '\0' || strlen(header) > 512) {
        auth_unauthorised(req, "The Authorization header must be: Bearer <token>.");
        return;
    }
    struct auth_pending *p = xcalloc(1, sizeof *p);
    p->req = req;
    p->next = next;
    token_hash_hex(header + 7, p->hash);

    struct cache_entry *e = cache_slot(req->srv->tokens, p->hash);
    if (e->expires_ms > now_ms() && strcmp(e->hash, p->hash) == 0) {
        req->user = e->user;
        free(p);
        auth_authorise(req, next);
        return;
    }
    char *args = xasprintf("{\"token_hash\":\"%s\"}", p->hash);
    const char *params[] = {args};
    int rc = db_pool_query(req->srv->db, "SELECT api.token_lookup('{}'::jsonb, $1::jsonb)", 1,
                           params, lookup_done, p);
    free(args);
    if (rc != 0) {
        free(p);
        reply_problem(req, 503, "Service unavailable",
                      "The database is unavailable. Try again shortly.");
    }
}
