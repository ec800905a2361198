/* Loads the demo data set into fgc.* tables with COPY, giving rows ids from their sequences. */
#include "demo_load.h"
#include "demo_copy.h"
#include "demo_date.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const demo_table_names[DEMO_T_COUNT] = {
    "fgc.teams",           "fgc.users",
    "fgc.areas",           "fgc.area_populations",
    "fgc.children",        "fgc.network_members",
    "fgc.referrals",       "fgc.referral_children",
    "fgc.conferences",     "fgc.conference_attendees",
    "fgc.plans",           "fgc.plan_actions",
    "fgc.referral_events", "fgc.area_groups"};

/* Staff, teams and areas were set up a couple of months before the first referral. */
#define SETUP_DAYS_BEFORE 60

struct ids {
    long long *teams, *users, *areas, *children, *members, *referrals, *conferences, *plans;
};

/* Takes n values from the sequence behind table.id, in ascending order. In an otherwise
 * unused database they are 1..n, so a seed gives the same ids every time. */
static long long *reserve_ids(PGconn *conn, const char *table, int n)
{
    long long *ids = xcalloc((size_t)(n ? n : 1), sizeof *ids);
    if (n == 0)
        return ids;
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[] = {table, count};
    PGresult *res = PQexecParams(conn,
                                 "SELECT v FROM (SELECT nextval(pg_get_serial_sequence($1, 'id')) "
                                 "AS v FROM generate_series(1, $2::integer)) s ORDER BY v",
                                 2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != n) {
        fprintf(stderr, "fgcd: cannot take ids for %s: %s", table, PQresultErrorMessage(res));
        PQclear(res);
        free(ids);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return ids;
}

/* Rows that are written in time order (so that ids grow with time, as they would have in
 * real use): a sort key per row, ties broken by the row's index. */
struct order {
    long long key;
    int index;
};

static int by_key(const void *a, const void *b)
{
    const struct order *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static long long time_key(demo_day day, int minute)
{
    return (long long)day * 1440 + minute;
}

static struct order *sorted(int n, long long (*key)(const struct demo_data *, int),
                            const struct demo_data *d)
{
    struct order *o = xcalloc((size_t)(n ? n : 1), sizeof *o);
    for (int i = 0; i < n; i++) {
        o[i].key = key(d, i);
        o[i].index = i;
    }
    qsort(o, (size_t)n, sizeof *o, by_key);
    return o;
}

static long long conference_key(const struct demo_data *d, int i)
{
    return time_key(d->conferences[i].held_on, d->conferences[i].minute);
}

static long long plan_key(const struct demo_data *d, int i)
{
    return time_key(d->plans[i].recorded_on, d->plans[i].minute);
}

static long long event_key(const struct demo_data *d, int i)
{
    return time_key(d->events[i].occurred_on, d->events[i].minute);
}

/* Ends a COPY and records its row count; -1 on failure. */
static int finish(struct demo_copy *c, long *count)
{
    long rows = demo_copy_finish(c);
    if (rows < 0)
        return -1;
    *count = rows;
    return 0;
}

static void copy_id_or_null(struct demo_copy *c, const long long *ids, int index)
{
    if (index >= 0)
        demo_copy_long(c, ids[index]);
    else
        demo_copy_null(c);
}

static void copy_text_or_null(struct demo_copy *c, const char *s)
{
    demo_copy_text(c, s && *s ? s : NULL);
}

static int load_staff_and_areas(PGconn *conn, const struct demo_data *d, const struct ids *ids,
                                long *counts)
{
    struct demo_copy c;
    demo_day setup = d->start - SETUP_DAYS_BEFORE;

    if (demo_copy_begin(&c, conn, "fgc.teams (id, name, created_at)") != 0)
        return -1;
    for (int i = 0; i < d->n_teams; i++) {
        demo_copy_long(&c, ids->teams[i]);
        demo_copy_text(&c, d->teams[i].name);
        demo_copy_timestamp(&c, setup, 9 * 60);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_TEAMS]) != 0)
        return -1;

    if (demo_copy_begin(&c, conn,
                        "fgc.users (id, username, display_name, role, team_id, active, "
                        "created_at, updated_at)") != 0)
        return -1;
    for (int i = 0; i < d->n_users; i++) {
        const struct demo_user *u = &d->users[i];
        demo_copy_long(&c, ids->users[i]);
        demo_copy_text(&c, u->username);
        demo_copy_text(&c, u->display_name);
        demo_copy_text(&c, u->role);
        copy_id_or_null(&c, ids->teams, u->team);
        demo_copy_bool(&c, true);
        demo_copy_timestamp(&c, setup, 9 * 60 + 10 + i / 10);
        demo_copy_timestamp(&c, setup, 9 * 60 + 10 + i / 10);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_USERS]) != 0)
        return -1;

    /* The local authority first (index 0 of ids->areas), then its clusters. */
    if (demo_copy_begin(&c, conn,
                        "fgc.areas (id, code, name, parent_id, kind, created_at, updated_at)") != 0)
        return -1;
    demo_copy_long(&c, ids->areas[0]);
    demo_copy_text(&c, DEMO_LA_CODE);
    demo_copy_text(&c, DEMO_LA_NAME);
    demo_copy_null(&c);
    demo_copy_text(&c, "local_authority");
    demo_copy_timestamp(&c, setup, 8 * 60);
    demo_copy_timestamp(&c, setup, 8 * 60);
    demo_copy_row_end(&c);
    for (int i = 0; i < DEMO_CLUSTER_COUNT; i++) {
        demo_copy_long(&c, ids->areas[i + 1]);
        demo_copy_text(&c, d->areas.clusters[i].code);
        demo_copy_text(&c, d->areas.clusters[i].name);
        demo_copy_long(&c, ids->areas[0]);
        demo_copy_text(&c, "cluster");
        demo_copy_timestamp(&c, setup, 8 * 60 + 1);
        demo_copy_timestamp(&c, setup, 8 * 60 + 1);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_AREAS]) != 0)
        return -1;

    if (demo_copy_begin(&c, conn,
                        "fgc.area_populations (area_id, year, population_0_17, vintage, "
                        "loaded_at)") != 0)
        return -1;
    for (int a = -1; a < DEMO_CLUSTER_COUNT; a++) {
        for (int year = DEMO_FIRST_POP_YEAR; year <= DEMO_LAST_POP_YEAR; year++) {
            demo_copy_long(&c, ids->areas[a + 1]);
            demo_copy_long(&c, year);
            demo_copy_long(&c, demo_population(&d->areas, a, year));
            demo_copy_text(&c, DEMO_POP_VINTAGE);
            demo_copy_timestamp(&c, setup, 8 * 60 + 5);
            demo_copy_row_end(&c);
        }
    }
    return finish(&c, &counts[DEMO_T_POPULATIONS]);
}

