/* fgc children, child and add-child: finding, reading and recording children. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "table.h"
#include "text.h"

/* "Hart, Amelia", or NULL when names are hidden (a data analyst). */
static const char *child_name(const json_t *child)
{
    const char *first = jget(child, "first_name");
    const char *last = jget(child, "last_name");
    if (!first && !last) {
        return NULL;
    }
    return text_fmt("%s, %s", last ? last : "-", first ? first : "-");
}

static const char *sex_words(const json_t *child)
{
    long long sex = jid(child, "sex");
    return sex == 1 ? "male" : sex == 2 ? "female" : jget(child, "sex");
}

int cmd_children(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"q", OPT_VALUE, "TEXT", "part of the child's name", false, NULL, NULL, 0},
        {"area", OPT_VALUE, "CODE", "a cluster, or a local authority for all its clusters", false,
         NULL, NULL, 0},
        {"team", OPT_VALUE, "ID", "allocated to this team", false, NULL, NULL, 0},
        {"social-worker", OPT_VALUE, "ID", "allocated to this social worker", false, NULL, NULL, 0},
        {"limit", OPT_VALUE, "N", "children per page (1 to 200, default 50)", false, NULL, NULL, 0},
        {"all", OPT_FLAG, NULL, "every page, not only the first", false, NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    struct query q;
    query_init(&q, "/api/v1/children");
    query_add(&q, "q", args_value(opts, "q"));
    query_add(&q, "area", args_value(opts, "area"));
    query_add(&q, "team_id", args_value(opts, "team"));
    query_add(&q, "social_worker_id", args_value(opts, "social-worker"));
    query_add(&q, "limit", args_value(opts, "limit"));
    json_t *items;
    char *next;
    code = api_list(s, &q, args_given(opts, "all"), &items, &next);
    query_free(&q);
    args_free(opts);
    if (code != EXIT_OK) {
        return code;
    }
    if (s->json) {
        json_t *page = json_pack("{s:o, s:s?}", "items", items, "next_cursor", next);
        out_json(page);
        json_decref(page);
    } else {
        static const char *const headers[] = {"ID",   "NAME", "DATE OF BIRTH", "SEX", "ETHNICITY",
                                              "AREA", "UPN"};
        struct table *t = table_new(7, headers);
        size_t i;
        json_t *child;
        json_array_foreach(items, i, child)
        {
            const char *row[] = {
                jget(child, "id"), child_name(child),        jget(child, "date_of_birth"),
                sex_words(child),  jget(child, "ethnicity"), jget(child, "area"),
                jget(child, "upn")};
            table_add(t, row);
        }
        if (table_rows(t) == 0) {
            puts("No children found.");
        } else {
            table_print(t, stdout, "");
        }
        table_free(t);
        json_decref(items);
    }
    if (next) {
        out_note("There are more children: add --all to see every page.");
    }
    free(next);
    return EXIT_OK;
}

static void network_print(const json_t *members)
{
    if (json_array_size(members) == 0) {
        return;
    }
    out_heading("Family network");
    static const char *const headers[] = {"ID", "NAME", "RELATIONSHIP", "LIVES WITH CHILD",
                                          "NOTES"};
    struct table *t = table_new(5, headers);
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        const char *row[] = {jget(m, "id"), jget(m, "full_name"), jget(m, "relationship"),
                             jget(m, "lives_with_child"), jget(m, "notes")};
        table_add(t, row);
    }
    table_print(t, stdout, "  ");
    table_free(t);
}

static void child_referrals_print(const struct session *s, long long id)
{
    struct query q;
    query_init(&q, "/api/v1/referrals");
    query_add(&q, "child_id", text_fmt("%lld", id));
    json_t *items;
    if (api_list(s, &q, true, &items, NULL) == EXIT_OK && json_array_size(items) > 0) {
        out_heading("Referrals");
        static const char *const headers[] = {"ID", "REFERRED", "STAGE", "STATUS"};
        struct table *t = table_new(4, headers);
        size_t i;
        json_t *r;
        json_array_foreach(items, i, r)
        {
            const char *row[] = {jget(r, "id"), jget(r, "referred_on"), jget(r, "referral_stage"),
                                 jget(r, "status")};
            table_add(t, row);
        }
        table_print(t, stdout, "  ");
        table_free(t);
    }
    json_decref(items);
    query_free(&q);
}

