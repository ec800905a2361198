/* Unit tests of the demo data generator (daemon/demo_*.c): determinism, date order, proportions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_areas.h"
#include "demo_copy.h"
#include "demo_date.h"
#include "demo_gen.h"
#include "demo_names.h"
#include "demo_rng.h"

/* A fixed end date, so that the tests never depend on today. */
static demo_day test_until(void)
{
    return demo_day_from_ymd(2025, 3, 31);
}

/* One generated data set shared by the tests that only read it. */
static int setup_data(void **state)
{
    struct demo_data *d = malloc(sizeof *d);
    if (!d)
        return -1;
    demo_generate(d, 1, test_until());
    *state = d;
    return 0;
}

static int teardown_data(void **state)
{
    demo_data_free(*state);
    free(*state);
    return 0;
}

/* ---------------------------------------------------------------------------------------- */

static void test_rng_is_deterministic(void **state)
{
    struct demo_rng a, b, c;
    demo_rng_seed(&a, 42, 7);
    demo_rng_seed(&b, 42, 7);
    demo_rng_seed(&c, 43, 7);
    bool differs = false;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = demo_rng_next(&a);
        assert_int_equal(x, demo_rng_next(&b));
        if (x != demo_rng_next(&c))
            differs = true;
    }
    assert_true(differs);

    /* Ranges are inclusive and stay in bounds; a zero weight is never chosen. */
    bool seen_lo = false, seen_hi = false;
    int weights[] = {0, 5, 0, 1};
    for (int i = 0; i < 10000; i++) {
        int64_t v = demo_rng_range(&a, -3, 3);
        assert_true(v >= -3 && v <= 3);
        seen_lo |= v == -3;
        seen_hi |= v == 3;
        int w = demo_rng_weighted(&a, weights, 4);
        assert_true(w == 1 || w == 3);
        int64_t bell = demo_rng_bell(&a, 20, 60);
        assert_true(bell >= 20 && bell <= 60);
    }
    assert_true(seen_lo && seen_hi);
}

static void test_dates(void **state)
{
    for (demo_day d = demo_day_from_ymd(1999, 1, 1); d < demo_day_from_ymd(2031, 1, 1); d++) {
        int y, m, dd;
        demo_day_to_ymd(d, &y, &m, &dd);
        assert_int_equal(demo_day_from_ymd(y, m, dd), d);
        char text[11];
        demo_day_format(d, text);
        demo_day parsed;
        assert_true(demo_day_parse(text, &parsed));
        assert_int_equal(parsed, d);
    }
    assert_int_equal(demo_day_from_ymd(1970, 1, 1), 0);
    assert_int_equal(demo_day_weekday(demo_day_from_ymd(2024, 1, 1)), 1);  /* a Monday */
    assert_int_equal(demo_day_weekday(demo_day_from_ymd(2025, 3, 30)), 7); /* a Sunday */
    assert_int_equal(demo_day_next_weekday(demo_day_from_ymd(2025, 3, 29)),
                     demo_day_from_ymd(2025, 3, 31));

    demo_day out;
    assert_true(demo_day_parse("2024-02-29", &out));
    assert_false(demo_day_parse("2023-02-29", &out));
    assert_false(demo_day_parse("2024-13-01", &out));
    assert_false(demo_day_parse("2024-1-01", &out));
    assert_false(demo_day_parse("yesterday", &out));

    demo_day leapling = demo_day_from_ymd(2008, 2, 29);
    assert_int_equal(demo_age_on(leapling, demo_day_from_ymd(2009, 2, 28)), 0);
    assert_int_equal(demo_age_on(leapling, demo_day_from_ymd(2009, 3, 1)), 1);
    assert_int_equal(demo_age_on(leapling, demo_day_from_ymd(2026, 2, 28)), 17);
    assert_int_equal(demo_age_on(demo_day_from_ymd(2010, 6, 15), demo_day_from_ymd(2028, 6, 14)),
                     17);
    assert_int_equal(demo_age_on(demo_day_from_ymd(2010, 6, 15), demo_day_from_ymd(2028, 6, 15)),
                     18);
}

