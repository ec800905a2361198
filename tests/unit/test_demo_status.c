/* Unit tests of daemon/demo_status.c: episode chains, invariants, volumes and FGC links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_date.h"
#include "demo_gen.h"
#include "demo_rng.h"
#include "demo_status.h"

/* A fixed end date, so that the tests never depend on today. */
static demo_day test_until(void)
{
    return demo_day_from_ymd(2025, 6, 15);
}

/* The FGC data set and the demo authority's histories, shared by the tests that only read
 * them; a synthetic authority too. */
struct fixture {
    struct demo_data fgc;
    struct demo_history leeds;
    struct demo_history synthetic;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    demo_generate(&f->fgc, 1, test_until());
    demo_status_generate(&f->leeds, 1, test_until(), 0, &f->fgc);
    demo_status_generate(&f->synthetic, 1, test_until(), 3, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    demo_status_free(&f->leeds);
    demo_status_free(&f->synthetic);
    demo_data_free(&f->fgc);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------------------------------- */

static bool in_list(const char *code, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(code, list[i]) == 0)
            return true;
    return false;
}

static demo_day adult_on(demo_day dob)
{
    int y, m, d;
    demo_day_to_ymd(dob, &y, &m, &d);
    if (m == 2 && d == 29)
        return demo_day_from_ymd(y + 18, 3, 1);
    return demo_day_from_ymd(y + 18, m, d);
}

static demo_day dob_of(const struct fixture *f, const struct demo_history *st, int who)
{
    if (DEMO_STATUS_IS_FGC(who))
        return f->fgc.children[DEMO_STATUS_FGC_INDEX(who)].date_of_birth;
    return st->children[who].date_of_birth;
}

/* Open-ended days compare as "for ever". */
static demo_day end_or_never(demo_day day)
{
    return day == DEMO_NO_DAY ? 2000000000 : day;
}

static const char *const rne_codes[] = {"S", "L", "P", "T", "U", "B", NULL};
static const char *const ls_codes[] = {"C1", "C2", "D1", "E1", "V2", "V3", "V4",
                                       "L1", "L2", "L3", "J1", "J2", "J3", NULL};
static const char *const place_codes[] = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", NULL};
static const char *const rec_codes[] = {"X1",  "E11", "E12", "E2",  "E3",  "E4A", "E4B", "E13",
                                        "E41", "E45", "E46", "E47", "E48", "E5",  "E6",  "E7",
                                        "E9",  "E14", "E15", "E16", "E17", "E8",  NULL};
static const char *const source_codes[] = {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B",
                                           "3C", "3D", "3E", "3F", "4",  "5A", "5B", "5C",
                                           "5D", "6",  "7",  "8",  "9",  "10", NULL};
static const char *const need_codes[] = {"N0", "N1", "N2", "N3", "N4", "N5",
                                         "N6", "N7", "N8", "N9", NULL};
static const char *const closure_codes[] = {"RC1", "RC2", "RC3", "RC4", "RC5",
                                            "RC6", "RC7", "RC8", "RC9", NULL};
static const char *const category_codes[] = {"NEG", "EMO", "PHY", "SAB", "MUL", NULL};

/* Checks one period's episodes (st->cla[first .. first+n-1], in order). */
static void check_period(const struct demo_history *st, int first, int n, demo_day dob)
{
    demo_day until = st->window.until;
    for (int k = 0; k < n; k++) {
        const struct demo_cla_episode *e = &st->cla[first + k];
        assert_true(in_list(e->rne, rne_codes));
        assert_true(in_list(e->ls, ls_codes));
        assert_true(in_list(e->place, place_codes));
        assert_true(e->decom <= until);
        assert_true(e->decom >= dob);
        assert_true(e->decom < adult_on(dob));
        if (k == 0)
            assert_string_equal(e->rne, "S");
        else
            assert_string_not_equal(e->rne, "S");
        if (e->dec == DEMO_NO_DAY) {
            assert_null(e->rec);
            assert_int_equal(k, n - 1);
        } else {
            assert_true(e->dec > e->decom);
            assert_true(e->dec <= until);
            assert_true(e->dec <= adult_on(dob));
            assert_non_null(e->rec);
            assert_true(in_list(e->rec, rec_codes));
            if (k < n - 1) {
                /* An X1 end and the next episode on the same day. */
                assert_string_equal(e->rec, "X1");
                assert_int_equal(st->cla[first + k + 1].decom, e->dec);
            } else {
                assert_string_not_equal(e->rec, "X1");
            }
        }
        /* Providers go with placements. */
        if (strcmp(e->place, "P1") == 0)
            assert_string_equal(e->place_provider, "PR0");
        else if (e->place[0] == 'U' && e->place[1] <= '3')
            assert_string_equal(e->place_provider, "PR1");
        else
            assert_string_not_equal(e->place_provider, "PR0");
        if (strcmp(e->rne, "P") == 0 || strcmp(e->rne, "T") == 0)
            assert_non_null(e->reason_place_change);
        if (strcmp(e->place, "P1") == 0)
            assert_true(strcmp(e->ls, "C1") == 0 || strcmp(e->ls, "C2") == 0);
    }
    const struct demo_cla_episode *last = &st->cla[first + n - 1];
    if (last->rec && (strcmp(last->rec, "E11") == 0 || strcmp(last->rec, "E12") == 0)) {
        assert_string_equal(last->ls, "E1");
        assert_true(strcmp(last->place, "A5") == 0 || strcmp(last->place, "A6") == 0);
    }
    if (last->rec && strcmp(last->rec, "E45") == 0)
        assert_true(last->place[0] == 'U' && last->place[1] <= '3');
}

static void test_window(void **state)
{
    (void)state;
    struct demo_status_window w;
    demo_status_window(demo_day_from_ymd(2025, 6, 15), &w);
    assert_int_equal(w.history_from, demo_day_from_ymd(2020, 4, 1));
    assert_int_equal(w.records_from, demo_day_from_ymd(2019, 4, 1));
    assert_true(w.simulate_from <= demo_day_from_ymd(2001, 4, 1));
    /* Always at least five years of history before until. */
    for (demo_day d = demo_day_from_ymd(2020, 1, 1); d < demo_day_from_ymd(2027, 1, 1); d += 17) {
        demo_status_window(d, &w);
        int y, m, dd;
        demo_day_to_ymd(w.history_from, &y, &m, &dd);
        assert_int_equal(m, 4);
        assert_int_equal(dd, 1);
        assert_true(w.history_from <= d - 5 * 365 - 1);
        assert_true(w.history_from > d - 6 * 366 - 1);
    }
}

/* Periods of care of every kind become valid SSDA903 chains. */
static void test_cla_period_chains(void **state)
{
    (void)state;
    static const char *const recs[] = {"E4A", "E11", "E12", "E13", "E41",
                                       "E45", "E46", "E47", "E4B", NULL};
    struct demo_history st;
    memset(&st, 0, sizeof st);
    demo_status_window(test_until(), &st.window);
    struct demo_rng rng;
    demo_rng_seed(&rng, 7, 1);
    int adoptions = 0, chains = 0, aged_out = 0;
    for (int i = 0; i < 4000; i++) {
        demo_day start = st.window.records_from + (int)demo_rng_range(&rng, -3000, 2300);
        int age = (int)demo_rng_range(&rng, 0, 17);
        demo_day dob = start - age * 365 - (int)demo_rng_range(&rng, 0, 364);
        demo_day end =
            demo_rng_chance(&rng, 200) ? DEMO_NO_DAY : start + (int)demo_rng_range(&rng, 1, 1500);
        const char *rec = end == DEMO_NO_DAY ? NULL : recs[demo_rng_range(&rng, 0, 8)];
        int route = (int)demo_rng_range(&rng, 0, 2);
        int first = st.n_cla;
        int n = demo_status_cla_period(&st, &rng, i, dob, start, end, rec, route, "N1");
        assert_int_equal(st.n_cla, first + n);
        if (start > st.window.until) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_true(n >= 1);
        check_period(&st, first, n, dob);
        const struct demo_cla_episode *last = &st.cla[first + n - 1];
        chains += n > 1;
        adoptions += last->rec && strcmp(last->rec, "E11") == 0;
        if (last->dec != DEMO_NO_DAY && last->dec == adult_on(dob)) {
            aged_out++;
            assert_true(in_list(last->rec, (const char *const[]){"E17", "E5", "E6", "E8", NULL}));
        }
    }
    assert_true(chains > 1000);
    assert_true(adoptions > 50);
    assert_true(aged_out > 50);
    demo_status_free(&st);
}

static void test_same_seed_same_data(void **state)
{
    struct fixture *f = *state;
    struct demo_history again;
    demo_status_generate(&again, 1, test_until(), 0, &f->fgc);
    assert_int_equal(demo_status_digest(&again), demo_status_digest(&f->leeds));
    demo_status_free(&again);

    demo_status_generate(&again, 1, test_until(), 3, NULL);
    assert_int_equal(demo_status_digest(&again), demo_status_digest(&f->synthetic));
    demo_status_free(&again);

    struct demo_history other;
    demo_status_generate(&other, 2, test_until(), 3, NULL);
    assert_true(demo_status_digest(&other) != demo_status_digest(&f->synthetic));
    demo_status_free(&other);
    demo_status_generate(&other, 1, test_until(), 4, NULL);
    assert_true(demo_status_digest(&other) != demo_status_digest(&f->synthetic));
    assert_string_equal(other.la_code, "E99000004");
    assert_string_equal(other.cluster_codes[0], "E99000004-C01");
    demo_status_free(&other);
}

/* Sorts (who, start, end) triples. */
struct spell {
    int who;
    demo_day start, end;
};

static int by_who_start(const void *a, const void *b)
{
    const struct spell *x = a, *y = b;
    if (x->who != y->who)
        return x->who < y->who ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

/* No two spells of one child share a day ([start, end], or [start, end) when half_open). */
static void check_no_overlap(struct spell *s, int n, bool half_open)
{
    qsort(s, (size_t)n, sizeof *s, by_who_start);
    for (int i = 1; i < n; i++) {
        if (s[i].who != s[i - 1].who)
            continue;
        demo_day prev_end = end_or_never(s[i - 1].end);
        if (half_open)
            assert_true(s[i].start >= prev_end);
        else
            assert_true(s[i].start > prev_end);
    }
}

static void check_invariants(const struct fixture *f, const struct demo_history *st)
{
    demo_day until = st->window.until;
    int n_max = st->n_cin + st->n_cpp + st->n_cla + st->n_pp + 1;
    struct spell *s = malloc(sizeof *s * (size_t)n_max);
    assert_non_null(s);
    bool *used = calloc((size_t)st->n_children + 1, sizeof *used);
    assert_non_null(used);

    /* Children: no names, ids in order, ages 0-17 at their first record. */
    for (int i = 0; i < st->n_children; i++) {
        const struct demo_status_child *c = &st->children[i];
        char expect[12];
        snprintf(expect, sizeof expect, "C%07d", i + 1);
        assert_string_equal(c->la_child_id, expect);
        assert_true(c->sex == 1 || c->sex == 2);
        assert_true(c->cluster >= 0 && c->cluster < DEMO_CLUSTER_COUNT);
        assert_true(c->date_of_birth <= until);
        if (i > 0)
            assert_true(c->first_day >= st->children[i - 1].first_day);
    }

    int n = 0;
    for (int i = 0; i < st->n_cin; i++) {
        const struct demo_cin_episode *e = &st->cin[i];
        demo_day dob = dob_of(f, st, e->who);
        if (e->who >= 0)
            used[e->who] = true;
        assert_true(in_list(e->referral_source, source_codes));
        assert_true(in_list(e->primary_need, need_codes));
        assert_true(e->referral_date >= dob && e->referral_date < adult_on(dob));
        assert_true(e->referral_date <= until);
        if (i > 0)
            assert_true(e->referral_date >= st->cin[i - 1].referral_date);
        if (e->closure_date != DEMO_NO_DAY) {
            assert_true(e->closure_date >= e->referral_date && e->closure_date <= until);
            assert_true(e->closure_date <= adult_on(dob));
            assert_true(in_list(e->closure_reason, closure_codes));
            assert_true(e->closure_date >= st->window.records_from);
        } else {
            assert_null(e->closure_reason);
        }
        if (e->referral_nfa) {
            assert_false(e->assessed);
            assert_int_equal(e->closure_date, e->referral_date);
            assert_string_equal(e->closure_reason, "RC8");
        }
        if (e->assessed) {
            assert_true(e->assessment_start >= e->referral_date && e->assessment_start <= until);
            if (e->assessment_authorised != DEMO_NO_DAY)
                assert_true(e->assessment_authorised >= e->assessment_start &&
                            e->assessment_authorised <= until);
        }
        if (e->section47) {
            assert_true(e->s47_start >= e->referral_date && e->s47_start <= until);
            if (e->icpc_date != DEMO_NO_DAY) {
                assert_false(e->icpc_not_required);
                assert_true(e->icpc_date >= e->s47_start && e->icpc_date <= until);
            }
        }
        s[n++] = (struct spell){e->who, e->referral_date, e->closure_date};
    }
    check_no_overlap(s, n, false);

    n = 0;
    for (int i = 0; i < st->n_cpp; i++) {
        const struct demo_cpp_plan *p = &st->cpp[i];
        demo_day dob = dob_of(f, st, p->who);
        assert_true(p->start_date >= dob && p->start_date <= until);
        assert_true(in_list(p->initial_category, category_codes));
        assert_true(in_list(p->latest_category, category_codes));
        assert_true(p->previous >= 0);
        if (p->end_date != DEMO_NO_DAY)
            assert_true(p->end_date >= p->start_date && p->end_date <= until);
        /* Within its episode of need, of the same child. */
        assert_true(p->cin >= 0 && p->cin < st->n_cin);
        const struct demo_cin_episode *c = &st->cin[p->cin];
        assert_int_equal(c->who, p->who);
        assert_true(c->referral_date <= p->start_date);
        assert_true(end_or_never(c->closure_date) >= end_or_never(p->end_date));
        for (int k = 0; k < p->n_reviews; k++) {
            assert_true(p->reviews[k] > p->start_date && p->reviews[k] <= until);
            assert_true(p->reviews[k] <= end_or_never(p->end_date));
            if (k > 0)
                assert_true(p->reviews[k] > p->reviews[k - 1]);
        }
        s[n++] = (struct spell){p->who, p->start_date, p->end_date};
    }
    check_no_overlap(s, n, false);

    /* Looked-after episodes: [decom, dec) never overlap; chains checked period by period. */
    n = 0;
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        if (e->who >= 0)
            used[e->who] = true;
        s[n++] = (struct spell){e->who, e->decom, e->dec};
    }
    check_no_overlap(s, n, true);
    /* Each child's episodes, in order, as periods. */
    qsort(s, (size_t)n, sizeof *s, by_who_start);
    free(s);

    for (int i = 0; i < st->n_pp; i++) {
        const struct demo_pre_proceedings *p = &st->pp[i];
        assert_true(p->pp_start_date <= until);
        demo_day dates[] = {p->lbp_sent_date, p->initial_meeting_date, p->step_decision_date,
                            p->court_app_date, p->letter_init_cp_date};
        for (int k = 0; k < 5; k++)
            assert_true(dates[k] == DEMO_NO_DAY || dates[k] <= until);
        if (p->outcome)
            assert_true(p->step_decision_date != DEMO_NO_DAY);
        if (p->court_app_date != DEMO_NO_DAY)
            assert_string_equal(p->outcome, DEMO_PP_PROCEEDINGS);
        if (p->fgdm_meeting_facilitated)
            assert_true(p->fgdm_meeting_offer);
    }
    /* Every status child has a record. */
    for (int i = 0; i < st->n_children; i++)
        assert_true(used[i]);
    free(used);
}

/* The chains of every child: each run of episodes joined by X1. */
static void check_chains(const struct fixture *f, const struct demo_history *st)
{
    int n = st->n_cla;
    /* Each episode: an X1 end has a successor of the same child starting that day, and an
     * episode other than S a predecessor ending that day with X1 (episodes are in date order). */
    for (int i = 0; i < n; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        demo_day dob = dob_of(f, st, e->who);
        assert_true(e->decom >= dob && e->decom < adult_on(dob));
        if (e->dec != DEMO_NO_DAY)
            assert_true(e->dec <= adult_on(dob));
        bool short_break = strcmp(e->ls, "V3") == 0 || strcmp(e->ls, "V4") == 0;
        if (short_break)
            assert_string_equal(e->rne, "S");
        if (e->rec && strcmp(e->rec, "X1") == 0) {
            bool found = false;
            for (int k = i + 1; k < n && st->cla[k].decom <= e->dec && !found; k++)
                found = st->cla[k].who == e->who && st->cla[k].decom == e->dec;
            assert_true(found);
        }
        if (strcmp(e->rne, "S") != 0) {
            bool found = false;
            for (int k = i - 1; k >= 0 && !found; k--) {
                const struct demo_cla_episode *p = &st->cla[k];
                if (p->who == e->who && p->dec == e->decom && p->rec && strcmp(p->rec, "X1") == 0)
                    found = true;
                if (p->decom < e->decom - 4000)
                    break;
            }
            assert_true(found);
        }
    }
}

static void test_invariants(void **state)
{
    struct fixture *f = *state;
    check_invariants(f, &f->leeds);
    check_invariants(f, &f->synthetic);
    check_chains(f, &f->leeds);
    check_chains(f, &f->synthetic);
    assert_true(f->leeds.fgc_children_linked > 0);
    assert_int_equal(f->synthetic.fgc_children_linked, 0);
    for (int i = 0; i < f->synthetic.n_cin; i++)
        assert_true(f->synthetic.cin[i].who >= 0);
}

/* Leeds's scale at 31 March of the last complete year, and the years before. */
static void check_volumes(const struct demo_history *st)
{
    for (int year = 2021; year <= 2025; year++) {
        struct demo_status_summary s;
        demo_status_summarise(st, year, &s);
        assert_in_range(s.cla_open, 1350, 1600);
        assert_in_range(s.cin_open, 5000, 6300);
        assert_in_range(s.cpp_open, 380, 620);
        assert_in_range(s.referrals, 10000, 12000);
        long rate = s.re_referrals * 1000 / s.referrals;
        assert_in_range(rate, 210, 260);
        assert_in_range(s.cla_starts, 320, 460);
        assert_in_range(s.cpp_starts, 450, 700);
        assert_in_range(s.cpp_subsequent * 1000 / s.cpp_starts, 140, 280);
        assert_true(s.short_breaks > 20);
        /* About a quarter closed after assessment with no further action. */
        assert_in_range((s.rc8 - s.nfa) * 1000 / s.referrals, 200, 320);
        /* Domestic abuse in about a quarter of re-referrals. */
        assert_in_range(s.re_referrals_da * 1000 / s.re_referrals, 190, 310);
    }
}

static void test_volumes(void **state)
{
    struct fixture *f = *state;
    check_volumes(&f->leeds);
    check_volumes(&f->synthetic);
}

static int count_code(const char *const *codes, int n, const char *code)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += strcmp(codes[i], code) == 0;
    return c;
}

