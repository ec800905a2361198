/* Addresses of the API: a path with a query string, each value percent-encoded. */
#ifndef FGC_QUERY_H
#define FGC_QUERY_H

#include <stddef.h>

struct query {
    char *text; /* the path and query so far */
    size_t len, cap;
    int params; /* how many parameters were added */
};

/* Starts with a path ("/api/v1/children"). */
void query_init(struct query *q, const char *path);
/* Adds key=value; a NULL value adds nothing. */
void query_add(struct query *q, const char *key, const char *value);
/* Appends a path segment, percent-encoded ("/" + segment); only before any parameter. */
void query_segment(struct query *q, const char *segment);
void query_free(struct query *q);
/* Percent-encodes s (everything except letters, digits and -._~). The caller frees it. */
char *url_escape(const char *s);
/* The API path for what a user typed after `fgc get`: kept when it starts with "/", else under
 * "/api/v1/". The caller frees it. */
char *api_path(const char *typed);

#endif
