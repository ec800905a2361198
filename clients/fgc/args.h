/* Command-line options of one fgc command: their definitions, parsing and help text. */
#ifndef FGC_ARGS_H
#define FGC_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum opt_kind {
    OPT_FLAG,  /* --name: given or not */
    OPT_BOOL,  /* --name or --no-name: value "true" or "false" */
    OPT_VALUE, /* --name VALUE or --name=VALUE, at most once */
    OPT_LIST,  /* --name VALUE, as many times as wanted */
};

struct opt {
    const char *name; /* without the dashes; NULL ends a list of options */
    enum opt_kind kind;
    const char *meta; /* what VALUE is in the help ("DATE") */
    const char *help; /* one line */
    /* Filled in by args_parse */
    bool set;
    const char *value;  /* OPT_VALUE; "true"/"false" for OPT_BOOL */
    const char **items; /* OPT_LIST */
    size_t n_items;
};

#define ARGS_MAX_POSITIONAL 8

struct args {
    bool help; /* --help or -h */
    bool json; /* --json */
    const char *pos[ARGS_MAX_POSITIONAL];
    size_t n_pos;
    char error[256]; /* what was wrong, for a usage error */
};

/*
 * Parses the words after the command name against opts (ended by an entry with name NULL).
 * --help, -h and --json are always accepted. "--" ends the options. Returns 0, or -1 with
 * a->error saying what was wrong.
 */
int args_parse(struct opt *opts, int argc, char **argv, struct args *a);
/* Frees the lists args_parse made. */
void args_free(struct opt *opts);
/* The option named name; aborts when there is none (a mistake in fgc itself). */
struct opt *args_opt(struct opt *opts, const char *name);
/* The value of an OPT_VALUE or OPT_BOOL option, or NULL when it was not given. */
const char *args_value(struct opt *opts, const char *name);
/* Whether the option was given. */
bool args_given(struct opt *opts, const char *name);
/* Prints one line per option ("  --name VALUE  help"), aligned. */
void args_print_options(FILE *out, const struct opt *opts);

/* An id as the API writes it: 1 to 15 digits, no leading zero. */
bool parse_id(const char *text, long long *out);
/* A whole number from low to high. */
bool parse_int(const char *text, long long low, long long high, long long *out);

#endif
