/* The demo data set as plain C arrays: generated from a seed and an end date, without a database.
 */
#ifndef FGCD_DEMO_GEN_H
#define FGCD_DEMO_GEN_H

#include "demo_areas.h"
#include "demo_date.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Everything here is synthetic: no real person, family or case is represented. Rows refer to
 * one another by index into their arrays; the loader (demo_load.c) turns indexes into ids.
 */

#define DEMO_NO_DAY INT_MIN
#define DEMO_YEARS 3 /* referrals start this many years before the end date */
#define DEMO_REFERRALS_PER_YEAR 800

/* The referral statuses and steps of migrations/0003_fgc_workflow.sql. */
enum demo_status {
    DEMO_ST_REFERRED,
    DEMO_ST_ACCEPTED,
    DEMO_ST_DECLINED,
    DEMO_ST_ALLOCATED,
    DEMO_ST_PREPARING,
    DEMO_ST_CONFERENCE_HELD,
    DEMO_ST_PLAN_AGREED,
    DEMO_ST_PLAN_NOT_AGREED,
    DEMO_ST_REVIEWED,
    DEMO_ST_CLOSED,
    DEMO_ST_COUNT
};

enum demo_event_kind {
    DEMO_EV_REFER,
    DEMO_EV_ACCEPT,
    DEMO_EV_DECLINE,
    DEMO_EV_ALLOCATE,
    DEMO_EV_PREPARE,
    DEMO_EV_HOLD_CONFERENCE,
    DEMO_EV_RECORD_PLAN_AGREED,
    DEMO_EV_RECORD_PLAN_NOT_AGREED,
    DEMO_EV_HOLD_REVIEW,
    DEMO_EV_CLOSE,
    DEMO_EV_COUNT
};

const char *demo_status_name(enum demo_status status);
const char *demo_event_name(enum demo_event_kind event);

/*
 * The status an event leads to (a copy of fgc.referral_transitions), or -1 when the step is
 * not allowed. from is -1 for 'refer', which creates the referral.
 */
int demo_next_status(int from, enum demo_event_kind event);

struct demo_team {
    char name[80];
};

struct demo_user {
    char username[40];
    char display_name[64];
    const char *role;
    int team; /* index, or -1 */
};

struct demo_child {
    char first_name[24];
    char last_name[32];
    demo_day date_of_birth;
    int sex; /* DfE: 1 male, 2 female */
    const char *ethnicity;
    int cluster;       /* index into areas.clusters */
    char upn[14];      /* empty for none */
    int team;          /* -1 for none */
    int social_worker; /* user index, or -1 */
    demo_day recorded_on;
    int recorded_minute;
};

struct demo_member {
    int child;
    char full_name[64];
    const char *relationship;
    bool lives_with_child;
    const char *notes; /* NULL for none */
    demo_day recorded_on;
    int recorded_minute;
};

struct demo_referral {
    int child; /* the primary child */
    int children[3];
    int n_children;
    demo_day referred_on;
    int referrer;           /* user index */
    char referrer_name[80]; /* empty for none (a referrer inside the council) */
    const char *stage;
    bool domestic_violence;
    const char *reason;
    enum demo_status status;
    demo_day accepted_on, declined_on, allocated_on, preparation_started_on, closed_on;
    const char *decline_reason, *decline_note, *closure_reason, *closure_note;
    int coordinator; /* user index, or -1 */
    int contacted;   /* network members contacted, or -1 */
    int version;     /* 1 + the number of steps after 'refer' */
    int first_event, n_events;
    bool re_referral; /* the family was referred before */
};

struct demo_event {
    int referral;
    enum demo_event_kind kind;
    int from; /* enum demo_status, -1 for 'refer' */
    enum demo_status to;
    demo_day occurred_on;
    int minute; /* when it was recorded that day */
    int actor;  /* user index */
    /* details */
    int conference, plan, coordinator, contacted; /* -1 when absent */
    const char *reason_code;                      /* decline or closure reason */
};

struct demo_conference {
    int referral;
    bool review;
    demo_day held_on;
    int minute; /* recorded at */
    const char *model;
    bool child_attended, child_views_heard, advocate_used, private_family_time;
    const char *notes;
};

struct demo_attendee {
    int conference;
    const char *role;
    char name[96];
    int member; /* network member index, or -1 */
};

struct demo_plan {
    int referral;
    int conference;
    bool agreed;
    demo_day agreed_on; /* DEMO_NO_DAY when not agreed */
    demo_day recorded_on;
    int minute;
};

struct demo_action {
    int plan;
    const char *description;
    char owner_name[96];
    const char *owner_kind;
    demo_day due_on;
    const char *status;
    demo_day completed_on; /* DEMO_NO_DAY unless done */
    int version;           /* 2 once its status has been changed from open */
    demo_day updated_on;
};

#define DEMO_ARRAY(type, name)                                                                     \
    struct type *name;                                                                             \
    int n_##name, cap_##name

struct demo_data {
    uint64_t seed;
    demo_day start, until; /* referrals are made from start to until inclusive */
    struct demo_areas areas;
    int cluster_team[DEMO_CLUSTER_COUNT];
    DEMO_ARRAY(demo_team, teams);
    DEMO_ARRAY(demo_user, users);
    DEMO_ARRAY(demo_child, children);
    DEMO_ARRAY(demo_member, members);
    DEMO_ARRAY(demo_referral, referrals);
    DEMO_ARRAY(demo_event, events);
    DEMO_ARRAY(demo_conference, conferences);
    DEMO_ARRAY(demo_attendee, attendees);
    DEMO_ARRAY(demo_plan, plans);
    DEMO_ARRAY(demo_action, actions);
};

/* Generates the whole data set; the same seed and end date always give the same data. */
void demo_generate(struct demo_data *data, uint64_t seed, demo_day until);

void demo_data_free(struct demo_data *data);

/* A 64-bit digest of every generated value, for comparing two runs. */
uint64_t demo_data_digest(const struct demo_data *data);

#endif
