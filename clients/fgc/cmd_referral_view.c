/* fgc referral: a referral for people, with its children, history, plan and the next steps. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "steps.h"
#include "table.h"
#include "text.h"

#define MAX_PAIRS 40

struct pairs {
    const char *p[2 * MAX_PAIRS];
    size_t n;
};

/* Adds a line; an optional one only when it has a value. */
static void add(struct pairs *ps, const char *label, const char *value, bool optional)
{
    if ((optional && !value) || ps->n == MAX_PAIRS) {
        return;
    }
    ps->p[2 * ps->n] = label;
    ps->p[2 * ps->n + 1] = value;
    ps->n++;
}

void next_steps_print(FILE *out, const json_t *referral, const char *heading)
{
    const json_t *steps = json_object_get(referral, "allowed_steps");
    long long id = jid(referral, "id");
    if (json_array_size(steps) == 0) {
        char words[64];
        status_words(words, sizeof words, jget(referral, "status"));
        fprintf(out, "No further steps: the referral is %s.\n", words);
        return;
    }
    const json_t *conferences = json_object_get(referral, "conference_ids");
    long long conference = 0;
    if (json_array_size(conferences) > 0) {
        conference =
            json_integer_value(json_array_get(conferences, json_array_size(conferences) - 1));
    }
    fprintf(out, "%s\n", heading);
    size_t i;
    const json_t *step;
    json_array_foreach(steps, i, step)
    {
        const char *name = json_string_value(step);
        char command[160];
        if (!name) {
            continue;
        }
        if (conference && strncmp(name, "record_plan_", 12) == 0) {
            snprintf(command, sizeof command, "fgc plan --conference %lld %s", conference,
                     strcmp(name, "record_plan_agreed") == 0 ? "--agreed" : "--not-agreed");
        } else {
            step_command(command, sizeof command, name, id);
        }
        fprintf(out, "  %s\n", command);
    }
}

void plan_print(const json_t *plan)
{
    bool agreed = json_is_true(json_object_get(plan, "agreed"));
    printf("Plan %s from conference %s: %s%s%s (version %s)\n", jget(plan, "id"),
           jget(plan, "conference_id"), agreed ? "agreed" : "not agreed",
           agreed && jget(plan, "agreed_on") ? " on " : "",
           agreed && jget(plan, "agreed_on") ? jget(plan, "agreed_on") : "", jget(plan, "version"));
    const json_t *actions = json_object_get(plan, "actions");
    if (json_array_size(actions) == 0) {
        puts("  No actions.");
        return;
    }
    static const char *const headers[] = {"ACTION", "DESCRIPTION", "OWNER",  "KIND",
                                          "DUE",    "STATUS",      "DONE ON"};
    struct table *t = table_new(7, headers);
    size_t i;
    json_t *a;
    json_array_foreach(actions, i, a)
    {
        const char *row[] = {jget(a, "id"),          jget(a, "description"), jget(a, "owner_name"),
                             jget(a, "owner_kind"),  jget(a, "due_on"),      jget(a, "status"),
                             jget(a, "completed_on")};
        table_add(t, row);
    }
    table_print(t, stdout, "  ");
    table_free(t);
}

static void children_print(const json_t *children)
{
    if (json_array_size(children) == 0) {
        return;
    }
    out_heading("Children");
    static const char *const headers[] = {"ID", "NAME", "DATE OF BIRTH", "PRIMARY"};
    struct table *t = table_new(4, headers);
    size_t i;
    json_t *ch;
    json_array_foreach(children, i, ch)
    {
        const char *first = jget(ch, "first_name");
        const char *last = jget(ch, "last_name");
        const char *name =
            first || last ? text_fmt("%s %s", first ? first : "", last ? last : "") : NULL;
        const char *row[] = {jget(ch, "id"), name, jget(ch, "date_of_birth"), jget(ch, "primary")};
        table_add(t, row);
    }
    table_print(t, stdout, "  ");
    table_free(t);
}

static void events_print(const json_t *events)
{
    if (json_array_size(events) == 0) {
        return;
    }
    out_heading("History");
    static const char *const headers[] = {"DATE", "STEP", "FROM", "TO", "BY USER"};
    struct table *t = table_new(5, headers);
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        const char *row[] = {jget(e, "occurred_on"), jget(e, "event"), jget(e, "from_status"),
                             jget(e, "to_status"), jget(e, "actor_id")};
        table_add(t, row);
    }
    table_print(t, stdout, "  ");
    table_free(t);
}

void referral_print(const json_t *r)
{
    struct pairs ps = {.n = 0};
    const char *status = jget(r, "status");
    add(&ps, "Referral", jget(r, "id"), false);
    add(&ps, "Status", text_fmt("%s (version %s)", status ? status : "-", jget(r, "version")),
        false);
    add(&ps, "Child", jget(r, "child_id"), false);
    add(&ps, "All children", jget(r, "child_ids"), false);
    add(&ps, "Referred on", jget(r, "referred_on"), false);
    add(&ps, "Stage", jget(r, "referral_stage"), false);
    add(&ps, "Domestic violence", jget(r, "domestic_violence"), false);
    add(&ps, "Referred by user", jget(r, "referrer_id"), true);
    add(&ps, "Referrer", jget(r, "referrer_name"), true);
    add(&ps, "Reason", jget(r, "reason"), true);
    add(&ps, "Accepted on", jget(r, "accepted_on"), true);
    add(&ps, "Declined on", jget(r, "declined_on"), true);
    add(&ps, "Decline reason", jget(r, "decline_reason"), true);
    add(&ps, "Decline note", jget(r, "decline_note"), true);
    add(&ps, "Coordinator", jget(r, "coordinator_id"), true);
    add(&ps, "Allocated on", jget(r, "allocated_on"), true);
    add(&ps, "Preparation started", jget(r, "preparation_started_on"), true);
    add(&ps, "Network contacted", jget(r, "network_members_contacted"), true);
    add(&ps, "Conferences", jget(r, "conference_ids"), true);
    add(&ps, "Closed on", jget(r, "closed_on"), true);
    add(&ps, "Closure reason", jget(r, "closure_reason"), true);
    add(&ps, "Closure note", jget(r, "closure_note"), true);
    summary_print(stdout, ps.p, ps.n);
    children_print(json_object_get(r, "children"));
    events_print(json_object_get(r, "events"));
    const json_t *plan = json_object_get(r, "plan");
    if (json_is_object(plan)) {
        putchar('\n');
        plan_print(plan);
    }
    putchar('\n');
    next_steps_print(stdout, r, "Next steps:");
}

int cmd_referral(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 1);
    long long id;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "ID", &id)) != EXIT_OK) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", text_fmt("/api/v1/referrals/%lld", id), NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            referral_print(r.json);
        }
    }
    reply_free(&r);
    return code;
}
