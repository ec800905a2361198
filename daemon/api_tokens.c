/* Token issue over the API: the daemon makes the secret, PostgreSQL keeps only its hash. */
#include "api_tokens.h"
#include "api_call.h"
#include "auth.h"
#include "routes.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Adds the secret to the reply body once; then wipes it. */
static void add_token(json_t *body, void *arg)
{
    char *token = arg;
    if (body) {
        json_object_set_new(body, "token", json_string(token));
        return;
    }
    sodium_memzero(token, strlen(token));
    free(token);
}

void api_token_create(struct request *req)
{
    json_t *body = api_read_body(req, true);
    if (!body)
        return;
    json_t *errors = json_array();
    if (validate_object(body, req->route->body, VALIDATE_CREATE, NULL, errors) > 0) {
        json_decref(body);
        reply_invalid(req, 422, "Correct the fields listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    char *token = token_generate();
    char hash[65];
    token_hash_hex(token, hash);
    json_object_set_new(body, "user_id", json_integer(strtoll(req->params[0], NULL, 10)));
    json_object_set_new(body, "token_hash", json_string(hash));
    api_call_ex(req, "token_create", body, add_token, token);
}
