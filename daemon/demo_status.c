/* Generates statutory status histories (CIN, CPP, CLA, pre-proceedings) for demo authorities. */
#include "demo_status.h"
#include "demo_rng.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * How it works. Each child's history is first built as a timeline of spans (episodes of need,
 * plans, periods of care, pre-proceedings), one decision after another, and then written out
 * as records: a period of care becomes a chain of SSDA903 episodes, an episode of need gets
 * its assessment and section 47 enquiry. Children referred for the first time arrive at a
 * steady rate from simulate_from on, so that the stocks at every 31 March in the window (1,450
 * looked after, some since birth) have built up; only records that reach records_from are kept.
 *
 * The FGC families of authority 0 are done first: a timeline per family that puts the family
 * in the state its referral's stage describes (on a plan at child_protection, in care at
 * looked_after ...), and after a family group conference held, outcomes a little better than
 * those of similar children (fewer entering care, more returning home, shorter plans). The
 * other children of authority 0 are then thinned month by month by what the families
 * contributed, so that the authority's totals stay at Leeds's scale.
 *
 * Only integer arithmetic is used (as in demo_rng.c), so a seed gives the same data everywhere.
 */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A span not ended within the horizon (it may still end at the child's 18th birthday). */
#define FOREVER (INT_MAX / 2)

/* Random streams, apart from demo_gen.c's (which are below 2^32). */
#define STREAM_CHILD UINT64_C(0x5354410000000000)
#define STREAM_FGC UINT64_C(0x5354460000000000)
#define STREAM_FGC_CHILD UINT64_C(0x5354430000000000)
#define STREAM_SHORT_BREAK UINT64_C(0x5354530000000000)
#define STREAM_LA UINT64_C(0x53544c0000000000)

static uint64_t stream(uint64_t base, int la, uint64_t index)
{
    return base ^ ((uint64_t)la << 32) ^ index;
}

/* ------------------------------------------------------------------------------------------
 * Scale: Leeds (domain.md). Rates are per 176,000 children and follow each authority's
 * population. The calibration constants were tuned so that the model lands on the targets
 * (tests/unit/test_demo_status.c checks them).
 * ------------------------------------------------------------------------------------------ */

#define LEEDS_POPULATION 176000
/* Children referred for the first time, a year (re-referrals come on top). */
#define NEW_CHILDREN_PER_YEAR 6850
/* Disabled children starting short breaks (V3/V4), a year. */
#define SHORT_BREAK_STARTS_PER_YEAR 42
/* What the FGC families' contributions are measured against, a year. */
#define TARGET_REFERRALS 11000
#define TARGET_CPP_STARTS 560
#define TARGET_CLA_STARTS 380

/* Pre-proceedings ending in an application to court, after a family group decision-making
 * meeting (an FGC) and without one. */
#define COURT_AFTER_FGC 290
#define COURT_WITHOUT_FGC 410

/* Families of FGC referrals given a status history, per mille: all but a few (a child from
 * another authority, a record not matched), fewer at early help. */
#define FGC_LINKED_PER_MILLE 920
#define FGC_LINKED_EARLY_HELP_PER_MILLE 450

/* ------------------------------------------------------------------------------------------
 * Code lists and mixes
 * ------------------------------------------------------------------------------------------ */

/* CIN census referral sources, per thousand referrals: police and schools the largest (as in
 * DfE's national figures). */
static const char *const sources[] = {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B",
                                      "3C", "3D", "3E", "3F", "4",  "5A", "5B", "5C",
                                      "5D", "6",  "7",  "8",  "9",  "10"};
static const int source_weights[] = {40, 5,  6,  10, 200, 15, 22,  22, 5,  10, 30,
                                     55, 15, 50, 20, 20,  40, 290, 40, 30, 20, 35};

/* Primary need, per thousand episodes (mostly abuse or neglect). */
static const char *const needs[] = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N0"};
static const int need_weights[] = {570, 90, 35, 90, 130, 25, 5, 45, 10};

/* SSDA903 category of need for a period of care. */
static const char *const cla_needs[] = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};
static const int cla_need_weights[] = {620, 40, 30, 90, 120, 20, 5, 75};

/* Assessment factors other than domestic abuse (CIN census codes). */
static const char *const other_factors[] = {"1B",  "2B",  "4A",  "4B",  "5B",  "6A",  "8F", "10A",
                                            "11A", "14A", "15A", "16A", "17A", "18A", "21", "22A"};
static const int other_factor_weights[] = {60, 80, 70, 140, 40, 30, 10, 25,
                                           15, 20, 40, 140, 50, 90, 25, 15};

static const char *const categories[] = {"NEG", "EMO", "PHY", "SAB", "MUL"};
static const int category_weights[] = {490, 370, 65, 30, 45};

/* DfE ethnicity codes, per thousand children known to social care in a northern city. */
static const char *const ethnicities[] = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA",
                                          "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
                                          "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};
static const int ethnicity_weights[] = {655, 5,  6,  40, 12, 42, 15, 15, 25, 15,
                                        55,  10, 15, 10, 40, 10, 3,  17, 5,  5};

/* Age at first referral, per year of age (DfE: about 10% under 1, a third 10-15). */
static const int first_age_weights[18] = {100, 43, 43, 43, 43, 46, 46, 46, 46,
                                          46,  55, 55, 57, 57, 58, 58, 65, 65};

static const char *const move_reasons[] = {"CARPL", "CREQB", "CREQO", "CHILD", "LAREQ",
                                           "PLACE", "ALLEG", "STAND", "CLOSE", "OTHER"};
static const int move_reason_weights[] = {350, 200, 100, 80, 70, 50, 30, 30, 40, 50};

/* ------------------------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------------------------ */

/* Appends a zeroed element to st->arr and evaluates to its index. */
#define PUSH(st, arr) XPUSH(st, arr)

static int range(struct demo_rng *rng, int lo, int hi)
{
    return (int)demo_rng_range(rng, lo, hi);
}

static int bell(struct demo_rng *rng, int lo, int hi)
{
    return (int)demo_rng_bell(rng, lo, hi);
}

static bool chance(struct demo_rng *rng, int per_mille)
{
    return demo_rng_chance(rng, per_mille);
}

static const char *pick(struct demo_rng *rng, const char *const *codes, const int *weights, int n)
{
    return codes[demo_rng_weighted(rng, weights, n)];
}

static demo_day min_day(demo_day a, demo_day b)
{
    return a < b ? a : b;
}

static demo_day max_day(demo_day a, demo_day b)
{
    return a > b ? a : b;
}

/* The day of a child's n-th birthday (29 February birthdays fall on 1 March). */
static demo_day birthday(demo_day dob, int n)
{
    int y, m, d;
    demo_day_to_ymd(dob, &y, &m, &d);
    if (m == 2 && d == 29)
        return demo_day_from_ymd(y + n, 3, 1);
    return demo_day_from_ymd(y + n, m, d);
}

