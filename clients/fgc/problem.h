/* Errors from the service for people: a problem's title, detail and field errors; exit codes. */
#ifndef FGC_PROBLEM_H
#define FGC_PROBLEM_H

#include <jansson.h>
#include <stdio.h>

/* Exit codes of fgc. */
enum {
    EXIT_OK = 0,
    EXIT_REFUSED = 1,     /* the service refused the request (4xx) */
    EXIT_USAGE = 2,       /* the command line is wrong */
    EXIT_UNAVAILABLE = 3, /* the service cannot be reached, or failed (5xx) */
};

/* The option of a command that sets an API field, so that errors can name it. A field ending
 * in "[]" stands for every item of a list ("actions[]" matches "actions[2].due_on"). */
struct field_alias {
    const char *field;
    const char *option;
};

/* The exit code for an HTTP status. */
int exit_code_for_status(long status);

/*
 * Prints a problem for people: "Title: detail" (or the status when the body is not a
 * problem), then each field error as "  field: message", with the option that sets the field
 * when aliases (ended by a NULL field) name one, and the request id of a 5xx.
 */
void problem_print(FILE *out, long status, const json_t *problem,
                   const struct field_alias *aliases);

#endif
