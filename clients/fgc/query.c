/* Builds API paths and query strings with percent-encoding. */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(struct query *q, const char *s, size_t len)
{
    if (q->len + len + 1 > q->cap) {
        size_t cap = q->cap ? q->cap : 128;
        while (cap < q->len + len + 1) {
            cap *= 2;
        }
        char *grown = realloc(q->text, cap);
        if (!grown) {
            fputs("fgc: out of memory\n", stderr);
            exit(3);
        }
        q->text = grown;
        q->cap = cap;
    }
    memcpy(q->text + q->len, s, len);
    q->len += len;
    q->text[q->len] = '\0';
}

char *url_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = strlen(s);
    char *out = malloc(len * 3 + 1);
    if (!out) {
        return NULL;
    }
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

void query_init(struct query *q, const char *path)
{
    memset(q, 0, sizeof *q);
    append(q, path, strlen(path));
}

static void append_escaped(struct query *q, const char *s)
{
    char *e = url_escape(s);
    if (!e) {
        fputs("fgc: out of memory\n", stderr);
        exit(3);
    }
    append(q, e, strlen(e));
    free(e);
}

void query_segment(struct query *q, const char *segment)
{
    append(q, "/", 1);
    append_escaped(q, segment);
}

void query_add(struct query *q, const char *key, const char *value)
{
    if (!value) {
        return;
    }
    append(q, q->params ? "&" : "?", 1);
    append_escaped(q, key);
    append(q, "=", 1);
    append_escaped(q, value);
    q->params++;
}

void query_free(struct query *q)
{
    free(q->text);
    memset(q, 0, sizeof *q);
}

char *api_path(const char *typed)
{
    const char *prefix = typed[0] == '/' ? "" : "/api/v1/";
    size_t size = strlen(prefix) + strlen(typed) + 1;
    char *path = malloc(size);
    if (path) {
        snprintf(path, size, "%s%s", prefix, typed);
    }
    return path;
}
