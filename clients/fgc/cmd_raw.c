/* fgc get and post: any path of the API, printing the JSON it answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

int cmd_get(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 1);
    if (code != CLI_GO) {
        return code;
    }
    char *path = api_path(a.pos[0]);
    struct reply r;
    s->json = true;
    code = api_call(s, "GET", path, NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        out_json(r.json);
    }
    reply_free(&r);
    free(path);
    return code;
}

int cmd_post(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {{"if-match", OPT_VALUE, "VERSION",
                          "the version of the record the change is based on", false, NULL, NULL, 0},
                         {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 2);
    if (code != CLI_GO) {
        return code;
    }
    json_error_t error;
    json_t *body;
    if (a.n_pos < 2) {
        body = json_object();
    } else if (strcmp(a.pos[1], "-") == 0) {
        body = json_loadf(stdin, JSON_REJECT_DUPLICATES, &error);
    } else {
        body = json_loads(a.pos[1], JSON_REJECT_DUPLICATES, &error);
    }
    if (!body) {
        return cli_usage(c, "the body is not JSON: %s (line %d, column %d)", error.text, error.line,
                         error.column);
    }
    char *path = api_path(a.pos[0]);
    struct reply r;
    s->json = true;
    code = api_call(s, "POST", path, body, args_value(opts, "if-match"), &r, NULL);
    if (code == EXIT_OK) {
        out_json(r.json);
    }
    reply_free(&r);
    json_decref(body);
    free(path);
    return code;
}
