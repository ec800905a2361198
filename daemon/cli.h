/* Shared pieces of the admin subcommands: a blocking database connection and api calls. */
#ifndef FGCD_CLI_H
#define FGCD_CLI_H

#include <jansson.h>
#include <libpq-fe.h>

/* Connects to settings.database_url; prints the reason and returns NULL on failure. */
PGconn *cli_connect(void);

/*
 * Runs api.dispatch(fn, ctx, args) as the command line ("cli", admin) and returns the
 * result object, or NULL after printing PostgreSQL's message. args is not stolen.
 */
json_t *cli_dispatch(PGconn *conn, const char *fn, json_t *args);

/* The subcommands; argv starts at the subcommand's own arguments. */
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo_data(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
