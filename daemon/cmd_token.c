/* fgcd token create NAME [--label TEXT]: prints a new API token alone on stdout. */
#include "auth.h"
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: fgcd token create NAME [--label TEXT]\n");
    return 2;
}

int cmd_token(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[0], "create") != 0)
        return usage();
    const char *name = argv[1], *label = "command line";
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
            label = argv[++i];
        else
            return usage();
    }
    PGconn *conn = cli_connect();
    if (!conn)
        return 1;
    char *token = token_generate();
    char hash[65];
    token_hash_hex(token, hash);
    json_t *args =
        json_pack("{s:s, s:s, s:s}", "username", name, "token_hash", hash, "label", label);
    json_t *result = cli_dispatch(conn, "token_create", args);
    json_decref(args);
    PQfinish(conn);
    int rc = 1;
    if (result) {
        printf("%s\n", token);
        rc = 0;
    }
    json_decref(result);
    sodium_memzero(token, strlen(token));
    free(token);
    return rc;
}
