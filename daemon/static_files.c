/* Static files of the web app, with a strict Content-Security-Policy and ETag revalidation. */
#include "static_files.h"
#include "config.h"
#include "util.h"

#include <event2/buffer.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* No inline script or style, no other origin: the app is only files from this service. */
#define CONTENT_SECURITY_POLICY                                                                    \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "            \
    "base-uri 'self'; object-src 'none'"

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return NULL;
}

static bool is_api_path(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
           strncmp(path, "/auth/", 6) == 0 || strcmp(path, "/healthz") == 0;
}

/* Refuses anything that could leave the web root or reach hidden files. */
static bool safe_path(const char *path)
{
    if (path[0] != '/' || strchr(path, '\\') || strstr(path, "//"))
        return false;
    for (const char *p = path; (p = strchr(p, '/')) != NULL; p++)
        if (p[1] == '.')
            return false;
    return strlen(path) < 512;
}

static bool send_file(struct request *req, const char *file, const char *type)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_mtime,
             (unsigned long long)st.st_size);
    reply_add_header(req, "ETag", etag);
    /* Always revalidate: a new release must reach browsers at once; a 304 is cheap. */
    reply_add_header(req, "Cache-Control", "no-cache");
    reply_add_header(req, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
    reply_add_header(req, "X-Frame-Options", "DENY");
    reply_add_header(req, "Referrer-Policy", "same-origin");
    const char *match = request_header(req, "If-None-Match");
    struct evbuffer *buf = evbuffer_new();
    int status = 200;
    if (match && strcmp(match, etag) == 0) {
        status = 304;
        close(fd);
    } else if (req->method == EVHTTP_REQ_HEAD || st.st_size == 0) {
        close(fd);
    } else {
        evbuffer_add_file(buf, fd, 0, st.st_size); /* takes the descriptor */
    }
    reply_buffer(req, status, type, buf);
    evbuffer_free(buf);
    return true;
}

bool static_serve(struct request *req)
{
    if ((req->method != EVHTTP_REQ_GET && req->method != EVHTTP_REQ_HEAD) ||
        is_api_path(req->path) || !safe_path(req->path))
        return false;
    const char *root = settings.web_root;
    const char *type = content_type(req->path);
    size_t len = strlen(req->path);
    if (type) {
        char *file = xasprintf("%s%s", root, req->path);
        bool sent = send_file(req, file, type);
        free(file);
        return sent;
    }
    /* A directory or an app route such as /referrals/12: the app's page, which routes itself. */
    const char *last = strrchr(req->path, '/');
    if (len > 1 && last && strchr(last, '.'))
        return false; /* a file of a type we do not serve */
    char *index = xasprintf("%s/index.html", root);
    bool sent = send_file(req, index, "text/html; charset=utf-8");
    free(index);
    return sent;
}