/* A date of birth making a child `age` on `on`. */
static demo_day birth_date_for_age(struct demo_rng *rng, demo_day on, int age)
{
    int y, m, d;
    demo_day_to_ymd(on, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    demo_day latest = demo_day_from_ymd(y - age, m, d);
    demo_day earliest = demo_day_from_ymd(y - age - 1, m, d) + 1;
    return earliest + range(rng, 0, latest - earliest);
}

/* Working days from the start of an assessment to its authorisation, in calendar days: most
 * within the 45 working days of Working Together, a few later. */
static int assessment_days(struct demo_rng *rng)
{
    int working = chance(rng, 880) ? bell(rng, 5, 45) : range(rng, 46, 80);
    return working * 7 / 5;
}

/* ------------------------------------------------------------------------------------------
 * The window
 * ------------------------------------------------------------------------------------------ */

void demo_status_window(demo_day until, struct demo_status_window *w)
{
    int y, m, d;
    demo_day_to_ymd(until, &y, &m, &d);
    /* The reporting year (from 1 April) containing the day five years before until. */
    int start_y = m >= 4 ? y - 5 : y - 6;
    w->until = until;
    w->history_from = demo_day_from_ymd(start_y, 4, 1);
    w->records_from = demo_day_from_ymd(start_y - 1, 4, 1);
    w->simulate_from = demo_day_from_ymd(start_y - 19, 4, 1);
}

/* ------------------------------------------------------------------------------------------
 * Timelines: a child's (or a family's) history as spans, before it is written out
 * ------------------------------------------------------------------------------------------ */

enum span_kind { SP_CIN, SP_CPP, SP_CLA, SP_PP };

/* Routes into care (demo_status_cla_period). */
enum { ROUTE_EMERGENCY, ROUTE_SECTION20, ROUTE_COURT };

struct span {
    enum span_kind kind;
    bool removed;
    demo_day start, end; /* end FOREVER: not ended within the horizon */
    /* CIN */
    bool nfa, assessed, da, s47, icpc_not_required;
    const char *source, *need, *closure_reason;
    demo_day assessment_start, authorised, s47_start, icpc;
    /* CPP */
    const char *initial_category, *latest_category;
    int extra_previous; /* plans before the records (another authority) */
    /* CLA */
    const char *rec; /* NULL for FOREVER */
    int route;
    const char *cla_need;
    /* PP */
    demo_day lbp, initial_meeting, step_decision, court_app, letter_init_cp;
    bool fgdm_offer, fgdm_facilitated;
    const char *outcome;
};

#define MAX_SPANS 72

struct timeline {
    struct span sp[MAX_SPANS];
    int n;
};

static struct span *add_span(struct timeline *tl, enum span_kind kind, demo_day start)
{
    if (tl->n >= MAX_SPANS)
        return NULL;
    struct span *s = &tl->sp[tl->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->start = start;
    s->end = FOREVER;
    s->assessment_start = s->authorised = s->s47_start = s->icpc = DEMO_NO_DAY;
    s->lbp = s->initial_meeting = s->step_decision = s->court_app = s->letter_init_cp = DEMO_NO_DAY;
    return s;
}

/* The latest span of a kind (by start), or NULL. */
static struct span *last_span(struct timeline *tl, enum span_kind kind)
{
    struct span *best = NULL;
    for (int i = 0; i < tl->n; i++) {
        struct span *s = &tl->sp[i];
        if (!s->removed && s->kind == kind && (!best || s->start >= best->start))
            best = s;
    }
    return best;
}

static bool open_on(const struct span *s, demo_day day)
{
    return s && s->start <= day && s->end >= day;
}

/* ------------------------------------------------------------------------------------------
 * Generation context of one authority
 * ------------------------------------------------------------------------------------------ */

#define BUCKET_DAYS 30

struct gen {
    struct demo_history *st;
    const struct demo_data *fgc;
    int cluster_weights[DEMO_CLUSTER_COUNT];
    int pop_per_mille; /* the authority's population against Leeds's */
    demo_day fgc_start;
    /* Thinning of the other children, per mille, by 30-day bucket from simulate_from (only
     * authority 0 has it). */
    int n_buckets;
    int *thin_referrals, *thin_cpp, *thin_cla;
};

static int bucket(const struct gen *g, demo_day day)
{
    int b = (day - g->st->window.simulate_from) / BUCKET_DAYS;
    return b < 0 ? 0 : b >= g->n_buckets ? g->n_buckets - 1 : b;
}

static bool thinned(const struct gen *g, const int *thin, struct demo_rng *rng, demo_day day)
{
    if (!thin)
        return false;
    int p = thin[bucket(g, day)];
    return p > 0 && chance(rng, p);
}

/* ------------------------------------------------------------------------------------------
 * Periods of care: outcomes and SSDA903 episodes
 * ------------------------------------------------------------------------------------------ */

/* How a period of care that starts at `age` ends: its end (FOREVER for one lasting until 18)
 * and reason. Durations follow DfE's national pattern: many short periods ending in a return
 * home, adoption and special guardianship for young children after one to three years, and
 * a large group of long-term care until 18. */
static void care_outcome(struct demo_rng *rng, int age, demo_day start, demo_day *end,
                         const char **rec)
{
    /* adopt, SGO, home, CAO, relatives (E13), long term */
    static const int by_age[6][6] = {
        {300, 200, 130, 50, 20, 300}, /* under 1 */
        {200, 200, 170, 60, 30, 340}, /* 1-4 */
        {30, 150, 220, 70, 50, 480},  /* 5-9 */
        {0, 80, 350, 40, 60, 470},    /* 10-12 */
        {0, 30, 450, 20, 80, 420},    /* 13-15 */
        {0, 0, 420, 0, 80, 500},      /* 16-17 */
    };
    int band = age < 1 ? 0 : age < 5 ? 1 : age < 10 ? 2 : age < 13 ? 3 : age < 16 ? 4 : 5;
    int outcome = demo_rng_weighted(rng, by_age[band], 6);
    switch (outcome) {
    case 0:
        *end = start + bell(rng, 560, 1150);
        *rec = chance(rng, 850) ? "E11" : "E12";
        break;
    case 1: {
        *end = start + bell(rng, 360, 1000);
        static const char *const sgo[] = {"E45", "E46", "E47", "E48"};
        static const int w[] = {550, 180, 220, 50};
        *rec = pick(rng, sgo, w, 4);
        break;
    }
    case 2:
        *end = start + (chance(rng, 350) ? range(rng, 3, 90) : bell(rng, 60, 720));
        *rec = chance(rng, 850) ? "E4A" : "E4B";
        break;
    case 3:
        *end = start + bell(rng, 200, 900);
        *rec = "E41";
        break;
    case 4:
        *end = start + bell(rng, 20, 700);
        *rec = "E13";
        break;
    default:
        *end = FOREVER;
        *rec = NULL;
    }
}

static const char *provider_for(struct demo_rng *rng, const char *place)
{
    if (place[0] == 'U' && place[1] <= '3')
        return "PR1";
    if (place[0] == 'U')
        return chance(rng, 600) ? "PR1" : "PR4";
    if (strcmp(place, "K2") == 0) {
        static const char *const p[] = {"PR1", "PR4", "PR5"};
        static const int w[] = {300, 600, 100};
        return pick(rng, p, w, 3);
    }
    if (strcmp(place, "R1") == 0)
        return chance(rng, 700) ? "PR4" : "PR5";
    if (strcmp(place, "H5") == 0) {
        static const char *const p[] = {"PR4", "PR5", "PR1"};
        static const int w[] = {500, 300, 200};
        return pick(rng, p, w, 3);
    }
    if (strcmp(place, "P1") == 0)
        return "PR0";
    if (place[0] == 'A') {
        static const char *const p[] = {"PR1", "PR2", "PR5"};
        static const int w[] = {600, 200, 200};
        return pick(rng, p, w, 3);
    }
    return "PR1";
}

/* A placement for a child of this age (a move or the first placement). */
static const char *placement_for(struct demo_rng *rng, int age, bool first)
{
    static const char *const places[] = {"U6", "U3", "U4", "K2", "H5", "R1"};
    int w[6];
    if (age < 5) {
        int v[] = {800, 170, 0, 0, 0, 10};
        memcpy(w, v, sizeof w);
    } else if (age < 13) {
        int v[] = {700, 150, first ? 0 : 50, 80, 0, 10};
        memcpy(w, v, sizeof w);
    } else if (age < 16) {
        int v[] = {520, 100, first ? 0 : 50, 300, 0, 10};
        memcpy(w, v, sizeof w);
    } else {
        int v[] = {330, 80, 0, 250, 320, 10};
        memcpy(w, v, sizeof w);
    }
    return places[demo_rng_weighted(rng, w, 6)];
}

static bool is_kin(const char *place)
{
    return place[0] == 'U' && place[1] >= '1' && place[1] <= '3';
}

static bool is_foster(const char *place)
{
    return place[0] == 'U';
}

struct change {
    demo_day on;
    const char *ls;    /* NULL: unchanged */
    const char *place; /* NULL: unchanged */
    bool new_carer;
    const char *reason;
};

#define MAX_CHANGES 24

static void add_change(struct change *ch, int *n, demo_day on, const char *ls, const char *place,
                       bool new_carer, const char *reason)
{
    if (*n >= MAX_CHANGES)
        return;
    ch[*n] = (struct change){on, ls, place, new_carer, reason};
    (*n)++;
}

static int by_change_day(const void *a, const void *b)
{
    const struct change *x = a, *y = b;
    return (x->on > y->on) - (x->on < y->on);
}

static void push_episode(struct demo_history *st, int who, demo_day decom, const char *rne,
                         const char *ls, const char *need, const char *place, const char *provider,
                         demo_day dec, const char *rec, const char *reason)
{
    int i = PUSH(st, cla);
    struct demo_cla_episode *e = &st->cla[i];
    e->who = who;
    e->decom = decom;
    e->rne = rne;
    e->ls = ls;
    e->cin = need;
    e->place = place;
    e->place_provider = provider;
    e->reason_place_change = reason;
    if (dec > st->window.until) {
        e->dec = DEMO_NO_DAY;
        e->rec = NULL;
    } else {
        e->dec = dec;
        e->rec = rec;
    }
}

int demo_status_cla_period(struct demo_history *st, struct demo_rng *rng, int who, demo_day dob,
                           demo_day start, demo_day end, const char *rec, int route,
                           const char *cin_code)
{
    demo_day until = st->window.until;
    demo_day adult = birthday(dob, 18);
    bool aged_out = false;
    if (end == DEMO_NO_DAY || end >= FOREVER)
        end = FOREVER;
    if (end >= adult) {
        end = adult;
        aged_out = true;
        rec = NULL;
    }
    if (start < dob)
        start = dob;
    if (start > until || end <= start)
        return 0;
    if (!rec && !aged_out)
        rec = "E4A";
    int age = demo_age_on(dob, start);
    int length = end - start;

    struct change ch[MAX_CHANGES];
    int n = 0;

    /* Legal status. */
    const char *ls;
    demo_day t = start;
    if (route == ROUTE_EMERGENCY) {
        ls = chance(rng, 650) ? "L1" : "L2";
        demo_day next = start + range(rng, 1, 7);
        if (next < end) {
            const char *then = chance(rng, 550) ? "C1" : "V2";
            /* Often out of the emergency placement at the same time (RNE T). */
            bool move = chance(rng, 450);
            add_change(ch, &n, next, then,
                       move ? placement_for(rng, demo_age_on(dob, next), false) : NULL, move,
                       move ? "CARPL" : NULL);
            t = next;
            route = strcmp(then, "C1") == 0 ? ROUTE_COURT : ROUTE_SECTION20;
        }
    } else {
        ls = route == ROUTE_COURT ? "C1" : "V2";
    }
    bool adoption = rec && (strcmp(rec, "E11") == 0 || strcmp(rec, "E12") == 0);
    /* Adoption needs a care order, a placement order and a placement with the adopters, in
     * that order, the placement some months before the order: otherwise the child goes home. */
    if (adoption && length < 330) {
        rec = "E4A";
        adoption = false;
    }
    demo_day ico = DEMO_NO_DAY; /* when an interim care order began */
    if (route == ROUTE_COURT) {
        ico = t;
    } else if (route == ROUTE_SECTION20 && length > 150 &&
               (adoption || chance(rng, age >= 13 ? 300 : 550))) {
        demo_day on = t + range(rng, 45, 200);
        if (adoption)
            on = min_day(on, end - 300);
        if (on > t && on < end - 30) {
            bool move = chance(rng, 200);
            add_change(ch, &n, on, "C1",
                       move ? placement_for(rng, demo_age_on(dob, on), false) : NULL, move,
                       move ? "CARPL" : NULL);
            ico = on;
        }
    }
    demo_day full = DEMO_NO_DAY;
    if (ico != DEMO_NO_DAY) {
        demo_day on = ico + bell(rng, 150, 300);
        if (adoption)
            on = min_day(on, end - 240);
        if (on > ico && on < end - 14) {
            /* At the final order: matched with the carers for the long term (RNE U), or
             * moved to the placement the care plan needs (RNE T), or neither. */
            int what = adoption ? 0 : (int)demo_rng_range(rng, 0, 99);
            const char *place_then = what < 30   ? "LT"
                                     : what < 45 ? placement_for(rng, demo_age_on(dob, on), false)
                                                 : NULL;
            add_change(ch, &n, on, "C2", place_then, what >= 30 && what < 45,
                       what >= 30 && what < 45 ? "CARPL" : NULL);
            full = on;
        }
    }
    demo_day adopt_place = DEMO_NO_DAY, order_on = DEMO_NO_DAY;
    if (adoption) {
        if (full == DEMO_NO_DAY) {
            rec = "E4A";
            adoption = false;
        } else {
            demo_day order = full + range(rng, 0, 60);
            adopt_place = end - bell(rng, 150, 300);
            if (order >= adopt_place)
                order = full;
            if (order > full)
                add_change(ch, &n, order, "E1", NULL, false, NULL);
            else
                ch[n - 1].ls = "E1"; /* the placement order made with the care order */
            order_on = order;
            if (adopt_place <= order)
                adopt_place = order + 1;
            if (adopt_place >= end) {
                rec = "E4A";
                adoption = false;
                adopt_place = DEMO_NO_DAY;
            }
        }
    }

    /* Placements: the first, moves, a long-term match, and the placement the outcome needs
     * (with the adopters, with kin, back with parents), after which nobody moves. */
    const char *place = placement_for(rng, age, true);
    if (route == ROUTE_EMERGENCY || strcmp(ls, "L1") == 0)
        place = age >= 16 && chance(rng, 300) ? "K2" : "U6";
    if (adoption && age < 2 && chance(rng, 300))
        place = "U5"; /* fostering for adoption from the start */
    demo_day final_on = DEMO_NO_DAY;
    const char *final_place = NULL;
    if (adoption && adopt_place != DEMO_NO_DAY) {
        /* Fostering for adoption: the carers become the adopters with the placement order. */
        final_on = strcmp(place, "U5") == 0 ? order_on : adopt_place;
        final_place = "AD";
    } else if (rec && strcmp(rec, "E45") == 0) {
        demo_day on = end - range(rng, 180, 420);
        if (on > start) {
            final_on = on;
            final_place = "KIN";
        } else {
            rec = "E47";
        }
    } else if (rec && strcmp(rec, "E4A") == 0 && length > 90 && chance(rng, 700)) {
        /* Home on trial: placed with parents under the care order before it is discharged. */
        demo_day on = end - range(rng, 30, min_day(400, length - 30));
        if (on > start) {
            final_on = on;
            final_place = "P1";
        }
    }
    demo_day horizon = min_day(end, until + 1);
    if (final_on != DEMO_NO_DAY)
        horizon = min_day(horizon, final_on);
    if (chance(rng, 450)) {
        demo_day on = start + bell(rng, 7, 300);
        while (on < horizon - 7) {
            int a = demo_age_on(dob, on);
            add_change(ch, &n, on, NULL, placement_for(rng, a, false), true,
                       pick(rng, move_reasons, move_reason_weights, COUNT(move_reasons)));
            on += bell(rng, 60, 1100);
        }
    }
    /* Matched with the carers for the long term: same carers, a new placement type. */
    if (length > 540 && !adoption && chance(rng, 500)) {
        demo_day on = start + range(rng, 270, 540);
        if (on < horizon - 7)
            add_change(ch, &n, on, NULL, "LT", false, NULL);
    }
    if (final_on != DEMO_NO_DAY)
        add_change(ch, &n, final_on, NULL, final_place, strcmp(final_place, "P1") == 0,
                   strcmp(final_place, "P1") == 0 ? "CARPL" : NULL);

    /* Apply the changes in date order, merging those of one day; a change on the first day or
     * on or after the end is dropped. */
    qsort(ch, (size_t)n, sizeof ch[0], by_change_day);
    int written = 0;
    const char *provider = provider_for(rng, place);
    demo_day decom = start;
    const char *rne = "S";
    const char *reason = NULL;
    for (int i = 0; i < n;) {
        demo_day on = ch[i].on;
        const char *new_ls = ls, *new_place = place;
        bool new_carer = false;
        const char *why = NULL;
        for (; i < n && ch[i].on == on; i++) {
            if (ch[i].ls)
                new_ls = ch[i].ls;
            if (!ch[i].place)
                continue;
            const char *p = ch[i].place;
            bool carer = ch[i].new_carer;
            if (strcmp(p, "LT") == 0) {
                /* Long-term with the same carers: temporary to long-term fostering. */
                p = strcmp(new_place, "U6") == 0   ? "U4"
                    : strcmp(new_place, "U3") == 0 ? "U1"
                                                   : NULL;
                if (!p)
                    continue;
            } else if (strcmp(p, "AD") == 0) {
                carer = strcmp(new_place, "U5") != 0;
                p = carer ? "A6" : "A5";
            } else if (strcmp(p, "KIN") == 0) {
                if (is_kin(new_place))
                    continue;
                p = "U3";
                carer = true;
            } else if (strcmp(p, "P1") == 0 && strcmp(new_ls, "C1") != 0 &&
                       strcmp(new_ls, "C2") != 0) {
                continue; /* placement with parents needs a care order */
            }
            if (strcmp(p, new_place) == 0 && !carer)
                continue;
            new_place = p;
            new_carer = new_carer || carer;
            if (carer && ch[i].reason)
                why = ch[i].reason;
        }
        if (on <= decom || on >= end)
            continue;
        bool legal = strcmp(new_ls, ls) != 0;
        bool placed = strcmp(new_place, place) != 0 || new_carer;
        if (!legal && !placed)
            continue;
        if (decom > until)
            break;
        push_episode(st, who, decom, rne, ls, cin_code, place, provider, on, "X1", reason);
        written++;
        rne = legal && placed ? (new_carer ? "T" : "U") : legal ? "L" : new_carer ? "P" : "B";
        reason = new_carer ? (why ? why : "CARPL") : NULL;
        if (new_carer)
            provider = provider_for(rng, new_place);
        else if (strcmp(new_place, "A5") == 0)
            provider = provider_for(rng, new_place);
        ls = new_ls;
        place = new_place;
        decom = on;
    }
    if (decom > until)
        return written;
    if (aged_out) {
        if (is_foster(place))
            rec = pick(rng, (const char *const[]){"E17", "E5", "E6", "E8"},
                       (const int[]){450, 350, 50, 150}, 4);
        else if (strcmp(place, "H5") == 0 || strcmp(place, "K2") == 0)
            rec =
                pick(rng, (const char *const[]){"E5", "E6", "E8"}, (const int[]){600, 200, 200}, 3);
        else
            rec = "E8";
    } else if (adoption && place[0] != 'A') {
        rec = "E4A"; /* the adoptive placement did not happen before the end */
    } else if (rec && strcmp(rec, "E46") == 0 && is_kin(place)) {
        rec = "E45";
    } else if (rec && strcmp(rec, "E45") == 0 && !is_kin(place)) {
        rec = "E47";
    }
    push_episode(st, who, decom, rne, ls, cin_code, place, provider, end, rec, reason);
    return written + 1;
}

/* ------------------------------------------------------------------------------------------
 * Writing a timeline out as records
 * ------------------------------------------------------------------------------------------ */

/* The review conferences of a plan: the first within three months of its start, then every
 * six months (the same dates for every child of a family). */
static demo_day cpp_review(demo_day start, int k)
{
    int jitter = (int)((unsigned)start * 2654435761u >> 28) % 7; /* 0..6, fixed per plan */
    return start + 84 + jitter + 182 * k;
}

/* A plan's length: mostly 6 to 18 months, many ending at a review conference. */
static demo_day cpp_end(struct demo_rng *rng, demo_day start, int per_mille_of_length)
{
    int days = chance(rng, 120) ? range(rng, 90, 180)
                                : (chance(rng, 60) ? range(rng, 550, 760) : bell(rng, 180, 550));
    days = days * per_mille_of_length / 1000;
    demo_day end = start + days;
    if (chance(rng, 600)) {
        for (int k = 0; k < DEMO_STATUS_MAX_REVIEWS; k++) {
            demo_day r = cpp_review(start, k);
            if (r + 91 >= end) {
                end = r;
                break;
            }
        }
    }
    return end;
}

/* The factors at the end of an assessment. */
static int assessment_factors(struct demo_rng *rng, bool da, const char **out)
{
    int n = 0;
    if (da) {
        static const char *const codes[] = {"3B", "3A", "3C"};
        static const int w[] = {560, 300, 140};
        out[n++] = pick(rng, codes, w, 3);
        if (chance(rng, 300)) {
            const char *second = pick(rng, codes, w, 3);
            if (strcmp(second, out[0]) != 0)
                out[n++] = second;
        }
    }
    int others = range(rng, da ? 0 : 1, 3);
    for (int i = 0; i < others && n < DEMO_STATUS_MAX_FACTORS; i++) {
        const char *f = pick(rng, other_factors, other_factor_weights, COUNT(other_factors));
        bool seen = false;
        for (int k = 0; k < n; k++)
            if (strcmp(out[k], f) == 0)
                seen = true;
        if (!seen)
            out[n++] = f;
    }
    return n;
}

static const char *cin_closure_for(const char *rec)
{
    if (!rec)
        return "RC7";
    if (strcmp(rec, "E11") == 0 || strcmp(rec, "E12") == 0)
        return "RC1";
    if (strncmp(rec, "E4", 2) == 0 && rec[2] >= '5')
        return "RC4";
    if (strcmp(rec, "E41") == 0)
        return "RC3";
    return "RC7";
}

/*
 * Writes one child's records from a timeline (a family's timeline is written once for each
 * of its children). A span is clipped to the child's life under 18 (a plan made before birth
 * starts at birth) and written when it reaches records_from. Returns the records written.
 */
static int emit_timeline(struct gen *g, struct demo_rng *rng, const struct timeline *tl, int who,
                         demo_day dob)
{
    struct demo_history *st = g->st;
    demo_day until = st->window.until, from = st->window.records_from;
    demo_day adult = birthday(dob, 18);
    int written = 0;
    int cin_of[MAX_SPANS];
    for (int i = 0; i < tl->n; i++)
        cin_of[i] = -1;

    for (int i = 0; i < tl->n; i++) {
        const struct span *s = &tl->sp[i];
        if (s->removed || s->kind != SP_CIN)
            continue;
        demo_day start = max_day(s->start, dob);
        demo_day end = s->end;
        const char *reason = s->closure_reason;
        if (end >= adult) {
            end = adult;
            reason = strcmp(s->need, "N2") == 0 ? "RC6" : "RC7";
        }
        if (start > until || start >= adult || end < start || end < from)
            continue;
        int c = PUSH(st, cin);
        struct demo_cin_episode *e = &st->cin[c];
        cin_of[i] = c;
        written++;
        e->who = who;
        e->referral_date = start;
        e->referral_source = s->source;
        e->primary_need = s->need;
        e->referral_nfa = s->nfa;
        if (end <= until) {
            e->closure_date = end;
            e->closure_reason = reason ? reason : "RC7";
        } else {
            e->closure_date = DEMO_NO_DAY;
        }
        demo_day last = min_day(end, until);
        if (s->assessed) {
            e->assessed = true;
            e->assessment_start = min_day(max_day(s->assessment_start, start), last);
            demo_day auth = max_day(s->authorised, e->assessment_start);
            if (e->closure_date != DEMO_NO_DAY && auth > e->closure_date)
                auth = e->closure_date;
            e->assessment_authorised = auth <= until ? auth : DEMO_NO_DAY;
            if (e->assessment_authorised != DEMO_NO_DAY)
                e->n_factors = assessment_factors(rng, s->da, e->factors);
        }
        if (s->s47 && s->s47_start <= last) {
            e->section47 = true;
            e->s47_start = max_day(s->s47_start, start);
            e->icpc_not_required = s->icpc_not_required;
            e->icpc_date = !s->icpc_not_required && s->icpc != DEMO_NO_DAY && s->icpc <= until
                               ? max_day(s->icpc, e->s47_start)
                               : DEMO_NO_DAY;
        }
    }

    int previous = 0;
    for (int i = 0; i < tl->n; i++) {
        const struct span *s = &tl->sp[i];
        if (s->removed || s->kind != SP_CPP)
            continue;
        demo_day start = max_day(s->start, dob);
        demo_day end = min_day(s->end, adult);
        if (start > until || start >= adult || end < start) {
            continue;
        }
        int prev = previous + s->extra_previous;
        previous++;
        if (end < from)
            continue;
        /* The episode of need it belongs to: the one open on its start. */
        int cin = -1;
        for (int k = 0; k < tl->n; k++)
            if (cin_of[k] >= 0 && st->cin[cin_of[k]].referral_date <= start &&
                (st->cin[cin_of[k]].closure_date == DEMO_NO_DAY ||
                 st->cin[cin_of[k]].closure_date >= start))
                cin = cin_of[k];
        if (cin < 0)
            continue; /* cannot happen: an episode of need covers every plan */
        int p = PUSH(st, cpp);
        struct demo_cpp_plan *plan = &st->cpp[p];
        written++;
        plan->who = who;
        plan->cin = cin;
        plan->start_date = start;
        plan->end_date = end <= until ? end : DEMO_NO_DAY;
        plan->icpc_date = start;
        plan->initial_category = s->initial_category;
        plan->latest_category = s->latest_category;
        plan->previous = prev;
        for (int k = 0; k < DEMO_STATUS_MAX_REVIEWS; k++) {
            demo_day r = cpp_review(s->start, k);
            if (r <= start)
                continue;
            if (r > until || (plan->end_date != DEMO_NO_DAY && r > plan->end_date))
                break;
            plan->reviews[plan->n_reviews++] = r;
        }
    }

    for (int i = 0; i < tl->n; i++) {
        const struct span *s = &tl->sp[i];
        if (s->removed || s->kind != SP_CLA)
            continue;
        demo_day start = max_day(s->start, dob);
        demo_day end = s->end;
        if (start > until || start >= adult || (end < FOREVER && end < start))
            continue;
        if (min_day(end, adult) < from)
            continue;
        written +=
            demo_status_cla_period(st, rng, who, dob, start, end, s->rec, s->route, s->cla_need);
    }

    for (int i = 0; i < tl->n; i++) {
        const struct span *s = &tl->sp[i];
        if (s->removed || s->kind != SP_PP)
            continue;
        demo_day start = max_day(s->start, dob);
        demo_day done = s->court_app != DEMO_NO_DAY ? s->court_app : s->step_decision;
        if (start > until || start >= adult ||
            min_day(done == DEMO_NO_DAY ? adult : done, adult) < from)
            continue;
        int p = PUSH(st, pp);
        struct demo_pre_proceedings *r = &st->pp[p];
        written++;
        r->who = who;
        r->pp_start_date = start;
        r->lbp_sent_date = s->lbp != DEMO_NO_DAY && s->lbp <= until ? s->lbp : DEMO_NO_DAY;
        r->initial_meeting_date = s->initial_meeting != DEMO_NO_DAY && s->initial_meeting <= until
                                      ? max_day(s->initial_meeting, start)
                                      : DEMO_NO_DAY;
        bool decided = s->step_decision != DEMO_NO_DAY && s->step_decision <= until;
        r->step_decision_date = decided ? max_day(s->step_decision, start) : DEMO_NO_DAY;
        r->outcome = decided ? s->outcome : NULL;
        r->letter_init_cp_date = s->letter_init_cp != DEMO_NO_DAY && s->letter_init_cp <= until
                                     ? s->letter_init_cp
                                     : DEMO_NO_DAY;
        r->court_app_date = s->court_app != DEMO_NO_DAY && s->court_app <= until
                                ? max_day(s->court_app, start)
                                : DEMO_NO_DAY;
        r->fgdm_meeting_offer = s->fgdm_offer;
        r->fgdm_meeting_facilitated = s->fgdm_offer && s->fgdm_facilitated;
        if (r->initial_meeting_date != DEMO_NO_DAY) {
            demo_day upto = decided ? r->step_decision_date : until;
            int reviews = (upto - r->initial_meeting_date) / 42;
            r->review_meetings = reviews < 0 ? 0 : reviews > 6 ? 6 : reviews;
        }
    }
    return written;
}

/* ------------------------------------------------------------------------------------------
 * Span builders shared by every child
 * ------------------------------------------------------------------------------------------ */

/* An episode of need from a referral on `day`, assessed (unless nfa). */
static struct span *new_cin(struct timeline *tl, struct demo_rng *rng, demo_day day,
                            const char *source, bool da, bool nfa)
{
    struct span *c = add_span(tl, SP_CIN, day);
    if (!c)
        return NULL;
    c->source = source ? source : pick(rng, sources, source_weights, COUNT(sources));
    c->need = pick(rng, needs, need_weights, COUNT(needs));
    c->nfa = nfa;
    if (nfa) {
        c->end = day;
        c->closure_reason = "RC8";
        if (chance(rng, 500))
            c->need = "N9";
        return c;
    }
    c->assessed = true;
    c->assessment_start = day + range(rng, 0, 3);
    c->authorised = c->assessment_start + assessment_days(rng);
    c->da = da;
    return c;
}

/* A plan starting on `start` within episode c (whose section 47 enquiry leads to it). */
static struct span *new_cpp(struct timeline *tl, struct demo_rng *rng, struct span *c,
                            demo_day start, int extra_previous)
{
    struct span *p = add_span(tl, SP_CPP, start);
    if (!p)
        return NULL;
    p->initial_category = pick(rng, categories, category_weights, COUNT(categories));
    p->latest_category = chance(rng, 880)
                             ? p->initial_category
                             : pick(rng, categories, category_weights, COUNT(categories));
    p->extra_previous = extra_previous;
    c->s47 = true;
    c->s47_start = max_day(c->start, start - range(rng, 10, 21));
    c->icpc = start;
    c->icpc_not_required = false;
    if (c->s47_start < c->assessment_start)
        c->assessment_start = c->s47_start;
    return p;
}

static struct span *new_cla(struct timeline *tl, struct demo_rng *rng, demo_day start, int age,
                            int route, bool abuse)
{
    struct span *p = add_span(tl, SP_CLA, start);
    if (!p)
        return NULL;
    care_outcome(rng, age, start, &p->end, &p->rec);
    p->route = route;
    p->cla_need = abuse ? "N1" : pick(rng, cla_needs, cla_need_weights, COUNT(cla_needs));
    return p;
}

static struct span *new_pp(struct timeline *tl, struct demo_rng *rng, demo_day start, bool offer,
                           bool facilitated)
{
    struct span *p = add_span(tl, SP_PP, start);
    if (!p)
        return NULL;
    p->lbp = start + range(rng, 0, 5);
    p->initial_meeting = p->lbp + range(rng, 7, 14);
    p->fgdm_offer = offer;
    p->fgdm_facilitated = facilitated;
    p->end = FOREVER;
    return p;
}

/* Pre-proceedings that end in an application to court on `court` (letter of intention a week
 * or two earlier), or are stepped down on `decision`. */
static void pp_decide(struct demo_rng *rng, struct span *p, demo_day decision, bool court)
{
    if (decision <= p->start)
        decision = p->start + 1;
    p->step_decision = decision;
    if (court) {
        p->outcome = DEMO_PP_PROCEEDINGS;
        p->letter_init_cp = decision;
        p->court_app = decision + range(rng, 7, 21);
        p->end = p->court_app;
    } else {
        p->outcome = DEMO_PP_STEPPED_DOWN;
        p->end = decision;
    }
}

/* ------------------------------------------------------------------------------------------
 * Children known only from statutory returns
 * ------------------------------------------------------------------------------------------ */

enum path { PATH_NFA, PATH_RC8, PATH_RC9, PATH_SUPPORT, PATH_CPP, PATH_CARE, PATH_COUNT };

/* Per mille of referrals by the child's level of need (low, medium, high). */
static const int path_weights[3][PATH_COUNT] = {
    {95, 300, 70, 529, 0, 6},
    {55, 190, 45, 607, 77, 26},
    {25, 80, 25, 450, 320, 100},
};

/* Re-referral within 12 months after an episode that took this path, per mille. */
static const int re_referral_short[PATH_COUNT] = {420, 400, 360, 225, 125, 60};
static const int re_referral_long[PATH_COUNT] = {140, 150, 150, 170, 160, 120};

/* A referral date: weekdays mostly (police referrals come at weekends too). */
static demo_day referral_day(struct demo_rng *rng, demo_day day)
{
    int w = demo_day_weekday(day);
    if (w > 5 && !chance(rng, 250))
        day = demo_day_next_weekday(day);
    return day;
}

/* Care entered on `on` from a plan or an episode of need; `route` and the period's outcome. */
static struct span *enter_care(struct gen *g, struct timeline *tl, struct demo_rng *rng,
                               demo_day on, demo_day dob, int route, bool abuse)
{
    if (thinned(g, g->thin_cla, rng, on))
        return NULL;
    return new_cla(tl, rng, on, demo_age_on(dob, on), route, abuse);
}

/* The episode of need stays open while the child is looked after and closes with the period
 * (adoption, special guardianship, a child arrangements order) or a little after it, and never
 * before the plan it holds (NULL: none) has ended. */
static void close_after_care(struct demo_rng *rng, struct span *c, const struct span *care,
                             const struct span *plan)
{
    if (care->end >= FOREVER) {
        c->end = FOREVER;
        return;
    }
    const char *reason = cin_closure_for(care->rec);
    c->end = strcmp(reason, "RC7") == 0 ? care->end + range(rng, 0, 60) : care->end;
    c->closure_reason = reason;
    if (plan && c->end < plan->end) {
        c->end = plan->end < FOREVER ? plan->end + range(rng, 0, 30) : FOREVER;
        c->closure_reason = plan->end < FOREVER ? "RC7" : NULL;
    }
}

static void simulate_child(struct gen *g, uint64_t index)
{
    struct demo_history *st = g->st;
    const struct demo_status_window *w = &st->window;
    struct demo_rng rng;
    demo_rng_seed(&rng, st->seed, stream(STREAM_CHILD, st->la, index));

    demo_day t = referral_day(&rng, w->simulate_from + range(&rng, 0, w->until - w->simulate_from));
    if (t > w->until)
        return;
    int cluster = demo_rng_weighted(&rng, g->cluster_weights, DEMO_CLUSTER_COUNT);
    if (thinned(g, g->thin_referrals, &rng, t))
        return;
    /* Fewer referrals in the targeted clusters once Family Valued began (the evaluation saw
     * children in need fall 6.5% there against 1.2% elsewhere). */
    if (g->fgc && t >= g->fgc_start) {
        int progress = (int)((long)(t - g->fgc_start) * 1000 / (w->until - g->fgc_start + 1));
        if (chance(&rng, (st->areas.clusters[cluster].targeted ? 120 : 15) * progress / 1000))
            return;
    }
    int age = demo_rng_weighted(&rng, first_age_weights, 18);
    demo_day dob = birth_date_for_age(&rng, t, age);
    demo_day adult = birthday(dob, 18);
    static const int severity_weights[] = {600, 300, 100};
    int severity = demo_rng_weighted(&rng, severity_weights, 3);
    bool da_home = chance(&rng, severity == 2 ? 480 : severity == 1 ? 380 : 190);
    int extra_previous = chance(&rng, 140) ? 1 : 0; /* a plan in another authority */

    struct timeline tl;
    tl.n = 0;
    for (int k = 0; k < 24 && t <= w->until && t < adult; k++) {
        int path = demo_rng_weighted(&rng, path_weights[severity], PATH_COUNT);
        int plan_risk = severity == 2 ? 170 : 110; /* per mille: care during a plan */
        struct span *c =
            new_cin(&tl, &rng, t, NULL, chance(&rng, da_home ? 800 : 50), path == PATH_NFA);
        if (!c)
            break;
        struct span *care = NULL;
        if (path == PATH_CPP) {
            demo_day s47 = t + range(&rng, 0, 14);
            demo_day start = s47 + range(&rng, 10, 21);
            if (thinned(g, g->thin_cpp, &rng, start)) {
                path = PATH_SUPPORT;
            } else {
                struct span *plan = new_cpp(&tl, &rng, c, start, extra_previous);
                if (!plan)
                    break;
                plan->end = cpp_end(&rng, start, 1000);
                if (chance(&rng, plan_risk)) {
                    demo_day on = start + range(&rng, 20, min_day(plan->end - start, 400));
                    int routes[] = {150, 300, 550};
                    care =
                        enter_care(g, &tl, &rng, on, dob, demo_rng_weighted(&rng, routes, 3), true);
                    if (care)
                        plan->end = min_day(plan->end, on + range(&rng, 0, 28));
                } else if (chance(&rng, 230) && plan->end - start > 120) {
                    demo_day pp_start =
                        start + bell(&rng, 45, min_day(plan->end - start - 60, 300));
                    struct span *pp = new_pp(&tl, &rng, pp_start, chance(&rng, 550), false);
                    if (pp) {
                        pp->fgdm_facilitated = pp->fgdm_offer && chance(&rng, 550);
                        bool court = chance(&rng, pp->fgdm_facilitated ? COURT_AFTER_FGC
                                                                       : COURT_WITHOUT_FGC);
                        pp_decide(&rng, pp, pp_start + bell(&rng, 60, 220), court);
                        if (court && chance(&rng, 850)) {
                            demo_day on = pp->court_app + range(&rng, 0, 10);
                            care = enter_care(g, &tl, &rng, on, dob, ROUTE_COURT, true);
                            if (care)
                                plan->end = max_day(plan->end, on) + range(&rng, 0, 28);
                        }
                        if (!care && plan->end < pp->end)
                            plan->end = pp->end + range(&rng, 0, 90);
                    }
                }
                if (care)
                    close_after_care(&rng, c, care, plan);
                else {
                    c->end = plan->end + bell(&rng, 30, 240);
                    c->closure_reason = "RC7";
                }
            }
        }
        if (path == PATH_CARE) {
            demo_day on = t + range(&rng, 0, 10);
            int routes[] = {350, 450, 200};
            int route = demo_rng_weighted(&rng, routes, 3);
            care = enter_care(g, &tl, &rng, on, dob, route, chance(&rng, 700));
            if (care)
                close_after_care(&rng, c, care, NULL);
            else
                path = PATH_SUPPORT;
        }
        switch (path) {
        case PATH_NFA:
            break;
        case PATH_RC8:
            c->end = c->authorised + range(&rng, 0, 5);
            c->closure_reason = "RC8";
            break;
        case PATH_RC9:
            c->end = c->authorised + range(&rng, 0, 10);
            c->closure_reason = "RC9";
            break;
        case PATH_SUPPORT: {
            int days = chance(&rng, 50) ? range(&rng, 365, 900) : bell(&rng, 20, 200);
            c->end = c->authorised + days;
            static const char *const why[] = {"RC7", "RC5", "RC3", "RC9"};
            static const int ww[] = {900, 50, 10, 40};
            c->closure_reason = pick(&rng, why, ww, 4);
            if (chance(&rng, 70)) {
                c->s47 = true;
                c->s47_start = t + range(&rng, 0, 10);
                c->icpc_not_required = true;
            }
            /* A teenager accommodated under section 20 some months in. */
            if (demo_age_on(dob, t) >= 11 && chance(&rng, 30)) {
                demo_day on = t + range(&rng, 30, 300);
                if (on < c->end) {
                    care = enter_care(g, &tl, &rng, on, dob, ROUTE_SECTION20, false);
                    if (care)
                        close_after_care(&rng, c, care, NULL);
                }
            }
            break;
        }
        default:
            break;
        }
        if (c->end < c->start)
            c->end = c->start;
        demo_day close = c->end;
        if (care && care->end >= FOREVER)
            break;
        if (close >= FOREVER || close >= w->until || close >= adult)
            break;
        /* The next referral: within 12 months of this one, or later, or none. */
        int u = range(&rng, 0, 999);
        int short_p = re_referral_short[path] * (severity == 2 ? 13 : severity == 1 ? 11 : 8) / 10;
        if (care)
            short_p = re_referral_short[PATH_CARE];
        demo_day next;
        if (u < short_p && close - t + 7 <= 360) {
            next = t + range(&rng, max_day(close - t + 7, 21), 365);
        } else if (u < short_p + re_referral_long[path]) {
            next = max_day(close + 7, t + 366) + bell(&rng, 0, 1400);
        } else {
            break;
        }
        t = referral_day(&rng, next);
        if (t <= close)
            t = close + 1;
    }

    int who = st->n_children;
    int written = emit_timeline(g, &rng, &tl, who, dob);
    if (written == 0)
        return;
    int i = PUSH(st, children);
    struct demo_status_child *ch = &st->children[i];
    ch->date_of_birth = dob;
    ch->sex = chance(&rng, 515) ? 1 : 2;
    ch->ethnicity = pick(&rng, ethnicities, ethnicity_weights, COUNT(ethnicities));
    ch->cluster = cluster;
    ch->first_day = DEMO_NO_DAY;
}

/* Disabled children with short breaks: an episode of need for the child's disability and,
 * while the arrangement lasts, either an episode for each stay (V3) or one for each year's
 * agreement (V4). Not counted as looked after. */
static void simulate_short_breaks(struct gen *g, uint64_t index)
{
    struct demo_history *st = g->st;
    const struct demo_status_window *w = &st->window;
    struct demo_rng rng;
    demo_rng_seed(&rng, st->seed, stream(STREAM_SHORT_BREAK, st->la, index));
    demo_day start = w->simulate_from + range(&rng, 0, w->until - w->simulate_from);
    int age = range(&rng, 4, 15);
    demo_day dob = birth_date_for_age(&rng, start, age);
    demo_day adult = birthday(dob, 18);
    demo_day end = min_day(start + bell(&rng, 365, 2600), adult);
    if (end < w->records_from || start > w->until)
        return;
    int cluster = demo_rng_weighted(&rng, g->cluster_weights, DEMO_CLUSTER_COUNT);
    int who = st->n_children;

    struct timeline tl;
    tl.n = 0;
    struct span *c = new_cin(&tl, &rng, start - range(&rng, 30, 200), "3F", false, false);
    c->need = "N2";
    c->end = end + range(&rng, 0, 120);
    c->closure_reason = "RC7";
    int written = emit_timeline(g, &rng, &tl, who, dob);

    bool v4 = chance(&rng, 400);
    const char *place = chance(&rng, 600) ? "U6" : chance(&rng, 700) ? "K2" : "R1";
    const char *provider = strcmp(place, "R1") == 0 ? "PR5" : "PR1";
    demo_day t = start;
    while (t < end && t <= w->until) {
        demo_day stop = min_day(v4 ? t + 364 : t + range(&rng, 1, 4), end);
        if (stop <= t)
            break;
        if (stop >= w->records_from) {
            push_episode(st, who, t, "S", v4 ? "V4" : "V3", "N2", place, provider, stop, "E4A",
                         NULL);
            written++;
        }
        t = v4 ? stop + 1 : stop + bell(&rng, 14, 60);
    }
    if (written == 0)
        return;
    int i = PUSH(st, children);
    struct demo_status_child *ch = &st->children[i];
    ch->date_of_birth = dob;
    ch->sex = chance(&rng, 600) ? 1 : 2;
    ch->ethnicity = pick(&rng, ethnicities, ethnicity_weights, COUNT(ethnicities));
    ch->cluster = cluster;
    ch->first_day = DEMO_NO_DAY;
}

/* ------------------------------------------------------------------------------------------
 * The FGC families of authority 0
 * ------------------------------------------------------------------------------------------ */

enum stage { ST_EARLY_HELP, ST_CIN, ST_CP, ST_PP, ST_LA, ST_DV, ST_COUNT };

static enum stage stage_of(const char *stage)
{
    static const char *const names[ST_COUNT] = {"early_help",       "child_in_need",
                                                "child_protection", "pre_proceedings",
                                                "looked_after",     "dv_pathway"};
    for (int i = 0; i < ST_COUNT; i++)
        if (strcmp(stage, names[i]) == 0)
            return (enum stage)i;
    return ST_EARLY_HELP;
}

/* Entering care within 12 months (per mille) after a family group conference was held, and
 * for a family whose referral ended without one: a little better, not wildly. */
static const int care_after_fgc[ST_COUNT] = {10, 30, 95, 0, 0, 20};
static const int care_without_fgc[ST_COUNT] = {15, 45, 140, 0, 0, 35};
/* Looked-after children going home within 12 months. */
#define HOME_AFTER_FGC 400
#define HOME_WITHOUT_FGC 280

/* Everything on or after `day` is to be decided again: later spans are dropped, spans open on
 * the day lose their end. */
static void reopen_from(struct timeline *tl, demo_day day)
{
    for (int i = 0; i < tl->n; i++) {
        struct span *s = &tl->sp[i];
        if (s->removed)
            continue;
        if (s->start > day) {
            s->removed = true;
            continue;
        }
        if (s->end >= day) {
            s->end = FOREVER;
            s->closure_reason = NULL;
            s->rec = NULL;
            if (s->kind == SP_PP) {
                s->step_decision = s->court_app = s->letter_init_cp = DEMO_NO_DAY;
                s->outcome = NULL;
            }
        }
    }
}

/* The first day from `day` on that a new span of a kind may start (after the last one has
 * ended); FOREVER while the last one is open. */
static demo_day after_last(struct timeline *tl, enum span_kind kind, demo_day day)
{
    struct span *s = last_span(tl, kind);
    if (s && s->end >= FOREVER)
        return FOREVER;
    if (s && s->end + 1 > day)
        return s->end + 1;
    return day;
}

/* The span of a kind open on a day, or NULL. */
static struct span *open_span(struct timeline *tl, enum span_kind kind, demo_day day)
{
    for (int i = 0; i < tl->n; i++) {
        struct span *s = &tl->sp[i];
        if (!s->removed && s->kind == kind && open_on(s, day))
            return s;
    }
    return NULL;
}

static struct span *ensure_cin(struct timeline *tl, struct demo_rng *rng, demo_day day, int back_lo,
                               int back_hi, const char *source, bool da)
{
    struct span *c = open_span(tl, SP_CIN, day);
    if (c)
        return c;
    demo_day start = after_last(tl, SP_CIN, day - bell(rng, back_lo, back_hi));
    if (start > day)
        start = day;
    c = new_cin(tl, rng, referral_day(rng, start), source, da, false);
    if (c && c->start > day)
        c->start = day;
    return c;
}

static struct span *ensure_cpp(struct timeline *tl, struct demo_rng *rng, demo_day day, bool da)
{
    struct span *c = ensure_cin(tl, rng, day, 60, 400, NULL, da);
    struct span *p = open_span(tl, SP_CPP, day);
    if (!c || p)
        return p;
    demo_day start = day - bell(rng, 20, 240);
    start = max_day(start, c->start + range(rng, 14, 40));
    start = after_last(tl, SP_CPP, start);
    if (start > day)
        start = max_day(c->start, after_last(tl, SP_CPP, day));
    if (start > day)
        return NULL;
    return new_cpp(tl, rng, c, start, chance(rng, 200) ? 1 : 0);
}

struct family_child {
    int index; /* into demo_data.children */
    demo_day dob;
};

/* The age of a family's youngest child on a day (for the outcome of a period of care). */
static int youngest_age(const struct family_child *kids, int n, demo_day day)
{
    int best = 17;
    for (int k = 0; k < n; k++) {
        int a = demo_age_on(kids[k].dob, day);
        if (a < 0)
            a = 0;
        if (a < best)
            best = a;
    }
    return best;
}

/* Puts a family in the state its referral's stage describes on day r, then decides what
 * follows, with or without a conference held on `held` (DEMO_NO_DAY: none). */
static void fgc_referral(struct timeline *tl, struct demo_rng *rng, const struct demo_referral *ref,
                         const struct family_child *kids, int n_kids, demo_day held)
{
    demo_day r = ref->referred_on;
    enum stage stage = stage_of(ref->stage);
    bool da = ref->domestic_violence;
    reopen_from(tl, r);

    switch (stage) {
    case ST_EARLY_HELP:
        if (!open_span(tl, SP_CIN, r) && chance(rng, 350)) {
            demo_day start = after_last(tl, SP_CIN, r - range(rng, 60, 540));
            if (start < r - 14) {
                bool nfa = chance(rng, 300);
                struct span *c = new_cin(tl, rng, referral_day(rng, start), NULL, da, nfa);
                if (c && !nfa) {
                    c->end = min_day(c->authorised + range(rng, 0, 5), r - 1);
                    c->closure_reason = chance(rng, 700) ? "RC8" : "RC9";
                }
            }
        }
        break;
    case ST_CIN:
        ensure_cin(tl, rng, r, 14, 300, NULL, da);
        break;
    case ST_CP:
        ensure_cpp(tl, rng, r, da);
        break;
    case ST_PP: {
        if (chance(rng, 750))
            ensure_cpp(tl, rng, r, da);
        else
            ensure_cin(tl, rng, r, 60, 400, NULL, da);
        if (!open_span(tl, SP_PP, r)) {
            demo_day start = after_last(tl, SP_PP, r - range(rng, 0, 45));
            struct span *c = open_span(tl, SP_CIN, r);
            if (start <= r)
                new_pp(tl, rng, max_day(start, c ? c->start : start), true, false);
        }
        break;
    }
    case ST_LA: {
        struct span *c = ensure_cin(tl, rng, r, 60, 760, NULL, da);
        if (c && !open_span(tl, SP_CLA, r)) {
            demo_day start = after_last(tl, SP_CLA, r - bell(rng, 20, 540));
            start = max_day(start, c->start);
            if (start <= r) {
                int routes[] = {250, 400, 350};
                struct span *care = new_cla(tl, rng, start, youngest_age(kids, n_kids, start),
                                            demo_rng_weighted(rng, routes, 3), chance(rng, 700));
                /* Still looked after on the referral: how it ends is decided below. A plan
                 * open then ends when the child becomes looked after. */
                if (care) {
                    care->end = FOREVER;
                    care->rec = NULL;
                }
                struct span *p = open_span(tl, SP_CPP, start);
                if (care && p)
                    p->end = max_day(p->start, start + range(rng, 0, 28));
            }
        }
        break;
    }
    case ST_DV:
        ensure_cin(tl, rng, r, 1, 14, "6", true);
        break;
    default:
        break;
    }

    /* What follows. */
    bool fgc = held != DEMO_NO_DAY;
    demo_day base = fgc ? held : r;
    struct span *c = open_span(tl, SP_CIN, r);
    struct span *plan = open_span(tl, SP_CPP, r);
    struct span *care = open_span(tl, SP_CLA, r);
    struct span *pp = open_span(tl, SP_PP, r);

    if (care) {
        /* Already looked after: home within 12 months more often after a conference. */
        if (chance(rng, fgc ? HOME_AFTER_FGC : HOME_WITHOUT_FGC)) {
            care->end = base + range(rng, 30, 365);
            static const char *const recs[] = {"E4A", "E41", "E13", "E45"};
            static const int w[] = {720, 110, 100, 70};
            care->rec = pick(rng, recs, w, 4);
        } else {
            demo_day end;
            const char *rec;
            care_outcome(rng, youngest_age(kids, n_kids, care->start), care->start, &end, &rec);
            if (end < FOREVER && end < base + 366)
                end = base + 366 + range(rng, 0, 400);
            care->end = end;
            care->rec = rec;
        }
        if (plan)
            plan->end = max_day(plan->start, min_day(plan->end, r));
        if (pp)
            pp_decide(rng, pp, base + bell(rng, 40, 200), false);
        if (c)
            close_after_care(rng, c, care, plan);
        return;
    }

    bool to_court = pp && chance(rng, fgc ? COURT_AFTER_FGC : COURT_WITHOUT_FGC);
    bool to_care = !pp && chance(rng, fgc ? care_after_fgc[stage] : care_without_fgc[stage]);
    if (to_court) {
        pp_decide(rng, pp, base + bell(rng, 30, 250), true);
        if (!chance(rng, 850))
            to_court = false; /* proceedings without the child leaving home */
    } else if (pp) {
        pp_decide(rng, pp, max_day(base + 14, pp->start + bell(rng, 84, 220)), false);
    }
    if (pp)
        pp->fgdm_facilitated = fgc && held <= pp->end;
    if (to_court || to_care) {
        demo_day on = to_court ? pp->court_app + range(rng, 0, 10) : base + range(rng, 14, 330);
        on = after_last(tl, SP_CLA, on);
        if (on >= FOREVER)
            return;
        if (!c)
            c = ensure_cin(tl, rng, on, 0, 20, "5A", da);
        int route = to_court           ? ROUTE_COURT
                    : stage == ST_CP   ? (chance(rng, 550)   ? ROUTE_COURT
                                          : chance(rng, 550) ? ROUTE_SECTION20
                                                             : ROUTE_EMERGENCY)
                    : chance(rng, 600) ? ROUTE_SECTION20
                                       : ROUTE_EMERGENCY;
        care = new_cla(tl, rng, on, youngest_age(kids, n_kids, on), route, stage != ST_EARLY_HELP);
        if (care && plan)
            plan->end = max_day(plan->start, on + range(rng, 0, 28));
        if (care && c)
            close_after_care(rng, c, care, plan);
        return;
    }
    if (plan) {
        demo_day end = cpp_end(rng, plan->start, fgc ? 880 : 1000);
        plan->end = max_day(end, r + range(rng, 30, 120));
    }
    if (c) {
        demo_day from = plan ? plan->end : pp ? pp->end : r;
        c->end = max_day(from, c->start) + (fgc ? bell(rng, 20, 220) : bell(rng, 30, 300));
        c->closure_reason = "RC7";
        /* Referred again within a year of the episode closing, less often after an FGC. */
        if (chance(rng, fgc ? 100 : 160)) {
            demo_day again = c->end + range(rng, 20, 300);
            struct span *n = new_cin(tl, rng, referral_day(rng, again), NULL, da, chance(rng, 150));
            if (n && !n->nfa) {
                n->end = n->authorised + (chance(rng, 500) ? range(rng, 0, 5) : bell(rng, 50, 300));
                n->closure_reason = chance(rng, 500) ? "RC8" : "RC7";
            }
        }
    } else if (stage == ST_EARLY_HELP && chance(rng, fgc ? 100 : 160)) {
        demo_day again = r + range(rng, 60, 365);
        struct span *n = new_cin(tl, rng, referral_day(rng, again), NULL, da, chance(rng, 200));
        if (n && !n->nfa) {
            n->end = n->authorised + range(rng, 0, 5);
            n->closure_reason = "RC8";
        }
    }
}

/* Histories for the FGC families; returns the number of children given one. */
static int generate_fgc_families(struct gen *g)
{
    const struct demo_data *d = g->fgc;
    struct demo_history *st = g->st;
    /* Each family's referrals, in date order, found by the family's primary child. */
    int *first_ref = malloc(sizeof(int) * (size_t)(d->n_children + 1));
    int *next_ref = malloc(sizeof(int) * (size_t)(d->n_referrals + 1));
    int *held = malloc(sizeof(int) * (size_t)(d->n_referrals + 1));
    if (!first_ref || !next_ref || !held) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int i = 0; i < d->n_children; i++)
        first_ref[i] = -1;
    for (int i = 0; i < d->n_referrals; i++) {
        next_ref[i] = -1;
        held[i] = DEMO_NO_DAY;
    }
    for (int i = 0; i < d->n_conferences; i++) {
        const struct demo_conference *c = &d->conferences[i];
        if (!c->review && (held[c->referral] == DEMO_NO_DAY || c->held_on < held[c->referral]))
            held[c->referral] = c->held_on;
    }
    int *tail = malloc(sizeof(int) * (size_t)(d->n_children + 1));
    if (!tail) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int i = 0; i < d->n_referrals; i++) {
        int p = d->referrals[i].child;
        if (first_ref[p] < 0)
            first_ref[p] = i;
        else
            next_ref[tail[p]] = i;
        tail[p] = i;
    }
    free(tail);

    int linked = 0;
    struct timeline *tl = malloc(sizeof *tl);
    if (!tl) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int p = 0; p < d->n_children; p++) {
        int r0 = first_ref[p];
        if (r0 < 0)
            continue;
        struct demo_rng rng;
        demo_rng_seed(&rng, st->seed, stream(STREAM_FGC, 0, (uint64_t)p));
        const struct demo_referral *first = &d->referrals[r0];
        int per_mille = stage_of(first->stage) == ST_EARLY_HELP ? FGC_LINKED_EARLY_HELP_PER_MILLE
                                                                : FGC_LINKED_PER_MILLE;
        if (!chance(&rng, per_mille))
            continue;
        struct family_child kids[3];
        int n_kids = first->n_children;
        for (int k = 0; k < n_kids; k++) {
            kids[k].index = first->children[k];
            kids[k].dob = d->children[first->children[k]].date_of_birth;
        }
        tl->n = 0;
        for (int r = r0; r >= 0; r = next_ref[r])
            fgc_referral(tl, &rng, &d->referrals[r], kids, n_kids,
                         held[r] != DEMO_NO_DAY && held[r] <= st->window.until ? held[r]
                                                                               : DEMO_NO_DAY);
        for (int k = 0; k < n_kids; k++) {
            struct demo_rng child_rng;
            demo_rng_seed(&child_rng, st->seed,
                          stream(STREAM_FGC_CHILD, 0, (uint64_t)kids[k].index));
            if (emit_timeline(g, &child_rng, tl, DEMO_STATUS_FGC(kids[k].index), kids[k].dob) > 0)
                linked++;
        }
    }
    free(tl);
    free(first_ref);
    free(next_ref);
    free(held);
    return linked;
}

