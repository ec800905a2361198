/* fgc login, logout and whoami: the token, where it is kept, and whose it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "table.h"

/* Reads a token from standard input, without echoing it when that is a terminal. */
static int read_token(char *buf, size_t size)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios saved, quiet;
    if (tty) {
        fputs("API token: ", stderr);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &saved) == 0) {
            quiet = saved;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        } else {
            tty = false;
        }
    }
    char *line = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    if (!line) {
        return -1;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int cmd_login(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 2);
    if (code != CLI_GO) {
        return code;
    }
    struct session try;
    memset(&try, 0, sizeof try);
    try.json = s->json;
    snprintf(try.settings.url, sizeof try.settings.url, "%s", a.pos[0]);
    size_t len = strlen(try.settings.url);
    while (len > 0 && try.settings.url[len - 1] == '/') {
        try.settings.url[--len] = '\0';
    }
    if (!settings_url_ok(try.settings.url)) {
        return cli_usage(c, "the address must start with http:// or https://, such as "
                            "https://fgc.example.gov.uk");
    }
    if (a.n_pos == 2 && strcmp(a.pos[1], "-") != 0) {
        snprintf(try.settings.token, sizeof try.settings.token, "%s", a.pos[1]);
    } else if (read_token(try.settings.token, sizeof try.settings.token) != 0) {
        return cli_usage(c, "no token was given");
    }
    if (!settings_token_ok(try.settings.token)) {
        memset(&try, 0, sizeof try);
        return cli_usage(c, "that is not an API token (they have no spaces and start fgc_)");
    }
    struct reply r;
    code = api_call(&try, "GET", "/api/v1/me", NULL, NULL, &r, NULL);
    if (code != EXIT_OK) {
        reply_free(&r);
        memset(&try, 0, sizeof try);
        return code;
    }
    char path[1024], err[1200];
    if (settings_path(path, sizeof path) != 0) {
        fputs("fgc: neither HOME nor XDG_CONFIG_HOME is set, so there is nowhere to save the "
              "token\n",
              stderr);
        code = EXIT_USAGE;
    } else if (settings_save(path, &try.settings, err, sizeof err) != 0) {
        fprintf(stderr, "fgc: %s\n", err);
        code = EXIT_USAGE;
    } else if (s->json) {
        out_json(r.json);
    } else {
        printf("Signed in to %s as %s (%s). Saved in %s.\n", try.settings.url,
               jget(r.json, "username"), jget(r.json, "role"), path);
        const char *env_token = getenv("FGC_TOKEN");
        if (env_token && *env_token) {
            out_note("Note: FGC_TOKEN is set in your environment and is used instead of the "
                     "saved token.");
        }
    }
    reply_free(&r);
    memset(&try, 0, sizeof try);
    return code;
}

int cmd_logout(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    char path[1024], err[1200];
    struct settings saved;
    if (settings_path(path, sizeof path) != 0 ||
        settings_load(path, &saved, err, sizeof err) != 0) {
        fputs("fgc: there is no settings file to remove a token from\n", stderr);
        return EXIT_USAGE;
    }
    if (!*saved.token) {
        printf("No token is saved in %s.\n", path);
        return EXIT_OK;
    }
    memset(saved.token, 0, sizeof saved.token);
    if (settings_save(path, &saved, err, sizeof err) != 0) {
        fprintf(stderr, "fgc: %s\n", err);
        return EXIT_USAGE;
    }
    printf("The token was removed from %s. It still works on the service until it is revoked.\n",
           path);
    return EXIT_OK;
}

int cmd_whoami(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", "/api/v1/me", NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            const char *pairs[] = {
                "Username", jget(r.json, "username"), "Role",    jget(r.json, "role"),
                "User id",  jget(r.json, "id"),       "Team id", jget(r.json, "team_id"),
                "Service",  s->settings.url};
            summary_print(stdout, pairs, 5);
        }
    }
    reply_free(&r);
    return code;
}
