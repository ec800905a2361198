/* Integration tests of the FGC cost-benefit analysis (api.cost_benefit) by hand-computed weeks. */
#include "fixtures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Fixtures in SQL (as test_indicators.c loads them), in this program's own authority L with one
 * cluster K. Referral years are reporting years: every referral below is in 2023-24 (2024).
 * Windows are 52 weeks (364 days) from the index date.
 *
 * Stratum child_in_need / 2024:
 *   F1 (FGC) referred 01/05/2023, conference 11/05/2023 (a wait of 10 days). Child A: in need
 *      11/05/2023 to 20/07/2023 (10 weeks), looked after 06/07/2023 to 10/08/2023 (5 weeks,
 *      overlapping 2): 13 weeks in the system, 5 of them looked after and 8 only in need.
 *   C1 (comparison) referred 01/05/2023, declined 03/05/2023: followed from 01/05 + 10 days
 *      (the stratum's median wait) = 11/05/2023 to 09/05/2024. Child B: in need from
 *      01/03/2023 (open), on a plan 01/04/2023 to 31/08/2023: on a plan 11/05 to 31/08 (112
 *      days, 16 weeks), then only in need (252 days, 36 weeks): 52 weeks.
 * Stratum child_protection / 2024:
 *   F2 (FGC) referred 01/06/2023, conference 21/06/2023 (a wait of 20 days), two children: D
 *      looked after 01/07/2023 to 15/07/2023 (2 weeks); E in need 08/07/2023 to 22/07/2023 (2
 *      weeks). The family was in the system 01/07 to 22/07: 3 weeks; 4 child-weeks.
 *   C2 (comparison) referred 01/06/2023, closed 10/06/2023 without a conference: from
 *      21/06/2023. Child G looked after 21/06/2023 to 30/08/2023: 70 days, 10 weeks.
 *   C3 (comparison) referred 05/06/2023, declined: from 25/06/2023. Child H: never in the
 *      system: 0 weeks.
 * Left out:
 *   F3 (FGC, pre_proceedings): no comparison family in its stratum (unmatched); 0 weeks.
 *   X1 referred, never decided (not a final status): not a comparison family.
 *   X2 declined, but its child later had an FGC (in 2024, outside the dates asked for).
 *   F4 (FGC) whose conference was 30 days ago: its window has not ended.
 */

static char l[16], ck[40];
static long long id_k;

static long long add_area(char *code_out, size_t len, const char *kind, long long parent)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const char *code = strcmp(kind, "local_authority") == 0
                               ? uniq_la_code()
                               : tfmt("CB-%d-%04u", (int)getpid(), test_random() % 10000);
        const char *id = db_text("INSERT INTO fgc.areas (code, name, kind, parent_id) "
                                 "VALUES ($1, $2, $3, NULLIF($4, '0')::bigint) "
                                 "ON CONFLICT (code) DO NOTHING RETURNING id::text",
                                 code, uniq("Cost-benefit area"), kind, tfmt("%lld", parent), NULL);
        if (id) {
            snprintf(code_out, len, "%s", code);
            return atoll(id);
        }
    }
    fail_msg("could not make an area");
    return 0;
}

static long long add_child(void)
{
    return db_count("INSERT INTO fgc.children (date_of_birth, sex, ethnicity, area_id) "
                    "VALUES ('2015-01-01', 1, 'WBRI', $1) RETURNING id",
                    tfmt("%lld", id_k));
}

/* A referral of children (the first is the primary child); status and the dates it needs. */
static long long add_referral(const long long *children, int n, const char *referred_on,
                              const char *stage, const char *status, const char *decided_on)
{
    long long id = db_count(
        "INSERT INTO fgc.referrals (child_id, referred_on, referral_stage, reason, status, "
        "declined_on, decline_reason, closed_on, closure_reason) VALUES ($1, $2::date, $3, "
        "'Cost-benefit test', $4, CASE WHEN $4 = 'declined' THEN NULLIF($5::text, '')::date END, "
        "CASE WHEN $4 = "
        "'declined' THEN 'family_declined' END, CASE WHEN $4 = 'closed' THEN NULLIF($5::text, "
        "'')::date END, CASE "
        "WHEN $4 = 'closed' THEN 'needs_met' END) RETURNING id",
        tfmt("%lld", children[0]), referred_on, stage, status, decided_on ? decided_on : "");
    for (int i = 0; i < n; i++)
        db_exec("INSERT INTO fgc.referral_children (referral_id, child_id) VALUES ($1, $2)",
                tfmt("%lld", id), tfmt("%lld", children[i]), NULL);
    return id;
}