/* How much the FGC families contributed, month by month, against the authority's targets:
 * the other children are thinned by as much. */
static void make_thinning(struct gen *g)
{
    struct demo_history *st = g->st;
    g->n_buckets = (st->window.until - st->window.simulate_from) / BUCKET_DAYS + 2;
    int *refs = calloc((size_t)g->n_buckets, sizeof(int));
    int *cpp = calloc((size_t)g->n_buckets, sizeof(int));
    int *cla = calloc((size_t)g->n_buckets, sizeof(int));
    if (!refs || !cpp || !cla) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int i = 0; i < st->n_cin; i++)
        refs[bucket(g, st->cin[i].referral_date)]++;
    for (int i = 0; i < st->n_cpp; i++)
        cpp[bucket(g, st->cpp[i].start_date)]++;
    for (int i = 0; i < st->n_cla; i++)
        if (strcmp(st->cla[i].rne, "S") == 0)
            cla[bucket(g, st->cla[i].decom)]++;
    long per = (long)BUCKET_DAYS * g->pop_per_mille;
    long ref_target = (long)TARGET_REFERRALS * per / 365250;
    long cpp_target = (long)TARGET_CPP_STARTS * per / 365250;
    long cla_target = (long)TARGET_CLA_STARTS * per / 365250;
    for (int b = 0; b < g->n_buckets; b++) {
        /* The families' episodes of need are long (they were open well before the referral),
         * their periods of care shorter than most: so referrals are thinned by more than the
         * families made, starts into care by less. */
        long r = ref_target ? refs[b] * 1600L / ref_target : 0;
        long p = cpp_target ? cpp[b] * 1100L / cpp_target : 0;
        long c = cla_target ? cla[b] * 300L / cla_target : 0;
        refs[b] = (int)(r > 900 ? 900 : r);
        cpp[b] = (int)(p > 900 ? 900 : p);
        cla[b] = (int)(c > 900 ? 900 : c);
    }
    g->thin_referrals = refs;
    g->thin_cpp = cpp;
    g->thin_cla = cla;
}

