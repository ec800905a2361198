/* fgcd user add NAME --role ROLE [--team TEAM] [--display-name TEXT]. */
#include "cli.h"
#include "codes.h"
#include "roles.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: fgcd user add NAME --role ROLE [--team TEAM] [--display-name TEXT]\n"
                    "roles: social_worker, fgc_coordinator, manager, data_analyst, trainer, "
                    "admin\n");
    return 2;
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
    return usage();
}