static void test_transitions(void **state)
{
    assert_int_equal(demo_next_status(-1, DEMO_EV_REFER), DEMO_ST_REFERRED);
    assert_int_equal(demo_next_status(-1, DEMO_EV_ACCEPT), -1);
    assert_int_equal(demo_next_status(DEMO_ST_REFERRED, DEMO_EV_ACCEPT), DEMO_ST_ACCEPTED);
    assert_int_equal(demo_next_status(DEMO_ST_REFERRED, DEMO_EV_ALLOCATE), -1);
    assert_int_equal(demo_next_status(DEMO_ST_PREPARING, DEMO_EV_PREPARE), DEMO_ST_PREPARING);
    assert_int_equal(demo_next_status(DEMO_ST_CONFERENCE_HELD, DEMO_EV_HOLD_CONFERENCE),
                     DEMO_ST_CONFERENCE_HELD);
    assert_int_equal(demo_next_status(DEMO_ST_PLAN_NOT_AGREED, DEMO_EV_HOLD_REVIEW), -1);
    for (int e = 0; e < DEMO_EV_COUNT; e++) {
        assert_int_equal(demo_next_status(DEMO_ST_DECLINED, (enum demo_event_kind)e), -1);
        assert_int_equal(demo_next_status(DEMO_ST_CLOSED, (enum demo_event_kind)e), -1);
    }
    assert_string_equal(demo_status_name(DEMO_ST_PLAN_NOT_AGREED), "plan_not_agreed");
    assert_string_equal(demo_event_name(DEMO_EV_RECORD_PLAN_AGREED), "record_plan_agreed");
}

static void test_same_seed_same_data(void **state)
{
    struct demo_data *a = *state;
    struct demo_data b;
    demo_generate(&b, 1, test_until());
    assert_int_equal(a->n_children, b.n_children);
    assert_int_equal(a->n_referrals, b.n_referrals);
    assert_int_equal(a->n_events, b.n_events);
    assert_int_equal(a->n_actions, b.n_actions);
    assert_string_equal(a->children[0].first_name, b.children[0].first_name);
    assert_string_equal(a->members[a->n_members - 1].full_name,
                        b.members[b.n_members - 1].full_name);
    assert_true(demo_data_digest(a) == demo_data_digest(&b));
    demo_data_free(&b);
}

static void test_different_seed_different_data(void **state)
{
    struct demo_data *a = *state;
    struct demo_data b;
    demo_generate(&b, 2, test_until());
    assert_true(demo_data_digest(a) != demo_data_digest(&b));
    demo_data_free(&b);

    /* The end date matters too, and nothing else does. */
    demo_generate(&b, 1, test_until() - 1);
    assert_true(demo_data_digest(a) != demo_data_digest(&b));
    demo_data_free(&b);
}

static void test_populations(void **state)
{
    const struct demo_data *d = *state;
    int targeted = 0;
    for (int year = DEMO_FIRST_POP_YEAR; year <= DEMO_LAST_POP_YEAR; year++) {
        long sum = 0;
        for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
            int pop = demo_population(&d->areas, c, year);
            if (pop < 4000 || pop > 11000)
                fail_msg("cluster %s has %d children in %d", d->areas.clusters[c].code, pop, year);
            sum += pop;
        }
        assert_int_equal(demo_population(&d->areas, -1, year), sum);
        if (year == 2024 && (sum < 174000 || sum > 178000))
            fail_msg("the authority has %ld children in 2024, not about 176,000", sum);
    }
    for (int c = 0; c < DEMO_CLUSTER_COUNT; c++) {
        char code[8];
        snprintf(code, sizeof code, "LS-C%02d", c + 1);
        assert_string_equal(d->areas.clusters[c].code, code);
        targeted += d->areas.clusters[c].targeted;
    }
    assert_int_equal(targeted, 6);
    assert_int_equal(demo_population(&d->areas, 0, 2020), -1);

    /* Other seeds stay near 176,000 too. */
    for (uint64_t seed = 2; seed < 50; seed++) {
        struct demo_areas areas;
        demo_areas_make(&areas, seed);
        int total = demo_population(&areas, -1, 2024);
        assert_true(total > 174000 && total < 178000);
    }
}

