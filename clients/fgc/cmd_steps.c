/* fgc accept, decline, allocate, prepare and close: a referral's steps, guarded by If-Match. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "output.h"
#include "steps.h"
#include "text.h"

static const struct field_alias step_aliases[] = {{"accepted_on", "--date"},
                                                  {"declined_on", "--date"},
                                                  {"allocated_on", "--date"},
                                                  {"preparation_started_on", "--date"},
                                                  {"closed_on", "--date"},
                                                  {"decline_reason", "--reason"},
                                                  {"closure_reason", "--reason"},
                                                  {"decline_note", "--note"},
                                                  {"closure_note", "--note"},
                                                  {"coordinator_id", "--coordinator"},
                                                  {"network_members_contacted", "--contacted"},
                                                  {NULL, NULL}};

/* The user id of a coordinator given as an id, a username or "me". Returns the exit code. */
static int coordinator_id(const struct session *s, const struct command *c, const char *given,
                          long long *id)
{
    if (given[0] >= '0' && given[0] <= '9') {
        return cli_id(c, given, "--coordinator", id);
    }
    struct reply r;
    if (strcmp(given, "me") == 0) {
        int code = api_call(s, "GET", "/api/v1/me", NULL, NULL, &r, NULL);
        *id = code == EXIT_OK ? jid(r.json, "id") : 0;
        reply_free(&r);
        return code;
    }
    struct query q;
    query_init(&q, "/api/v1/users");
    query_add(&q, "role", "fgc_coordinator");
    query_add(&q, "active", "true");
    query_add(&q, "q", given);
    query_add(&q, "limit", "200");
    json_t *users;
    int code = api_list(s, &q, true, &users, NULL);
    query_free(&q);
    if (code != EXIT_OK) {
        return code;
    }
    *id = 0;
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u)
    {
        const char *name = jget(u, "username");
        if (name && strcasecmp(name, given) == 0) {
            *id = jid(u, "id");
        }
    }
    json_decref(users);
    if (!*id) {
        fprintf(stderr, "fgc: no active FGC coordinator has the username %s\n", given);
        return EXIT_REFUSED;
    }
    return EXIT_OK;
}

/* The body of the step from its options. Returns the exit code. */
static int step_body(const struct session *s, const struct command *c, struct opt *opts,
                     json_t *body)
{
    const char *name = c->name;
    const char *date_field = strcmp(name, "accept") == 0     ? "accepted_on"
                             : strcmp(name, "decline") == 0  ? "declined_on"
                             : strcmp(name, "allocate") == 0 ? "allocated_on"
                             : strcmp(name, "prepare") == 0  ? "preparation_started_on"
                                                             : "closed_on";
    if (args_given(opts, "date")) {
        json_object_set_new(body, date_field, json_string(args_value(opts, "date")));
    }
    if (strcmp(name, "decline") == 0 || strcmp(name, "close") == 0) {
        bool decline = name[0] == 'd';
        if (!args_given(opts, "reason")) {
            return cli_usage(c, "--reason is required");
        }
        json_object_set_new(body, decline ? "decline_reason" : "closure_reason",
                            json_string(args_value(opts, "reason")));
        if (args_given(opts, "note")) {
            json_object_set_new(body, decline ? "decline_note" : "closure_note",
                                json_string(args_value(opts, "note")));
        }
    } else if (strcmp(name, "allocate") == 0) {
        if (!args_given(opts, "coordinator")) {
            return cli_usage(c, "--coordinator is required (a user id, a username or me)");
        }
        long long id;
        int code = coordinator_id(s, c, args_value(opts, "coordinator"), &id);
        if (code != EXIT_OK) {
            return code;
        }
        json_object_set_new(body, "coordinator_id", json_integer(id));
    } else if (strcmp(name, "prepare") == 0 && args_given(opts, "contacted")) {
        long long n;
        if (!parse_int(args_value(opts, "contacted"), 0, 1000000, &n)) {
            return cli_usage(c, "--contacted is a number of people, such as 7");
        }
        json_object_set_new(body, "network_members_contacted", json_integer(n));
    }
    return EXIT_OK;
}

/* After a 412: says that someone else changed the referral, and what it is now. */
static void changed_meanwhile(const struct session *s, long long id)
{
    struct reply now;
    api_send(s, "GET", text_fmt("/api/v1/referrals/%lld", id), NULL, NULL, &now);
    if (reply_ok(&now) && now.json) {
        char words[64];
        status_words(words, sizeof words, jget(now.json, "status"));
        fprintf(stderr,
                "Someone else changed referral %lld while you were working on it: it is now %s "
                "(version %s).\nCheck it with `fgc referral %lld` and try again if the step is "
                "still needed.\n",
                id, words, jget(now.json, "version"), id);
    } else {
        fprintf(stderr,
                "Someone else changed referral %lld while you were working on it. Check "
                "it with `fgc referral %lld`.\n",
                id, id);
    }
    reply_free(&now);
}

int cmd_step(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt all[] = {
        {"date", OPT_VALUE, "DATE", "the date of the step (default today)", false, NULL, NULL, 0},
        {"reason", OPT_VALUE, "CODE", "why (required)", false, NULL, NULL, 0},
        {"note", OPT_VALUE, "TEXT", "more about the reason (required when it is other)", false,
         NULL, NULL, 0},
        {"coordinator", OPT_VALUE, "USER", "a coordinator's user id or username, or me (required)",
         false, NULL, NULL, 0},
        {"contacted", OPT_VALUE, "N", "members of the family network contacted so far", false, NULL,
         NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    /* Only the options of this step: the date, then its own. */
    struct opt opts[4];
    size_t n = 0;
    opts[n++] = all[0];
    if (strcmp(c->name, "decline") == 0 || strcmp(c->name, "close") == 0) {
        opts[n++] = all[1];
        opts[n++] = all[2];
    } else if (strcmp(c->name, "allocate") == 0) {
        opts[n++] = all[3];
    } else if (strcmp(c->name, "prepare") == 0) {
        opts[n++] = all[4];
    }
    opts[n] = all[5];

    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    long long id;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "ID", &id)) != EXIT_OK) {
        return code;
    }
    json_t *body = json_object();
    struct reply before = {0}, r = {0};
    if ((code = step_body(s, c, opts, body)) != EXIT_OK) {
        goto done;
    }
    const char *path = text_fmt("/api/v1/referrals/%lld", id);
    if ((code = api_call(s, "GET", path, NULL, NULL, &before, NULL)) != EXIT_OK) {
        goto done;
    }
    const char *version = *before.etag ? before.etag : jget(before.json, "version");
    api_send(s, "POST", text_fmt("%s/%s", path, c->name), body, version, &r);
    if (reply_ok(&r) && r.json) {
        if (s->json) {
            out_json(r.json);
        } else {
            char words[64];
            status_words(words, sizeof words, jget(r.json, "status"));
            printf("Referral %lld is now %s (version %s).\n", id, words, jget(r.json, "version"));
            next_steps_print(stdout, r.json, "Next steps:");
        }
        code = EXIT_OK;
    } else if (r.status == 412) {
        code = api_fail(s, &r, step_aliases);
        changed_meanwhile(s, id);
    } else {
        code = r.status ? api_fail(s, &r, step_aliases) : api_fail(s, &r, NULL);
        if (r.status == 409) {
            char words[64];
            status_words(words, sizeof words, jget(before.json, "status"));
            fprintf(stderr, "Referral %lld is %s.\n", id, words);
            next_steps_print(stderr, before.json, "The steps it allows now:");
        }
    }
done:
    reply_free(&before);
    reply_free(&r);
    json_decref(body);
    return code;
}
