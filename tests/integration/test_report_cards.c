/* Integration tests of OBA report cards and indicator targets against hand-computed fixtures. */
#include "fixtures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The fixtures are loaded in SQL, as an import would load them (test_indicators.c does the
 * same): this program's own authority L with clusters R, S, Q and P, so no other test can change
 * the figures. Every figure asserted below is worked out by hand in the comments.
 *
 *   R  child protection plans starting per month in 2024: January 2, February 4, March 6,
 *      April 8 (a perfect line: 2 + 2x), then May 9, June 5, July 4, August 3 (a step down).
 *      Plans never end, so children on a plan at each month end: 2, 6, 12, 20, 29, 34, 38, 41.
 *   S  plans starting: 2, 3, 2, 3, then 3 a month May to August (a noisy baseline).
 *   Q  FGCs held: 2 a month January to April, 4 a month May to July (higher is better: up).
 *   P  FGCs held: 3 a month January to April, 1 a month May to July (higher is better: down).
 * Populations aged 0 to 17, mid-2023 and mid-2024: R 10,000, S 20,000, L 30,000.
 */

static char l[16], cr[40], cs[40], cq[40], cp[40];
static long long id_l, id_r, group_id;
static const char *group_name;

/* ---- Fixture helpers (SQL) ---- */

static long long add_area(char *code_out, size_t len, const char *kind, long long parent,
                          const char *name)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const char *code = strcmp(kind, "local_authority") == 0
                               ? uniq_la_code()
                               : tfmt("RC-%d-%04u", (int)getpid(), test_random() % 10000);
        const char *id = db_text("INSERT INTO fgc.areas (code, name, kind, parent_id) "
                                 "VALUES ($1, $2, $3, NULLIF($4, '0')::bigint) "
                                 "ON CONFLICT (code) DO NOTHING RETURNING id::text",
                                 code, uniq(name), kind, tfmt("%lld", parent), NULL);
        if (id) {
            snprintf(code_out, len, "%s", code);
            return atoll(id);
        }
    }
    fail_msg("could not make an area");
    return 0;
}

static void add_population(long long area, int year, int value)
{
    db_exec("INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at) "
            "VALUES ($1, $2, $3, $4, '2025-07-01')",
            tfmt("%lld", area), tfmt("%d", year), tfmt("%d", value), tfmt("mid-%d", year), NULL);
}

/* n children of area, each with a child protection plan starting on a day of the month. */
static void add_plans(long long area, const char *month_start, int n)
{
    db_exec("WITH kids AS (INSERT INTO fgc.children (date_of_birth, sex, ethnicity, area_id) "
            "SELECT '2015-01-01', 1, 'WBRI', $1::bigint FROM generate_series(1, $3::int) "
            "RETURNING id), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM "
            "kids) INSERT INTO fgc.cpp_records (child_id, start_date, number_of_previous_cpp, "
            "source) SELECT id, $2::date + (k::int - 1), 0, 'cin_census' FROM numbered",
            tfmt("%lld", area), month_start, tfmt("%d", n), NULL);
}

/* n FGC referrals of children of area, referred on the first of the month, conference on the
 * sixth. */
static void add_conferences(long long area, const char *month_start, int n)
{
    db_exec("WITH kids AS (INSERT INTO fgc.children (date_of_birth, sex, ethnicity, area_id) "
            "SELECT '2015-01-01', 1, 'WBRI', $1::bigint FROM generate_series(1, $3::int) "
            "RETURNING id), refs AS (INSERT INTO fgc.referrals (child_id, referred_on, reason) "
            "SELECT id, $2::date, 'Report card test' FROM kids RETURNING id) "
            "INSERT INTO fgc.conferences (referral_id, kind, held_on) "
            "SELECT id, 'initial', $2::date + 5 FROM refs",
            tfmt("%lld", area), month_start, tfmt("%d", n), NULL);
}

