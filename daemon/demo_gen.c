/* Generates the demo data set: staff, families, referrals walked through the FGC state machine. */
#include "demo_gen.h"
#include "demo_names.h"
#include "demo_rng.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * No real person is represented. Names come from demo_names.c (invented surnames); reasons,
 * notes and plan actions are generic sentences that name nobody.
 *
 * Every referral draws from its own random stream (seed, REFERRAL_STREAM + its number), so
 * one referral's choices do not shift another's.
 */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define STAFF_STREAM 1
#define DATES_STREAM 2
#define REFERRAL_STREAM 1000

/* ------------------------------------------------------------------------------------------
 * Statuses, steps and the transition table (a copy of fgc.referral_transitions)
 * ------------------------------------------------------------------------------------------ */

static const char *const status_names[DEMO_ST_COUNT] = {
    "referred",        "accepted",    "declined",        "allocated", "preparing",
    "conference_held", "plan_agreed", "plan_not_agreed", "reviewed",  "closed"};

static const char *const event_names[DEMO_EV_COUNT] = {"refer",
                                                       "accept",
                                                       "decline",
                                                       "allocate",
                                                       "prepare",
                                                       "hold_conference",
                                                       "record_plan_agreed",
                                                       "record_plan_not_agreed",
                                                       "hold_review",
                                                       "close"};

static const struct {
    enum demo_status from;
    enum demo_event_kind event;
    enum demo_status to;
} transitions[] = {
    {DEMO_ST_REFERRED, DEMO_EV_ACCEPT, DEMO_ST_ACCEPTED},
    {DEMO_ST_REFERRED, DEMO_EV_DECLINE, DEMO_ST_DECLINED},
    {DEMO_ST_ACCEPTED, DEMO_EV_ALLOCATE, DEMO_ST_ALLOCATED},
    {DEMO_ST_ALLOCATED, DEMO_EV_PREPARE, DEMO_ST_PREPARING},
    {DEMO_ST_PREPARING, DEMO_EV_PREPARE, DEMO_ST_PREPARING},
    {DEMO_ST_ALLOCATED, DEMO_EV_HOLD_CONFERENCE, DEMO_ST_CONFERENCE_HELD},
    {DEMO_ST_PREPARING, DEMO_EV_HOLD_CONFERENCE, DEMO_ST_CONFERENCE_HELD},
    {DEMO_ST_CONFERENCE_HELD, DEMO_EV_HOLD_CONFERENCE, DEMO_ST_CONFERENCE_HELD},
    {DEMO_ST_CONFERENCE_HELD, DEMO_EV_RECORD_PLAN_AGREED, DEMO_ST_PLAN_AGREED},
    {DEMO_ST_CONFERENCE_HELD, DEMO_EV_RECORD_PLAN_NOT_AGREED, DEMO_ST_PLAN_NOT_AGREED},
    {DEMO_ST_PLAN_AGREED, DEMO_EV_HOLD_REVIEW, DEMO_ST_REVIEWED},
    {DEMO_ST_REVIEWED, DEMO_EV_HOLD_REVIEW, DEMO_ST_REVIEWED},
    {DEMO_ST_REFERRED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_ACCEPTED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_ALLOCATED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_PREPARING, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_CONFERENCE_HELD, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_PLAN_AGREED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_PLAN_NOT_AGREED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
    {DEMO_ST_REVIEWED, DEMO_EV_CLOSE, DEMO_ST_CLOSED},
};

const char *demo_status_name(enum demo_status status)
{
    return (int)status >= 0 && status < DEMO_ST_COUNT ? status_names[status] : "?";
}

const char *demo_event_name(enum demo_event_kind event)
{
    return (int)event >= 0 && event < DEMO_EV_COUNT ? event_names[event] : "?";
}

int demo_next_status(int from, enum demo_event_kind event)
{
    if (from < 0)
        return event == DEMO_EV_REFER ? DEMO_ST_REFERRED : -1;
    for (int i = 0; i < COUNT(transitions); i++)
        if ((int)transitions[i].from == from && transitions[i].event == event)
            return (int)transitions[i].to;
    return -1;
}

/* ------------------------------------------------------------------------------------------
 * Arrays
 * ------------------------------------------------------------------------------------------ */

/* Appends a zeroed element to d->arr and evaluates to its index. */
#define PUSH(d, arr) XPUSH(d, arr)

/* ------------------------------------------------------------------------------------------
 * Fixed lists: teams, codes and sentences
 * ------------------------------------------------------------------------------------------ */

/* Ten area social work teams; each covers the clusters listed (indexes into demo_areas.c).
 * Teams covering a targeted cluster carry more cases, so they have more social workers. */
static const struct {
    const char *name;
    int workers;
    int clusters[5];
} sw_teams[] = {
    {"Social Work Team East (Seacroft)", 5, {22, 7, 9, -1}},
    {"Social Work Team East (Gipton)", 5, {10, 3, -1}},
    {"Social Work Team North East (Chapeltown)", 5, {6, 5, 21, -1}},
    {"Social Work Team North East (Moortown)", 2, {16, 23, -1}},
    {"Social Work Team North West (Kirkstall)", 3, {12, 13, 18, 11, -1}},
    {"Social Work Team West (Armley)", 5, {0, 2, -1}},
    {"Social Work Team West (Pudsey)", 3, {19, 4, 8, -1}},
    {"Social Work Team South (Beeston)", 5, {1, 14, -1}},
    {"Social Work Team South (Middleton)", 5, {15, 20, -1}},
    {"Social Work Team South (Morley)", 2, {17, 24, -1}},
};

enum { TEAM_FGC = 10, TEAM_PROGRAMME, TEAM_PERFORMANCE, TEAM_WORKFORCE, TEAM_TOTAL };

static const char *const other_team_names[] = {
    "Family Group Conference Service", "Family Valued Programme", "Performance and Intelligence",
    "Restorative Practice Workforce Development"};

static const struct {
    const char *role;
    const char *prefix;
    int count;
    int team;
} staff_groups[] = {
    {"fgc_coordinator", "fgc", 12, TEAM_FGC},
    {"manager", "mgr", 3, TEAM_PROGRAMME},
    {"data_analyst", "da", 2, TEAM_PERFORMANCE},
    {"trainer", "tr", 3, TEAM_WORKFORCE},
};

/* DfE ethnicity codes with weights per thousand families, roughly the mix of children known
 * to social care in a northern English city. */
static const char *const ethnicities[] = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA",
                                          "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
                                          "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};
static const int ethnicity_weights[] = {655, 5,  6,  40, 12, 42, 15, 15, 25, 15,
                                        55,  10, 15, 10, 40, 10, 3,  17, 5,  5};

static const char *const stages[] = {"early_help",      "child_in_need", "child_protection",
                                     "pre_proceedings", "looked_after",  "dv_pathway"};
static const int stage_weights[] = {20, 25, 25, 10, 7, 13};
/* Per mille of referrals at each stage (other than dv_pathway) where domestic abuse is a factor. */
static const int stage_dv_per_mille[] = {150, 250, 350, 300, 100, 1000};

static const char *const reasons[][5] = {
    {"Family struggling with routines and school attendance; early help plan not progressing",
     "Parental conflict affecting the children; family asked for help from relatives",
     "Young person going missing from home overnight; family want a plan to keep them safe",
     "Parent's mental health has deteriorated; the wider family could offer practical help", NULL},
    {"Neglect concerns: poor home conditions and missed health appointments",
     "Parent misusing alcohol; wider family support needed to keep the children at home",
     "Teenager at risk of family breakdown after repeated arguments at home",
     "Parent with a learning disability needs a family support plan",
     "Carer's serious illness; a contingency plan for the children is needed"},
    {"Child protection plan for neglect; family plan to support the plan's outcomes",
     "Child protection plan for emotional abuse linked to parental conflict",
     "Unexplained injury to a child; safety planning with the wider family",
     "Child protection plan under multiple categories; family network to share care", NULL},
    {"Public law outline: alternative carers within the family to be identified",
     "Letter before proceedings sent; family plan needed before any application to court",
     "Repeated neglect despite support; the family network to explore kinship care", NULL, NULL},
    {"Looked after under section 20; plan for a return home with family support",
     "Looked after child; family time and a kinship placement to be explored",
     "Placement breakdown; extended family to be considered as carers", NULL, NULL},
    {"Referred by the daily domestic violence meeting after a high-risk incident",
     "Domestic abuse incident with the children present; family safety plan needed",
     "Repeated domestic abuse incidents; family support needed to keep the children safe", NULL,
     NULL},
};

static const char *const decline_reasons[] = {"family_declined",   "not_appropriate",
                                              "threshold_not_met", "already_open",
                                              "no_consent",        "other"};
static const int decline_weights[] = {35, 15, 12, 8, 18, 12};
static const char *const decline_notes[] = {
    "Parents did not want the wider family to be involved",
    "The risk is too high for the family to plan safely at present",
    "Needs can be met through the existing early help plan",
    "The family already has a family group conference under way",
    "Consent was not given by a parent with parental responsibility",
    NULL};
static const char *const decline_other_notes[] = {
    "Family moved out of the area before they could be contacted",
    "Referral withdrawn by the referrer before contact",
    "Family already working with another family group decision-making service"};

static const char *const closure_other_notes[] = {
    "Case transferred to another local authority's FGC service",
    "Family to be offered a further conference later in the year",
    "Referrer asked for the FGC to be paused indefinitely"};

static const char *const network_notes[] = {"Can offer respite care at weekends",
                                            "Lives outside Leeds; will join by video call",
                                            "Prefers contact by text message",
                                            "Willing to be assessed as a kinship carer",
                                            "Works shifts; available on weekday evenings",
                                            "Needs an interpreter"};

static const char *const conference_notes[] = {
    "Held in the evening at a community centre", "Interpreter used", "Held at the family home",
    "Some relatives joined by video call", "Venue chosen by the family: a local church hall"};

static const char *const family_actions[] = {
    "Provide after-school care on Tuesdays and Thursdays",
    "Take the children to school every morning",
    "Have the children to stay one weekend a month to give their parents a break",
    "Go with the youngest child to every health appointment",
    "Phone every evening to check that everyone is safe",
    "Help with the weekly food shop and budgeting",
    "Get the children to football training and back",
    "Attend a parenting course",
    "Keep the house clean and safe, with help from the family",
    "Support the young person to be home by the agreed time each night",
    "Be the emergency contact for the school",
    "Arrange family time with the children every Saturday afternoon"};
static const char *const professional_actions[] = {
    "Refer the family to the local children's centre",
    "Arrange a housing assessment for a larger property",
    "Complete a kinship carer assessment",
    "Arrange a school meeting about attendance",
    "Refer the young person to the youth service",
    "Arrange counselling for the children",
    "Help the family apply for a school uniform grant",
    "Refer to the drug and alcohol service",
    "Review the child protection plan with the family network"};
static const char *const dv_actions[] = {
    "Refer to the domestic abuse support service", "Refer to a perpetrator programme",
    "Agree a safety plan with the school", "Fit additional locks and a door alarm at the home"};

static const char *const professions[] = {
    "health visitor",        "school designated safeguarding lead",
    "family support worker", "domestic abuse worker",
    "youth worker",          "school nurse",
    "housing officer"};

static const char *const external_referrers[] = {"school designated safeguarding lead",
                                                 "health visitor", "early help practitioner",
                                                 "family support worker"};

/* Relative ages 0..17 at referral (per thousand), before adjustments for the stage. */
static const int age_weights[18] = {80, 65, 62, 60, 56, 55, 54, 54, 54,
                                    54, 54, 55, 56, 58, 58, 52, 42, 26};

/* ------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------ */

static int pick(struct demo_rng *rng, int n)
{
    return (int)demo_rng_range(rng, 0, n - 1);
}

/* A random entry of a NULL-padded list of strings. */
static const char *pick_text(struct demo_rng *rng, const char *const *list, int n)
{
    int count = 0;
    while (count < n && list[count])
        count++;
    return list[pick(rng, count)];
}

static demo_day weekday_after(struct demo_rng *rng, demo_day from, int lo, int hi)
{
    return demo_day_next_weekday(from + (int)demo_rng_range(rng, lo, hi));
}

static int working_minute(struct demo_rng *rng)
{
    return (int)demo_rng_range(rng, 8 * 60 + 30, 17 * 60 + 30);
}

static void lower_copy(char *dst, size_t size, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < size; i++)
        dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] - 'A' + 'a' : src[i]);
    dst[i] = '\0';
}

