/* fgc conference: records an initial or review conference, which moves its referral on. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "specs.h"
#include "steps.h"
#include "text.h"

static const struct field_alias conference_aliases[] = {
    {"referral_id", "--referral"},
    {"held_on", "--date"},
    {"model", "--model"},
    {"kind", "--kind"},
    {"child_attended", "--child-attended"},
    {"child_views_heard", "--child-views-heard"},
    {"advocate_used", "--advocate"},
    {"private_family_time", "--private-family-time"},
    {"notes", "--notes"},
    {"attendees[]", "--attendee"},
    {NULL, NULL}};

/* The kind of conference the referral is ready for: a review once a plan was agreed. */
static int infer_kind(const struct session *s, long long referral, const char **kind)
{
    struct reply r;
    int code =
        api_call(s, "GET", text_fmt("/api/v1/referrals/%lld", referral), NULL, NULL, &r, NULL);
    *kind = "initial";
    if (code == EXIT_OK) {
        size_t i;
        json_t *step;
        json_array_foreach(json_object_get(r.json, "allowed_steps"), i, step)
        {
            const char *name = json_string_value(step);
            if (name && strcmp(name, "hold_review") == 0) {
                *kind = "review";
            }
        }
    }
    reply_free(&r);
    return code;
}

int cmd_conference(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        {"referral", OPT_VALUE, "ID", "the referral (required)", false, NULL, NULL, 0},
        {"date", OPT_VALUE, "DATE", "when it was held (required)", false, NULL, NULL, 0},
        {"model", OPT_VALUE, "MODEL", "pragmatic, resolution or restorative (required)", false,
         NULL, NULL, 0},
        {"kind", OPT_VALUE, "KIND", "initial or review (default: what the referral is ready for)",
         false, NULL, NULL, 0},
        {"child-attended", OPT_FLAG, NULL, "the child attended", false, NULL, NULL, 0},
        {"child-views-heard", OPT_FLAG, NULL, "the child's views were heard", false, NULL, NULL, 0},
        {"advocate", OPT_FLAG, NULL, "an advocate was used", false, NULL, NULL, 0},
        {"private-family-time", OPT_FLAG, NULL, "the family had private time", false, NULL, NULL,
         0},
        {"attendee", OPT_LIST, "ROLE[:NAME]", "someone who attended", false, NULL, NULL, 0},
        {"notes", OPT_VALUE, "TEXT", "notes", false, NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    json_t *body = NULL;
    struct reply r = {0};
    static const char *const required[] = {"referral", "date", "model"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!args_given(opts, required[i])) {
            code = cli_usage(c, "--%s is required", required[i]);
            goto done;
        }
    }
    long long referral;
    if ((code = cli_id(c, args_value(opts, "referral"), "--referral", &referral)) != EXIT_OK) {
        goto done;
    }
    json_t *attendees = json_array();
    struct opt *given = args_opt(opts, "attendee");
    for (size_t i = 0; i < given->n_items; i++) {
        char err[200];
        json_t *one = spec_attendee(given->items[i], err, sizeof err);
        if (!one) {
            json_decref(attendees);
            code = cli_usage(c, "--attendee: %s", err);
            goto done;
        }
        json_array_append_new(attendees, one);
    }
    const char *kind = args_value(opts, "kind");
    if (!kind && (code = infer_kind(s, referral, &kind)) != EXIT_OK) {
        json_decref(attendees);
        goto done;
    }
    body = json_pack(
        "{s:I, s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "referral_id", (json_int_t)referral, "kind",
        kind, "held_on", args_value(opts, "date"), "model", args_value(opts, "model"),
        "child_attended", args_given(opts, "child-attended"), "child_views_heard",
        args_given(opts, "child-views-heard"), "advocate_used", args_given(opts, "advocate"),
        "private_family_time", args_given(opts, "private-family-time"));
    if (!body) {
        json_decref(attendees);
        code = cli_usage(c, "the values must be UTF-8 text");
        goto done;
    }
    if (json_array_size(attendees) > 0) {
        json_object_set(body, "attendees", attendees);
    }
    json_decref(attendees);
    if (args_given(opts, "notes")) {
        json_object_set_new(body, "notes", json_string(args_value(opts, "notes")));
    }
    code = api_call(s, "POST", "/api/v1/conferences", body, NULL, &r, conference_aliases);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            const json_t *ref = json_object_get(r.json, "referral");
            char words[64];
            status_words(words, sizeof words, jget(ref, "status"));
            printf("Conference %s recorded: %s, held on %s. Referral %s is now %s (version %s).\n",
                   jget(r.json, "id"), jget(r.json, "kind"), jget(r.json, "held_on"),
                   jget(ref, "id"), words, jget(ref, "version"));
            if (strcmp(kind, "initial") == 0) {
                printf("Next: record the family's plan with fgc plan --conference %s "
                       "--agreed|--not-agreed --action '...'\n",
                       jget(r.json, "id"));
            }
        }
    }
done:
    reply_free(&r);
    json_decref(body);
    args_free(opts);
    return code;
}