static void load_fixtures(void)
{
    id_l = add_area(l, sizeof l, "local_authority", 0, "Report card authority");
    id_r = add_area(cr, sizeof cr, "cluster", id_l, "Cluster R");
    long long id_s = add_area(cs, sizeof cs, "cluster", id_l, "Cluster S");
    long long id_q = add_area(cq, sizeof cq, "cluster", id_l, "Cluster Q");
    long long id_p = add_area(cp, sizeof cp, "cluster", id_l, "Cluster P");
    for (int year = 2023; year <= 2024; year++) {
        add_population(id_r, year, 10000);
        add_population(id_s, year, 20000);
        add_population(id_l, year, 30000);
    }
    static const char *const months[] = {"2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01",
                                         "2024-05-01", "2024-06-01", "2024-07-01", "2024-08-01"};
    static const int r[] = {2, 4, 6, 8, 9, 5, 4, 3}, s[] = {2, 3, 2, 3, 3, 3, 3, 3};
    static const int q[] = {2, 2, 2, 2, 4, 4, 4}, p[] = {3, 3, 3, 3, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
        add_plans(id_r, months[i], r[i]);
        add_plans(id_s, months[i], s[i]);
    }
    for (int i = 0; i < 7; i++) {
        add_conferences(id_q, months[i], q[i]);
        add_conferences(id_p, months[i], p[i]);
    }

    /* The group of cluster R, to compare with the rest of L. */
    group_name = tfmt("%s", uniq("Report card targeted"));
    struct http_response *resp =
        http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:[I]}", "name", group_name, "cluster_ids", (json_int_t)id_r)));
    expect_status(resp, 201);
    group_id = body_int(resp, "id");
    group_name = strdup(group_name);
}

static int setup(void **state)
{
    test_env_load();
    load_fixtures();
    scratch_free_all();
    return 0;
}

/* ---- Reading results ---- */

static json_t *get_ok(const char *who, const char *path)
{
    struct http_response *r = http("GET", path, token_of(who), NULL);
    if (r->status != 200)
        fail_msg("GET %s as %s answered %ld: %s", path, who, r->status, r->body);
    return r->json;
}

/* A member by a dotted path; numbers in the path index arrays. */
static json_t *member(const json_t *obj, const char *path)
{
    char key[64];
    const json_t *cur = obj;
    while (cur && *path) {
        size_t len = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)len, path);
        cur =
            json_is_array(cur) ? json_array_get(cur, (size_t)atoi(key)) : json_object_get(cur, key);
        path += len + (path[len] == '.');
    }
    return (json_t *)cur;
}

#define expect_near(json, expected, tol) expect_near_at((json), (expected), (tol), __LINE__)
static void expect_near_at(const json_t *v, double expected, double tol, int line)
{
    if (!json_is_number(v) || fabs(json_number_value(v) - expected) > tol)
        fail_msg("line %d: expected %.12g, got %s", line, expected,
                 v ? json_dumps(v, JSON_ENCODE_ANY) : "nothing");
}

static const char *text(const json_t *obj, const char *path)
{
    const char *s = json_string_value(member(obj, path));
    if (!s)
        fail_msg("%s is not text", path);
    return s;
}

static json_t *card(const char *indicator, const char *query)
{
    return get_ok("manager1", tfmt("/api/v1/indicators/%s/report-card?%s", indicator, query));
}

/* ---- Tests ---- */

