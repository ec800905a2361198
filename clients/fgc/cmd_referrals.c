/* fgc referrals and refer: listing referrals and making one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "table.h"
#include "text.h"

int cmd_referrals(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"status", OPT_VALUE, "STATUS", "referred, accepted, allocated, ... closed", false, NULL,
         NULL, 0},
        {"area", OPT_VALUE, "CODE", "the primary child's cluster, or a local authority", false,
         NULL, NULL, 0},
        {"from", OPT_VALUE, "DATE", "referred on or after", false, NULL, NULL, 0},
        {"to", OPT_VALUE, "DATE", "referred on or before", false, NULL, NULL, 0},
        {"child", OPT_VALUE, "ID", "including this child", false, NULL, NULL, 0},
        {"coordinator", OPT_VALUE, "USER_ID", "allocated to this coordinator", false, NULL, NULL,
         0},
        {"stage", OPT_VALUE, "STAGE", "referral stage", false, NULL, NULL, 0},
        {"limit", OPT_VALUE, "N", "referrals per page (1 to 200, default 50)", false, NULL, NULL,
         0},
        {"all", OPT_FLAG, NULL, "every page, not only the first", false, NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    struct query q;
    query_init(&q, "/api/v1/referrals");
    query_add(&q, "status", args_value(opts, "status"));
    query_add(&q, "area", args_value(opts, "area"));
    query_add(&q, "from", args_value(opts, "from"));
    query_add(&q, "to", args_value(opts, "to"));
    query_add(&q, "child_id", args_value(opts, "child"));
    query_add(&q, "coordinator_id", args_value(opts, "coordinator"));
    query_add(&q, "referral_stage", args_value(opts, "stage"));
    query_add(&q, "limit", args_value(opts, "limit"));
    json_t *items;
    char *next;
    code = api_list(s, &q, args_given(opts, "all"), &items, &next);
    query_free(&q);
    if (code != EXIT_OK) {
        return code;
    }
    if (s->json) {
        json_t *page = json_pack("{s:o, s:s?}", "items", items, "next_cursor", next);
        out_json(page);
        json_decref(page);
    } else {
        static const char *const headers[] = {"ID",     "REFERRED",    "CHILD", "STAGE",
                                              "STATUS", "COORDINATOR", "DV"};
        struct table *t = table_new(7, headers);
        size_t i;
        json_t *r;
        json_array_foreach(items, i, r)
        {
            const char *row[] = {jget(r, "id"),
                                 jget(r, "referred_on"),
                                 jget(r, "child_id"),
                                 jget(r, "referral_stage"),
                                 jget(r, "status"),
                                 jget(r, "coordinator_id"),
                                 jget(r, "domestic_violence")};
            table_add(t, row);
        }
        if (table_rows(t) == 0) {
            puts("No referrals found.");
        } else {
            table_print(t, stdout, "");
        }
        table_free(t);
        json_decref(items);
    }
    if (next) {
        out_note("There are more referrals: add --all to see every page.");
    }
    free(next);
    return EXIT_OK;
}

/* Reads all of standard input (for --reason -). The caller frees it. */
static char *read_stdin(void)
{
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t n;
    while (text && (n = fread(text + len, 1, cap - len - 1, stdin)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            char *grown = realloc(text, cap);
            if (!grown) {
                free(text);
                return NULL;
            }
            text = grown;
        }
    }
    if (text) {
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r')) {
            len--;
        }
        text[len] = '\0';
    }
    return text;
}

static const struct field_alias refer_aliases[] = {
    {"child_id", "--child"},       {"children[]", "--sibling"},          {"children", "--sibling"},
    {"referred_on", "--date"},     {"referral_stage", "--stage"},        {"reason", "--reason"},
    {"domestic_violence", "--dv"}, {"referrer_name", "--referrer-name"}, {NULL, NULL}};

int cmd_refer(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"child", OPT_VALUE, "ID", "the child the referral is about (required)", false, NULL, NULL,
         0},
        {"sibling", OPT_LIST, "ID", "a brother or sister included in the FGC", false, NULL, NULL,
         0},
        {"date", OPT_VALUE, "DATE", "the date of the referral (required)", false, NULL, NULL, 0},
        {"stage", OPT_VALUE, "STAGE", "where the family is in the system (required)", false, NULL,
         NULL, 0},
        {"reason", OPT_VALUE, "TEXT", "why an FGC is wanted; - reads it from standard input", false,
         NULL, NULL, 0},
        {"dv", OPT_FLAG, NULL, "domestic violence is a factor", false, NULL, NULL, 0},
        {"referrer-name", OPT_VALUE, "TEXT", "a referrer from outside the council", false, NULL,
         NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    json_t *body = NULL;
    char *reason = NULL;
    static const char *const required[] = {"child", "date", "stage", "reason"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!args_given(opts, required[i])) {
            code = cli_usage(c, "--%s is required", required[i]);
            goto done;
        }
    }
    long long child;
    if ((code = cli_id(c, args_value(opts, "child"), "--child", &child)) != EXIT_OK) {
        goto done;
    }
    body = json_pack("{s:I, s:s, s:s}", "child_id", (json_int_t)child, "referred_on",
                     args_value(opts, "date"), "referral_stage", args_value(opts, "stage"));
    struct opt *siblings = args_opt(opts, "sibling");
    if (siblings->n_items > 0) {
        json_t *ids = json_array();
        for (size_t i = 0; i < siblings->n_items; i++) {
            long long id;
            if ((code = cli_id(c, siblings->items[i], "--sibling", &id)) != EXIT_OK) {
                json_decref(ids);
                goto done;
            }
            json_array_append_new(ids, json_integer(id));
        }
        json_object_set_new(body, "children", ids);
    }
    const char *reason_text = args_value(opts, "reason");
    if (strcmp(reason_text, "-") == 0) {
        reason = read_stdin();
        reason_text = reason ? reason : "";
    }
    json_object_set_new(body, "reason", json_string(reason_text));
    if (args_given(opts, "dv")) {
        json_object_set_new(body, "domestic_violence", json_true());
    }
    if (args_given(opts, "referrer-name")) {
        json_object_set_new(body, "referrer_name", json_string(args_value(opts, "referrer-name")));
    }
    struct reply r;
    code = api_call(s, "POST", "/api/v1/referrals", body, NULL, &r, refer_aliases);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            printf("Referral %s made for child %s (status %s).\n", jget(r.json, "id"),
                   jget(r.json, "child_id"), jget(r.json, "status"));
            next_steps_print(stdout, r.json, "Next steps:");
        }
    }
    reply_free(&r);
done:
    json_decref(body);
    free(reason);
    args_free(opts);
    return code;
}