/* Every referral's history follows the state machine, in date order, within the window. */
static void test_referral_histories(void **state)
{
    const struct demo_data *d = *state;
    for (int i = 0; i < d->n_referrals; i++) {
        const struct demo_referral *r = &d->referrals[i];
        assert_true(r->referred_on >= d->start && r->referred_on <= d->until);
        assert_true(r->n_events >= 1);
        assert_int_equal(r->version, r->n_events);
        if (i > 0)
            assert_true(r->referred_on >= d->referrals[i - 1].referred_on);
        int status = -1;
        demo_day last_day = r->referred_on;
        int last_minute = -1;
        for (int k = 0; k < r->n_events; k++) {
            const struct demo_event *e = &d->events[r->first_event + k];
            assert_int_equal(e->referral, i);
            assert_int_equal(e->from, status);
            int to = demo_next_status(status, e->kind);
            if (to < 0 || to != (int)e->to)
                fail_msg("referral %d: %s is not allowed from %s", i, demo_event_name(e->kind),
                         status < 0 ? "(new)" : demo_status_name((enum demo_status)status));
            if (k == 0) {
                assert_int_equal(e->kind, DEMO_EV_REFER);
                assert_int_equal(e->occurred_on, r->referred_on);
            }
            assert_true(e->occurred_on >= last_day);
            assert_true(e->occurred_on <= d->until);
            assert_true(e->occurred_on > last_day || e->minute > last_minute);
            last_day = e->occurred_on;
            last_minute = e->minute;
            status = to;
        }
        assert_int_equal(status, r->status);
        if (r->status == DEMO_ST_DECLINED)
            assert_non_null(r->decline_reason);
        if (r->status == DEMO_ST_CLOSED)
            assert_non_null(r->closure_reason);
        if (r->status >= DEMO_ST_ALLOCATED && r->status != DEMO_ST_CLOSED)
            assert_true(r->coordinator >= 0);

        for (int k = 0; k < r->n_children; k++) {
            const struct demo_child *c = &d->children[r->children[k]];
            int age = demo_age_on(c->date_of_birth, r->referred_on);
            if (age < 0 || age > 17)
                fail_msg("referral %d: a child is %d at referral", i, age);
            assert_string_equal(c->last_name, d->children[r->child].last_name);
        }
    }
}

static void test_conference_and_plan_dates(void **state)
{
    const struct demo_data *d = *state;
    int initial = 0, in_window = 0;
    demo_day previous_held = DEMO_NO_DAY;
    int previous_referral = -1;
    for (int i = 0; i < d->n_conferences; i++) {
        const struct demo_conference *c = &d->conferences[i];
        const struct demo_referral *r = &d->referrals[c->referral];
        assert_true(c->held_on >= r->referred_on);
        assert_true(c->held_on <= d->until);
        if (!c->review) {
            int days = c->held_on - r->referred_on;
            assert_true(days >= 7);
            initial++;
            in_window += days >= 20 && days <= 60;
        } else {
            /* Conferences of one referral are generated in order. */
            assert_int_equal(previous_referral, c->referral);
            int gap = c->held_on - previous_held;
            if (gap < 56 || gap > 90)
                fail_msg("a review %d days after the previous conference", gap);
        }
        previous_held = c->held_on;
        previous_referral = c->referral;
    }
    /* Typically 20-60 days from referral to conference. */
    assert_true(in_window * 100 >= initial * 75);

    for (int i = 0; i < d->n_plans; i++) {
        const struct demo_plan *p = &d->plans[i];
        const struct demo_conference *c = &d->conferences[p->conference];
        assert_false(c->review);
        assert_int_equal(c->referral, p->referral);
        if (p->agreed)
            assert_true(p->agreed_on >= c->held_on && p->agreed_on <= d->until);
        else
            assert_int_equal(p->agreed_on, DEMO_NO_DAY);
    }
    for (int i = 0; i < d->n_actions; i++) {
        const struct demo_action *a = &d->actions[i];
        const struct demo_plan *p = &d->plans[a->plan];
        const struct demo_referral *r = &d->referrals[p->referral];
        demo_day held = d->conferences[p->conference].held_on;
        assert_true(p->agreed);
        assert_true(a->due_on >= held);
        bool done = strcmp(a->status, "done") == 0;
        assert_true(done == (a->completed_on != DEMO_NO_DAY));
        if (done)
            assert_true(a->completed_on >= held && a->completed_on <= d->until);
        assert_true((a->version == 1) == (strcmp(a->status, "open") == 0));
        assert_true(a->updated_on >= p->recorded_on && a->updated_on <= d->until);
        if (r->status == DEMO_ST_CLOSED)
            assert_true(a->updated_on <= r->closed_on);
    }
}

