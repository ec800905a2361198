/* Parses the options of one fgc command and prints their help lines. */
#include "args.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

struct opt *args_opt(struct opt *opts, const char *name)
{
    for (struct opt *o = opts; o->name; o++) {
        if (strcmp(o->name, name) == 0) {
            return o;
        }
    }
    fprintf(stderr, "fgc: internal error: no option --%s\n", name);
    abort();
}

const char *args_value(struct opt *opts, const char *name)
{
    struct opt *o = args_opt(opts, name);
    return o->set ? o->value : NULL;
}

bool args_given(struct opt *opts, const char *name)
{
    return args_opt(opts, name)->set;
}

void args_free(struct opt *opts)
{
    for (struct opt *o = opts; o->name; o++) {
        free(o->items);
        o->items = NULL;
        o->n_items = 0;
    }
}

/* Finds the option that the word (without its dashes, up to '=' when there is one) names. */
static struct opt *match(struct opt *opts, const char *word, size_t len, bool *negated)
{
    *negated = false;
    for (struct opt *o = opts; o->name; o++) {
        if (strlen(o->name) == len && strncmp(o->name, word, len) == 0) {
            return o;
        }
    }
    if (len > 3 && strncmp(word, "no-", 3) == 0) {
        for (struct opt *o = opts; o->name; o++) {
            if (o->kind == OPT_BOOL && strlen(o->name) == len - 3 &&
                strncmp(o->name, word + 3, len - 3) == 0) {
                *negated = true;
                return o;
            }
        }
    }
    return NULL;
}

static int add_item(struct opt *o, const char *value)
{
    const char **items = realloc(o->items, (o->n_items + 1) * sizeof *items);
    if (!items) {
        return -1;
    }
    o->items = items;
    o->items[o->n_items++] = value;
    return 0;
}

static int fail(struct args *a, const char *what, const char *word)
{
    snprintf(a->error, sizeof a->error, "%s%s", what, word);
    return -1;
}

int args_parse(struct opt *opts, int argc, char **argv, struct args *a)
{
    memset(a, 0, sizeof *a);
    for (struct opt *o = opts; o->name; o++) {
        o->set = false;
        o->value = NULL;
        o->items = NULL;
        o->n_items = 0;
    }
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *word = argv[i];
        if (options_done || word[0] != '-' || strcmp(word, "-") == 0) {
            if (a->n_pos == ARGS_MAX_POSITIONAL) {
                return fail(a, "too many arguments, starting at ", word);
            }
            a->pos[a->n_pos++] = word;
            continue;
        }
        if (strcmp(word, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0) {
            a->help = true;
            continue;
        }
        if (strcmp(word, "--json") == 0) {
            a->json = true;
            continue;
        }
        if (strncmp(word, "--", 2) != 0) {
            return fail(a, "unknown option ", word);
        }
        const char *name = word + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        bool negated;
        struct opt *o = match(opts, name, len, &negated);
        if (!o) {
            return fail(a, "unknown option ", word);
        }
        if (o->kind == OPT_FLAG || o->kind == OPT_BOOL) {
            if (eq) {
                return fail(a, "this option takes no value: ", word);
            }
            if (o->set && o->kind == OPT_BOOL) {
                return fail(a, "given more than once: --", o->name);
            }
            o->set = true;
            o->value = negated ? "false" : "true";
            continue;
        }
        const char *value;
        if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            snprintf(a->error, sizeof a->error, "--%s needs a value (%s)", o->name,
                     o->meta ? o->meta : "VALUE");
            return -1;
        }
        if (o->kind == OPT_VALUE) {
            if (o->set) {
                return fail(a, "given more than once: --", o->name);
            }
            o->set = true;
            o->value = value;
        } else {
            o->set = true;
            if (add_item(o, value) != 0) {
                return fail(a, "out of memory at ", word);
            }
        }
    }
    return 0;
}

/* "--name VALUE" or "--[no-]name" as shown in the help. */
static void option_words(const struct opt *o, char *buf, size_t size)
{
    switch (o->kind) {
    case OPT_FLAG:
        snprintf(buf, size, "--%s", o->name);
        break;
    case OPT_BOOL:
        snprintf(buf, size, "--[no-]%s", o->name);
        break;
    case OPT_VALUE:
        snprintf(buf, size, "--%s %s", o->name, o->meta ? o->meta : "VALUE");
        break;
    case OPT_LIST:
        snprintf(buf, size, "--%s %s ...", o->name, o->meta ? o->meta : "VALUE");
        break;
    }
}

void args_print_options(FILE *out, const struct opt *opts)
{
    size_t width = strlen("--json");
    char buf[160];
    for (const struct opt *o = opts; o->name; o++) {
        option_words(o, buf, sizeof buf);
        size_t w = text_width(buf);
        if (w > width) {
            width = w;
        }
    }
    for (const struct opt *o = opts; o->name; o++) {
        option_words(o, buf, sizeof buf);
        fprintf(out, "  %-*s  %s\n", (int)width, buf, o->help ? o->help : "");
    }
    fprintf(out, "  %-*s  %s\n", (int)width, "--json",
            "print the service's JSON instead of a summary");
    fprintf(out, "  %-*s  %s\n", (int)width, "--help", "show this help");
}

bool parse_int(const char *text, long long low, long long high, long long *out)
{
    if (!text || !*text) {
        return false;
    }
    const char *p = text;
    bool negative = false;
    if (*p == '-') {
        negative = true;
        p++;
    }
    if (!*p || strlen(p) > 15) {
        return false;
    }
    long long v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        v = v * 10 + (*p - '0');
    }
    if (negative) {
        v = -v;
    }
    if (v < low || v > high) {
        return false;
    }
    *out = v;
    return true;
}

bool parse_id(const char *text, long long *out)
{
    if (!text || text[0] < '1' || text[0] > '9') {
        return false;
    }
    return parse_int(text, 1, 999999999999999LL, out);
}