static enum demo_name_origin staff_origin(struct demo_rng *rng)
{
    static const int weights[DEMO_ORIGIN_COUNT] = {70, 12, 6, 6, 4, 2};
    return (enum demo_name_origin)demo_rng_weighted(rng, weights, DEMO_ORIGIN_COUNT);
}

static bool username_taken(const struct demo_data *d, const char *name)
{
    for (int i = 0; i < d->n_users; i++)
        if (strcmp(d->users[i].username, name) == 0)
            return true;
    return false;
}

static int add_user(struct demo_data *d, struct demo_rng *rng, const char *role, const char *prefix,
                    int team, int female_per_mille)
{
    int sex = demo_rng_chance(rng, female_per_mille) ? 2 : 1;
    const char *first = demo_first_name(rng, staff_origin(rng), sex, true);
    char surname[32];
    demo_surname(rng, surname, sizeof surname);

    int u = PUSH(d, users);
    struct demo_user *user = &d->users[u];
    user->role = role;
    user->team = team;
    snprintf(user->display_name, sizeof user->display_name, "%s %s", first, surname);
    char lower[24], candidate[sizeof user->username];
    lower_copy(lower, sizeof lower, first);
    snprintf(candidate, sizeof candidate, "%s.%s.%c", prefix, lower,
             (char)(surname[0] - 'A' + 'a'));
    for (int n = 2; username_taken(d, candidate); n++)
        snprintf(candidate, sizeof candidate, "%s.%s.%c%d", prefix, lower,
                 (char)(surname[0] - 'A' + 'a'), n);
    memcpy(user->username, candidate, sizeof user->username);
    return u;
}

static void make_staff(struct demo_data *d)
{
    struct demo_rng rng;
    demo_rng_seed(&rng, d->seed, STAFF_STREAM);
    for (int t = 0; t < COUNT(sw_teams); t++) {
        int i = PUSH(d, teams);
        snprintf(d->teams[i].name, sizeof d->teams[i].name, "%s", sw_teams[t].name);
        for (int c = 0; sw_teams[t].clusters[c] >= 0; c++)
            d->cluster_team[sw_teams[t].clusters[c]] = t;
    }
    for (int t = 0; t < COUNT(other_team_names); t++) {
        int i = PUSH(d, teams);
        snprintf(d->teams[i].name, sizeof d->teams[i].name, "%s", other_team_names[t]);
    }
    for (int t = 0; t < COUNT(sw_teams); t++)
        for (int w = 0; w < sw_teams[t].workers; w++)
            add_user(d, &rng, "social_worker", "sw", t, 780);
    for (int g = 0; g < COUNT(staff_groups); g++)
        for (int w = 0; w < staff_groups[g].count; w++)
            add_user(d, &rng, staff_groups[g].role, staff_groups[g].prefix, staff_groups[g].team,
                     700);
}