static void test_perfect_baseline_then_a_step_turns_after_n_points(void **state)
{
    /* Baseline January to April: 2, 4, 6, 8 lie exactly on 2 + 2x, so the residual standard
     * deviation is 0 and the prediction interval has no width: forecasts 10, 12, 14, 16. */
    json_t *b =
        card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-06-30", cr));
    expect_near(member(b, "trend.slope_per_period"), 2, 1e-9);
    expect_near(member(b, "trend.intercept"), 2, 1e-9);
    expect_near(member(b, "trend.residual_sd"), 0, 1e-9);
    assert_int_equal(json_integer_value(member(b, "trend.points_used")), 4);
    assert_int_equal(json_array_size(member(b, "baseline.points")), 4);
    expect_near(member(b, "baseline.points.3.trend"), 8, 1e-9);
    assert_int_equal(json_array_size(member(b, "forecast")), 2);
    expect_near(member(b, "forecast.0.value"), 10, 1e-9);
    expect_near(member(b, "forecast.0.low"), 10, 1e-9);
    expect_near(member(b, "forecast.0.high"), 10, 1e-9);
    expect_near(member(b, "forecast.1.value"), 12, 1e-9);
    assert_string_equal(text(b, "forecast.1.period_end"), "2024-06-30");
    /* May 9 and June 5 are below the (zero-width) band: lower is better, so better. */
    expect_near(member(b, "actual.0.value"), 9, 1e-9);
    assert_string_equal(text(b, "actual.0.position"), "better");
    assert_string_equal(text(b, "actual.1.position"), "better");
    /* Two points after the baseline, three needed: not turned yet. */
    assert_true(json_is_false(member(b, "turn.turned")));
    assert_int_equal(json_integer_value(member(b, "turn.consecutive")), 2);
    assert_int_equal(json_integer_value(member(b, "turn.points_required")), 3);
    assert_string_equal(text(b, "turn.direction"), "lower is better");
    assert_non_null(strstr(text(b, "turn.summary"), "not turned yet"));

    /* With July (4, against 14) there are three in a row: turned, and the three decide it. */
    b = card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cr));
    assert_true(json_is_true(member(b, "turn.turned")));
    assert_int_equal(json_integer_value(member(b, "turn.consecutive")), 3);
    assert_int_equal(json_array_size(member(b, "turn.deciding_points")), 3);
    expect_near(member(b, "turn.deciding_points.2.value"), 4, 1e-9);
    expect_near(member(b, "turn.deciding_points.2.forecast"), 14, 1e-9);
    assert_non_null(strstr(text(b, "turn.summary"), "The curve has turned"));

    /* turn_points=2 turns it in June already. */
    b = card("cpp_starts", tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&"
                                "to=2024-06-30&turn_points=2",
                                cr));
    assert_true(json_is_true(member(b, "turn.turned")));

    /* Periods are whole: a baseline given from the middle of months covers the months. */
    b = card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-15&baseline_to=2024-04-02&to=2024-06-03", cr));
    assert_string_equal(text(b, "baseline.from"), "2024-01-01");
    assert_string_equal(text(b, "baseline.to"), "2024-04-30");
    assert_int_equal(json_array_size(member(b, "actual")), 2);
}

static void test_noisy_baseline_band(void **state)
{
    /* S: 2, 3, 2, 3 on x = 0..3. Mean x 1.5, mean y 2.5, Sxy 1, Sxx 5: slope 0.2, intercept
     * 2.2; residuals -0.2, 0.6, -0.6, 0.2, sum of squares 0.8, sd sqrt(0.4). At x = 4 (May)
     * the forecast is 3.0 and the half-width t(2) x sd x sqrt(1 + 1/4 + 2.5^2 / 5). */
    json_t *b =
        card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-05-31", cs));
    expect_near(member(b, "trend.slope_per_period"), 0.2, 1e-9);
    expect_near(member(b, "trend.intercept"), 2.2, 1e-9);
    expect_near(member(b, "trend.residual_sd"), sqrt(0.4), 1e-9);
    double hw = 4.303 * sqrt(0.4) * sqrt(1 + 0.25 + 6.25 / 5);
    expect_near(member(b, "forecast.0.value"), 3.0, 1e-9);
    expect_near(member(b, "forecast.0.low"), 3.0 - hw, 1e-8);
    expect_near(member(b, "forecast.0.high"), 3.0 + hw, 1e-8);
    assert_string_equal(text(b, "actual.0.position"), "within");
    assert_true(json_is_false(member(b, "turn.turned")));
}

static void test_direction_comes_from_the_catalogue(void **state)
{
    /* FGCs held: higher is better. Q rises from a flat 2 to 4: above the band, better, turned. */
    json_t *b =
        card("fgc_conferences_held",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cq));
    assert_true(json_is_false(member(b, "lower_is_better")));
    assert_string_equal(text(b, "turn.direction"), "higher is better");
    expect_near(member(b, "forecast.0.value"), 2, 1e-9);
    assert_string_equal(text(b, "actual.0.position"), "better");
    assert_true(json_is_true(member(b, "turn.turned")));
    assert_non_null(strstr(text(b, "turn.summary"), "above"));

    /* P falls from a flat 3 to 1: below the band, which is worse here: not turned. */
    b = card("fgc_conferences_held",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cp));
    assert_string_equal(text(b, "actual.2.position"), "worse");
    assert_true(json_is_false(member(b, "turn.turned")));
    assert_int_equal(json_integer_value(member(b, "turn.consecutive")), 0);

    /* The same fall in plans starting (lower is better) is better: R's step, above. */
    b = card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cr));
    assert_string_equal(text(b, "actual.2.position"), "better");
}

