/* Demo statutory status histories (CIN, CPP, CLA, pre-proceedings), made without a database. */
#ifndef FGCD_DEMO_STATUS_H
#define FGCD_DEMO_STATUS_H

#include "demo_areas.h"
#include "demo_date.h"
#include "demo_gen.h"
#include "demo_rng.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Everything here is synthetic: no real child, family or case is represented. The histories
 * are those of the CIN census and SSDA903 (migrations/0004_status_history.sql), at about the
 * volumes of Leeds (domain.md): about 11,000 referrals a year, a quarter of them re-referrals
 * within 12 months; about 5,500 children in need, 500 on child protection plans and 1,450
 * looked after (rate about 85 per 10,000) at 31 March.
 *
 * Local authority 0 is the demo authority (DEMO_LA_CODE, Leeds): its status children are the
 * children of the FGC referrals in struct demo_data (a fraction of the families, with
 * histories that fit the stage of their referral) and children known only from statutory
 * returns (la_child_id, no names). Authorities 1 .. scale-1 are synthetic Leeds-sized
 * authorities (E99000001 ...), each with 25 clusters of its own, added by --scale for
 * benchmarks; their rates are Leeds's, so that 70 of them are about England's size.
 *
 * Each authority is generated on its own from the seed and its number, and each child from its
 * own random stream, so an authority's data does not depend on the scale and the same seed and
 * end date always give the same data.
 */

/* The most authorities --scale may ask for. */
#define DEMO_STATUS_MAX_SCALE 200

/* The dates the histories cover. */
struct demo_status_window {
    demo_day until;        /* the last day of data: nothing is dated after it */
    demo_day history_from; /* 1 April of the reporting year containing until - 5 years */
    /* A year before history_from: records ending from here on are written, so that the first
     * year's re-referrals and starts are right. Records that began before it and ended after
     * it are written whole (a period of care from 2012 starts with its RNE S episode). */
    demo_day records_from;
    demo_day simulate_from; /* 18 years before records_from: everyone in care then is born */
};

void demo_status_window(demo_day until, struct demo_status_window *w);

/* Who a record belongs to: a status child (>= 0, index into demo_history.children) or the
 * FGC child with index i in struct demo_data (DEMO_STATUS_FGC(i), always < 0). */
#define DEMO_STATUS_FGC(i) (-1 - (i))
#define DEMO_STATUS_IS_FGC(who) ((who) < 0)
#define DEMO_STATUS_FGC_INDEX(who) (-1 - (who))

/* A child known only from statutory returns: no names. */
struct demo_status_child {
    char la_child_id[12];
    demo_day date_of_birth;
    int sex; /* DfE: 1 male, 2 female */
    const char *ethnicity;
    int cluster;        /* index into the authority's clusters */
    demo_day first_day; /* first referral: when the child was recorded */
};

#define DEMO_STATUS_MAX_FACTORS 5

/* An episode of need (CIN census CINdetails). */
struct demo_cin_episode {
    int who;
    demo_day referral_date;
    demo_day closure_date; /* DEMO_NO_DAY while open */
    const char *referral_source;
    const char *primary_need;
    const char *closure_reason; /* NULL while open */
    bool referral_nfa;
    /* At most one assessment and one section 47 enquiry. */
    bool assessed;
    demo_day assessment_start, assessment_authorised; /* authorised DEMO_NO_DAY if not yet */
    const char *factors[DEMO_STATUS_MAX_FACTORS];
    int n_factors;
    bool section47;
    demo_day s47_start, icpc_date; /* icpc_date DEMO_NO_DAY when none (yet) */
    bool icpc_not_required;
};

#define DEMO_STATUS_MAX_REVIEWS 10

struct demo_cpp_plan {
    int who;
    int cin; /* index of the episode of need it belongs to (in demo_history.cin) */
    demo_day start_date, end_date; /* end DEMO_NO_DAY while open */
    demo_day icpc_date;
    const char *initial_category, *latest_category;
    int previous; /* NumberOfPreviousCPP */
    demo_day reviews[DEMO_STATUS_MAX_REVIEWS];
    int n_reviews;
};