/* The users with a role (or the social workers of one team when team >= 0). */
static int users_with(const struct demo_data *d, const char *role, int team, int *out, int max)
{
    int n = 0;
    for (int i = 0; i < d->n_users && n < max; i++)
        if (strcmp(d->users[i].role, role) == 0 && (team < 0 || d->users[i].team == team))
            out[n++] = i;
    return n;
}

/* ------------------------------------------------------------------------------------------
 * Referral dates
 * ------------------------------------------------------------------------------------------ */

static int compare_days(const void *a, const void *b)
{
    demo_day x = *(const demo_day *)a, y = *(const demo_day *)b;
    return (x > y) - (x < y);
}

/* Weekdays between start and until, fewer in August and over Christmas. */
static demo_day *referral_dates(const struct demo_data *d, int *count)
{
    int days = d->until - d->start + 1;
    int n = (int)(((long)days * DEMO_REFERRALS_PER_YEAR * 100 + 18262) / 36525);
    demo_day *dates = malloc(sizeof *dates * (size_t)(n ? n : 1));
    if (!dates) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    struct demo_rng rng;
    demo_rng_seed(&rng, d->seed, DATES_STREAM);
    for (int i = 0; i < n;) {
        demo_day day = d->start + (int)demo_rng_range(&rng, 0, days - 1);
        int weekday = demo_day_weekday(day);
        if (weekday > 5)
            continue;
        int y, m, dd;
        demo_day_to_ymd(day, &y, &m, &dd);
        int keep = 1000;
        if (m == 8)
            keep = 700;
        else if (m == 12 && dd >= 20)
            keep = 450;
        else if (m == 1 && dd <= 3)
            keep = 450;
        if (!demo_rng_chance(&rng, keep))
            continue;
        dates[i++] = day;
    }
    qsort(dates, (size_t)n, sizeof *dates, compare_days);
    *count = n;
    return dates;
}

/* ------------------------------------------------------------------------------------------
 * Families: children and their networks
 * ------------------------------------------------------------------------------------------ */

#define MAX_NETWORK 6

struct family {
    int children[3];
    int n_children;
    int first_member[3]; /* each child's network rows start here, in the same order */
    int n_members;
    const char *relationships[MAX_NETWORK];
    int cluster;
    demo_day final_day; /* when its latest referral became declined or closed, or DEMO_NO_DAY */
    demo_day last_referred;
};

struct generator {
    struct demo_data *d;
    struct family *families;
    int n_families, cap_families;
    int social_workers[10][8];
    int n_social_workers[10];
    int coordinators[32];
    int n_coordinators;
    int cluster_weights[DEMO_CLUSTER_COUNT];
    int upn_serial;
};

static demo_day birth_date_for_age(struct demo_rng *rng, demo_day on, int age)
{
    int y, m, dd;
    demo_day_to_ymd(on, &y, &m, &dd);
    if (m == 2 && dd == 29)
        dd = 28;
    /* Born after the (age+1)th birthday's eve and on or before the age-th. */
    demo_day latest = demo_day_from_ymd(y - age, m, dd);
    demo_day earliest = demo_day_from_ymd(y - age - 1, m, dd) + 1;
    demo_day dob = earliest + (int)demo_rng_range(rng, 0, latest - earliest);
    if (dob > on)
        dob = on;
    return dob;
}

static int age_for_stage(struct demo_rng *rng, const char *stage)
{
    int w[18];
    memcpy(w, age_weights, sizeof w);
    if (strcmp(stage, "pre_proceedings") == 0)
        for (int a = 0; a < 5; a++)
            w[a] *= 3;
    else if (strcmp(stage, "early_help") == 0)
        for (int a = 11; a < 18; a++)
            w[a] *= 2;
    return demo_rng_weighted(rng, w, 18);
}

static const char *pick_relationship(struct demo_rng *rng, const char **have, int n, int oldest)
{
    static const char *const rel[] = {"father",         "grandparent",   "aunt_uncle",
                                      "step_parent",    "cousin",        "sibling",
                                      "other_relative", "family_friend", "neighbour"};
    int weights[] = {45, 60, 45, 10, 12, oldest >= 12 ? 10 : 0, 8, 20, 8};
    for (;;) {
        int i = demo_rng_weighted(rng, weights, COUNT(rel));
        bool unique = strcmp(rel[i], "father") == 0 || strcmp(rel[i], "step_parent") == 0;
        bool seen = false;
        for (int k = 0; k < n; k++)
            if (strcmp(have[k], rel[i]) == 0)
                seen = true;
        if (!(unique && seen))
            return rel[i];
        weights[i] = 0;
    }
}

static int lives_with_per_mille(const char *relationship)
{
    if (strcmp(relationship, "mother") == 0)
        return 880;
    if (strcmp(relationship, "father") == 0)
        return 380;
    if (strcmp(relationship, "step_parent") == 0)
        return 800;
    if (strcmp(relationship, "grandparent") == 0)
        return 100;
    if (strcmp(relationship, "sibling") == 0)
        return 300;
    return 20;
}

/* A new family for a referral: 1-3 children sharing a surname, and a network of 2-6 people
 * recorded against each child. Returns the family's index. */