static void child_print(const json_t *child)
{
    const char *first = jget(child, "first_name");
    const char *last = jget(child, "last_name");
    const char *name = first || last ? text_fmt("%s %s", first ? first : "", last ? last : "")
                                     : "(names are not shown to your role)";
    const char *pairs[] = {"Child",         jget(child, "id"),
                           "Name",          name,
                           "Date of birth", jget(child, "date_of_birth"),
                           "Sex",           sex_words(child),
                           "Ethnicity",     jget(child, "ethnicity"),
                           "Area",          jget(child, "area"),
                           "UPN",           jget(child, "upn"),
                           "Team",          jget(child, "team_id"),
                           "Social worker", jget(child, "social_worker_id"),
                           "Version",       jget(child, "version")};
    summary_print(stdout, pairs, sizeof pairs / sizeof pairs[0] / 2);
}

int cmd_child(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 1);
    long long id;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "ID", &id)) != EXIT_OK) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", text_fmt("/api/v1/children/%lld", id), NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            child_print(r.json);
            network_print(json_object_get(r.json, "network_members"));
            child_referrals_print(s, id);
        }
    }
    reply_free(&r);
    return code;
}

static const struct field_alias child_aliases[] = {{"first_name", "--first-name"},
                                                   {"last_name", "--last-name"},
                                                   {"date_of_birth", "--dob"},
                                                   {"sex", "--sex"},
                                                   {"ethnicity", "--ethnicity"},
                                                   {"area", "--area"},
                                                   {"upn", "--upn"},
                                                   {"team_id", "--team"},
                                                   {"social_worker_id", "--social-worker"},
                                                   {NULL, NULL}};

int cmd_add_child(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"first-name", OPT_VALUE, "TEXT", "first name (required)", false, NULL, NULL, 0},
        {"last-name", OPT_VALUE, "TEXT", "last name (required)", false, NULL, NULL, 0},
        {"dob", OPT_VALUE, "DATE", "date of birth, or expected date of delivery (required)", false,
         NULL, NULL, 0},
        {"sex", OPT_VALUE, "1|2", "1 male, 2 female (required)", false, NULL, NULL, 0},
        {"ethnicity", OPT_VALUE, "CODE", "DfE ethnicity code such as WBRI (required)", false, NULL,
         NULL, 0},
        {"area", OPT_VALUE, "CODE", "the cluster the child lives in (required)", false, NULL, NULL,
         0},
        {"upn", OPT_VALUE, "UPN", "unique pupil number", false, NULL, NULL, 0},
        {"team", OPT_VALUE, "ID", "team (default: yours)", false, NULL, NULL, 0},
        {"social-worker", OPT_VALUE, "ID", "social worker (default: you, if you are one)", false,
         NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    static const char *const required[] = {"first-name", "last-name", "dob",
                                           "sex",        "ethnicity", "area"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!args_given(opts, required[i])) {
            return cli_usage(c, "--%s is required", required[i]);
        }
    }
    long long sex, team = 0, worker = 0;
    if (!parse_int(args_value(opts, "sex"), 1, 2, &sex)) {
        return cli_usage(c, "--sex is 1 (male) or 2 (female), as in the DfE returns");
    }
    if (args_given(opts, "team") && (code = cli_id(c, args_value(opts, "team"), "--team", &team))) {
        return code;
    }
    if (args_given(opts, "social-worker") &&
        (code = cli_id(c, args_value(opts, "social-worker"), "--social-worker", &worker))) {
        return code;
    }
    json_t *body =
        json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "first_name", args_value(opts, "first-name"),
                  "last_name", args_value(opts, "last-name"), "date_of_birth",
                  args_value(opts, "dob"), "sex", (json_int_t)sex, "ethnicity",
                  args_value(opts, "ethnicity"), "area", args_value(opts, "area"));
    if (args_given(opts, "upn")) {
        json_object_set_new(body, "upn", json_string(args_value(opts, "upn")));
    }
    if (team) {
        json_object_set_new(body, "team_id", json_integer(team));
    }
    if (worker) {
        json_object_set_new(body, "social_worker_id", json_integer(worker));
    }
    struct reply r;
    code = api_call(s, "POST", "/api/v1/children", body, NULL, &r, child_aliases);
    json_decref(body);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            printf("Recorded child %s.\n\n", jget(r.json, "id"));
            child_print(r.json);
        }
    }
    reply_free(&r);
    return code;
}