static void add_conference(long long referral, const char *held_on)
{
    db_exec("INSERT INTO fgc.conferences (referral_id, kind, held_on) VALUES ($1, 'initial', "
            "$2::date)",
            tfmt("%lld", referral), held_on, NULL);
}

static void add_cin(long long child, const char *from, const char *to)
{
    db_exec("INSERT INTO fgc.cin_episode_records (child_id, referral_date, closure_date, "
            "referral_nfa, assessments, source) VALUES ($1, $2::date, NULLIF($3, '')::date, "
            "false, '[]'::jsonb, 'cin_census')",
            tfmt("%lld", child), from, to, NULL);
}

static void add_cpp(long long child, const char *from, const char *to)
{
    db_exec("INSERT INTO fgc.cpp_records (child_id, start_date, end_date, number_of_previous_cpp, "
            "source) VALUES ($1, $2::date, NULLIF($3, '')::date, 0, 'cin_census')",
            tfmt("%lld", child), from, to, NULL);
}

static void add_cla(long long child, const char *from, const char *to)
{
    db_exec("INSERT INTO fgc.cla_episode_records (child_id, decom, rne, ls, dec, rec, source) "
            "VALUES ($1, $2::date, 'S', 'C2', NULLIF($3, '')::date, CASE WHEN $3 = '' THEN NULL "
            "ELSE 'E4A' END, 'ssda903')",
            tfmt("%lld", child), from, to, NULL);
}

static void load_fixtures(void)
{
    long long la = add_area(l, sizeof l, "local_authority", 0);
    id_k = add_area(ck, sizeof ck, "cluster", la);

    long long a = add_child();
    long long f1 = add_referral(&a, 1, "2023-05-01", "child_in_need", "referred", NULL);
    add_conference(f1, "2023-05-11");
    add_cin(a, "2023-05-11", "2023-07-20");
    add_cla(a, "2023-07-06", "2023-08-10");

    long long b = add_child();
    add_referral(&b, 1, "2023-05-01", "child_in_need", "declined", "2023-05-03");
    add_cin(b, "2023-03-01", "");
    add_cpp(b, "2023-04-01", "2023-08-31");

    long long de[2] = {add_child(), add_child()};
    long long f2 = add_referral(de, 2, "2023-06-01", "child_protection", "referred", NULL);
    add_conference(f2, "2023-06-21");
    add_cla(de[0], "2023-07-01", "2023-07-15");
    add_cin(de[1], "2023-07-08", "2023-07-22");

    long long g = add_child();
    add_referral(&g, 1, "2023-06-01", "child_protection", "closed", "2023-06-10");
    add_cla(g, "2023-06-21", "2023-08-30");
    long long h = add_child();
    add_referral(&h, 1, "2023-06-05", "child_protection", "declined", "2023-06-06");

    long long f3c = add_child();
    long long f3 = add_referral(&f3c, 1, "2023-07-01", "pre_proceedings", "referred", NULL);
    add_conference(f3, "2023-07-10");

    long long x1 = add_child();
    add_referral(&x1, 1, "2023-05-02", "child_in_need", "referred", NULL);
    long long x2 = add_child();
    add_referral(&x2, 1, "2023-05-02", "child_in_need", "declined", "2023-05-04");
    long long later = add_referral(&x2, 1, "2024-01-02", "early_help", "referred", NULL);
    add_conference(later, "2024-01-10");
    add_cla(x2, "2023-05-20", ""); /* would count 52 weeks if X2 were a comparison family */

    long long f4c = add_child();
    long long f4 = add_referral(&f4c, 1, date_from_today(-40), "child_in_need", "referred", NULL);
    add_conference(f4, date_from_today(-30));
}

static int setup(void **state)
{
    test_env_load();
    load_fixtures();
    scratch_free_all();
    return 0;
}