/* ------------------------------------------------------------------------------------------
 * Ordering: records in time order, children numbered by their first record
 * ------------------------------------------------------------------------------------------ */

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

static struct order *ordered(int n)
{
    struct order *o = calloc(n > 0 ? (size_t)n : 1, sizeof *o);
    if (!o) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    return o;
}

static void permute(void *array, int n, size_t size, const struct order *o)
{
    char *copy = malloc(size * (n > 0 ? (size_t)n : 1));
    if (!copy) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    memcpy(copy, array, size * (size_t)n);
    for (int k = 0; k < n; k++)
        memcpy((char *)array + size * (size_t)k, copy + size * (size_t)o[k].index, size);
    free(copy);
}

static void put_in_order(struct demo_history *st)
{
    /* Children by their first record. */
    for (int i = 0; i < st->n_cin; i++) {
        int w = st->cin[i].who;
        if (w >= 0 && (st->children[w].first_day == DEMO_NO_DAY ||
                       st->cin[i].referral_date < st->children[w].first_day))
            st->children[w].first_day = st->cin[i].referral_date;
    }
    for (int i = 0; i < st->n_cla; i++) {
        int w = st->cla[i].who;
        if (w >= 0 && (st->children[w].first_day == DEMO_NO_DAY ||
                       st->cla[i].decom < st->children[w].first_day))
            st->children[w].first_day = st->cla[i].decom;
    }
    struct order *o = ordered(st->n_children);
    for (int i = 0; i < st->n_children; i++) {
        o[i].key = st->children[i].first_day;
        o[i].index = i;
    }
    qsort(o, (size_t)st->n_children, sizeof *o, by_key);
    int *new_index = malloc(sizeof(int) * (size_t)(st->n_children + 1));
    if (!new_index) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int k = 0; k < st->n_children; k++)
        new_index[o[k].index] = k;
    permute(st->children, st->n_children, sizeof *st->children, o);
    free(o);
    for (int k = 0; k < st->n_children; k++)
        snprintf(st->children[k].la_child_id, sizeof st->children[k].la_child_id, "C%07d", k + 1);
