/* Sends API requests with retries and Idempotency-Key, parses JSON, reports problems. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "idkey.h"
#include "output.h"

/* How long to wait before the one retry, unless the service asks for a little longer. */
#define RETRY_PAUSE_MS 1000
#define RETRY_PAUSE_MAX_S 5

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* "3", W/"3" or "3" as the version "3". */
static void etag_version(const char *etag, char *out, size_t size)
{
    const char *p = etag;
    if (strncmp(p, "W/", 2) == 0) {
        p += 2;
    }
    size_t len = strlen(p);
    if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
        p++;
        len -= 2;
    }
    if (len >= size) {
        len = size - 1;
    }
    memcpy(out, p, len);
    out[len] = '\0';
}

int api_send(const struct session *s, const char *method, const char *path, const json_t *body,
             const char *if_match, struct reply *r)
{
    memset(r, 0, sizeof *r);
    bool is_post = strcmp(method, "POST") == 0;
    char key[37];
    if (is_post && idkey_new(key) != 0) {
        snprintf(r->error, sizeof r->error, "the system gave no random numbers for a request key");
        return -1;
    }
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (!text && is_post) {
        text = strdup("{}");
    }
    size_t url_size = strlen(s->settings.url) + strlen(path) + 1;
    char *url = malloc(url_size);
    if (!url) {
        free(text);
        snprintf(r->error, sizeof r->error, "out of memory");
        return -1;
    }
    snprintf(url, url_size, "%s%s", s->settings.url, path);
    struct http_request req = {
        .method = method,
        .url = url,
        .token = s->settings.token,
        .body = text,
        .if_match = if_match,
        .idempotency_key = is_post ? key : NULL,
    };
    bool retry = is_post || strcmp(method, "GET") == 0;
    struct http_response res;
    int rc = -1;
    for (int attempt = 1; attempt <= 2; attempt++) {
        rc = http_send(&req, &res);
        bool again = rc != 0 || res.status == 503;
        if (!again || !retry || attempt == 2) {
            break;
        }
        long wait = RETRY_PAUSE_MS;
        if (rc == 0 && res.retry_after > 0) {
            long asked = res.retry_after > RETRY_PAUSE_MAX_S ? RETRY_PAUSE_MAX_S : res.retry_after;
            wait = asked * 1000;
        }
        http_response_free(&res);
        pause_ms(wait);
        r->replayed_retry = true;
    }
    free(url);
    free(text);
    if (rc != 0) {
        snprintf(r->error, sizeof r->error, "%s", res.error);
        return -1;
    }
    r->status = res.status;
    etag_version(res.etag, r->etag, sizeof r->etag);
    if (res.body && res.len > 0) {
        r->json = json_loadb(res.body, res.len, 0, NULL);
    }
    http_response_free(&res);
    return 0;
}

bool reply_ok(const struct reply *r)
{
    return r->status >= 200 && r->status < 300;
}

void reply_free(struct reply *r)
{
    json_decref(r->json);
    r->json = NULL;
}

int api_fail(const struct session *s, const struct reply *r, const struct field_alias *aliases)
{
    if (r->status == 0) {
        fprintf(stderr, "fgc: cannot reach the service at %s: %s\n", s->settings.url, r->error);
        fputs("Check FGC_URL (or `fgc login`) and that fgcd is running.\n", stderr);
        return EXIT_UNAVAILABLE;
    }
    if (s->json && r->json) {
        out_json(r->json);
    }
    fputs("fgc: ", stderr);
    problem_print(stderr, r->status, r->json, aliases);
    if (r->status == 401) {
        if (!*s->settings.token) {
            fputs("No API token is set: sign in with `fgc login URL TOKEN` or set FGC_TOKEN.\n",
                  stderr);
        } else {
            fputs("Your token was not accepted: ask an administrator for a new one and run "
                  "`fgc login`.\n",
                  stderr);
        }
    } else if (r->status == 503) {
        fputs("The service is busy or its database is unavailable; try again shortly.\n", stderr);
    }
    return exit_code_for_status(r->status);
}

int api_call(const struct session *s, const char *method, const char *path, const json_t *body,
             const char *if_match, struct reply *r, const struct field_alias *aliases)
{
    api_send(s, method, path, body, if_match, r);
    if (reply_ok(r) && !r->json) {
        /* Every success of the API has a JSON body. */
        snprintf(r->error, sizeof r->error, "the answer was not JSON");
        fprintf(stderr, "fgc: the service at %s gave an answer that is not JSON (HTTP %ld)\n",
                s->settings.url, r->status);
        return EXIT_UNAVAILABLE;
    }
    return reply_ok(r) ? EXIT_OK : api_fail(s, r, aliases);
}

int api_list(const struct session *s, const struct query *q, bool all, json_t **items, char **next)
{
    *items = json_array();
    if (next) {
        *next = NULL;
    }
    char *cursor = NULL;
    for (;;) {
        struct query page;
        query_init(&page, q->text);
        page.params = q->params;
        query_add(&page, "cursor", cursor);
        struct reply r;
        int code = api_call(s, "GET", page.text, NULL, NULL, &r, NULL);
        query_free(&page);
        free(cursor);
        cursor = NULL;
        if (code != EXIT_OK) {
            reply_free(&r);
            json_decref(*items);
            *items = NULL;
            return code;
        }
        json_array_extend(*items, json_object_get(r.json, "items"));
        const char *given = json_string_value(json_object_get(r.json, "next_cursor"));
        if (given && *given) {
            cursor = strdup(given);
        }
        reply_free(&r);
        if (!cursor) {
            return EXIT_OK;
        }
        if (!all) {
            if (next) {
                *next = cursor;
            } else {
                free(cursor);
            }
            return EXIT_OK;
        }
    }
}