static int load_children(PGconn *conn, const struct demo_data *d, const struct ids *ids,
                         long *counts)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, conn,
                        "fgc.children (id, first_name, last_name, date_of_birth, sex, ethnicity, "
                        "area_id, upn, team_id, social_worker_id, created_at, updated_at)") != 0)
        return -1;
    for (int i = 0; i < d->n_children; i++) {
        const struct demo_child *ch = &d->children[i];
        demo_copy_long(&c, ids->children[i]);
        demo_copy_text(&c, ch->first_name);
        demo_copy_text(&c, ch->last_name);
        demo_copy_date(&c, ch->date_of_birth);
        demo_copy_long(&c, ch->sex);
        demo_copy_text(&c, ch->ethnicity);
        demo_copy_long(&c, ids->areas[ch->cluster + 1]);
        copy_text_or_null(&c, ch->upn);
        copy_id_or_null(&c, ids->teams, ch->team);
        copy_id_or_null(&c, ids->users, ch->social_worker);
        demo_copy_timestamp(&c, ch->recorded_on, ch->recorded_minute);
        demo_copy_timestamp(&c, ch->recorded_on, ch->recorded_minute);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_CHILDREN]) != 0)
        return -1;

    if (demo_copy_begin(&c, conn,
                        "fgc.network_members (id, child_id, full_name, relationship, "
                        "lives_with_child, notes, created_at, updated_at)") != 0)
        return -1;
    for (int i = 0; i < d->n_members; i++) {
        const struct demo_member *m = &d->members[i];
        demo_copy_long(&c, ids->members[i]);
        demo_copy_long(&c, ids->children[m->child]);
        demo_copy_text(&c, m->full_name);
        demo_copy_text(&c, m->relationship);
        demo_copy_bool(&c, m->lives_with_child);
        demo_copy_text(&c, m->notes);
        demo_copy_timestamp(&c, m->recorded_on, m->recorded_minute);
        demo_copy_timestamp(&c, m->recorded_on, m->recorded_minute);
        demo_copy_row_end(&c);
    }
    return finish(&c, &counts[DEMO_T_MEMBERS]);
}

