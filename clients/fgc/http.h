/* One HTTP exchange with libcurl: the method, address, token and headers in; status and body out.
 */
#ifndef FGC_HTTP_H
#define FGC_HTTP_H

#include <stddef.h>

struct http_request {
    const char *method;
    const char *url;
    const char *token;    /* NULL or "" for none */
    const char *body;     /* JSON text, or NULL */
    const char *if_match; /* the version, or NULL */
    const char *idempotency_key;
};

struct http_response {
    long status; /* 0 when no answer came */
    char *body;  /* NUL-terminated; NULL when there was none */
    size_t len;
    char etag[64];
    long retry_after; /* seconds; -1 when not given */
    char error[256];  /* why no answer came */
};

int http_init(void);
void http_cleanup(void);
/* Sends one request. Returns 0 when an answer came (any status), -1 when none did. */
int http_send(const struct http_request *req, struct http_response *res);
void http_response_free(struct http_response *res);

#endif