#define REMAP(arr)                                                                                 \
    for (int i = 0; i < st->n_##arr; i++)                                                          \
        if (st->arr[i].who >= 0)                                                                   \
            st->arr[i].who = new_index[st->arr[i].who];
    REMAP(cin)
    REMAP(cpp)
    REMAP(cla)
    REMAP(pp)
#undef REMAP
    free(new_index);

    /* Records by start date; a child's same-day episodes keep their order. Keys: day, then
     * the child (FGC children first), then the order generated. */
#define SORT_BY(arr, day_field)                                                                    \
    do {                                                                                           \
        o = ordered(st->n_##arr);                                                                  \
        for (int i = 0; i < st->n_##arr; i++) {                                                    \
            o[i].key = (long long)st->arr[i].day_field * 4294967296LL +                            \
                       ((long long)st->arr[i].who + (1LL << 30));                                  \
            o[i].index = i;                                                                        \
        }                                                                                          \
        qsort(o, (size_t)st->n_##arr, sizeof *o, by_key);                                          \
    } while (0)

    SORT_BY(cin, referral_date);
    int *cin_new = malloc(sizeof(int) * (size_t)(st->n_cin + 1));
    if (!cin_new) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int k = 0; k < st->n_cin; k++)
        cin_new[o[k].index] = k;
    permute(st->cin, st->n_cin, sizeof *st->cin, o);
    free(o);
    for (int i = 0; i < st->n_cpp; i++)
        st->cpp[i].cin = cin_new[st->cpp[i].cin];
    free(cin_new);

    SORT_BY(cpp, start_date);
    permute(st->cpp, st->n_cpp, sizeof *st->cpp, o);
    free(o);
    SORT_BY(cla, decom);
    permute(st->cla, st->n_cla, sizeof *st->cla, o);
    free(o);
    SORT_BY(pp, pp_start_date);
    permute(st->pp, st->n_pp, sizeof *st->pp, o);
    free(o);
#undef SORT_BY
}

/* ------------------------------------------------------------------------------------------
 * The whole authority
 * ------------------------------------------------------------------------------------------ */

void demo_status_generate(struct demo_history *st, uint64_t seed, demo_day until, int la,
                          const struct demo_data *fgc)
{
    memset(st, 0, sizeof *st);
    st->seed = seed;
    st->la = la;
    demo_status_window(until, &st->window);
    if (la == 0) {
        snprintf(st->la_code, sizeof st->la_code, "%s", DEMO_LA_CODE);
        snprintf(st->la_name, sizeof st->la_name, "%s", DEMO_LA_NAME);
    } else {
        snprintf(st->la_code, sizeof st->la_code, "E99%06d", la);
        snprintf(st->la_name, sizeof st->la_name, "Synthetic authority %03d", la);
    }
    if (fgc && la == 0) {
        st->areas = fgc->areas;
    } else {
        uint64_t mix = stream(STREAM_LA, la, 0);
        demo_areas_make(&st->areas, seed ^ demo_splitmix64(&mix));
    }
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        if (la == 0) {
            snprintf(st->cluster_codes[c], sizeof st->cluster_codes[c], "%s",
                     st->areas.clusters[c].code);
            snprintf(st->cluster_names[c], sizeof st->cluster_names[c], "%s",
                     st->areas.clusters[c].name);
        } else {
            snprintf(st->cluster_codes[c], sizeof st->cluster_codes[c], "%s-C%02d", st->la_code,
                     c + 1);
            snprintf(st->cluster_names[c], sizeof st->cluster_names[c], "%s, cluster %02d",
                     st->la_name, c + 1);
        }
    }

    struct gen g = {.st = st, .fgc = la == 0 ? fgc : NULL};
    long pop = demo_population(&st->areas, -1, 2024);
    g.pop_per_mille = (int)(pop * 1000 / LEEDS_POPULATION);
    /* The six targeted clusters have half of all referrals; within each group, referrals
     * follow the child population (as in demo_gen.c). */
    long targeted = 0, others = 0;
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        if (st->areas.clusters[c].targeted)
            targeted += demo_population(&st->areas, c, 2024);
        else
            others += demo_population(&st->areas, c, 2024);
    }
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        long p = demo_population(&st->areas, c, 2024);
        g.cluster_weights[c] =
            (int)(p * 1000000 / (st->areas.clusters[c].targeted ? targeted : others));
    }

    if (g.fgc) {
        g.fgc_start = g.fgc->start;
        st->fgc_children_linked = generate_fgc_families(&g);
        make_thinning(&g);
    }
    long years_x1000 = (long)(st->window.until - st->window.simulate_from) * 1000 / 365;
    long arrivals = (long)NEW_CHILDREN_PER_YEAR * g.pop_per_mille / 1000 * years_x1000 / 1000;
    for (long i = 0; i < arrivals; i++)
        simulate_child(&g, (uint64_t)i);
    long breaks = (long)SHORT_BREAK_STARTS_PER_YEAR * g.pop_per_mille / 1000 * years_x1000 / 1000;
    for (long i = 0; i < breaks; i++)
        simulate_short_breaks(&g, (uint64_t)i);
    free(g.thin_referrals);
    free(g.thin_cpp);
    free(g.thin_cla);
    put_in_order(st);
}

