/* fgcd user add NAME --role ROLE [--team TEAM] [--display-name TEXT]. */
#include "cli.h"
#include "codes.h"
#include "roles.h"

#include "password.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int usage(void)
{
    fprintf(stderr, "usage: fgcd user add NAME --role ROLE [--team TEAM] [--display-name TEXT]\n"
                    "       fgcd user passwd NAME   (reads the new password from standard input)\n"
                    "roles: social_worker, fgc_coordinator, manager, data_analyst, trainer, "
                    "admin\n");
    return 2;
}

/* Reads one line without echoing it when standard input is a terminal. */
static char *read_password(void)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios saved, quiet;
    if (tty) {
        fputs("New password: ", stderr);
        tcgetattr(STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char buf[PASSWORD_MAX_LENGTH + 2];
    char *line = fgets(buf, sizeof buf, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    if (!line)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *out = strdup(buf);
    sodium_memzero(buf, sizeof buf);
    return out;
}

static int user_passwd(int argc, char **argv)
{
    if (argc != 1)
        return usage();
    char *password = read_password();
    if (!password) {
        fprintf(stderr, "fgcd: no password given\n");
        return 1;
    }
    const char *problem = password_problem(password);
    if (problem) {
        fprintf(stderr, "fgcd: %s\n", problem);
        sodium_memzero(password, strlen(password));
        free(password);
        return 1;
    }
    char *hash = password_hash(password);
    sodium_memzero(password, strlen(password));
    free(password);
    if (!hash) {
        fprintf(stderr, "fgcd: the password could not be hashed (out of memory?)\n");
        return 1;
    }
    PGconn *conn = cli_connect();
    if (!conn) {
        free(hash);
        return 1;
    }
    json_t *args = json_pack("{s:s, s:s}", "username", argv[0], "password_hash", hash);
    json_t *result = cli_dispatch(conn, "user_set_password", args);
    json_decref(args);
    free(hash);
    PQfinish(conn);
    if (!result)
        return 1;
    json_decref(result);
    fprintf(stderr, "fgcd: password set for %s; their other sessions have ended\n", argv[0]);
    return 0;
}

static int user_add(int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *team = NULL, *display = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
            role = argv[++i];
        else if (strcmp(argv[i], "--team") == 0 && i + 1 < argc)
            team = argv[++i];
        else if (strcmp(argv[i], "--display-name") == 0 && i + 1 < argc)
            display = argv[++i];
        else if (argv[i][0] != '-' && !name)
            name = argv[i];
        else
            return usage();
    }
    if (!name || !role)
        return usage();
    if (role_from_name(role) == ROLE_NONE) {
        fprintf(stderr, "fgcd: unknown role \"%s\"\n", role);
        return usage();
    }
    PGconn *conn = cli_connect();
    if (!conn)
        return 1;
    json_t *args = json_pack("{s:s, s:s}", "username", name, "role", role);
    if (display)
        json_object_set_new(args, "display_name", json_string(display));
    if (team)
        json_object_set_new(args, "team", json_string(team));
    json_t *result = cli_dispatch(conn, "user_create", args);
    json_decref(args);
    PQfinish(conn);
    if (!result)
        return 1;
    json_t *body = json_object_get(result, "body");
    fprintf(stderr, "fgcd: user %s (%s) created with id %lld\n", name, role,
            (long long)json_integer_value(json_object_get(body, "id")));
    json_decref(result);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "passwd") == 0)
        return user_passwd(argc - 1, argv + 1);
    return usage();
}