static void copy_day_or_null(struct demo_copy *c, demo_day day)
{
    demo_copy_date_or_null(c, day, day != DEMO_NO_DAY);
}

static int load_referrals(PGconn *conn, const struct demo_data *d, const struct ids *ids,
                          long *counts)
{
    struct demo_copy c;
    if (demo_copy_begin(
            &c, conn,
            "fgc.referrals (id, child_id, referred_on, referrer_id, referrer_name, "
            "referral_stage, domestic_violence, reason, status, accepted_on, declined_on, "
            "decline_reason, decline_note, coordinator_id, allocated_on, "
            "preparation_started_on, network_members_contacted, closed_on, closure_reason, "
            "closure_note, version, created_at, updated_at)") != 0)
        return -1;
    for (int i = 0; i < d->n_referrals; i++) {
        const struct demo_referral *r = &d->referrals[i];
        const struct demo_event *first = &d->events[r->first_event];
        /* A referral's events are contiguous in the generated array. */
        const struct demo_event *last = &d->events[r->first_event + r->n_events - 1];
        demo_copy_long(&c, ids->referrals[i]);
        demo_copy_long(&c, ids->children[r->child]);
        demo_copy_date(&c, r->referred_on);
        demo_copy_long(&c, ids->users[r->referrer]);
        copy_text_or_null(&c, r->referrer_name);
        demo_copy_text(&c, r->stage);
        demo_copy_bool(&c, r->domestic_violence);
        demo_copy_text(&c, r->reason);
        demo_copy_text(&c, demo_status_name(r->status));
        copy_day_or_null(&c, r->accepted_on);
        copy_day_or_null(&c, r->declined_on);
        demo_copy_text(&c, r->decline_reason);
        demo_copy_text(&c, r->decline_note);
        copy_id_or_null(&c, ids->users, r->coordinator);
        copy_day_or_null(&c, r->allocated_on);
        copy_day_or_null(&c, r->preparation_started_on);
        if (r->contacted >= 0)
            demo_copy_long(&c, r->contacted);
        else
            demo_copy_null(&c);
        copy_day_or_null(&c, r->closed_on);
        demo_copy_text(&c, r->closure_reason);
        demo_copy_text(&c, r->closure_note);
        demo_copy_long(&c, r->version);
        demo_copy_timestamp(&c, first->occurred_on, first->minute);
        demo_copy_timestamp(&c, last->occurred_on, last->minute);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_REFERRALS]) != 0)
        return -1;

    if (demo_copy_begin(&c, conn, "fgc.referral_children (referral_id, child_id)") != 0)
        return -1;
    for (int i = 0; i < d->n_referrals; i++) {
        const struct demo_referral *r = &d->referrals[i];
        for (int k = 0; k < r->n_children; k++) {
            demo_copy_long(&c, ids->referrals[i]);
            demo_copy_long(&c, ids->children[r->children[k]]);
            demo_copy_row_end(&c);
        }
    }
    return finish(&c, &counts[DEMO_T_REFERRAL_CHILDREN]);
}