static json_t *member(const json_t *obj, const char *path)
{
    char key[64];
    const json_t *cur = obj;
    while (cur && *path) {
        size_t len = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)len, path);
        cur = json_object_get(cur, key);
        path += len + (path[len] == '.');
    }
    return (json_t *)cur;
}

#define expect_near(json, expected) expect_near_at((json), (expected), __LINE__)
static void expect_near_at(const json_t *v, double expected, int line)
{
    if (!json_is_number(v) || fabs(json_number_value(v) - expected) > 1e-9)
        fail_msg("line %d: expected %.12g, got %s", line, expected,
                 v ? json_dumps(v, JSON_ENCODE_ANY) : "nothing");
}

static json_t *cost_benefit(const char *who, const char *query)
{
    struct http_response *r =
        http("GET", tfmt("/api/v1/cost-benefit?%s", query), token_of(who), NULL);
    if (r->status != 200)
        fail_msg("cost-benefit as %s answered %ld: %s", who, r->status, r->body);
    return r->json;
}

static void test_weeks_and_costs(void **state)
{
    json_t *b = cost_benefit("manager1", tfmt("area=%s&from=2023-04-01&to=2023-12-31", ck));

    /* The unit costs are the configured defaults (config/fgcd.conf.example). */
    expect_near(member(b, "unit_costs.cin_week"), 76);
    expect_near(member(b, "unit_costs.cpp_week"), 76);
    expect_near(member(b, "unit_costs.cla_week"), 646);
    double cin = 76, cpp = 76, cla = 646;

    /* Cohorts: F1, F2, F3 (4 children); C1, C2, C3 (3 children). F3 is unmatched. */
    expect_near(member(b, "cohort.fgc_families"), 3);
    expect_near(member(b, "cohort.fgc_children"), 4);
    expect_near(member(b, "cohort.comparison_families"), 3);
    expect_near(member(b, "cohort.comparison_children"), 3);
    expect_near(member(b, "cohort.fgc_families_matched"), 2);
    expect_near(member(b, "cohort.comparison_families_matched"), 3);
    expect_near(member(b, "cohort.fgc_families_unmatched"), 1);
    expect_near(member(b, "window_weeks"), 52);

    /*
     * FGC over the matched strata (weights 1 and 1): F1 13 weeks, F2 3 weeks (4 child-weeks):
     * mean family weeks 8; child-weeks in need (8 + 2) / 2 = 5, looked after (5 + 2) / 2 =
     * 3.5, total (13 + 4) / 2 = 8.5; 1.5 children per family. Costs: F1 8 x cin + 5 x cla,
     * F2 2 x cla + 2 x cin.
     */
    expect_near(member(b, "fgc.weeks_in_system_per_family"), 8);
    expect_near(member(b, "fgc.child_weeks_per_family.cin"), 5);
    expect_near(member(b, "fgc.child_weeks_per_family.cpp"), 0);
    expect_near(member(b, "fgc.child_weeks_per_family.cla"), 3.5);
    expect_near(member(b, "fgc.child_weeks_per_family.total"), 8.5);
    expect_near(member(b, "fgc.children_per_family"), 1.5);
    double f1 = 8 * cin + 5 * cla, f2 = 2 * cla + 2 * cin;
    expect_near(member(b, "fgc.cost_per_family.total"), round((f1 + f2) / 2));
    expect_near(member(b, "fgc.cost_per_family.cla"), round((5 * cla + 2 * cla) / 2));

    /*
     * Comparison, weighted to the FGC mix: child_in_need C1 52 weeks (16 on a plan, 36 in
     * need); child_protection the mean of C2 (10 weeks looked after) and C3 (0) = 5. Mean
     * family weeks (52 + 5) / 2 = 28.5; on a plan 16 / 2 = 8; in need 36 / 2 = 18; looked
     * after 5 / 2 = 2.5.
     */
    expect_near(member(b, "comparison.weeks_in_system_per_family"), 28.5);
    expect_near(member(b, "comparison.child_weeks_per_family.cpp"), 8);
    expect_near(member(b, "comparison.child_weeks_per_family.cin"), 18);
    expect_near(member(b, "comparison.child_weeks_per_family.cla"), 2.5);
    double c1 = 16 * cpp + 36 * cin, cp = (10 * cla + 0) / 2;
    expect_near(member(b, "comparison.cost_per_family.total"), round((c1 + cp) / 2));

    /* The saving: 3,591 - 2,641 = 950 a family with the default costs; 20.5 weeks. */
    double saving = round((c1 + cp) / 2) - round((f1 + f2) / 2);
    expect_near(member(b, "saving_per_family"), saving);
    expect_near(member(b, "saving_per_family"), 950);
    expect_near(member(b, "weeks_saved_per_family"), 20.5);
    expect_near(member(b, "total_saving"), 950 * 2);

    /* Unadjusted means over every family of each group: FGC (13 + 3 + 0) / 3 = 5.3 weeks;
     * comparison (52 + 10 + 0) / 3 = 20.7 weeks. */
    expect_near(member(b, "fgc_unadjusted.weeks_in_system_per_family"), 5.3);
    expect_near(member(b, "comparison_unadjusted.weeks_in_system_per_family"), 20.7);
    expect_near(member(b, "comparison_unadjusted.cost_per_family.total"),
                round((c1 + 10 * cla) / 3));

    json_t *strata = member(b, "strata");
    assert_int_equal(json_array_size(strata), 3);
    assert_non_null(strstr(json_string_value(member(b, "method")), "median wait"));
}

