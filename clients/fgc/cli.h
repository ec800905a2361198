/* Helpers every command uses: parsing its options, usage errors and the ids it is given. */
#ifndef FGC_CLI_H
#define FGC_CLI_H

#include "args.h"
#include "commands.h"

/* What cli_parse returns when the command should go on. */
#define CLI_GO (-1)

/*
 * Parses a command's words: on --help prints its help and returns 0; on a usage error (or
 * fewer than min or more than max positional arguments) prints it and returns 2; otherwise
 * sets s->json and returns CLI_GO.
 */
int cli_parse(struct session *s, const struct command *c, struct opt *opts, int argc, char **argv,
              struct args *a, size_t min_pos, size_t max_pos);
/* Prints "fgc NAME: message" and the usage line on stderr; returns 2. */
int cli_usage(const struct command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads an id given as what ("ID", "--child"), or prints a usage error. Returns 0 or 2. */
int cli_id(const struct command *c, const char *text, const char *what, long long *id);
/* Prints the help of a command on out. */
void cli_help(const struct command *c, const struct opt *opts, FILE *out);

#endif