static int new_family(struct generator *g, struct demo_rng *rng, demo_day on, int minute,
                      const char *stage, int *cluster_out)
{
    struct demo_data *d = g->d;
    xgrow((void **)&g->families, &g->cap_families, g->n_families + 1, sizeof *g->families);
    int fi = g->n_families++;
    struct family *f = &g->families[fi];
    memset(f, 0, sizeof *f);
    f->final_day = DEMO_NO_DAY;

    int cluster = demo_rng_weighted(rng, g->cluster_weights, DEMO_CLUSTER_COUNT);
    f->cluster = cluster;
    *cluster_out = cluster;
    const char *ethnicity =
        ethnicities[demo_rng_weighted(rng, ethnicity_weights, COUNT(ethnicity_weights))];
    enum demo_name_origin origin = demo_origin_for_ethnicity(ethnicity);
    char surname[32];
    demo_surname(rng, surname, sizeof surname);

    int team = d->cluster_team[cluster];
    bool allocated = strcmp(stage, "early_help") == 0   ? demo_rng_chance(rng, 250)
                     : strcmp(stage, "dv_pathway") == 0 ? demo_rng_chance(rng, 550)
                                                        : true;
    int worker = -1;
    if (allocated && g->n_social_workers[team] > 0)
        worker = g->social_workers[team][pick(rng, g->n_social_workers[team])];

    static const int sizes[] = {45, 35, 20};
    f->n_children = demo_rng_weighted(rng, sizes, 3) + 1;
    int primary_age = age_for_stage(rng, stage);
    for (int k = 0; k < f->n_children; k++) {
        int age = primary_age;
        bool twin = false;
        if (k > 0) {
            twin = demo_rng_chance(rng, 50);
            int gap = twin ? 0 : (int)demo_rng_range(rng, 1, 6);
            age = primary_age + (demo_rng_chance(rng, 500) ? gap : -gap);
            if (age < 0 || age > 17)
                age = primary_age - (age - primary_age);
            if (age < 0)
                age = 0;
            if (age > 17)
                age = 17;
        }
        int c = PUSH(d, children);
        struct demo_child *child = &d->children[c];
        child->sex = demo_rng_chance(rng, 510) ? 1 : 2;
        /* Different first names within a family. */
        const char *first;
        int tries = 0;
        bool clash;
        do {
            first = demo_first_name(rng, origin, child->sex, false);
            clash = false;
            for (int j = 0; j < k; j++)
                if (strcmp(d->children[f->children[j]].first_name, first) == 0)
                    clash = true;
        } while (clash && ++tries < 20);
        snprintf(child->first_name, sizeof child->first_name, "%s", first);
        snprintf(child->last_name, sizeof child->last_name, "%s", surname);
        if (twin && age == primary_age)
            child->date_of_birth = d->children[f->children[0]].date_of_birth;
        else
            child->date_of_birth = birth_date_for_age(rng, on, age);
        child->ethnicity = ethnicity;
        child->cluster = cluster;
        child->team = allocated ? team : -1;
        child->social_worker = worker;
        child->recorded_on = on;
        child->recorded_minute = minute > 10 ? minute - 10 + k : minute;
        /* School-age children have a UPN about half the time. 'S' can never be a real UPN
         * check letter (I, O and S are not used), so these are plainly synthetic. 383 is the
         * DfE number of Leeds. */
        if (age >= 5 && demo_rng_chance(rng, 500)) {
            int serial = g->upn_serial++;
            int y, m, dd;
            demo_day_to_ymd(child->date_of_birth, &y, &m, &dd);
            char upn[32];
            snprintf(upn, sizeof upn, "S383%04u%02u%03u", 2001u + (unsigned)serial / 1000u % 7000u,
                     (unsigned)(y + 5) % 100u, (unsigned)serial % 1000u);
            memcpy(child->upn, upn, 13);
            child->upn[13] = '\0';
        }
        f->children[k] = c;
    }

    /* The network: the mother (or, now and then, the father) first, then others. */
    static const int network_sizes[] = {15, 25, 25, 20, 15};
    f->n_members = demo_rng_weighted(rng, network_sizes, 5) + 2;
    int oldest = 0;
    for (int k = 0; k < f->n_children; k++) {
        int age = demo_age_on(d->children[f->children[k]].date_of_birth, on);
        if (age > oldest)
            oldest = age;
    }
    f->relationships[0] = demo_rng_chance(rng, 940) ? "mother" : "father";
    for (int m = 1; m < f->n_members; m++)
        f->relationships[m] = pick_relationship(rng, f->relationships, m, oldest);

    char names[MAX_NETWORK][64];
    bool lives[MAX_NETWORK];
    const char *notes[MAX_NETWORK];
    for (int m = 0; m < f->n_members; m++) {
        const char *rel = f->relationships[m];
        int sex;
        if (strcmp(rel, "mother") == 0)
            sex = 2;
        else if (strcmp(rel, "father") == 0)
            sex = 1;
        else if (strcmp(rel, "grandparent") == 0 || strcmp(rel, "aunt_uncle") == 0)
            sex = demo_rng_chance(rng, 700) ? 2 : 1;
        else
            sex = demo_rng_chance(rng, 550) ? 2 : 1;
        char other[32];
        const char *member_surname = surname;
        bool own_surname = strcmp(rel, "sibling") == 0 || strcmp(rel, "mother") == 0
                               ? demo_rng_chance(rng, 800)
                           : strcmp(rel, "father") == 0 ? demo_rng_chance(rng, 600)
                           : strcmp(rel, "grandparent") == 0 || strcmp(rel, "aunt_uncle") == 0 ||
                                   strcmp(rel, "cousin") == 0
                               ? demo_rng_chance(rng, 450)
                               : false;
        if (!own_surname) {
            demo_surname(rng, other, sizeof other);
            member_surname = other;
        }
        enum demo_name_origin member_origin =
            strcmp(rel, "family_friend") == 0 || strcmp(rel, "neighbour") == 0
                ? (demo_rng_chance(rng, 700) ? DEMO_ORIGIN_ENGLISH : origin)
                : origin;
        snprintf(names[m], sizeof names[m], "%s %s",
                 demo_first_name(rng, member_origin, sex,
                                 strcmp(rel, "sibling") != 0 && strcmp(rel, "cousin") != 0),
                 member_surname);
        lives[m] = demo_rng_chance(rng, lives_with_per_mille(rel));
        notes[m] =
            demo_rng_chance(rng, 120) ? network_notes[pick(rng, COUNT(network_notes))] : NULL;
    }
    for (int k = 0; k < f->n_children; k++) {
        f->first_member[k] = d->n_members;
        for (int m = 0; m < f->n_members; m++) {
            int mi = PUSH(d, members);
            struct demo_member *member = &d->members[mi];
            member->child = f->children[k];
            memcpy(member->full_name, names[m], sizeof member->full_name);
            member->relationship = f->relationships[m];
            member->lives_with_child = lives[m];
            member->notes = notes[m];
            member->recorded_on = on;
            member->recorded_minute = d->children[f->children[k]].recorded_minute + 1;
        }
    }
    return fi;
}

/* A family referred before whose referral is over (declined or closed at least a month
 * earlier, referred at least three months earlier), whose children are all still under 18;
 * or -1. */
static int earlier_family(struct generator *g, struct demo_rng *rng, demo_day on)
{
    int candidates = 0;
    for (int pass = 0; pass < 2; pass++) {
        int chosen = pass ? pick(rng, candidates) : -1;
        int seen = 0;
        for (int i = 0; i < g->n_families; i++) {
            struct family *f = &g->families[i];
            if (f->final_day == DEMO_NO_DAY || f->final_day > on - 30 || f->last_referred > on - 90)
                continue;
            bool young = true;
            for (int k = 0; k < f->n_children; k++)
                if (demo_age_on(g->d->children[f->children[k]].date_of_birth, on) > 17)
                    young = false;
            if (!young)
                continue;
            if (pass && seen == chosen)
                return i;
            seen++;
        }
        candidates = seen;
        if (candidates == 0)
            return -1;
    }
    return -1;
}

/* ------------------------------------------------------------------------------------------
 * One referral through the state machine
 * ------------------------------------------------------------------------------------------ */

struct walk {
    struct generator *g;
    struct demo_rng *rng;
    int r; /* referral index */
    int family;
    bool stopped; /* the next step would fall after the end date */
    demo_day last_day;
    int last_minute;
};

static struct demo_referral *ref_of(struct walk *w)
{
    return &w->g->d->referrals[w->r];
}

/* Records a step on a day, unless that day is after the end date (then the referral stays in
 * its current status and every later step is skipped). Returns the event index or -1. */
