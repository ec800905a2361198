/* libFuzzer target: daemon/router.c (routes_match) on arbitrary methods and paths. */
#include <event2/http.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "request.h"
#include "routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum evhttp_cmd_type methods[] = {
    EVHTTP_REQ_GET,     EVHTTP_REQ_POST,  EVHTTP_REQ_HEAD,    EVHTTP_REQ_PUT,  EVHTTP_REQ_DELETE,
    EVHTTP_REQ_OPTIONS, EVHTTP_REQ_TRACE, EVHTTP_REQ_CONNECT, EVHTTP_REQ_PATCH};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* The first byte picks the method and the size of the Allow buffer; the rest is the path
     * (up to a NUL, as the server's decoded paths never hold one). */
    struct request req;
    memset(&req, 0, sizeof req);
    req.method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    size_t allow_len = data[0] & 0x80 ? 8 : 128;
    req.path = strndup((const char *)data + 1, size - 1);
    if (!req.path)
        abort();
    TAILQ_INIT(&req.query);
    char *allow = malloc(allow_len);
    if (!allow)
        abort();
    enum route_match m = routes_match(&req, allow, allow_len);
    if (strlen(allow) >= allow_len)
        __builtin_trap();
    if (m == ROUTE_FOUND) {
        if (!req.route || req.nparams < 0 || req.nparams > REQUEST_MAX_PARAMS)
            __builtin_trap();
        for (int i = 0; i < req.nparams; i++)
            if (!req.params[i] || !req.param_names[i] || !*req.params[i])
                __builtin_trap();
    }
    for (int i = 0; i < req.nparams; i++)
        free(req.params[i]);
    free(allow);
    free(req.path);
    return 0;
}
