/* libFuzzer target: daemon/validate.c (validate_object on JSON bodies, validate_query). */
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "routes.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A representative table: every field type, nested objects, lists of values and of objects. */
static const char *const colours[] = {"red", "amber", "green", NULL};
static const struct field_spec code_item[] = {{"code", FT_CODE, 0, 0, 0, NULL, NULL, "A9?*"},
                                              {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};
static const struct field_spec date_item[] = {
    {"date", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL}, {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};
static const struct field_spec inner_fields[] = {
    {"name", FT_STRING, F_REQUIRED, 0, 20, NULL, NULL, NULL},
    {"age", FT_INT, F_NULLABLE, 0, 120, NULL, NULL, NULL},
    {"codes", FT_LIST, 0, 0, 5, NULL, code_item, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};
static const struct field_spec middle_fields[] = {
    {"id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"when", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"people", FT_OBJECTS, 0, 0, 10, NULL, inner_fields, NULL},
    {"rating", FT_ENUM, 0, 0, 0, colours, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};
static const struct field_spec fields[] = {
    {"title", FT_STRING, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 50, NULL, NULL, NULL},
    {"born", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"count", FT_INT, 0, -5, 1000000, NULL, NULL, NULL},
    {"child_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"colour", FT_ENUM, F_NULLABLE, 0, 0, colours, NULL, NULL},
    {"postcode", FT_CODE, 0, 0, 0, NULL, NULL, "A9 9AA"},
    {"member_ids", FT_IDS, 0, 0, 0, NULL, NULL, NULL},
    {"items", FT_OBJECTS, 0, 0, 20, NULL, middle_fields, NULL},
    {"dates", FT_LIST, 0, 0, 0, NULL, date_item, NULL},
    {"cursor", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"limit", FT_INT, 0, 1, 200, NULL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

/* The nth route with a body (or query) table, over every route table; NULL past the end. */
static const struct field_spec *route_spec(unsigned n, bool query)
{
    unsigned seen = 0;
    for (const struct route *const *t = route_tables; *t; t++)
        for (const struct route *r = *t; r->pattern; r++) {
            const struct field_spec *spec = query ? r->query : r->body;
            if (spec && seen++ == n)
                return spec;
        }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /*
     * Byte 0: the mode (low two bits) and whether to use the representative table above or a
     * real route's (bit 2, byte 1 picking the route). Then a query string up to the first
     * newline, and the rest a JSON body.
     */
    if (size < 2)
        return 0;
    unsigned sel = data[0], pick = data[1];
    data += 2;
    size -= 2;
    static const enum validate_mode modes[] = {VALIDATE_CREATE, VALIDATE_PATCH, VALIDATE_FILTER,
                                               VALIDATE_CREATE};
    enum validate_mode mode = modes[sel & 3];
    const struct field_spec *body = fields, *query = fields;
    if (sel & 4) {
        body = route_spec(pick, false);
        query = route_spec(pick, true);
        if (!body)
            body = fields;
    }

    const uint8_t *nl = memchr(data, '\n', size);
    size_t qlen = nl ? (size_t)(nl - data) : 0;
    const char *json = nl ? (const char *)nl + 1 : (const char *)data;
    size_t jlen = nl ? size - qlen - 1 : size;

    if (nl) {
        char *qs = strndup((const char *)data, qlen);
        if (!qs)
            abort();
        struct evkeyvalq q;
        TAILQ_INIT(&q);
        if (evhttp_parse_query_str(qs, &q) == 0) {
            json_t *errors = json_array();
            json_t *out = validate_query(&q, query, errors);
            if (!out && json_array_size(errors) == 0)
                __builtin_trap();
            json_decref(out);
            json_decref(errors);
        }
        evhttp_clear_headers(&q);
        free(qs);
    }

    json_error_t err;
    json_t *obj = json_loadb(json, jlen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (obj && json_is_object(obj)) {
        json_t *errors = json_array();
        int n = validate_object(obj, body, mode, NULL, errors);
        if (n < 0 || (size_t)n != json_array_size(errors))
            __builtin_trap();
        json_decref(errors);
    }
    json_decref(obj);
    return 0;
}
