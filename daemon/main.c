/* fgcd: entry point; reads the configuration and runs a subcommand (serve by default). */
#include "cli.h"
#include "config.h"
#include "log.h"
#include "server.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: fgcd [--config FILE] [COMMAND]\n"
          "\n"
          "commands:\n"
          "  serve                          run the HTTP service (the default)\n"
          "  migrate [--status]             apply database migrations, or list them\n"
          "  user add NAME --role ROLE      create a user\n"
          "  token create NAME              print a new API token for a user\n"
          "  demo-data [--seed N] [--check] load synthetic demonstration data\n"
          "  import population|ssda903|cin-census ...\n"
          "                                 load statutory returns (fgcd import --help)\n"
          "\n"
          "The database comes from the configuration file or FGCD_DATABASE_URL; the listen\n"
          "address from the configuration file or FGCD_LISTEN (host:port).\n",
          out);
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("fgcd %s\n", FGCD_VERSION);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (sodium_init() < 0) {
        fputs("fgcd: libsodium could not be initialised\n", stderr);
        return 1;
    }
    config_defaults(&settings);
    char *cause = NULL;
    if ((config_path && config_load(&settings, config_path, false, &cause) != 0) ||
        config_apply_env(&settings, &cause) != 0) {
        fprintf(stderr, "fgcd: %s\n", cause);
        free(cause);
        config_free(&settings);
        return 1;
    }
    enum log_level level;
    if (log_parse_level(settings.log_level, &level) == 0)
        log_set_level(level);
    /* "Today" for date checks is the service's own day (England's, by default), not the
     * server's: the database uses the same zone (see fgc.today()). Logs stay in UTC. */
    setenv("TZ", settings.timezone, 1);
    tzset();

    const char *command = i < argc ? argv[i] : "serve";
    int sub_argc = i < argc ? argc - i - 1 : 0;
    char **sub_argv = argv + (i < argc ? i + 1 : argc);
    int rc;
    if (strcmp(command, "serve") == 0 && sub_argc == 0)
        rc = server_run(config_path);
    else if (strcmp(command, "migrate") == 0)
        rc = cmd_migrate(sub_argc, sub_argv);
    else if (strcmp(command, "user") == 0)
        rc = cmd_user(sub_argc, sub_argv);
    else if (strcmp(command, "token") == 0)
        rc = cmd_token(sub_argc, sub_argv);
    else if (strcmp(command, "demo-data") == 0)
        rc = cmd_demo_data(sub_argc, sub_argv);
    else if (strcmp(command, "import") == 0)
        rc = cmd_import(sub_argc, sub_argv);
    else {
        usage(stderr);
        rc = 2;
    }
    config_free(&settings);
    return rc;
}