static int step(struct walk *w, enum demo_event_kind kind, demo_day on, int actor)
{
    struct demo_data *d = w->g->d;
    if (w->stopped || on > d->until) {
        w->stopped = true;
        return -1;
    }
    struct demo_referral *ref = ref_of(w);
    int from = ref->n_events ? (int)ref->status : -1;
    int to = demo_next_status(from, kind);
    if (to < 0) {
        /* A bug in the walk below, never in the data: stop rather than write a bad history. */
        fprintf(stderr, "fgcd: demo-data: %s is not allowed from %s\n", demo_event_name(kind),
                from < 0 ? "(new)" : demo_status_name((enum demo_status)from));
        abort();
    }
    if (on < w->last_day)
        on = w->last_day;
    int minute = working_minute(w->rng);
    if (on == w->last_day && minute <= w->last_minute)
        minute = w->last_minute + (int)demo_rng_range(w->rng, 3, 40);
    if (minute > 23 * 60 + 59)
        minute = 23 * 60 + 59;
    w->last_day = on;
    w->last_minute = minute;

    int e = PUSH(d, events);
    ref = ref_of(w);
    struct demo_event *ev = &d->events[e];
    ev->referral = w->r;
    ev->kind = kind;
    ev->from = from;
    ev->to = (enum demo_status)to;
    ev->occurred_on = on;
    ev->minute = minute;
    ev->actor = actor;
    ev->conference = ev->plan = ev->coordinator = ev->contacted = -1;
    if (ref->n_events == 0)
        ref->first_event = e;
    ref->n_events++;
    ref->status = (enum demo_status)to;
    ref->version = ref->n_events;
    return e;
}

static int duty_coordinator(struct walk *w)
{
    return w->g->coordinators[pick(w->rng, w->g->n_coordinators)];
}

static void close_referral(struct walk *w, demo_day on, int actor, const char *reason)
{
    int e = step(w, DEMO_EV_CLOSE, on, actor);
    if (e < 0)
        return;
    struct demo_referral *ref = ref_of(w);
    struct demo_event *ev = &w->g->d->events[e];
    ref->closed_on = ev->occurred_on;
    ref->closure_reason = reason;
    ref->closure_note = strcmp(reason, "other") == 0
                            ? closure_other_notes[pick(w->rng, COUNT(closure_other_notes))]
                            : NULL;
    ev->reason_code = reason;
}

static void add_attendee(struct demo_data *d, int conference, const char *role, const char *name,
                         int member)
{
    int a = PUSH(d, attendees);
    d->attendees[a].conference = conference;
    d->attendees[a].role = role;
    snprintf(d->attendees[a].name, sizeof d->attendees[a].name, "%s", name ? name : "");
    d->attendees[a].member = member;
}

static void professional_name(struct demo_rng *rng, const char *profession, char *buf, size_t size)
{
    char surname[32];
    int sex = demo_rng_chance(rng, 750) ? 2 : 1;
    const char *first = demo_first_name(rng, staff_origin(rng), sex, true);
    demo_surname(rng, surname, sizeof surname);
    snprintf(buf, size, "%s %s (%s)", first, surname, profession);
}

static const char *attendee_role_for(const char *relationship)
{
    if (strcmp(relationship, "mother") == 0 || strcmp(relationship, "father") == 0 ||
        strcmp(relationship, "step_parent") == 0)
        return "parent";
    if (strcmp(relationship, "family_friend") == 0 || strcmp(relationship, "neighbour") == 0)
        return "friend";
    return "wider_family";
}

static int hold_conference(struct walk *w, demo_day on, bool review)
{
    struct generator *g = w->g;
    struct demo_data *d = g->d;
    struct demo_referral *ref = ref_of(w);
    int e = step(w, review ? DEMO_EV_HOLD_REVIEW : DEMO_EV_HOLD_CONFERENCE, on, ref->coordinator);
    if (e < 0)
        return -1;
    on = d->events[e].occurred_on;
    int c = PUSH(d, conferences);
    ref = ref_of(w);
    struct demo_conference *conf = &d->conferences[c];
    conf->referral = w->r;
    conf->review = review;
    conf->held_on = on;
    conf->minute = d->events[e].minute;
    d->events[e].conference = c;

    /* Restorative conferences were rarer early on and grow over the three years. */
    int t = (int)((long)(on - d->start) * 100 / (d->until - d->start + 1)); /* 0..100 */
    int model_weights[3] = {55 - t / 5, 30, 15 + t / 5};
    static const char *const models[] = {"pragmatic", "resolution", "restorative"};
    conf->model = models[demo_rng_weighted(w->rng, model_weights, 3)];
    conf->advocate_used = demo_rng_chance(w->rng, review ? 250 : 420);
    conf->private_family_time =
        review ? demo_rng_chance(w->rng, 600)
               : demo_rng_chance(w->rng, strcmp(conf->model, "pragmatic") == 0 ? 900 : 980);
    conf->notes = demo_rng_chance(w->rng, 180)
                      ? conference_notes[pick(w->rng, COUNT(conference_notes))]
                      : NULL;
    if (demo_day_weekday(on) == 6)
        conf->notes = "Held on a Saturday at the family's request";

    /* Who came. */
    struct family *f = &g->families[w->family];
    add_attendee(d, c, "coordinator", d->users[ref->coordinator].display_name, -1);
    bool any_child = false;
    for (int k = 0; k < ref->n_children; k++) {
        const struct demo_child *child = &d->children[ref->children[k]];
        int age = demo_age_on(child->date_of_birth, on);
        if (age >= 7 && demo_rng_chance(w->rng, age >= 12 ? 750 : 450)) {
            char name[64];
            snprintf(name, sizeof name, "%s %s", child->first_name, child->last_name);
            add_attendee(d, c, "child", name, -1);
            any_child = true;
        }
    }
    conf->child_attended = any_child;
    conf->child_views_heard =
        any_child || conf->advocate_used || demo_rng_chance(w->rng, review ? 500 : 700);
    /* Network members attend as the primary child's network rows. */
    int primary_k = 0;
    for (int k = 0; k < f->n_children; k++)
        if (f->children[k] == ref->child)
            primary_k = k;
    for (int m = 0; m < f->n_members; m++) {
        const char *rel = f->relationships[m];
        const char *role = attendee_role_for(rel);
        int chance = strcmp(rel, "mother") == 0    ? 950
                     : strcmp(role, "parent") == 0 ? 650
                     : strcmp(role, "friend") == 0 ? 550
                                                   : 700;
        if (review)
            chance = chance * 3 / 4;
        if (!demo_rng_chance(w->rng, chance))
            continue;
        int mi = f->first_member[primary_k] + m;
        add_attendee(d, c, role, d->members[mi].full_name, mi);
    }
    const struct demo_child *primary = &d->children[ref->child];
    if (primary->social_worker >= 0 && demo_rng_chance(w->rng, review ? 700 : 880))
        add_attendee(d, c, "professional", d->users[primary->social_worker].display_name, -1);
    int others = (int)demo_rng_range(w->rng, 0, review ? 1 : 2);
    for (int i = 0; i < others; i++) {
        char name[96];
        const char *profession = ref->domestic_violence && i == 0
                                     ? "domestic abuse worker"
                                     : professions[pick(w->rng, COUNT(professions))];
        professional_name(w->rng, profession, name, sizeof name);
        add_attendee(d, c, "professional", name, -1);
    }
    if (conf->advocate_used) {
        char name[96];
        professional_name(w->rng, "independent advocate", name, sizeof name);
        add_attendee(d, c, "advocate", name, -1);
    }
    return c;
}

/* The plan of an initial conference. When agreed, 3-8 actions owned by family members or
 * professionals; their statuses are worked out later, once the referral's end is known. */