static void test_before_after_rate_test(void **state)
{
    /* R, plans starting (a flow): 20 before 1 May (January to April, 121 days), 21 after (May
     * to August, 123 days); exposure 10,000 children x days / 365.25. Rate ratio (21 / 123) /
     * (20 / 121), standard error of its log sqrt(1/20 + 1/21). */
    json_t *b =
        card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-08-31", cr));
    json_t *t = member(b, "significance.before_after");
    assert_string_equal(text(t, "change_date"), "2024-05-01");
    expect_near(member(t, "before.events"), 20, 1e-9);
    expect_near(member(t, "before.exposure"), 10000 * 121 / 365.25, 1e-6);
    expect_near(member(t, "after.events"), 21, 1e-9);
    expect_near(member(t, "after.exposure"), 10000 * 123 / 365.25, 1e-6);
    double ratio = (21.0 / 123) / (20.0 / 121), se = sqrt(1.0 / 20 + 1.0 / 21);
    expect_near(member(t, "ratio"), ratio, 1e-8);
    expect_near(member(t, "ci_low"), exp(log(ratio) - 1.959964 * se), 1e-8);
    expect_near(member(t, "ci_high"), exp(log(ratio) + 1.959964 * se), 1e-8);
    expect_near(member(t, "p"), erfc(fabs(log(ratio)) / se / sqrt(2.0)), 1e-8);
    assert_true(json_is_false(member(t, "significant")));
    assert_non_null(strstr(text(t, "summary"), "After 1 May 2024 the rate was 3.3% higher than "
                                               "before (rate ratio 1.03"));
    assert_non_null(strstr(text(t, "summary"), "not statistically significant (p = 0.92)"));

    /* A snapshot (children on a plan at each month end, held for the month) compares
     * child-years on a plan: before 2 x 31 + 6 x 29 + 12 x 31 + 20 x 30 child-days, after
     * 29 x 31 + 34 x 30 + 38 x 31 + 41 x 31. */
    b = card("cpp_count",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-08-31", cr));
    t = member(b, "significance.before_after");
    double before = (2 * 31 + 6 * 29 + 12 * 31 + 20 * 30) / 365.25;
    double after = (29 * 31 + 34 * 30 + 38 * 31 + 41 * 31) / 365.25;
    expect_near(member(t, "before.events"), before, 1e-8);
    expect_near(member(t, "after.events"), after, 1e-8);
    expect_near(member(t, "ratio"), (after / 123) / (before / 121), 1e-8);
    assert_non_null(strstr(text(t, "events"), "child-years"));

    /* A change date inside March: March is in neither window; before is January and February
     * (6 plans), after April to August (29). */
    b = card("cpp_starts", tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&"
                                "to=2024-08-31&change_date=2024-03-15",
                                cr));
    t = member(b, "significance.before_after");
    assert_int_equal(json_integer_value(member(t, "periods_containing_change_date")), 1);
    expect_near(member(t, "before.events"), 6, 1e-9);
    expect_near(member(t, "after.events"), 29, 1e-9);
    assert_string_equal(text(t, "before.to"), "2024-02-29");
    assert_string_equal(text(t, "after.from"), "2024-04-01");
}