static int load_conferences(PGconn *conn, const struct demo_data *d, const struct ids *ids,
                            const struct order *conf_order, const struct order *plan_order,
                            long *counts)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, conn,
                        "fgc.conferences (id, referral_id, kind, held_on, model, child_attended, "
                        "child_views_heard, advocate_used, private_family_time, notes, "
                        "created_at, updated_at)") != 0)
        return -1;
    for (int k = 0; k < d->n_conferences; k++) {
        int i = conf_order[k].index;
        const struct demo_conference *cf = &d->conferences[i];
        demo_copy_long(&c, ids->conferences[i]);
        demo_copy_long(&c, ids->referrals[cf->referral]);
        demo_copy_text(&c, cf->review ? "review" : "initial");
        demo_copy_date(&c, cf->held_on);
        demo_copy_text(&c, cf->model);
        demo_copy_bool(&c, cf->child_attended);
        demo_copy_bool(&c, cf->child_views_heard);
        demo_copy_bool(&c, cf->advocate_used);
        demo_copy_bool(&c, cf->private_family_time);
        demo_copy_text(&c, cf->notes);
        demo_copy_timestamp(&c, cf->held_on, cf->minute);
        demo_copy_timestamp(&c, cf->held_on, cf->minute);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_CONFERENCES]) != 0)
        return -1;

    /* Attendees in the conferences' order; within a conference, in the order generated. */
    int *first = xcalloc((size_t)d->n_conferences + 1, sizeof *first);
    int *next = xcalloc((size_t)d->n_attendees + 1, sizeof *next);
    int *tail = xcalloc((size_t)d->n_conferences + 1, sizeof *tail);
    for (int i = 0; i < d->n_conferences; i++)
        first[i] = tail[i] = -1;
    for (int a = 0; a < d->n_attendees; a++) {
        int cf = d->attendees[a].conference;
        next[a] = -1;
        if (tail[cf] < 0)
            first[cf] = a;
        else
            next[tail[cf]] = a;
        tail[cf] = a;
    }
    int rc = demo_copy_begin(&c, conn,
                             "fgc.conference_attendees (conference_id, role, name, "
                             "network_member_id)");
    if (rc == 0) {
        for (int k = 0; k < d->n_conferences; k++) {
            int i = conf_order[k].index;
            for (int a = first[i]; a >= 0; a = next[a]) {
                const struct demo_attendee *at = &d->attendees[a];
                demo_copy_long(&c, ids->conferences[i]);
                demo_copy_text(&c, at->role);
                copy_text_or_null(&c, at->name);
                copy_id_or_null(&c, ids->members, at->member);
                demo_copy_row_end(&c);
            }
        }
        rc = finish(&c, &counts[DEMO_T_ATTENDEES]);
    }
    free(first);
    free(next);
    free(tail);
    if (rc != 0)
        return -1;

    if (demo_copy_begin(&c, conn,
                        "fgc.plans (id, referral_id, conference_id, agreed, agreed_on, created_at, "
                        "updated_at)") != 0)
        return -1;
    for (int k = 0; k < d->n_plans; k++) {
        int i = plan_order[k].index;
        const struct demo_plan *p = &d->plans[i];
        demo_copy_long(&c, ids->plans[i]);
        demo_copy_long(&c, ids->referrals[p->referral]);
        demo_copy_long(&c, ids->conferences[p->conference]);
        demo_copy_bool(&c, p->agreed);
        copy_day_or_null(&c, p->agreed_on);
        demo_copy_timestamp(&c, p->recorded_on, p->minute);
        demo_copy_timestamp(&c, p->recorded_on, p->minute);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts[DEMO_T_PLANS]) != 0)
        return -1;

    /* Actions are generated plan by plan, so one pass per plan in plan order keeps them
     * together; a plan's actions are contiguous. */
    int *first_action = xcalloc((size_t)d->n_plans + 1, sizeof *first_action);
    int *n_actions = xcalloc((size_t)d->n_plans + 1, sizeof *n_actions);
    for (int i = 0; i < d->n_plans; i++)
        first_action[i] = -1;
    for (int a = 0; a < d->n_actions; a++) {
        int p = d->actions[a].plan;
        if (first_action[p] < 0)
            first_action[p] = a;
        n_actions[p]++;
    }
    rc = demo_copy_begin(&c, conn,
                         "fgc.plan_actions (plan_id, description, owner_name, owner_kind, due_on, "
                         "status, completed_on, version, created_at, updated_at)");
    if (rc == 0) {
        for (int k = 0; k < d->n_plans; k++) {
            int p = plan_order[k].index;
            const struct demo_plan *plan = &d->plans[p];
            for (int j = 0; j < n_actions[p]; j++) {
                const struct demo_action *a = &d->actions[first_action[p] + j];
                /* Updated during the working day (any time after the plan was recorded). */
                int spread = 9 * 60 + (first_action[p] + j) * 47 % (8 * 60);
                int updated_minute = a->updated_on == plan->recorded_on
                                         ? (plan->minute < 1439 ? plan->minute + 1 : 1439)
                                         : spread;
                demo_copy_long(&c, ids->plans[p]);
                demo_copy_text(&c, a->description);
                demo_copy_text(&c, a->owner_name);
                demo_copy_text(&c, a->owner_kind);
                demo_copy_date(&c, a->due_on);
                demo_copy_text(&c, a->status);
                copy_day_or_null(&c, a->completed_on);
                demo_copy_long(&c, a->version);
                demo_copy_timestamp(&c, plan->recorded_on, plan->minute);
                demo_copy_timestamp(&c, a->updated_on, updated_minute);
                demo_copy_row_end(&c);
            }
        }
        rc = finish(&c, &counts[DEMO_T_ACTIONS]);
    }
    free(first_action);
    free(n_actions);
    return rc;
}

