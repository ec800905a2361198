/* Sends requests with libcurl: bearer token, JSON body, If-Match, Idempotency-Key; no redirects. */
#include "http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_BODY (64L * 1024 * 1024)

static CURL *curl;

int http_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        return -1;
    }
    curl = curl_easy_init();
    return curl ? 0 : -1;
}

void http_cleanup(void)
{
    if (curl) {
        curl_easy_cleanup(curl);
        curl = NULL;
    }
    curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct http_response *res = arg;
    size_t len = size * n;
    if (res->len + len > (size_t)MAX_BODY) {
        return 0;
    }
    char *grown = realloc(res->body, res->len + len + 1);
    if (!grown) {
        return 0;
    }
    res->body = grown;
    memcpy(res->body + res->len, data, len);
    res->len += len;
    res->body[res->len] = '\0';
    return len;
}

/* The value of a header line "Name: value\r\n" when it is name, trimmed into buf. */
static bool header_value(const char *line, size_t len, const char *name, char *buf, size_t size)
{
    size_t name_len = strlen(name);
    if (len <= name_len || line[name_len] != ':' || strncasecmp(line, name, name_len) != 0) {
        return false;
    }
    const char *v = line + name_len + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t')) {
        v++;
    }
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) {
        end--;
    }
    size_t n = (size_t)(end - v);
    if (n >= size) {
        n = size - 1;
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    return true;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    struct http_response *res = arg;
    size_t len = size * n;
    char value[64];
    if (header_value(data, len, "ETag", value, sizeof value)) {
        snprintf(res->etag, sizeof res->etag, "%s", value);
    } else if (header_value(data, len, "Retry-After", value, sizeof value)) {
        char *end;
        long seconds = strtol(value, &end, 10);
        if (end != value && *end == '\0' && seconds >= 0) {
            res->retry_after = seconds;
        }
    }
    return len;
}

static struct curl_slist *add_header(struct curl_slist *list, const char *name, const char *value)
{
    char line[800];
    snprintf(line, sizeof line, "%s: %s", name, value);
    struct curl_slist *grown = curl_slist_append(list, line);
    /* The token is in a header line: leave nothing of it behind in freed memory. */
    memset(line, 0, sizeof line);
    return grown ? grown : list;
}

int http_send(const struct http_request *req, struct http_response *res)
{
    memset(res, 0, sizeof *res);
    res->retry_after = -1;
    char errbuf[CURL_ERROR_SIZE] = "";

    struct curl_slist *headers = NULL;
    headers = add_header(headers, "Accept", "application/json, application/problem+json");
    if (req->token && *req->token) {
        char bearer[600];
        snprintf(bearer, sizeof bearer, "Bearer %s", req->token);
        headers = add_header(headers, "Authorization", bearer);
        memset(bearer, 0, sizeof bearer);
    }
    if (req->body) {
        headers = add_header(headers, "Content-Type", "application/json");
    }
    if (req->if_match) {
        char quoted[48];
        snprintf(quoted, sizeof quoted, "\"%s\"", req->if_match);
        headers = add_header(headers, "If-Match", quoted);
    }
    if (req->idempotency_key) {
        headers = add_header(headers, "Idempotency-Key", req->idempotency_key);
    }
    /* No "Expect: 100-continue" round trip for larger bodies. */
    headers = add_header(headers, "Expect", "");

    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "fgc/" FGC_VERSION);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, res);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, res);
    if (strcmp(req->method, "GET") == 0) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body ? req->body : "");
    }

    CURLcode rc = curl_easy_perform(curl);
    /* The handle keeps the header list's address: drop it before freeing the list. */
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
    for (struct curl_slist *h = headers; h; h = h->next) {
        memset(h->data, 0, strlen(h->data));
    }
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        snprintf(res->error, sizeof res->error, "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
        free(res->body);
        res->body = NULL;
        res->len = 0;
        return -1;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
    return 0;
}

void http_response_free(struct http_response *res)
{
    free(res->body);
    res->body = NULL;
    res->len = 0;
}
