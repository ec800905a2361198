/* Prints JSON and turns JSON values into text for tables and summaries. */
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void out_json(const json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    if (text) {
        puts(text);
        free(text);
    }
}

const char *jtext(const json_t *v)
{
    if (!v) {
        return NULL;
    }
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_INTEGER:
        return text_fmt("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    case JSON_REAL:
        return text_keep(json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(12)));
    case JSON_TRUE:
        return "yes";
    case JSON_FALSE:
        return "no";
    case JSON_ARRAY: {
        if (json_array_size(v) == 0) {
            return NULL;
        }
        const char *joined = "";
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            const char *t = jtext(item);
            joined = text_fmt("%s%s%s", joined, i ? ", " : "", t ? t : "-");
        }
        return joined;
    }
    case JSON_OBJECT:
        return text_keep(json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER));
    case JSON_NULL:
    default:
        return NULL;
    }
}

const char *jget(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return v ? jtext(v) : NULL;
}

long long jid(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

void out_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void out_heading(const char *title)
{
    printf("\n%s\n", title);
}