static void test_mixes(void **state)
{
    struct fixture *f = *state;
    const struct demo_history *st = &f->synthetic;
    const char **codes = malloc(sizeof *codes * (size_t)(st->n_cin + st->n_cla + 1));
    assert_non_null(codes);

    /* Police and schools are the largest referral sources; primary need mostly N1. */
    for (int i = 0; i < st->n_cin; i++)
        codes[i] = st->cin[i].referral_source;
    int police = count_code(codes, st->n_cin, "6"), schools = count_code(codes, st->n_cin, "2A");
    for (int i = 0; source_codes[i]; i++) {
        if (strcmp(source_codes[i], "6") && strcmp(source_codes[i], "2A"))
            assert_true(count_code(codes, st->n_cin, source_codes[i]) < schools);
    }
    assert_true(police > schools);
    for (int i = 0; i < st->n_cin; i++)
        codes[i] = st->cin[i].primary_need;
    assert_true(count_code(codes, st->n_cin, "N1") * 2 > st->n_cin);

    /* Plans: mostly neglect and emotional abuse. */
    int neg_emo = 0;
    for (int i = 0; i < st->n_cpp; i++)
        neg_emo += strcmp(st->cpp[i].initial_category, "NEG") == 0 ||
                   strcmp(st->cpp[i].initial_category, "EMO") == 0;
    assert_true(neg_emo * 100 > st->n_cpp * 75);

    /* Episodes: foster placements most, some children's homes, residential, placements with
     * parents and semi-independent living; legal status mostly C2, C1, V2, E1. */
    int foster = 0, non_sb = 0, main_ls = 0;
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        if (strcmp(e->ls, "V3") == 0 || strcmp(e->ls, "V4") == 0)
            continue;
        non_sb++;
        foster += e->place[0] == 'U';
        main_ls += in_list(e->ls, (const char *const[]){"C1", "C2", "V2", "E1", NULL});
    }
    assert_true(foster * 100 > non_sb * 60);
    assert_true(main_ls * 100 > non_sb * 85);
    for (int i = 0; i < st->n_cla; i++)
        codes[i] = st->cla[i].place;
    assert_true(count_code(codes, st->n_cla, "K2") > 50);
    assert_true(count_code(codes, st->n_cla, "R1") > 5);
    assert_true(count_code(codes, st->n_cla, "P1") > 20);
    assert_true(count_code(codes, st->n_cla, "H5") > 20);
    for (int i = 0; i < st->n_cla; i++)
        codes[i] = st->cla[i].rec ? st->cla[i].rec : "";
    static const char *const ends[] = {"E4A", "E11", "E41", "E45", "E17", "E13", NULL};
    for (int i = 0; ends[i]; i++)
        assert_true(count_code(codes, st->n_cla, ends[i]) > 10);
    for (int i = 0; i < st->n_cla; i++)
        codes[i] = st->cla[i].rne;
    for (int i = 0; rne_codes[i]; i++)
        assert_true(count_code(codes, st->n_cla, rne_codes[i]) > 10);
    free(codes);
}