void demo_status_free(struct demo_history *st)
{
    free(st->children);
    free(st->cin);
    free(st->cpp);
    free(st->cla);
    free(st->pp);
    memset(st, 0, sizeof *st);
}

/* ------------------------------------------------------------------------------------------
 * Summary (DfE's definitions, as migrations/0007_indicators.sql counts them)
 * ------------------------------------------------------------------------------------------ */

/* Distinct values of a list of child keys. */
static long distinct(int *keys, long n)
{
    if (n == 0)
        return 0;
    struct order *o = ordered((int)n);
    for (long i = 0; i < n; i++) {
        o[i].key = keys[i];
        o[i].index = (int)i;
    }
    qsort(o, (size_t)n, sizeof *o, by_key);
    long count = 1;
    for (long i = 1; i < n; i++)
        if (o[i].key != o[i - 1].key)
            count++;
    free(o);
    return count;
}

static bool open_at(demo_day start, demo_day end, demo_day day)
{
    return start <= day && (end == DEMO_NO_DAY || end > day);
}

static bool has_da(const struct demo_cin_episode *e)
{
    for (int f = 0; f < e->n_factors; f++)
        if (e->factors[f][0] == '3' && e->factors[f][1] >= 'A' && e->factors[f][1] <= 'C' &&
            e->factors[f][2] == '\0')
            return true;
    return false;
}