/* One SSDA903 episode. A period of care is a run of episodes joined by X1. */
struct demo_cla_episode {
    int who;
    demo_day decom, dec; /* dec DEMO_NO_DAY while open */
    const char *rne, *ls, *cin, *place, *place_provider;
    const char *rec;                 /* NULL while open */
    const char *reason_place_change; /* NULL unless the placement changed */
};

/* Placeholder outcome codes until fgc.status_codes holds DfE's PPOutcome list. */
#define DEMO_PP_STEPPED_DOWN "STEPDOWN"
#define DEMO_PP_PROCEEDINGS "PROCEEDINGS"

struct demo_pre_proceedings {
    int who;
    demo_day pp_start_date, lbp_sent_date, initial_meeting_date;
    demo_day step_decision_date, court_app_date, letter_init_cp_date; /* DEMO_NO_DAY: none */
    bool fgdm_meeting_offer, fgdm_meeting_facilitated;
    int review_meetings;
    const char *outcome; /* NULL until the step decision */
};

struct demo_history {
    uint64_t seed;
    int la;
    struct demo_status_window window;
    char la_code[12];
    char la_name[48];
    struct demo_areas areas; /* populations; for authority 0 those of demo_data */
    char cluster_codes[DEMO_CLUSTER_COUNT][24];
    char cluster_names[DEMO_CLUSTER_COUNT][64];
    DEMO_ARRAY(demo_status_child, children);
    DEMO_ARRAY(demo_cin_episode, cin);
    DEMO_ARRAY(demo_cpp_plan, cpp);
    DEMO_ARRAY(demo_cla_episode, cla);
    DEMO_ARRAY(demo_pre_proceedings, pp);
    /* FGC children (authority 0) given a status history. */
    int fgc_children_linked;
};

/*
 * Generates authority la's histories. For authority 0, fgc is the generated FGC data set (the
 * same seed and until) whose families get histories; for the others fgc is NULL. Records are
 * in time order (by start date), as they would have been recorded.
 */
void demo_status_generate(struct demo_history *st, uint64_t seed, demo_day until, int la,
                          const struct demo_data *fgc);

void demo_status_free(struct demo_history *st);

/* A 64-bit digest of every generated value, for comparing two runs. */
uint64_t demo_status_digest(const struct demo_history *st);

/*
 * One looked-after period as SSDA903 episodes (exposed for the unit tests). The period starts
 * on start (RNE S) and ends on end with reason rec (E4A, E11 ...; DEMO_NO_DAY for a period
 * still open at the horizon). Episodes after until are dropped and the one open on until is
 * left open. route: 0 emergency (police protection or EPO first), 1 section 20, 2 care order.
 * Appends to st->cla; returns the number of episodes appended.
 */
int demo_status_cla_period(struct demo_history *st, struct demo_rng *rng, int who, demo_day dob,
                           demo_day start, demo_day end, const char *rec, int route,
                           const char *cin_code);

/* Counts used by the sanity checks and tests. */
struct demo_status_summary {
    int year_end;      /* the 31 March counted: of the last complete reporting year */
    long cin_open;     /* open episodes of need (not ReferralNFA) at 31 March */
    long cpp_open;     /* children on a plan at 31 March */
    long cla_open;     /* children looked after at 31 March (not short breaks) */
    long short_breaks; /* children on a short break at 31 March */
    long referrals;    /* referrals in the year to 31 March */
    long re_referrals; /* of them, within 12 months of the child's previous referral */
    long referrals_da; /* referrals with domestic abuse (3A/3B/3C) at assessment */
    long re_referrals_da;
    long cla_starts;     /* children starting to be looked after in the year (RNE S) */
    long cpp_starts;     /* plans starting in the year */
    long cpp_subsequent; /* of them, second or subsequent plans */
    long rc8; /* referrals in the year closed with RC8 (NFA, with or without assessment) */
    long nfa; /* referrals in the year with ReferralNFA */
};

/* Counts as DfE defines them (see migrations/0007_indicators.sql) for the year ending on
 * 31 March year_end. */
void demo_status_summarise(const struct demo_history *st, int year_end,
                           struct demo_status_summary *out);

#endif
