/* Field-table validation: every problem with a request is reported at once, by field. */
#include "validate.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

/* Length of the valid UTF-8 sequence at s (as jansson accepts it), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned v = c & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    return n;
}

static void add_error(json_t *errors, const char *prefix, const char *field, const char *message)
{
    char *path = prefix && *prefix ? xasprintf("%s.%s", prefix, field) : xstrdup(field);
    /* A query parameter's name may be any bytes (%FF): JSON strings must be UTF-8, so each
     * invalid byte becomes '?' rather than the error being lost. */
    for (unsigned char *p = (unsigned char *)path; *p;) {
        size_t n = utf8_sequence(p);
        if (n == 0)
            *p++ = '?';
        else
            p += n;
    }
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", path, "message", message));
    free(path);
}

bool validate_date(const char *s)
{
    int y, m, d;
    char extra;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
        return false;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = days[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

void validate_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

bool validate_code_pattern(const char *s, const char *pattern)
{
    for (; *pattern; pattern++, s++) {
        unsigned char c = (unsigned char)*s;
        switch (*pattern) {
        case '*':
            for (; *s; s++)
                if (!isalnum((unsigned char)*s) && *s != '-')
                    return false;
            return true;
        case 'A':
            if (!isupper(c))
                return false;
            break;
        case '9':
            if (!isdigit(c))
                return false;
            break;
        case '?':
            if (!isalnum(c))
                return false;
            break;
        default:
            if (c != (unsigned char)*pattern)
                return false;
        }
    }
    return *s == '\0';
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static char *enum_list(const char *const *values)
{
    size_t len = 1;
    for (const char *const *v = values; *v; v++)
        len += strlen(*v) + 2;
    char *out = xmalloc(len);
    out[0] = '\0';
    for (const char *const *v = values; *v; v++) {
        if (v != values)
            strcat(out, v[1] ? ", " : " or ");
        strcat(out, *v);
    }
    return out;
}

/* Checks one present, non-null value; appends at most one error. */
static int check_value(const json_t *value, const struct field_spec *f, const char *prefix,
                       json_t *errors)
{
    char msg[512];
    const char *name = f->name;
    switch (f->type) {
    case FT_STRING:
    case FT_TEXT: {
        long max = f->max > 0 ? f->max : (f->type == FT_STRING ? 200 : 4000);
        if (!json_is_string(value)) {
            add_error(errors, prefix, name, "Must be text");
            return 1;
        }
        const char *s = json_string_value(value);
        if (strlen(s) != json_string_length(value)) {
            add_error(errors, prefix, name, "Must not contain a NUL character");
            return 1;
        }
        if (f->type == FT_STRING) {
            const char *p = s;
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '\0') {
                add_error(errors, prefix, name, "Must not be blank");
                return 1;
            }
        }
        if ((long)utf8_length(s) > max) {
            snprintf(msg, sizeof msg, "Must be %ld characters or fewer", max);
            add_error(errors, prefix, name, msg);
            return 1;
        }
        return 0;
    }
    case FT_DATE: {
        if (!json_is_string(value) || !validate_date(json_string_value(value))) {
            add_error(errors, prefix, name,
                      "Must be a real date in the form YYYY-MM-DD, for example 2026-03-31");
            return 1;
        }
        char today[11];
        validate_today(today);
        if ((f->flags & F_NOT_FUTURE) && strcmp(json_string_value(value), today) > 0) {
            add_error(errors, prefix, name, "Must be today or in the past");
            return 1;
        }
        return 0;
    }
    case FT_INT:
    case FT_ID: {
        long min = f->type == FT_ID ? 1 : f->min;
        long max = f->type == FT_ID ? (long)9007199254740991LL : f->max;
        if (!json_is_integer(value)) {
            add_error(errors, prefix, name, "Must be a whole number");
            return 1;
        }
        json_int_t v = json_integer_value(value);
        if (v < min || v > max) {
            if (f->type == FT_ID)
                snprintf(msg, sizeof msg, "Must be a record id (a positive whole number)");
            else
                snprintf(msg, sizeof msg, "Must be between %ld and %ld", min, max);
            add_error(errors, prefix, name, msg);
            return 1;
        }
        return 0;
    }
    case FT_BOOL:
        if (!json_is_boolean(value)) {
            add_error(errors, prefix, name, "Must be true or false");
            return 1;
        }
        return 0;
    case FT_ENUM: {
        if (json_is_string(value))
            for (const char *const *v = f->values; *v; v++)
                if (strcmp(*v, json_string_value(value)) == 0)
                    return 0;
        char *list = enum_list(f->values);
        snprintf(msg, sizeof msg, "Must be one of %s", list);
        free(list);
        add_error(errors, prefix, name, msg);
        return 1;
    }
    case FT_CODE:
        if (!json_is_string(value) ||
            !validate_code_pattern(json_string_value(value), f->pattern)) {
            snprintf(msg, sizeof msg, "Must be a code in the form %s", f->pattern);
            add_error(errors, prefix, name, msg);
            return 1;
        }
        return 0;
    case FT_IDS: {
        if (!json_is_array(value)) {
            add_error(errors, prefix, name, "Must be a list of record ids");
            return 1;
        }
        size_t i;
        const json_t *item;
        json_array_foreach(value, i, item)
        {
            if (!json_is_integer(item) || json_integer_value(item) < 1) {
                add_error(errors, prefix, name, "Must be a list of record ids");
                return 1;
            }
        }
        return 0;
    }
    case FT_OBJECTS: {
        if (!json_is_array(value)) {
            add_error(errors, prefix, name, "Must be a list");
            return 1;
        }
        long max = f->max > 0 ? f->max : 100;
        if ((long)json_array_size(value) > max) {
            snprintf(msg, sizeof msg, "Must have %ld items or fewer", max);
            add_error(errors, prefix, name, msg);
            return 1;
        }
        int n = 0;
        size_t i;
        const json_t *item;
        json_array_foreach(value, i, item)
        {
            char sub[256];
            snprintf(sub, sizeof sub, "%s%s%s[%zu]", prefix && *prefix ? prefix : "",
                     prefix && *prefix ? "." : "", name, i);
            if (!json_is_object(item)) {
                json_array_append_new(
                    errors, json_pack("{s:s, s:s}", "field", sub, "message", "Must be an object"));
                n++;
                continue;
            }
            n += validate_object(item, f->items, VALIDATE_CREATE, sub, errors);
        }
        return n;
    }
    case FT_LIST: {
        if (!json_is_array(value)) {
            add_error(errors, prefix, name, "Must be a list");
            return 1;
        }
        long max = f->max > 0 ? f->max : 100;
        if ((long)json_array_size(value) > max) {
            snprintf(msg, sizeof msg, "Must have %ld items or fewer", max);
            add_error(errors, prefix, name, msg);
            return 1;
        }
        int n = 0;
        size_t i;
        const json_t *item;
        json_array_foreach(value, i, item)
        {
            char sub[256];
            snprintf(sub, sizeof sub, "%s[%zu]", name, i);
            struct field_spec element = f->items[0];
            element.name = sub;
            if (json_is_null(item)) {
                add_error(errors, prefix, sub, "Must not be null");
                n++;
            } else {
                n += check_value(item, &element, prefix, errors);
            }
        }
        return n;
    }
    }
    return 0;
}

int validate_object(const json_t *obj, const struct field_spec *spec, enum validate_mode mode,
                    const char *prefix, json_t *errors)
{
    int n = 0;
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        const struct field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        if (!f->name) {
            add_error(errors, prefix, key, "Is not a field of this record");
            n++;
        }
    }
    size_t present = 0;
    for (const struct field_spec *f = spec; f->name; f++) {
        value = json_object_get(obj, f->name);
        if (!value) {
            if ((f->flags & F_REQUIRED) && mode == VALIDATE_CREATE) {
                add_error(errors, prefix, f->name, "Is required");
                n++;
            }
            continue;
        }
        present++;
        if (json_is_null(value)) {
            if (!(f->flags & F_NULLABLE) || (f->flags & F_REQUIRED)) {
                add_error(errors, prefix, f->name, "Must not be null");
                n++;
            }
            continue;
        }
        n += check_value(value, f, prefix, errors);
    }
    if (mode == VALIDATE_PATCH && present == 0 && n == 0) {
        add_error(errors, prefix, "(body)", "Give at least one field to change");
        n++;
    }
    return n;
}

/* Turns a query-string value into the JSON type its field expects. */
static json_t *query_value(const char *text, const struct field_spec *f)
{
    if (f->type == FT_INT || f->type == FT_ID) {
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno || *end || end == text)
            return json_string(text); /* reported as "must be a whole number" */
        return json_integer(v);
    }
    if (f->type == FT_BOOL) {
        if (strcmp(text, "true") == 0)
            return json_true();
        if (strcmp(text, "false") == 0)
            return json_false();
    }
    json_t *s = json_string(text);
    return s ? s : json_integer(-1); /* invalid UTF-8: fails every text check */
}

json_t *validate_query(const struct evkeyvalq *query, const struct field_spec *spec, json_t *errors)
{
    json_t *out = json_object();
    int n = 0;
    const struct evkeyval *kv;
    TAILQ_FOREACH(kv, query, next)
    {
        const struct field_spec *f = spec;
        while (f && f->name && strcmp(f->name, kv->key) != 0)
            f++;
        if (!f || !f->name) {
            add_error(errors, NULL, kv->key, "Is not a filter this list accepts");
            n++;
            continue;
        }
        if (json_object_get(out, kv->key)) {
            add_error(errors, NULL, kv->key, "Give this parameter once");
            n++;
            continue;
        }
        json_object_set_new(out, kv->key, query_value(kv->value, f));
    }
    if (spec)
        n += validate_object(out, spec, VALIDATE_FILTER, NULL, errors);
    if (n > 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}