/* A referral exactly 12 months after the previous one is a re-referral (calendar months;
 * 29 February + 12 months is 28 February). */
static demo_day plus_12_months(demo_day day)
{
    int y, m, d;
    demo_day_to_ymd(day, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    return demo_day_from_ymd(y + 1, m, d);
}

void demo_status_summarise(const struct demo_history *st, int year_end,
                           struct demo_status_summary *out)
{
    memset(out, 0, sizeof *out);
    out->year_end = year_end;
    demo_day march = demo_day_from_ymd(year_end, 3, 31);
    demo_day april = demo_day_from_ymd(year_end - 1, 4, 1);
    long cap = st->n_cla + st->n_cpp + 1;
    int *keys = malloc(sizeof(int) * (size_t)cap);
    if (!keys) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }

    for (int i = 0; i < st->n_cin; i++) {
        const struct demo_cin_episode *e = &st->cin[i];
        if (!e->referral_nfa && open_at(e->referral_date, e->closure_date, march))
            out->cin_open++;
    }
    long n = 0;
    for (int i = 0; i < st->n_cpp; i++)
        if (open_at(st->cpp[i].start_date, st->cpp[i].end_date, march))
            keys[n++] = st->cpp[i].who;
    out->cpp_open = distinct(keys, n);
    n = 0;
    long sb = 0;
    int *sb_keys = malloc(sizeof(int) * (size_t)cap);
    if (!sb_keys) {
        fputs("fgcd: out of memory\n", stderr);
        abort();
    }
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        if (!open_at(e->decom, e->dec, march))
            continue;
        if (strcmp(e->ls, "V3") == 0 || strcmp(e->ls, "V4") == 0)
            sb_keys[sb++] = e->who;
        else
            keys[n++] = e->who;
    }
    out->cla_open = distinct(keys, n);
    out->short_breaks = distinct(sb_keys, sb);
    n = 0;
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        if (strcmp(e->rne, "S") == 0 && strcmp(e->ls, "V3") != 0 && strcmp(e->ls, "V4") != 0 &&
            e->decom >= april && e->decom <= march)
            keys[n++] = e->who;
    }
    out->cla_starts = distinct(keys, n);
    free(sb_keys);
    free(keys);

    for (int i = 0; i < st->n_cpp; i++) {
        const struct demo_cpp_plan *p = &st->cpp[i];
        if (p->start_date < april || p->start_date > march)
            continue;
        out->cpp_starts++;
        bool before = p->previous > 0;
        for (int k = 0; k < st->n_cpp && !before; k++)
            if (st->cpp[k].who == p->who && st->cpp[k].start_date < p->start_date)
                before = true;
        if (before)
            out->cpp_subsequent++;
    }

    /* Referrals: each child's referrals in date order (the records are sorted by date). */
    struct order *o = ordered(st->n_cin);
    for (int i = 0; i < st->n_cin; i++) {
        o[i].key = (long long)st->cin[i].who * 4294967296LL + st->cin[i].referral_date;
        o[i].index = i;
    }
    qsort(o, (size_t)st->n_cin, sizeof *o, by_key);
    for (int k = 0; k < st->n_cin; k++) {
        const struct demo_cin_episode *e = &st->cin[o[k].index];
        if (e->referral_date < april || e->referral_date > march)
            continue;
        bool da = has_da(e);
        out->referrals++;
        out->referrals_da += da;
        out->nfa += e->referral_nfa;
        out->rc8 += e->closure_reason && strcmp(e->closure_reason, "RC8") == 0;
        if (k > 0) {
            const struct demo_cin_episode *p = &st->cin[o[k - 1].index];
            if (p->who == e->who && plus_12_months(p->referral_date) >= e->referral_date) {
                out->re_referrals++;
                out->re_referrals_da += da;
            }
        }
    }
    free(o);
}