/* The ids and codes a step's details carry, as the API functions write them. */
static void event_details(const struct demo_event *e, const struct ids *ids, char *buf, size_t size)
{
    switch (e->kind) {
    case DEMO_EV_DECLINE:
        snprintf(buf, size, "{\"decline_reason\": \"%s\"}", e->reason_code);
        break;
    case DEMO_EV_CLOSE:
        snprintf(buf, size, "{\"closure_reason\": \"%s\"}", e->reason_code);
        break;
    case DEMO_EV_ALLOCATE:
        snprintf(buf, size, "{\"coordinator_id\": %lld}", ids->users[e->coordinator]);
        break;
    case DEMO_EV_PREPARE:
        snprintf(buf, size, "{\"network_members_contacted\": %d}", e->contacted);
        break;
    case DEMO_EV_HOLD_CONFERENCE:
    case DEMO_EV_HOLD_REVIEW:
        snprintf(buf, size, "{\"conference_id\": %lld, \"kind\": \"%s\"}",
                 ids->conferences[e->conference],
                 e->kind == DEMO_EV_HOLD_REVIEW ? "review" : "initial");
        break;
    case DEMO_EV_RECORD_PLAN_AGREED:
    case DEMO_EV_RECORD_PLAN_NOT_AGREED:
        snprintf(buf, size, "{\"plan_id\": %lld, \"conference_id\": %lld}", ids->plans[e->plan],
                 ids->conferences[e->conference]);
        break;
    default:
        snprintf(buf, size, "{}");
    }
}

static int load_events(PGconn *conn, const struct demo_data *d, const struct ids *ids, long *counts)
{
    struct order *order = sorted(d->n_events, event_key, d);
    struct demo_copy c;
    int rc = demo_copy_begin(&c, conn,
                             "fgc.referral_events (referral_id, event, from_status, to_status, "
                             "occurred_on, at, actor_id, details)");
    if (rc == 0) {
        for (int k = 0; k < d->n_events; k++) {
            const struct demo_event *e = &d->events[order[k].index];
            char details[160];
            event_details(e, ids, details, sizeof details);
            demo_copy_long(&c, ids->referrals[e->referral]);
            demo_copy_text(&c, demo_event_name(e->kind));
            demo_copy_text(&c, e->from < 0 ? NULL : demo_status_name((enum demo_status)e->from));
            demo_copy_text(&c, demo_status_name(e->to));
            demo_copy_date(&c, e->occurred_on);
            demo_copy_timestamp(&c, e->occurred_on, e->minute);
            demo_copy_long(&c, ids->users[e->actor]);
            demo_copy_text(&c, details);
            demo_copy_row_end(&c);
        }
        rc = finish(&c, &counts[DEMO_T_EVENTS]);
    }
    free(order);
    return rc;
}

/* The six targeted clusters as an area group, for comparing them with the rest, when the
 * schema has area groups (migrations/0007_indicators.sql). */
