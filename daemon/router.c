/* Matches a request's method and path against the route table, extracting path parameters. */
#include "routes.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const struct route *const route_tables[] = {routes,
                                            status_routes,
                                            import_routes,
                                            indicator_routes,
                                            extract_routes,
                                            training_routes,
                                            report_card_routes,
                                            admin_routes,
                                            NULL};

/* An {id} segment must be a record id; other parameters any non-empty segment. */
static bool param_ok(const char *name, size_t name_len, const char *value, size_t len)
{
    if (len == 0 || len > 200)
        return false;
    bool is_id = name_len >= 2 && strncmp(name + name_len - 2, "id", 2) == 0;
    if (!is_id)
        return true;
    if (len > 15 || value[0] == '0')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)value[i]))
            return false;
    return true;
}

/* Compares a path with a pattern; on a match records the parameters in req. */
static bool path_matches(const char *pattern, const char *path, struct request *req, bool record)
{
    int n = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (!close || n >= REQUEST_MAX_PARAMS ||
                !param_ok(p + 1, (size_t)(close - p - 1), s, len))
                return false;
            if (record) {
                req->param_names[n] = p + 1; /* up to the '}' */
                req->params[n] = strndup(s, len);
                if (!req->params[n])
                    abort();
            }
            n++;
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    if (record)
        req->nparams = n;
    return true;
}

enum route_match routes_match(struct request *req, char *allow, size_t allow_len)
{
    bool path_known = false;
    allow[0] = '\0';
    enum evhttp_cmd_type method = req->method == EVHTTP_REQ_HEAD ? EVHTTP_REQ_GET : req->method;
    const struct route *r;
    for (const struct route *const *table = route_tables; *table; table++)
        for (r = *table; r->pattern; r++) {
            if (!path_matches(r->pattern, req->path, req, false))
                continue;
            if (r->method == method) {
                path_matches(r->pattern, req->path, req, true);
                req->route = r;
                return ROUTE_FOUND;
            }
            path_known = true;
            const char *name = request_method_name(r->method);
            if (!strstr(allow, name) && strlen(allow) + strlen(name) + 3 < allow_len) {
                if (*allow)
                    strcat(allow, ", ");
                strcat(allow, name);
            }
        }
    return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
