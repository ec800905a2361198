/* API tokens: generation, hashing, and authenticating a request with a short-lived cache. */
#ifndef FGCD_AUTH_H
#define FGCD_AUTH_H

#include "request.h"

struct token_cache;

struct token_cache *token_cache_new(void);
void token_cache_clear(struct token_cache *cache);
void token_cache_free(struct token_cache *cache);

/* A new random token: "fgc_" and 43 URL-safe characters (256 bits); malloc'd. */
char *token_generate(void);

/* Hex SHA-256 of a token: the only form in which tokens are stored. */
void token_hash_hex(const char *token, char out[65]);

/*
 * Identifies the caller from "Authorization: Bearer ...", checks the route's roles and
 * calls next(req). Otherwise answers 401, 403 or 503 itself.
 */
void auth_request(struct request *req, void (*next)(struct request *req));

/* Checks the route's roles for the identified req->user, then calls next or answers 403. */
void auth_authorise(struct request *req, void (*next)(struct request *req));

/* Answers 401 with a WWW-Authenticate challenge. */
void auth_unauthorised(struct request *req, const char *detail);

#endif
