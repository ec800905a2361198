/* fgc: the command-line client of fgcd for social workers and FGC coordinators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "http.h"
#include "text.h"

static void usage(FILE *out)
{
    fputs("Usage: fgc COMMAND [OPTIONS]\n\n"
          "fgc records and reads Family Group Conference cases in fgcd.\n",
          out);
    commands_print(out);
    fputs("\nEvery command takes --help, and --json to print the service's JSON.\n"
          "Settings: FGC_URL and FGC_TOKEN in the environment, or `fgc login URL`.\n"
          "Exit codes: 0 done, 1 the service refused, 2 a mistake in the command, 3 the service\n"
          "cannot be reached or failed.\n",
          out);
}

/* Reads the settings file and the environment into s. Returns 0, or the exit code. */
static int load_settings(struct session *s)
{
    char path[1024];
    struct settings file;
    memset(&file, 0, sizeof file);
    if (settings_path(path, sizeof path) == 0) {
        char err[1200];
        if (settings_load(path, &file, err, sizeof err) != 0) {
            fprintf(stderr, "fgc: %s\n", err);
            return EXIT_USAGE;
        }
    }
    settings_resolve(&s->settings, &file, getenv("FGC_URL"), getenv("FGC_TOKEN"));
    memset(&file, 0, sizeof file);
    if (!settings_url_ok(s->settings.url)) {
        fprintf(stderr, "fgc: the service's address must start with http:// or https://: %s\n",
                s->settings.url);
        return EXIT_USAGE;
    }
    if (*s->settings.token && !settings_token_ok(s->settings.token)) {
        fputs("fgc: the API token cannot be sent: it is longer than 512 characters or has spaces "
              "or other characters a token never has\n",
              stderr);
        return EXIT_USAGE;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    /* "fgc --json COMMAND ..." is "fgc COMMAND --json ...". */
    static char json_flag[] = "--json";
    if (argc > 2 && strcmp(argv[1], "--json") == 0) {
        argv[1] = argv[2];
        argv[2] = json_flag;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2 && command_find(argv[2])) {
            const struct command *c = command_find(argv[2]);
            char help[] = "--help";
            char *words[] = {help};
            struct session s;
            memset(&s, 0, sizeof s);
            return c->run(&s, c, 1, words);
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        puts("fgc " FGC_VERSION);
        return EXIT_OK;
    }
    for (int i = 1; i < argc; i++) {
        if (!text_is_utf8(argv[i])) {
            fprintf(stderr,
                    "fgc: argument %d is not UTF-8 text; check your terminal's character "
                    "set (locale)\n",
                    i);
            return EXIT_USAGE;
        }
    }
    const struct command *c = command_find(name);
    if (!c) {
        fprintf(stderr, "fgc: there is no command %s. Run `fgc help` for the list.\n", name);
        return EXIT_USAGE;
    }
    struct session s;
    memset(&s, 0, sizeof s);
    int code = load_settings(&s);
    if (code != 0) {
        return code;
    }
    if (http_init() != 0) {
        fputs("fgc: cannot start libcurl\n", stderr);
        return EXIT_UNAVAILABLE;
    }
    code = c->run(&s, c, argc - 2, argv + 2);
    http_cleanup();
    text_pool_free();
    memset(&s, 0, sizeof s);
    return code;
}