/* The FGC children's state on their referral fits its stage. */
static void test_fgc_stages(void **state)
{
    struct fixture *f = *state;
    const struct demo_history *st = &f->leeds;
    int n[3] = {0}, fits[3] = {0};
    for (int r = 0; r < f->fgc.n_referrals; r++) {
        const struct demo_referral *ref = &f->fgc.referrals[r];
        int who = DEMO_STATUS_FGC(ref->child);
        demo_day on = ref->referred_on;
        if (strcmp(ref->stage, "child_protection") == 0) {
            n[0]++;
            for (int i = 0; i < st->n_cpp; i++)
                if (st->cpp[i].who == who && st->cpp[i].start_date <= on &&
                    end_or_never(st->cpp[i].end_date) >= on) {
                    fits[0]++;
                    break;
                }
        } else if (strcmp(ref->stage, "looked_after") == 0) {
            n[1]++;
            for (int i = 0; i < st->n_cla; i++)
                if (st->cla[i].who == who && st->cla[i].decom <= on &&
                    end_or_never(st->cla[i].dec) > on) {
                    fits[1]++;
                    break;
                }
        } else if (strcmp(ref->stage, "pre_proceedings") == 0) {
            n[2]++;
            for (int i = 0; i < st->n_pp; i++)
                if (st->pp[i].who == who && st->pp[i].fgdm_meeting_offer &&
                    st->pp[i].pp_start_date <= on) {
                    fits[2]++;
                    break;
                }
        }
    }
    for (int k = 0; k < 3; k++) {
        assert_true(n[k] > 50);
        assert_true(fits[k] * 100 >= n[k] * 80);
    }
}