static void test_group_against_the_rest(void **state)
{
    /* The group (R) against the rest of L (S's plans; population 30,000 - 10,000 = 20,000):
     * targeted 20 -> 21, rest 10 -> 12, over 121 and 123 days. The ratio of rate ratios is
     * ((21/123)/(20/121)) / ((12/123)/(10/121)) = (21/20) / (12/10) = 0.875, standard error
     * sqrt(1/20 + 1/21 + 1/10 + 1/12). Targeted +3.3%, rest +18.0%. */
    json_t *b = card("cpp_starts", tfmt("group=%lld&compare=rest&baseline_from=2024-01-01&"
                                        "baseline_to=2024-04-30&to=2024-08-31",
                                        group_id));
    assert_string_equal(text(b, "area.kind"), "group");
    assert_string_equal(text(b, "compare_area.kind"), "rest");
    json_t *t = member(b, "significance.compared_with_rest");
    expect_near(member(t, "targeted.before.events"), 20, 1e-9);
    expect_near(member(t, "rest.before.events"), 10, 1e-9);
    expect_near(member(t, "rest.after.events"), 12, 1e-9);
    expect_near(member(t, "rest.before.exposure"), 20000 * 121 / 365.25, 1e-6);
    double se = sqrt(1.0 / 20 + 1.0 / 21 + 1.0 / 10 + 1.0 / 12);
    expect_near(member(t, "ratio"), 0.875, 1e-9);
    expect_near(member(t, "ci_low"), exp(log(0.875) - 1.959964 * se), 1e-8);
    expect_near(member(t, "ci_high"), exp(log(0.875) + 1.959964 * se), 1e-8);
    double p = erfc(fabs(log(0.875)) / se / sqrt(2.0));
    expect_near(member(t, "p"), p, 1e-8);
    expect_near(member(t, "targeted.change_percent"), (21.0 * 121 / (20.0 * 123) - 1) * 100, 1e-7);
    expect_near(member(t, "rest.change_percent"), (12.0 * 121 / (10.0 * 123) - 1) * 100, 1e-7);
    const char *expected =
        tfmt("The rate in %s rose 3.3%%, against a rise of 18.0%% in the rest of the authority; "
             "the difference is not statistically significant (p = %.2f).",
             group_name, p);
    assert_string_equal(text(t, "summary"), expected);
    /* The before/after test is of the targeted group alone. */
    expect_near(member(b, "significance.before_after.before.events"), 20, 1e-9);
}

static void test_targets_crud_and_the_target_line(void **state)
{
    /* Only administrators set targets. */
    const char *body =
        jtext(json_pack("{s:s, s:s, s:i, s:s, s:s}", "indicator", "cpp_starts", "area", cr,
                        "target_value", 5, "target_date", "2024-12-31", "note", "Halve the rise"));
    struct http_response *r = http("POST", "/api/v1/indicator-targets", token_of("manager1"), body);
    expect_problem(r, 403);
    r = http("POST", "/api/v1/indicator-targets", token_of("admin"), body);
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/indicator-targets/%lld", id));
    assert_string_equal(body_str(r, "area"), cr);
    assert_string_equal(body_str(r, "set_by"), "admin");
    const char *etag = etag_of(r);
    r = http("POST", "/api/v1/indicator-targets", token_of("admin"), body);
    expect_problem(r, 409);

    /* target_value is a number; a percentage target is at most 100. */
    r = http("POST", "/api/v1/indicator-targets", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "indicator", "cpp_starts", "area", cr,
                             "target_value", "five", "target_date", "2025-12-31")));
    expect_field_error(r, 422, "target_value");
    r = http("POST", "/api/v1/indicator-targets", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:f, s:s}", "indicator", "cpp_subsequent_pct", "area", cr,
                             "target_value", 120.5, "target_date", "2025-12-31")));
    expect_field_error(r, 422, "target_value");
    r = http("POST", "/api/v1/indicator-targets", token_of("admin"),
             jtext(json_pack("{s:s, s:f, s:s}", "indicator", "cpp_starts", "target_value", 1.0,
                             "target_date", "2025-12-31")));
    expect_field_error(r, 422, "area");

    /* Readers may list and read them. */
    r = http("GET", tfmt("/api/v1/indicator-targets?indicator=cpp_starts&area=%s", cr),
             token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    r = http("GET", tfmt("/api/v1/indicator-targets/%lld", id), token_of("manager1"), NULL);
    expect_status(r, 200);
    expect_near(body_get(r, "target_value"), 5, 1e-12);

    /* The report card draws the stored target (the first after the baseline) from the last
     * baseline value, 8 on 30 April, to 5 on 31 December (245 days): at 31 May (31 days on)
     * 8 - 3 x 31/245. */
    json_t *b =
        card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cr));
    assert_string_equal(text(b, "target.source"), "stored");
    expect_near(member(b, "target.value"), 5, 1e-12);
    assert_int_equal(json_integer_value(member(b, "target.id")), id);
    assert_string_equal(text(b, "target.start.date"), "2024-04-30");
    expect_near(member(b, "target.start.value"), 8, 1e-12);
    expect_near(member(b, "target.line.0.value"), 8 - 3.0 * 31 / 245, 1e-8);
    /* July: 4 against a line of 8 - 3 x 92/245: on track (lower is better). */
    assert_true(json_is_true(member(b, "target.latest.on_track")));

    /* A target in the request wins over the stored one. */
    b = card("cpp_starts", tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&"
                                "to=2024-07-31&target=2.5&target_date=2024-08-31",
                                cr));
    assert_string_equal(text(b, "target.source"), "request");
    expect_near(member(b, "target.value"), 2.5, 1e-12);
    /* 2.5 on 31 August: July's 4 is above the line at 31 July (8 - 5.5 x 92/123). */
    expect_near(member(b, "target.latest.target_line"), 8 - 5.5 * 92 / 123, 1e-8);
    assert_true(json_is_false(member(b, "target.latest.on_track")));

    /* Change it (If-Match), then remove it. */
    r = http("PATCH", tfmt("/api/v1/indicator-targets/%lld", id), token_of("admin"),
             jtext(json_pack("{s:f}", "target_value", 4.5)));
    assert_int_equal(r->status, 428);
    r = http("PATCH", tfmt("/api/v1/indicator-targets/%lld", id), token_of("admin"),
             jtext(json_pack("{s:f}", "target_value", 4.5)), tfmt("If-Match: %s", etag));
    expect_status(r, 200);
    expect_near(body_get(r, "target_value"), 4.5, 1e-12);
    assert_int_equal(body_int(r, "version"), 2);
    r = http("PATCH", tfmt("/api/v1/indicator-targets/%lld", id), token_of("admin"),
             jtext(json_pack("{s:f}", "target_value", 4.0)), tfmt("If-Match: %s", etag));
    expect_problem(r, 412);
    r = http("DELETE", tfmt("/api/v1/indicator-targets/%lld", id), token_of("manager1"), NULL);
    expect_problem(r, 403);
    r = http("DELETE", tfmt("/api/v1/indicator-targets/%lld", id), token_of("admin"), NULL);
    assert_int_equal(r->status, 204);
    r = http("GET", tfmt("/api/v1/indicator-targets/%lld", id), token_of("admin"), NULL);
    expect_problem(r, 404);
    b = card("cpp_starts",
             tfmt("area=%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-07-31", cr));
    assert_true(json_is_null(member(b, "target")));
}