static int record_plan(struct walk *w, int conference, bool agreed, demo_day agreed_on)
{
    struct generator *g = w->g;
    struct demo_data *d = g->d;
    struct demo_referral *ref = ref_of(w);
    demo_day held_on = d->conferences[conference].held_on;
    int e = step(w, agreed ? DEMO_EV_RECORD_PLAN_AGREED : DEMO_EV_RECORD_PLAN_NOT_AGREED,
                 agreed ? agreed_on : held_on, ref->coordinator);
    if (e < 0)
        return -1;
    int p = PUSH(d, plans);
    struct demo_plan *plan = &d->plans[p];
    plan->referral = w->r;
    plan->conference = conference;
    plan->agreed = agreed;
    plan->agreed_on = agreed ? d->events[e].occurred_on : DEMO_NO_DAY;
    plan->recorded_on = d->events[e].occurred_on;
    plan->minute = d->events[e].minute;
    d->events[e].plan = p;
    d->events[e].conference = conference;
    if (!agreed)
        return p;

    ref = ref_of(w);
    struct family *f = &g->families[w->family];
    int n = (int)demo_rng_range(w->rng, 3, 8);
    int primary_k = 0;
    for (int k = 0; k < f->n_children; k++)
        if (f->children[k] == ref->child)
            primary_k = k;
    for (int i = 0; i < n; i++) {
        int a = PUSH(d, actions);
        struct demo_action *act = &d->actions[a];
        act->plan = p;
        bool family = demo_rng_chance(w->rng, 620);
        if (family) {
            act->owner_kind = "family";
            act->description = family_actions[pick(w->rng, COUNT(family_actions))];
            int m = pick(w->rng, f->n_members);
            snprintf(act->owner_name, sizeof act->owner_name, "%s",
                     d->members[f->first_member[primary_k] + m].full_name);
        } else {
            act->owner_kind = "professional";
            act->description =
                ref->domestic_violence && demo_rng_chance(w->rng, 500)
                    ? dv_actions[pick(w->rng, COUNT(dv_actions))]
                    : professional_actions[pick(w->rng, COUNT(professional_actions))];
            int worker = d->children[ref->child].social_worker;
            if (worker >= 0 && demo_rng_chance(w->rng, 600))
                snprintf(act->owner_name, sizeof act->owner_name, "%s",
                         d->users[worker].display_name);
            else
                professional_name(w->rng, professions[pick(w->rng, COUNT(professions))],
                                  act->owner_name, sizeof act->owner_name);
        }
        act->due_on = held_on + (int)demo_rng_range(w->rng, 7, 84);
        act->status = "open";
        act->completed_on = DEMO_NO_DAY;
        act->version = 1;
        act->updated_on = plan->recorded_on;
    }
    return p;
}

/* Settles the plan's actions as they stand on the end date: each is resolved some time around
 * its due date, never after the referral was closed (a closed plan cannot change). */
static void settle_actions(struct walk *w, int plan, int first_action)
{
    struct demo_data *d = w->g->d;
    struct demo_referral *ref = ref_of(w);
    demo_day recorded = d->plans[plan].recorded_on;
    demo_day limit = ref->status == DEMO_ST_CLOSED ? ref->closed_on : d->until;
    bool completed_plan =
        ref->status == DEMO_ST_CLOSED && strcmp(ref->closure_reason, "plan_completed") == 0;
    for (int a = first_action; a < d->n_actions; a++) {
        struct demo_action *act = &d->actions[a];
        if (act->plan != plan)
            continue;
        static const char *const outcomes[] = {"done", "not_done", "cancelled"};
        int weights[] = {completed_plan ? 880 : 700, completed_plan ? 80 : 200, 60};
        const char *outcome = outcomes[demo_rng_weighted(w->rng, weights, 3)];
        demo_day when = act->due_on + (int)demo_rng_range(w->rng, -21, 14);
        if (when < recorded)
            when = recorded;
        if (ref->status == DEMO_ST_CLOSED && when > limit)
            when = limit; /* settled at the closing review */
        if (when > d->until || when > limit) {
            /* Still open on the end date. */
            continue;
        }
        /* Some actions are still open when the referral is closed without completing. */
        if (ref->status == DEMO_ST_CLOSED && !completed_plan && demo_rng_chance(w->rng, 150))
            continue;
        if (ref->status != DEMO_ST_CLOSED && demo_rng_chance(w->rng, 80))
            continue; /* overdue and not yet updated */
        act->status = outcome;
        act->completed_on = strcmp(outcome, "done") == 0 ? when : DEMO_NO_DAY;
        act->version = 2;
        act->updated_on = when;
    }
}

static const char *pick_closure(struct demo_rng *rng, const char *const *codes, const int *weights,
                                int n)
{
    return codes[demo_rng_weighted(rng, weights, n)];
}