static int load_area_group(PGconn *conn, const struct demo_data *d, const struct ids *ids,
                           long *counts)
{
    PGresult *res = PQexec(conn, "SELECT to_regclass('fgc.area_group_members') IS NOT NULL");
    bool present =
        PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!present)
        return 0;

    char la[24], members[256], created[40];
    snprintf(la, sizeof la, "%lld", ids->areas[0]);
    size_t len = (size_t)snprintf(members, sizeof members, "{");
    for (int c = 0; c < DEMO_CLUSTER_COUNT && len < sizeof members; c++)
        if (d->areas.clusters[c].targeted)
            len += (size_t)snprintf(members + len, sizeof members - len, "%s%lld",
                                    len > 1 ? "," : "", ids->areas[c + 1]);
    if (len + 2 > sizeof members)
        return -1;
    memcpy(members + len, "}", 2);
    demo_day_format(d->start - SETUP_DAYS_BEFORE, created);
    memcpy(created + 10, " 08:10:00", 10);

    const char *params[] = {DEMO_TARGETED_GROUP,
                            "The six clusters the Family Valued evaluation targeted, which "
                            "make about half of all referrals (synthetic demo data)",
                            la, created, members};
    res = PQexecParams(conn,
                       "WITH g AS (INSERT INTO fgc.area_groups (name, description, "
                       "local_authority_id, created_at, updated_at) "
                       "VALUES ($1, $2, $3::bigint, $4::timestamp, $4::timestamp) RETURNING id) "
                       "INSERT INTO fgc.area_group_members (group_id, area_id) "
                       "SELECT g.id, m FROM g, unnest($5::bigint[]) AS m ORDER BY m",
                       5, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "fgcd: cannot create the area group %s: %s", DEMO_TARGETED_GROUP,
                PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    PQclear(res);
    counts[DEMO_T_AREA_GROUPS] = 1;
    return 0;
}

static void free_ids(struct ids *ids)
{
    free(ids->teams);
    free(ids->users);
    free(ids->areas);
    free(ids->children);
    free(ids->members);
    free(ids->referrals);
    free(ids->conferences);
    free(ids->plans);
}

int demo_load(PGconn *conn, const struct demo_data *d, long counts[DEMO_T_COUNT])
{
    for (int t = 0; t < DEMO_T_COUNT; t++)
        counts[t] = 0;
    struct ids ids = {0};
    struct order *conf_order = NULL, *plan_order = NULL;
    int rc = -1;

    if (!(ids.teams = reserve_ids(conn, "fgc.teams", d->n_teams)) ||
        !(ids.users = reserve_ids(conn, "fgc.users", d->n_users)) ||
        !(ids.areas = reserve_ids(conn, "fgc.areas", DEMO_CLUSTER_COUNT + 1)) ||
        !(ids.children = reserve_ids(conn, "fgc.children", d->n_children)) ||
        !(ids.members = reserve_ids(conn, "fgc.network_members", d->n_members)) ||
        !(ids.referrals = reserve_ids(conn, "fgc.referrals", d->n_referrals)))
        goto out;

    /* Conferences and plans take their ids in the order they happened. */
    conf_order = sorted(d->n_conferences, conference_key, d);
    plan_order = sorted(d->n_plans, plan_key, d);
    long long *conf_ids = reserve_ids(conn, "fgc.conferences", d->n_conferences);
    long long *plan_ids = reserve_ids(conn, "fgc.plans", d->n_plans);
    if (!conf_ids || !plan_ids) {
        free(conf_ids);
        free(plan_ids);
        goto out;
    }
    ids.conferences = xcalloc((size_t)d->n_conferences + 1, sizeof *ids.conferences);
    ids.plans = xcalloc((size_t)d->n_plans + 1, sizeof *ids.plans);
    for (int k = 0; k < d->n_conferences; k++)
        ids.conferences[conf_order[k].index] = conf_ids[k];
    for (int k = 0; k < d->n_plans; k++)
        ids.plans[plan_order[k].index] = plan_ids[k];
    free(conf_ids);
    free(plan_ids);

    if (load_staff_and_areas(conn, d, &ids, counts) != 0 ||
        load_children(conn, d, &ids, counts) != 0 || load_referrals(conn, d, &ids, counts) != 0 ||
        load_conferences(conn, d, &ids, conf_order, plan_order, counts) != 0 ||
        load_events(conn, d, &ids, counts) != 0 || load_area_group(conn, d, &ids, counts) != 0)
        goto out;
    rc = 0;
out:
    free(conf_order);
    free(plan_order);
    free_ids(&ids);
    return rc;
}