static void test_checks_and_roles(void **state)
{
    const char *base = tfmt("/api/v1/indicators/cpp_starts/report-card?area=%s", cr);
    struct http_response *r =
        http("GET", tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-02-29&to=2024-06-30", base),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "baseline_from"); /* two months: too short for a trend */
    r = http("GET", tfmt("%s&baseline_to=2024-04-30", base), token_of("manager1"), NULL);
    expect_field_error(r, 422, "baseline_from");
    r = http("GET", tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-04-15", base),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "to");
    r = http(
        "GET",
        tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-06-30&target=5", base),
        token_of("manager1"), NULL);
    expect_field_error(r, 422, "target_date");
    r = http("GET",
             tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-06-30&target=lots&"
                  "target_date=2024-12-31",
                  base),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "target");
    r = http("GET", tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&turn_points=0", base),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "turn_points");
    r = http("GET",
             tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&period=fortnight", base),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "period");
    /* Trainers may not read case indicators; social workers get disclosure control. */
    r = http("GET", tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&to=2024-06-30", base),
             token_of("trainer1"), NULL);
    expect_problem(r, 403);
    json_t *b = get_ok("sw1", tfmt("%s&baseline_from=2024-01-01&baseline_to=2024-04-30&"
                                   "to=2024-06-30",
                                   base));
    assert_true(json_is_true(member(b, "disclosure_control")));
    /* January's 2 and February's 4 are suppressed (1 to 5), so only March and April remain:
     * too few for a trend. */
    assert_true(json_is_null(member(b, "trend")));
    assert_true(json_is_null(member(b, "turn.turned")));
    r = http("GET",
             "/api/v1/indicators/no_such_thing/report-card?area=E08000035&"
             "baseline_from=2024-01-01&baseline_to=2024-04-30",
             token_of("manager1"), NULL);
    expect_problem(r, 404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_perfect_baseline_then_a_step_turns_after_n_points),
        TEST(test_noisy_baseline_band),
        TEST(test_direction_comes_from_the_catalogue),
        TEST(test_before_after_rate_test),
        TEST(test_group_against_the_rest),
        TEST(test_targets_crud_and_the_target_line),
        TEST(test_checks_and_roles),
    };
    int failed = cmocka_run_group_tests_name("integration: report cards", tests, setup, NULL);
    test_cleanup();
    return failed;
}