static void walk_referral(struct generator *g, int index, demo_day on)
{
    struct demo_data *d = g->d;
    struct demo_rng rng;
    demo_rng_seed(&rng, d->seed, REFERRAL_STREAM + (uint64_t)index);

    const char *stage = stages[demo_rng_weighted(&rng, stage_weights, COUNT(stage_weights))];
    int stage_index = 0;
    while (strcmp(stages[stage_index], stage) != 0)
        stage_index++;

    int minute = working_minute(&rng);
    int family = -1;
    if (demo_rng_chance(&rng, 70))
        family = earlier_family(g, &rng, on);
    bool re_referral = family >= 0;
    int cluster;
    if (family < 0)
        family = new_family(g, &rng, on, minute, stage, &cluster);
    struct family *f = &g->families[family];
    f->last_referred = on;
    f->final_day = DEMO_NO_DAY;

    int r = PUSH(d, referrals);
    struct demo_referral *ref = &d->referrals[r];
    ref->child = f->children[0];
    ref->n_children = f->n_children;
    for (int k = 0; k < f->n_children; k++)
        ref->children[k] = f->children[k];
    ref->referred_on = on;
    ref->stage = stage;
    ref->domestic_violence = demo_rng_chance(&rng, stage_dv_per_mille[stage_index]);
    ref->reason = pick_text(&rng, reasons[stage_index], 5);
    ref->accepted_on = ref->declined_on = ref->allocated_on = DEMO_NO_DAY;
    ref->preparation_started_on = ref->closed_on = DEMO_NO_DAY;
    ref->coordinator = -1;
    ref->contacted = -1;
    ref->re_referral = re_referral;

    /* Who referred: the child's social worker (or another in the team), or someone outside
     * the council whose referral a duty coordinator recorded on their behalf. */
    struct walk w = {
        .g = g, .rng = &rng, .r = r, .family = family, .last_day = on, .last_minute = minute - 1};
    const struct demo_child *primary = &d->children[ref->child];
    int team = d->cluster_team[primary->cluster];
    bool external = strcmp(stage, "dv_pathway") == 0   ? true
                    : strcmp(stage, "early_help") == 0 ? primary->social_worker < 0
                                                       : demo_rng_chance(&rng, 60);
    if (external) {
        ref->referrer = duty_coordinator(&w);
        if (strcmp(stage, "dv_pathway") == 0)
            snprintf(ref->referrer_name, sizeof ref->referrer_name,
                     "Daily domestic violence meeting");
        else
            professional_name(&rng, external_referrers[pick(&rng, COUNT(external_referrers))],
                              ref->referrer_name, sizeof ref->referrer_name);
    } else {
        ref->referrer = primary->social_worker >= 0
                            ? primary->social_worker
                            : g->social_workers[team][pick(&rng, g->n_social_workers[team])];
    }
    step(&w, DEMO_EV_REFER, on, ref->referrer);

    /* Accepted or declined within a fortnight. */
    demo_day decided = weekday_after(&rng, on, 0, 1) + (int)demo_rng_bell(&rng, 0, 10);
    decided = demo_day_next_weekday(decided);
    int duty = duty_coordinator(&w);
    if (demo_rng_chance(&rng, 100)) {
        int e = step(&w, DEMO_EV_DECLINE, decided, duty);
        if (e >= 0) {
            ref = ref_of(&w);
            const char *reason =
                decline_reasons[demo_rng_weighted(&rng, decline_weights, COUNT(decline_weights))];
            ref->declined_on = d->events[e].occurred_on;
            ref->decline_reason = reason;
            ref->decline_note = strcmp(reason, "other") == 0
                                    ? decline_other_notes[pick(&rng, COUNT(decline_other_notes))]
                                    : (demo_rng_chance(&rng, 400)
                                           ? pick_text(&rng, decline_notes, COUNT(decline_notes))
                                           : NULL);
            d->events[e].reason_code = reason;
            g->families[family].final_day = ref->declined_on;
        }
        return;
    }
    int e = step(&w, DEMO_EV_ACCEPT, decided, duty);
    if (e < 0)
        return;
    ref_of(&w)->accepted_on = d->events[e].occurred_on;

    /* About one accepted referral in seven ends before a conference. */
    int early_end = demo_rng_chance(&rng, 150) ? (int)demo_rng_range(&rng, 1, 3) : 0;
    static const char *const early_codes[] = {"family_withdrew", "moved_away", "escalated",
                                              "needs_met", "other"};
    static const int early_weights[] = {50, 12, 18, 14, 6};
    int coordinator = g->coordinators[pick(&rng, g->n_coordinators)];
    demo_day conference_day =
        on + (demo_rng_chance(&rng, 920) ? (int)demo_rng_bell(&rng, 20, 60)
                                         : (int)demo_rng_range(&rng, 61, 100));
    if (early_end == 1) {
        close_referral(&w, weekday_after(&rng, decided, 2, 20), duty,
                       pick_closure(&rng, early_codes, early_weights, COUNT(early_codes)));
        if (!w.stopped)
            g->families[family].final_day = ref_of(&w)->closed_on;
        return;
    }

    demo_day allocated = weekday_after(&rng, decided, 0, 5);
    e = step(&w, DEMO_EV_ALLOCATE, allocated, duty);
    if (e < 0)
        return;
    ref = ref_of(&w);
    ref->coordinator = coordinator;
    ref->allocated_on = d->events[e].occurred_on;
    d->events[e].coordinator = coordinator;
    allocated = ref->allocated_on;

    /* Preparation: the coordinator contacts the network (now and then skipped entirely). */
    int network = f->n_members;
    demo_day last = allocated;
    if (demo_rng_chance(&rng, 960)) {
        demo_day prepared = weekday_after(&rng, allocated, 1, 6);
        if (conference_day < prepared + 7)
            conference_day = prepared + (int)demo_rng_range(&rng, 7, 14);
        e = step(&w, DEMO_EV_PREPARE, prepared, coordinator);
        if (e < 0)
            return;
        int contacted = (int)demo_rng_range(&rng, 1, network);
        ref = ref_of(&w);
        ref->preparation_started_on = d->events[e].occurred_on;
        ref->contacted = contacted;
        d->events[e].contacted = contacted;
        last = d->events[e].occurred_on;
        if (demo_rng_chance(&rng, 300) && conference_day - last >= 8) {
            demo_day again = weekday_after(&rng, last, 3, conference_day - last - 3);
            if (again < conference_day) {
                e = step(&w, DEMO_EV_PREPARE, again, coordinator);
                if (e < 0)
                    return;
                if (contacted < network)
                    contacted += (int)demo_rng_range(&rng, 1, network - contacted);
                ref = ref_of(&w);
                ref->contacted = contacted;
                d->events[e].contacted = contacted;
                last = d->events[e].occurred_on;
            }
        }
    }
    if (early_end >= 2) {
        demo_day closed =
            weekday_after(&rng, last, 3, conference_day - last > 4 ? conference_day - last - 1 : 4);
        close_referral(&w, closed, coordinator,
                       pick_closure(&rng, early_codes, early_weights, COUNT(early_codes)));
        if (!w.stopped)
            g->families[family].final_day = ref_of(&w)->closed_on;
        return;
    }

    /* The conference: a weekday, or now and then a Saturday to suit the family. */
    if (conference_day <= last)
        conference_day = last + (int)demo_rng_range(&rng, 5, 10);
    if (demo_rng_chance(&rng, 60)) {
        while (demo_day_weekday(conference_day) != 6)
            conference_day++;
    } else {
        conference_day = demo_day_next_weekday(conference_day);
    }
    int conference = hold_conference(&w, conference_day, false);
    if (conference < 0)
        return;
    demo_day held = d->conferences[conference].held_on;
    /* Reconvened before a plan was recorded. */
    if (demo_rng_chance(&rng, 30)) {
        int again = hold_conference(&w, weekday_after(&rng, held, 7, 21), false);
        if (again < 0)
            return;
        conference = again;
        held = d->conferences[conference].held_on;
    }

    bool agreed = demo_rng_chance(&rng, 850);
    demo_day agreed_on = demo_rng_chance(&rng, 800) ? held : held + (int)demo_rng_range(&rng, 1, 5);
    int first_action = d->n_actions;
    int plan = record_plan(&w, conference, agreed, agreed_on);
    if (plan < 0)
        return;
    demo_day plan_day = d->plans[plan].recorded_on;

    if (!agreed) {
        static const char *const codes[] = {"escalated", "family_withdrew", "needs_met", "other"};
        static const int weights[] = {40, 30, 15, 15};
        close_referral(&w, weekday_after(&rng, plan_day, 7, 30), coordinator,
                       pick_closure(&rng, codes, weights, COUNT(codes)));
    } else {
        demo_day latest = plan_day;
        bool reviewed = false;
        if (demo_rng_chance(&rng, 650)) {
            int rc = hold_conference(&w, weekday_after(&rng, held, 56, 84), true);
            if (rc >= 0) {
                reviewed = true;
                latest = d->conferences[rc].held_on;
                if (demo_rng_chance(&rng, 200)) {
                    rc = hold_conference(&w, weekday_after(&rng, latest, 56, 84), true);
                    if (rc >= 0)
                        latest = d->conferences[rc].held_on;
                }
            }
        }
        static const char *const codes[] = {"plan_completed", "needs_met", "escalated",
                                            "moved_away", "family_withdrew"};
        static const int weights[] = {68, 18, 6, 4, 4};
        demo_day closed =
            reviewed ? weekday_after(&rng, latest, 0, 21) : weekday_after(&rng, latest, 56, 120);
        close_referral(&w, closed, coordinator, pick_closure(&rng, codes, weights, COUNT(codes)));
        settle_actions(&w, plan, first_action);
    }
    if (ref_of(&w)->status == DEMO_ST_CLOSED)
        g->families[family].final_day = ref_of(&w)->closed_on;
}

/* ------------------------------------------------------------------------------------------
 * The whole data set
 * ------------------------------------------------------------------------------------------ */