/* ------------------------------------------------------------------------------------------
 * Digest (FNV-1a over every value, in order)
 * ------------------------------------------------------------------------------------------ */

static void mix_bytes(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= UINT64_C(0x100000001B3);
    }
}

static void mix_int(uint64_t *h, long long v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((unsigned long long)v >> (8 * i));
    mix_bytes(h, b, 8);
}

static void mix_str(uint64_t *h, const char *s)
{
    if (!s)
        mix_int(h, -1);
    else
        mix_bytes(h, s, strlen(s) + 1);
}

uint64_t demo_status_digest(const struct demo_history *st)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    mix_str(&h, st->la_code);
    for (int i = 0; i < st->n_children; i++) {
        const struct demo_status_child *c = &st->children[i];
        mix_str(&h, c->la_child_id);
        mix_int(&h, c->date_of_birth);
        mix_int(&h, c->sex);
        mix_str(&h, c->ethnicity);
        mix_int(&h, c->cluster);
        mix_int(&h, c->first_day);
    }
    for (int i = 0; i < st->n_cin; i++) {
        const struct demo_cin_episode *e = &st->cin[i];
        mix_int(&h, e->who);
        mix_int(&h, e->referral_date);
        mix_int(&h, e->closure_date);
        mix_str(&h, e->referral_source);
        mix_str(&h, e->primary_need);
        mix_str(&h, e->closure_reason);
        mix_int(&h, e->referral_nfa);
        mix_int(&h, e->assessed);
        mix_int(&h, e->assessment_start);
        mix_int(&h, e->assessment_authorised);
        for (int f = 0; f < e->n_factors; f++)
            mix_str(&h, e->factors[f]);
        mix_int(&h, e->section47);
        mix_int(&h, e->s47_start);
        mix_int(&h, e->icpc_date);
        mix_int(&h, e->icpc_not_required);
    }
    for (int i = 0; i < st->n_cpp; i++) {
        const struct demo_cpp_plan *p = &st->cpp[i];
        mix_int(&h, p->who);
        mix_int(&h, p->cin);
        mix_int(&h, p->start_date);
        mix_int(&h, p->end_date);
        mix_str(&h, p->initial_category);
        mix_str(&h, p->latest_category);
        mix_int(&h, p->previous);
        for (int k = 0; k < p->n_reviews; k++)
            mix_int(&h, p->reviews[k]);
    }
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        mix_int(&h, e->who);
        mix_int(&h, e->decom);
        mix_int(&h, e->dec);
        mix_str(&h, e->rne);
        mix_str(&h, e->ls);
        mix_str(&h, e->cin);
        mix_str(&h, e->place);
        mix_str(&h, e->place_provider);
        mix_str(&h, e->rec);
        mix_str(&h, e->reason_place_change);
    }
    for (int i = 0; i < st->n_pp; i++) {
        const struct demo_pre_proceedings *p = &st->pp[i];
        mix_int(&h, p->who);
        mix_int(&h, p->pp_start_date);
        mix_int(&h, p->lbp_sent_date);
        mix_int(&h, p->initial_meeting_date);
        mix_int(&h, p->step_decision_date);
        mix_int(&h, p->court_app_date);
        mix_int(&h, p->letter_init_cp_date);
        mix_int(&h, p->fgdm_meeting_offer);
        mix_int(&h, p->fgdm_meeting_facilitated);
        mix_int(&h, p->review_meetings);
        mix_str(&h, p->outcome);
    }
    return h;
}