static void test_the_child_with_overlapping_episodes(void **state)
{
    /* F1 alone (its stratum, with C1): a child in need for 10 weeks and looked after for 5,
     * overlapping 2, is 13 weeks in the system: 8 x cin + 5 x cla. */
    json_t *b = cost_benefit("analyst1", tfmt("area=%s&from=2023-05-11&to=2023-05-11", ck));
    expect_near(member(b, "cohort.fgc_families"), 1);
    expect_near(member(b, "cohort.comparison_families"), 1);
    expect_near(member(b, "fgc.weeks_in_system_per_family"), 13);
    expect_near(member(b, "fgc.child_weeks_per_family.cin"), 8);
    expect_near(member(b, "fgc.child_weeks_per_family.cla"), 5);
    expect_near(member(b, "fgc.cost_per_family.total"), 8 * 76 + 5 * 646);
    expect_near(member(b, "comparison.cost_per_family.total"), 52 * 76);

    /* A 4-week window: A in need all 28 days; B on a plan all 28 days. */
    b = cost_benefit("admin", tfmt("area=%s&from=2023-05-11&to=2023-05-11&window_weeks=4", ck));
    expect_near(member(b, "fgc.weeks_in_system_per_family"), 4);
    expect_near(member(b, "comparison.child_weeks_per_family.cpp"), 4);
}

static void test_windows_not_yet_ended(void **state)
{
    json_t *b = cost_benefit(
        "manager1", tfmt("area=%s&from=%s&to=%s", ck, date_from_today(-60), date_from_today(0)));
    expect_near(member(b, "cohort.fgc_families"), 0);
    expect_near(member(b, "cohort.window_not_yet_complete.fgc"), 1);
    assert_true(json_is_null(member(b, "saving_per_family")));
    assert_true(json_is_null(member(b, "fgc")));
}

static void test_roles_and_checks(void **state)
{
    struct http_response *r =
        http("GET", tfmt("/api/v1/cost-benefit?area=%s", ck), token_of("coord1"), NULL);
    expect_problem(r, 403);
    r = http("GET", tfmt("/api/v1/cost-benefit?area=%s", ck), token_of("sw1"), NULL);
    expect_problem(r, 403);
    r = http("GET", "/api/v1/cost-benefit", token_of("manager1"), NULL);
    expect_field_error(r, 422, "area");
    r = http("GET", tfmt("/api/v1/cost-benefit?area=%s&window_weeks=0", ck), token_of("manager1"),
             NULL);
    expect_field_error(r, 422, "window_weeks");
    r = http("GET", tfmt("/api/v1/cost-benefit?area=%s&cin_week=1", ck), token_of("manager1"),
             NULL);
    expect_field_error(r, 422, "cin_week"); /* unit costs come from the configuration only */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_weeks_and_costs),
        TEST(test_the_child_with_overlapping_episodes),
        TEST(test_windows_not_yet_ended),
        TEST(test_roles_and_checks),
    };
    int failed = cmocka_run_group_tests_name("integration: cost-benefit", tests, setup, NULL);
    test_cleanup();
    return failed;
}