static void test_proportions(void **state)
{
    const struct demo_data *d = *state;
    int years = DEMO_YEARS;
    int declined = 0, targeted = 0, initial = 0, agreed = 0, dv_pathway_dv = 0, dv_pathway = 0;
    for (int i = 0; i < d->n_referrals; i++) {
        const struct demo_referral *r = &d->referrals[i];
        declined += r->status == DEMO_ST_DECLINED;
        targeted += d->areas.clusters[d->children[r->child].cluster].targeted;
        if (strcmp(r->stage, "dv_pathway") == 0) {
            dv_pathway++;
            dv_pathway_dv += r->domestic_violence;
        }
        assert_true(r->n_children >= 1 && r->n_children <= 3);
    }
    for (int i = 0; i < d->n_conferences; i++)
        initial += !d->conferences[i].review;
    for (int i = 0; i < d->n_plans; i++)
        agreed += d->plans[i].agreed;

    int n = d->n_referrals;
    if (n < 780 * years || n > 820 * years)
        fail_msg("%d referrals in %d years, not about 800 a year", n, years);
    if (declined * 100 < n * 7 || declined * 100 > n * 13)
        fail_msg("%d of %d referrals declined, not about 10%%", declined, n);
    if (targeted * 100 < n * 45 || targeted * 100 > n * 55)
        fail_msg("%d of %d referrals from the targeted clusters, not about half", targeted, n);
    if (initial < 540 * years || initial > 680 * years)
        fail_msg("%d initial conferences in %d years, not about 600 a year", initial, years);
    if (agreed * 100 < d->n_plans * 80 || agreed * 100 > d->n_plans * 90)
        fail_msg("%d of %d plans agreed, not about 85%%", agreed, d->n_plans);
    assert_int_equal(dv_pathway, dv_pathway_dv);

    /* Each child has a network of 2-6 people. */
    int *network = calloc((size_t)d->n_children, sizeof *network);
    assert_non_null(network);
    for (int i = 0; i < d->n_members; i++)
        network[d->members[i].child]++;
    for (int i = 0; i < d->n_children; i++)
        if (network[i] < 2 || network[i] > 6)
            fail_msg("child %d has %d network members", i, network[i]);
    free(network);
}

/* Names are invented, usernames are unique and valid, UPNs are marked as synthetic. */
static void test_synthetic_names(void **state)
{
    const struct demo_data *d = *state;
    for (int i = 0; i < d->n_children; i++) {
        const struct demo_child *c = &d->children[i];
        if (!demo_is_demo_surname(c->last_name))
            fail_msg("child surname %s is not an invented one", c->last_name);
        assert_true(c->sex == 1 || c->sex == 2);
        assert_non_null(c->ethnicity);
        if (c->upn[0]) {
            assert_int_equal(strlen(c->upn), 13);
            assert_int_equal(c->upn[0], 'S');
            for (int k = 1; k < 13; k++)
                assert_true(c->upn[k] >= '0' && c->upn[k] <= '9');
            for (int j = 0; j < i; j++)
                if (strcmp(d->children[j].upn, c->upn) == 0)
                    fail_msg("UPN %s is used twice", c->upn);
        }
    }
    for (int i = 0; i < d->n_users; i++) {
        const struct demo_user *u = &d->users[i];
        const char *space = strchr(u->display_name, ' ');
        assert_non_null(space);
        assert_true(demo_is_demo_surname(space + 1));
        for (const char *p = u->username; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(d->users[j].username, u->username);
    }
    assert_int_equal(d->n_users, 60);
    assert_true(demo_surname_count() >= 200);
}

static void test_copy_format(void **state)
{
    struct demo_copy c;
    assert_int_equal(demo_copy_begin(&c, NULL, "fgc.example (a, b, c, d, e)"), 0);
    demo_copy_text(&c, "tab\there, line\nbreak, back\\slash");
    demo_copy_null(&c);
    demo_copy_long(&c, -42);
    demo_copy_bool(&c, true);
    demo_copy_date(&c, demo_day_from_ymd(2025, 3, 31));
    demo_copy_row_end(&c);
    demo_copy_timestamp(&c, demo_day_from_ymd(2024, 2, 29), 9 * 60 + 5);
    demo_copy_row_end(&c);
    assert_string_equal(c.buf, "tab\\there, line\\nbreak, back\\\\slash\t\\N\t-42\tt\t2025-03-31\n"
                               "2024-02-29 09:05:00\n");
    assert_int_equal(c.rows, 2);
    demo_copy_discard(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_is_deterministic),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_copy_format),
        cmocka_unit_test_setup_teardown(test_same_seed_same_data, setup_data, teardown_data),
        cmocka_unit_test_setup_teardown(test_different_seed_different_data, setup_data,
                                        teardown_data),
        cmocka_unit_test_setup_teardown(test_populations, setup_data, teardown_data),
        cmocka_unit_test_setup_teardown(test_referral_histories, setup_data, teardown_data),
        cmocka_unit_test_setup_teardown(test_conference_and_plan_dates, setup_data, teardown_data),
        cmocka_unit_test_setup_teardown(test_proportions, setup_data, teardown_data),
        cmocka_unit_test_setup_teardown(test_synthetic_names, setup_data, teardown_data),
    };
    return cmocka_run_group_tests_name("demo_data", tests, NULL, NULL);
}