void demo_generate(struct demo_data *d, uint64_t seed, demo_day until)
{
    memset(d, 0, sizeof *d);
    d->seed = seed;
    d->until = until;
    int y, m, dd;
    demo_day_to_ymd(until, &y, &m, &dd);
    if (m == 2 && dd == 29)
        dd = 28;
    d->start = demo_day_from_ymd(y - DEMO_YEARS, m, dd) + 1;
    demo_areas_make(&d->areas, seed);
    make_staff(d);

    struct generator g = {.d = d};
    for (int t = 0; t < COUNT(sw_teams); t++)
        g.n_social_workers[t] = users_with(d, "social_worker", t, g.social_workers[t], 8);
    g.n_coordinators = users_with(d, "fgc_coordinator", -1, g.coordinators, 32);

    /* Six targeted clusters make half of all referrals; within each group, referrals follow
     * the child population. */
    long targeted = 0, others = 0;
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        int pop = demo_population(&d->areas, c, 2024);
        if (d->areas.clusters[c].targeted)
            targeted += pop;
        else
            others += pop;
    }
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        long pop = demo_population(&d->areas, c, 2024);
        /* pop/targeted and pop/others, both scaled to whole numbers. */
        g.cluster_weights[c] =
            (int)(pop * 1000000 / (d->areas.clusters[c].targeted ? targeted : others));
    }

    int n = 0;
    demo_day *dates = referral_dates(d, &n);
    for (int i = 0; i < n; i++)
        walk_referral(&g, i, dates[i]);
    free(dates);
    free(g.families);
}

void demo_data_free(struct demo_data *d)
{
    free(d->teams);
    free(d->users);
    free(d->children);
    free(d->members);
    free(d->referrals);
    free(d->events);
    free(d->conferences);
    free(d->attendees);
    free(d->plans);
    free(d->actions);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------------------------------------
 * Digest (FNV-1a over every value, in order)
 * ------------------------------------------------------------------------------------------ */

struct digest {
    uint64_t h;
};

static void mix_bytes(struct digest *dg, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        dg->h ^= b[i];
        dg->h *= UINT64_C(0x100000001B3);
    }
}

static void mix_int(struct digest *dg, long long v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((unsigned long long)v >> (8 * i));
    mix_bytes(dg, b, 8);
}

static void mix_str(struct digest *dg, const char *s)
{
    if (!s) {
        mix_int(dg, -1);
        return;
    }
    mix_bytes(dg, s, strlen(s) + 1);
}

uint64_t demo_data_digest(const struct demo_data *d)
{
    struct digest dg = {UINT64_C(0xCBF29CE484222325)};
    mix_int(&dg, d->start);
    mix_int(&dg, d->until);
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        mix_str(&dg, d->areas.clusters[c].code);
        mix_str(&dg, d->areas.clusters[c].name);
        for (int y = 0; y < DEMO_POP_YEARS; y++)
            mix_int(&dg, d->areas.clusters[c].population[y]);
    }
    for (int i = 0; i < d->n_teams; i++)
        mix_str(&dg, d->teams[i].name);
    for (int i = 0; i < d->n_users; i++) {
        mix_str(&dg, d->users[i].username);
        mix_str(&dg, d->users[i].display_name);
        mix_str(&dg, d->users[i].role);
        mix_int(&dg, d->users[i].team);
    }
    for (int i = 0; i < d->n_children; i++) {
        const struct demo_child *c = &d->children[i];
        mix_str(&dg, c->first_name);
        mix_str(&dg, c->last_name);
        mix_int(&dg, c->date_of_birth);
        mix_int(&dg, c->sex);
        mix_str(&dg, c->ethnicity);
        mix_int(&dg, c->cluster);
        mix_str(&dg, c->upn);
        mix_int(&dg, c->team);
        mix_int(&dg, c->social_worker);
        mix_int(&dg, c->recorded_on);
        mix_int(&dg, c->recorded_minute);
    }
    for (int i = 0; i < d->n_members; i++) {
        const struct demo_member *m = &d->members[i];
        mix_int(&dg, m->child);
        mix_str(&dg, m->full_name);
        mix_str(&dg, m->relationship);
        mix_int(&dg, m->lives_with_child);
        mix_str(&dg, m->notes);
    }
    for (int i = 0; i < d->n_referrals; i++) {
        const struct demo_referral *r = &d->referrals[i];
        mix_int(&dg, r->child);
        for (int k = 0; k < r->n_children; k++)
            mix_int(&dg, r->children[k]);
        mix_int(&dg, r->referred_on);
        mix_int(&dg, r->referrer);
        mix_str(&dg, r->referrer_name);
        mix_str(&dg, r->stage);
        mix_int(&dg, r->domestic_violence);
        mix_str(&dg, r->reason);
        mix_int(&dg, r->status);
        mix_int(&dg, r->accepted_on);
        mix_int(&dg, r->declined_on);
        mix_int(&dg, r->allocated_on);
        mix_int(&dg, r->preparation_started_on);
        mix_int(&dg, r->closed_on);
        mix_str(&dg, r->decline_reason);
        mix_str(&dg, r->decline_note);
        mix_str(&dg, r->closure_reason);
        mix_str(&dg, r->closure_note);
        mix_int(&dg, r->coordinator);
        mix_int(&dg, r->contacted);
        mix_int(&dg, r->version);
    }
    for (int i = 0; i < d->n_events; i++) {
        const struct demo_event *e = &d->events[i];
        mix_int(&dg, e->referral);
        mix_int(&dg, e->kind);
        mix_int(&dg, e->from);
        mix_int(&dg, e->to);
        mix_int(&dg, e->occurred_on);
        mix_int(&dg, e->minute);
        mix_int(&dg, e->actor);
        mix_int(&dg, e->conference);
        mix_int(&dg, e->plan);
        mix_int(&dg, e->coordinator);
        mix_int(&dg, e->contacted);
        mix_str(&dg, e->reason_code);
    }
    for (int i = 0; i < d->n_conferences; i++) {
        const struct demo_conference *c = &d->conferences[i];
        mix_int(&dg, c->referral);
        mix_int(&dg, c->review);
        mix_int(&dg, c->held_on);
        mix_int(&dg, c->minute);
        mix_str(&dg, c->model);
        mix_int(&dg, c->child_attended);
        mix_int(&dg, c->child_views_heard);
        mix_int(&dg, c->advocate_used);
        mix_int(&dg, c->private_family_time);
        mix_str(&dg, c->notes);
    }
    for (int i = 0; i < d->n_attendees; i++) {
        mix_int(&dg, d->attendees[i].conference);
        mix_str(&dg, d->attendees[i].role);
        mix_str(&dg, d->attendees[i].name);
        mix_int(&dg, d->attendees[i].member);
    }
    for (int i = 0; i < d->n_plans; i++) {
        mix_int(&dg, d->plans[i].referral);
        mix_int(&dg, d->plans[i].conference);
        mix_int(&dg, d->plans[i].agreed);
        mix_int(&dg, d->plans[i].agreed_on);
        mix_int(&dg, d->plans[i].recorded_on);
    }
    for (int i = 0; i < d->n_actions; i++) {
        const struct demo_action *a = &d->actions[i];
        mix_int(&dg, a->plan);
        mix_str(&dg, a->description);
        mix_str(&dg, a->owner_name);
        mix_str(&dg, a->owner_kind);
        mix_int(&dg, a->due_on);
        mix_str(&dg, a->status);
        mix_int(&dg, a->completed_on);
        mix_int(&dg, a->version);
        mix_int(&dg, a->updated_on);
    }
    return dg.h;
}
