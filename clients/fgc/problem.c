/* Prints the service's problem details (RFC 9457) for people and maps statuses to exit codes. */
#include "problem.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

int exit_code_for_status(long status)
{
    if (status >= 200 && status < 400) {
        return EXIT_OK;
    }
    if (status >= 400 && status < 500) {
        return EXIT_REFUSED;
    }
    return EXIT_UNAVAILABLE;
}

static const char *status_title(long status)
{
    switch (status) {
    case 400:
        return "Bad request";
    case 401:
        return "Sign-in required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not found";
    case 405:
        return "Method not allowed";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition failed";
    case 413:
        return "Request too large";
    case 415:
        return "Unsupported media type";
    case 422:
        return "Your request has errors";
    case 428:
        return "Precondition required";
    case 500:
        return "Internal server error";
    case 502:
        return "Bad gateway";
    case 503:
        return "Service unavailable";
    case 504:
        return "Gateway timeout";
    default:
        return status >= 500 ? "The service failed" : "The request was refused";
    }
}

/* The option for field, written into buf, or NULL. */
static const char *option_for(const char *field, const struct field_alias *aliases, char *buf,
                              size_t size)
{
    for (const struct field_alias *a = aliases; a && a->field; a++) {
        size_t len = strlen(a->field);
        if (len > 2 && strcmp(a->field + len - 2, "[]") == 0) {
            /* "actions[]" matches "actions[N]..." and names the Nth option, counting from 1. */
            if (strncmp(field, a->field, len - 1) == 0) {
                char *end;
                long index = strtol(field + len - 1, &end, 10);
                if (end != field + len - 1 && *end == ']') {
                    snprintf(buf, size, "%s number %ld", a->option, index + 1);
                    return buf;
                }
            }
        } else if (strcmp(field, a->field) == 0) {
            snprintf(buf, size, "%s", a->option);
            return buf;
        }
    }
    return NULL;
}

static void print_clean(FILE *out, const char *s)
{
    char *c = text_clean(s);
    if (c) {
        fputs(c, out);
        free(c);
    }
}

void problem_print(FILE *out, long status, const json_t *problem, const struct field_alias *aliases)
{
    const char *title = json_string_value(json_object_get(problem, "title"));
    const char *detail = json_string_value(json_object_get(problem, "detail"));
    print_clean(out, title ? title : status_title(status));
    if (detail && *detail) {
        fputs(": ", out);
        print_clean(out, detail);
    } else if (!title) {
        fprintf(out, " (HTTP %ld)", status);
    }
    fputc('\n', out);
    const json_t *errors = json_object_get(problem, "errors");
    size_t i;
    const json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *field = json_string_value(json_object_get(e, "field"));
        const char *message = json_string_value(json_object_get(e, "message"));
        char buf[96];
        const char *option = field ? option_for(field, aliases, buf, sizeof buf) : NULL;
        fputs("  ", out);
        print_clean(out, field ? field : "(request)");
        if (option) {
            fprintf(out, " (%s)", option);
        }
        fputs(": ", out);
        print_clean(out, message ? message : "is wrong");
        fputc('\n', out);
    }
    const char *request_id = json_string_value(json_object_get(problem, "request_id"));
    if (status >= 500 && request_id) {
        fputs("Request id (quote it when reporting the problem): ", out);
        print_clean(out, request_id);
        fputc('\n', out);
    }
}