/* Entering care within 12 months: FGC children at the child protection stage after their
 * conference against other children from the start of a plan. Better, not wildly. */
static void test_fgc_outcomes(void **state)
{
    struct fixture *f = *state;
    const struct demo_history *st = &f->leeds;
    demo_day until = st->window.until;
    long fgc_n = 0, fgc_care = 0, cmp_n = 0, cmp_care = 0;
    for (int r = 0; r < f->fgc.n_referrals; r++) {
        const struct demo_referral *ref = &f->fgc.referrals[r];
        if (strcmp(ref->stage, "child_protection") != 0)
            continue;
        demo_day held = DEMO_NO_DAY;
        for (int c = 0; c < f->fgc.n_conferences; c++)
            if (f->fgc.conferences[c].referral == r && !f->fgc.conferences[c].review &&
                (held == DEMO_NO_DAY || f->fgc.conferences[c].held_on < held))
                held = f->fgc.conferences[c].held_on;
        if (held == DEMO_NO_DAY || held > until - 365)
            continue;
        for (int k = 0; k < ref->n_children; k++) {
            int who = DEMO_STATUS_FGC(ref->children[k]);
            bool care = false;
            for (int i = 0; i < st->n_cla && !care; i++)
                care = st->cla[i].who == who && strcmp(st->cla[i].rne, "S") == 0 &&
                       st->cla[i].decom >= held && st->cla[i].decom <= held + 365;
            fgc_n++;
            fgc_care += care;
        }
    }
    for (int p = 0; p < st->n_cpp; p++) {
        const struct demo_cpp_plan *plan = &st->cpp[p];
        if (plan->who < 0 || plan->start_date < f->fgc.start || plan->start_date > until - 365)
            continue;
        bool care = false;
        for (int i = 0; i < st->n_cla && !care; i++)
            care = st->cla[i].who == plan->who && strcmp(st->cla[i].rne, "S") == 0 &&
                   st->cla[i].decom >= plan->start_date &&
                   st->cla[i].decom <= plan->start_date + 365;
        cmp_n++;
        cmp_care += care;
    }
    assert_true(fgc_n > 200 && cmp_n > 150);
    long fgc_rate = fgc_care * 1000 / fgc_n, cmp_rate = cmp_care * 1000 / cmp_n;
    assert_true(fgc_rate < cmp_rate);
    assert_true(fgc_rate * 3 > cmp_rate);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_cla_period_chains),
        cmocka_unit_test(test_same_seed_same_data),
        cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_volumes),
        cmocka_unit_test(test_mixes),
        cmocka_unit_test(test_fgc_stages),
        cmocka_unit_test(test_fgc_outcomes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
