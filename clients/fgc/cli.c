/* Parses a command's options and reports usage errors the same way for every command. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_help(const struct command *c, const struct opt *opts, FILE *out)
{
    fprintf(out, "Usage: fgc %s%s%s\n\n%s\n", c->name, *c->args ? " " : "", c->args, c->summary);
    if (c->details) {
        fprintf(out, "\n%s\n", c->details);
    }
    fputs("\nOptions:\n", out);
    static struct opt none[] = {{NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    args_print_options(out, opts ? opts : none);
}

int cli_usage(const struct command *c, const char *fmt, ...)
{
    fprintf(stderr, "fgc %s: ", c->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nUsage: fgc %s %s\nRun `fgc %s --help` for more.\n", c->name, c->args,
            c->name);
    return EXIT_USAGE;
}

int cli_parse(struct session *s, const struct command *c, struct opt *opts, int argc, char **argv,
              struct args *a, size_t min_pos, size_t max_pos)
{
    static struct opt none[] = {{NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    if (!opts) {
        opts = none;
    }
    if (args_parse(opts, argc, argv, a) != 0) {
        args_free(opts);
        /* --help anywhere still shows the help. */
        for (int i = 0; i < argc; i++) {
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                cli_help(c, opts, stdout);
                return EXIT_OK;
            }
        }
        return cli_usage(c, "%s", a->error);
    }
    if (a->help) {
        args_free(opts);
        cli_help(c, opts, stdout);
        return EXIT_OK;
    }
    if (a->n_pos < min_pos || a->n_pos > max_pos) {
        args_free(opts);
    }
    if (a->n_pos < min_pos) {
        return cli_usage(c, "%s",
                         min_pos - a->n_pos == 1 && max_pos == 1 ? "the id is missing"
                                                                 : "arguments are missing");
    }
    if (a->n_pos > max_pos) {
        return cli_usage(c, "unexpected argument %s", a->pos[max_pos]);
    }
    s->json = a->json;
    return CLI_GO;
}

int cli_id(const struct command *c, const char *text, const char *what, long long *id)
{
    if (!parse_id(text, id)) {
        return cli_usage(c, "%s must be an id (a number such as 12), not %s", what, text);
    }
    return EXIT_OK;
}
