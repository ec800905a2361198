/* fgc plan and action: recording a conference's family plan and changing its actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "specs.h"
#include "steps.h"
#include "text.h"

static const struct field_alias plan_aliases[] = {{"conference_id", "--conference"},
                                                  {"agreed", "--agreed"},
                                                  {"agreed_on", "--date"},
                                                  {"actions[]", "--action"},
                                                  {NULL, NULL}};

static int plan_show(struct session *s, const struct command *c, const char *given)
{
    long long id;
    int code = cli_id(c, given, "ID", &id);
    if (code != EXIT_OK) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", text_fmt("/api/v1/plans/%lld", id), NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            plan_print(r.json);
        }
    }
    reply_free(&r);
    return code;
}

int cmd_plan(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"conference", OPT_VALUE, "ID", "the initial conference the plan came from", false, NULL,
         NULL, 0},
        {"agreed", OPT_FLAG, NULL, "the family agreed the plan", false, NULL, NULL, 0},
        {"not-agreed", OPT_FLAG, NULL, "the family did not agree a plan", false, NULL, NULL, 0},
        {"date", OPT_VALUE, "DATE", "when it was agreed (default the conference's date)", false,
         NULL, NULL, 0},
        {"action", OPT_LIST, "SPEC", "'DESCRIPTION|OWNER|family|professional|DUE'", false, NULL,
         NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 1);
    if (code != CLI_GO) {
        return code;
    }
    json_t *body = NULL;
    struct reply r = {0};
    if (a.n_pos == 1) {
        code =
            args_given(opts, "conference")
                ? cli_usage(c, "give either a plan's ID to show it or --conference to record one")
                : plan_show(s, c, a.pos[0]);
        goto done;
    }
    long long conference;
    if (!args_given(opts, "conference")) {
        code = cli_usage(c, "--conference is required to record a plan");
        goto done;
    }
    if ((code = cli_id(c, args_value(opts, "conference"), "--conference", &conference))) {
        goto done;
    }
    bool agreed = args_given(opts, "agreed");
    if (agreed == args_given(opts, "not-agreed")) {
        code = cli_usage(c, "give one of --agreed and --not-agreed");
        goto done;
    }
    body = json_pack("{s:I, s:b}", "conference_id", (json_int_t)conference, "agreed", agreed);
    if (args_given(opts, "date")) {
        json_object_set_new(body, "agreed_on", json_string(args_value(opts, "date")));
    }
    struct opt *actions = args_opt(opts, "action");
    if (actions->n_items > 0) {
        json_t *list = json_array();
        for (size_t i = 0; i < actions->n_items; i++) {
            char err[240];
            json_t *one = spec_action(actions->items[i], err, sizeof err);
            if (!one) {
                json_decref(list);
                code = cli_usage(c, "--action %s: %s", actions->items[i], err);
                goto done;
            }
            json_array_append_new(list, one);
        }
        json_object_set_new(body, "actions", list);
    }
    code = api_call(s, "POST", "/api/v1/plans", body, NULL, &r, plan_aliases);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            const json_t *ref = json_object_get(r.json, "referral");
            char words[64];
            status_words(words, sizeof words, jget(ref, "status"));
            printf("Plan %s recorded. Referral %s is now %s (version %s).\n\n", jget(r.json, "id"),
                   jget(ref, "id"), words, jget(ref, "version"));
            plan_print(r.json);
        }
    }
done:
    reply_free(&r);
    json_decref(body);
    args_free(opts);
    return code;
}

/* The action with this id in plan (a borrowed reference), or NULL. */
static json_t *action_in(json_t *plan, long long id)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(plan, "actions"), i, a)
    {
        if (jid(a, "id") == id) {
            return a;
        }
    }
    return NULL;
}

static int compare_desc(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

/*
 * Finds the action (a new reference in *action). The API has no GET for one action, so
 * without --plan the plans of the conferences the caller can see are read, newest first.
 */
static int find_action(const struct session *s, long long id, long long plan, json_t **action)
{
    *action = NULL;
    long long *plans = NULL;
    size_t n = 0;
    int code = EXIT_OK;
    if (plan) {
        plans = malloc(sizeof *plans);
        plans[n++] = plan;
    } else {
        struct query q;
        query_init(&q, "/api/v1/conferences");
        query_add(&q, "kind", "initial");
        query_add(&q, "limit", "200");
        json_t *conferences;
        code = api_list(s, &q, true, &conferences, NULL);
        query_free(&q);
        if (code != EXIT_OK) {
            return code;
        }
        plans = malloc((json_array_size(conferences) + 1) * sizeof *plans);
        size_t i;
        json_t *conf;
        json_array_foreach(conferences, i, conf)
        {
            if (jid(conf, "plan_id")) {
                plans[n++] = jid(conf, "plan_id");
            }
        }
        json_decref(conferences);
        qsort(plans, n, sizeof *plans, compare_desc);
    }
    for (size_t i = 0; i < n && !*action; i++) {
        struct reply r;
        code = api_call(s, "GET", text_fmt("/api/v1/plans/%lld", plans[i]), NULL, NULL, &r, NULL);
        if (code != EXIT_OK) {
            reply_free(&r);
            break;
        }
        json_t *found = action_in(r.json, id);
        if (found) {
            *action = json_incref(found);
        }
        reply_free(&r);
    }
    free(plans);
    if (code == EXIT_OK && !*action) {
        if (plan) {
            fprintf(stderr, "fgc: plan %lld has no action %lld\n", plan, id);
        } else {
            fprintf(stderr, "fgc: there is no plan action with id %lld that you can see\n", id);
        }
        code = EXIT_REFUSED;
    }
    return code;
}

int cmd_action(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"status", OPT_VALUE, "STATUS", "open, done, not_done or cancelled (required)", false, NULL,
         NULL, 0},
        {"date", OPT_VALUE, "DATE", "when a done action was completed (default today)", false, NULL,
         NULL, 0},
        {"plan", OPT_VALUE, "PLAN_ID", "the plan the action belongs to", false, NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    long long id, plan = 0;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "ID", &id)) != EXIT_OK) {
        return code;
    }
    if (!args_given(opts, "status")) {
        return cli_usage(c, "--status is required");
    }
    if (args_given(opts, "plan") && (code = cli_id(c, args_value(opts, "plan"), "--plan", &plan))) {
        return code;
    }
    json_t *action;
    if ((code = find_action(s, id, plan, &action)) != EXIT_OK) {
        return code;
    }
    json_t *body = json_pack("{s:s}", "status", args_value(opts, "status"));
    if (args_given(opts, "date")) {
        json_object_set_new(body, "completed_on", json_string(args_value(opts, "date")));
    }
    static const struct field_alias aliases[] = {
        {"status", "--status"}, {"completed_on", "--date"}, {NULL, NULL}};
    struct reply r;
    code = api_call(s, "PATCH", text_fmt("/api/v1/plan-actions/%lld", id), body,
                    jget(action, "version"), &r, aliases);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            char words[64];
            status_words(words, sizeof words, jget(r.json, "status"));
            printf("Action %lld is now %s", id, words);
            if (jget(r.json, "completed_on")) {
                printf(" (completed on %s)", jget(r.json, "completed_on"));
            }
            printf(", version %s.\n", jget(r.json, "version"));
        }
    } else if (r.status == 412) {
        fprintf(stderr,
                "Someone else changed action %lld while you were working on it. Check its "
                "plan and try again.\n",
                id);
    }
    reply_free(&r);
    json_decref(body);
    json_decref(action);
    return code;
}
