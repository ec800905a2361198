/* Calls to the fgcd API: JSON in and out, retries with one Idempotency-Key, errors for people. */
#ifndef FGC_API_H
#define FGC_API_H

#include <jansson.h>
#include <stdbool.h>

#include "problem.h"
#include "query.h"
#include "settings.h"

struct session {
    struct settings settings;
    bool json; /* --json: print the service's JSON */
};

struct reply {
    long status; /* 0 when the service could not be reached */
    json_t *json;
    char etag[64];       /* the version, without quotes or W/ */
    char error[256];     /* why the service could not be reached */
    bool replayed_retry; /* the answer came on the second attempt */
};

/*
 * Sends one request (body may be NULL; for a POST it is then {}). A POST carries a new random
 * Idempotency-Key. GET and POST are sent once more, with the same key, after a short pause
 * when no answer came or the answer was 503. Returns 0 when an answer came, -1 when none did.
 */
int api_send(const struct session *s, const char *method, const char *path, const json_t *body,
             const char *if_match, struct reply *r);
/* Whether the answer was a success (2xx). */
bool reply_ok(const struct reply *r);
void reply_free(struct reply *r);
/* Prints why a request failed (and, with --json, the problem's JSON on stdout); returns the
 * exit code. */
int api_fail(const struct session *s, const struct reply *r, const struct field_alias *aliases);
/* api_send, then api_fail unless the answer was a success. Returns the exit code. */
int api_call(const struct session *s, const char *method, const char *path, const json_t *body,
             const char *if_match, struct reply *r, const struct field_alias *aliases);

/*
 * Reads a list: the first page of q (a path and its filters), or every page when all is set,
 * following next_cursor. *items gets the items (the caller's reference); *next (when next is
 * not NULL) the cursor of the first page left unread, or NULL (the caller frees it). Returns
 * the exit code.
 */
int api_list(const struct session *s, const struct query *q, bool all, json_t **items, char **next);

#endif
