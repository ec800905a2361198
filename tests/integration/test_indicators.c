/* Integration tests of the indicator engine (migrations/0007_indicators.sql) against hand-computed
 * fixtures at the edges, over HTTP. */
#include "fixtures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The status history has no write API yet, so the fixtures are loaded in SQL, as an import
 * would load them: areas, populations, children and episode records (the record triggers fill
 * the current tables). Every figure asserted below is worked out by hand in the comments. The
 * areas are this program's own (random codes), so other tests cannot change the figures.
 *
 * Authority L1, clusters A, B, C: looked after, in need, protection plans, re-referrals.
 * Authority L2, clusters X, Y, Z: disclosure control.
 * Authority L3, cluster F: FGC performance measures.
 */

static char l1[16], ca[40], cb[40], cc[40];
static char l2[16], cx[40], cy[40], cz[40];
static char l3[16], cf[40];
static long long id_a, id_b, id_c, id_f, id_l1, id_l2, id_l3;
static long long group_ab;

/* ---- Fixture helpers (SQL) ---- */

static long long add_area(char *code_out, size_t len, const char *kind, long long parent)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const char *code = strcmp(kind, "local_authority") == 0
                               ? uniq_la_code()
                               : tfmt("IND-%d-%04u", (int)getpid(), (unsigned)(rand() % 10000));
        const char *id =
            db_text("INSERT INTO fgc.areas (code, name, kind, parent_id) "
                    "VALUES ($1, $2, $3, NULLIF($4, '0')::bigint) "
                    "ON CONFLICT (code) DO NOTHING RETURNING id::text",
                    code, uniq("Indicator test area"), kind, tfmt("%lld", parent), NULL);
        if (id) {
            snprintf(code_out, len, "%s", code);
            return atoll(id);
        }
    }
    fail_msg("could not make an area");
    return 0;
}

static void add_population(long long area, int year, int value, const char *vintage,
                           const char *loaded_at)
{
    db_exec("INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at) "
            "VALUES ($1, $2, $3, $4, $5::timestamptz)",
            tfmt("%lld", area), tfmt("%d", year), tfmt("%d", value), vintage, loaded_at, NULL);
}

static long long add_child(long long area)
{
    return db_count("INSERT INTO fgc.children (date_of_birth, sex, ethnicity, area_id) "
                    "VALUES ('2015-01-01', 1, 'WBRI', $1) RETURNING id",
                    tfmt("%lld", area));
}

/* A looked-after episode; dec and rec "" when open. */
static void add_cla(long long child, const char *decom, const char *rne, const char *ls,
                    const char *dec, const char *rec)
{
    db_exec("INSERT INTO fgc.cla_episode_records (child_id, decom, rne, ls, dec, rec, source) "
            "VALUES ($1, $2::date, $3, $4, NULLIF($5, '')::date, NULLIF($6, ''), 'ssda903')",
            tfmt("%lld", child), decom, rne, ls, dec, rec, NULL);
}

/* An episode of need; closure "" when open. */
static void add_cin(long long child, const char *referral, const char *closure, bool nfa,
                    bool domestic_abuse)
{
    db_exec("INSERT INTO fgc.cin_episode_records (child_id, referral_date, closure_date, "
            "referral_nfa, assessments, source) VALUES ($1, $2::date, NULLIF($3, '')::date, $4, "
            "CASE WHEN $5 THEN '[{\"factors\": [\"3B\"]}]'::jsonb ELSE '[]'::jsonb END, "
            "'cin_census')",
            tfmt("%lld", child), referral, closure, nfa ? "true" : "false",
            domestic_abuse ? "true" : "false", NULL);
}

static void add_cpp(long long child, const char *start, const char *end, int previous)
{
    db_exec("INSERT INTO fgc.cpp_records (child_id, start_date, end_date, number_of_previous_cpp, "
            "source) VALUES ($1, $2::date, NULLIF($3, '')::date, $4, 'cin_census')",
            tfmt("%lld", child), start, end, tfmt("%d", previous), NULL);
}

/* An FGC referral with an initial conference and, when plan is "agreed" or "not_agreed", a plan. */
static long long add_fgc(long long child, const char *referred_on, const char *held_on,
                         const char *plan)
{
    long long referral = db_count("INSERT INTO fgc.referrals (child_id, referred_on, reason) "
                                  "VALUES ($1, $2::date, 'Indicator test') RETURNING id",
                                  tfmt("%lld", child), referred_on);
    long long conference = db_count("INSERT INTO fgc.conferences (referral_id, kind, held_on) "
                                    "VALUES ($1, 'initial', $2::date) RETURNING id",
                                    tfmt("%lld", referral), held_on);
    if (strcmp(plan, "none") != 0)
        db_exec("INSERT INTO fgc.plans (referral_id, conference_id, agreed) VALUES ($1, $2, $3)",
                tfmt("%lld", referral), tfmt("%lld", conference),
                strcmp(plan, "agreed") == 0 ? "true" : "false", NULL);
    return referral;
}

static void load_fixtures(void)
{
    /* ---- L1: clusters A, B, C ---- */
    id_l1 = add_area(l1, sizeof l1, "local_authority", 0);
    id_a = add_area(ca, sizeof ca, "cluster", id_l1);
    id_b = add_area(cb, sizeof cb, "cluster", id_l1);
    id_c = add_area(cc, sizeof cc, "cluster", id_l1);

    /*
     * Populations. A: mid-2024 loaded twice; the later load (2,400, "mid-2024 revised") is the
     * one used. 2023 is 5,000. No 2025 estimate, so dates in 2025-26 fall back to 2024.
     * B: 8,000 for 2024. L1: 20,000 for 2024.
     */
    add_population(id_a, 2024, 4000, "mid-2024", "2025-07-01");
    add_population(id_a, 2024, 2400, "mid-2024 revised", "2025-10-01");
    add_population(id_a, 2023, 5000, "mid-2023", "2024-07-01");
    add_population(id_b, 2024, 8000, "mid-2024", "2025-07-01");
    add_population(id_c, 2024, 9600, "mid-2024", "2025-07-01");
    add_population(id_l1, 2024, 20000, "mid-2024", "2025-07-01");

    /*
     * Looked after, cluster A:
     *   c1 starts 31/03/2025 (S): counts on 31 March, not on 30 March; a start in 2024-25.
     *   c2 03/01/2024 to 31/03/2025 (E4A): counts on 30 March, not on 31 March; ceased in 2024-25.
     *   c3 01/05/2024 (S) to 31/03/2025 X1, then from 31/03/2025 (L): counted once on both days;
     *      a start in 2024-25; not a ceasing.
     *   c4 a short break (V3) from 01/06/2024: never counted.
     *   c5 01/02/2024 (S) to 01/02/2025 X1 and an overlapping 01/12/2024 (P), open: counted once.
     *   c6 twice in 2024-25: 10/04/2024 to 01/06/2024 (E4A), 01/08/2024 to 01/10/2024 (E4B):
     *      one start and one ceasing in the year, each counted once.
     * At 31/03/2025: c1, c3, c5 = 3. At 30/03/2025: c2, c3, c5 = 3.
     * Starts in 2024-25: c1, c3, c6 = 3. Ceased in 2024-25: c2, c6 = 2.
     */
    long long c1 = add_child(id_a), c2 = add_child(id_a), c3 = add_child(id_a);
    long long c4 = add_child(id_a), c5 = add_child(id_a), c6 = add_child(id_a);
    add_cla(c1, "2025-03-31", "S", "C2", "", "");
    add_cla(c2, "2024-01-03", "S", "C2", "2025-03-31", "E4A");
    add_cla(c3, "2024-05-01", "S", "C1", "2025-03-31", "X1");
    add_cla(c3, "2025-03-31", "L", "C2", "", "");
    add_cla(c4, "2024-06-01", "S", "V3", "", "");
    add_cla(c5, "2024-02-01", "S", "C2", "2025-02-01", "X1");
    add_cla(c5, "2024-12-01", "P", "C2", "", "");
    add_cla(c6, "2024-04-10", "S", "C2", "2024-06-01", "E4A");
    add_cla(c6, "2024-08-01", "S", "C2", "2024-10-01", "E4B");

    /*
     * In need, cluster A:
     *   k1 referred 31/03/2025, open: counts on 31 March only.
     *   k2 01/10/2024 to 31/03/2025: counts on 30 March, not 31 March.
     *   k3 two overlapping episodes (01/06/2024 open; 01/09/2024 to 01/01/2025): counted once.
     *   k4 referred 01/03/2025 with no further action: not a child in need.
     * At 31/03/2025: k1, k3 = 2. At 30/03/2025: k2, k3 = 2.
     * Cluster B: b1 referred 01/04/2024, open: 1 at 31/03/2025; rate 1 / 8,000 x 10,000 = 1.25,
     * half up to 1.3 (half to even would give 1.2).
     */
    long long k1 = add_child(id_a), k2 = add_child(id_a), k3 = add_child(id_a);
    long long k4 = add_child(id_a), b1 = add_child(id_b);
    add_cin(k1, "2025-03-31", "", false, false);
    add_cin(k2, "2024-10-01", "2025-03-31", false, false);
    add_cin(k3, "2024-06-01", "", false, false);
    add_cin(k3, "2024-09-01", "2025-01-01", false, false);
    add_cin(k4, "2025-03-01", "", true, false);
    add_cin(b1, "2024-04-01", "", false, false);

    /*
     * Child protection plans, cluster B:
     *   p1 from 01/05/2024, first plan.
     *   p2 01/01/2023 to 01/06/2023, then from 01/07/2024: the second is subsequent (on record).
     *   p3 from 01/08/2024 with NumberOfPreviousCPP 2: subsequent.
     *   p4 01/04/2024 to 31/03/2025: not on a plan on 31 March.
     * At 31/03/2025: p1, p2, p3 = 3; rate 3 / 8,000 x 10,000 = 3.75, half up to 3.8.
     * Starting in 2024-25: p1, p2's second, p3, p4 = 4; subsequent 2 of 4 = 50.0%.
     */
    long long p1 = add_child(id_b), p2 = add_child(id_b), p3 = add_child(id_b);
    long long p4 = add_child(id_b);
    add_cpp(p1, "2024-05-01", "", 0);
    add_cpp(p2, "2023-01-01", "2023-06-01", 0);
    add_cpp(p2, "2024-07-01", "", 0);
    add_cpp(p3, "2024-08-01", "", 2);
    add_cpp(p4, "2024-04-01", "2025-03-31", 0);

    /*
     * Re-referrals, cluster C (previous referral date + 12 months >= this referral's date):
     *   r1 15/06/2023, then 15/06/2024: exactly 12 months later, a re-referral.
     *   r2 15/06/2023, then 16/06/2024: 12 months and a day, not a re-referral.
     *   r3 29/02/2024, then 28/02/2025: 29 February + 12 months = 28 February 2025, a re-referral.
     *   r4 01/05/2024 (no further action), then 01/09/2024 with domestic abuse: a DV re-referral.
     * Referrals in 2024-25: r1, r2, r3 and r4 twice = 5; re-referrals r1, r3, r4 = 3 (60.0%);
     * with domestic abuse: 1 referral, 1 re-referral (100.0%).
     */
    long long r1 = add_child(id_c), r2 = add_child(id_c), r3 = add_child(id_c);
    long long r4 = add_child(id_c);
    add_cin(r1, "2023-06-15", "2023-07-01", false, false);
    add_cin(r1, "2024-06-15", "2024-07-01", false, false);
    add_cin(r2, "2023-06-15", "2023-07-01", false, false);
    add_cin(r2, "2024-06-16", "2024-07-01", false, false);
    add_cin(r3, "2024-02-29", "2024-03-10", false, false);
    add_cin(r3, "2025-02-28", "2025-03-10", false, false);
    add_cin(r4, "2024-05-01", "2024-05-03", true, false);
    add_cin(r4, "2024-09-01", "2024-10-01", false, true);

    /* ---- L2: clusters X (3 referrals), Y (8), Z (12), none at authority level ---- */
    id_l2 = add_area(l2, sizeof l2, "local_authority", 0);
    long long x = add_area(cx, sizeof cx, "cluster", id_l2);
    long long y = add_area(cy, sizeof cy, "cluster", id_l2);
    long long z = add_area(cz, sizeof cz, "cluster", id_l2);
    struct {
        long long area;
        int n;
    } clusters[] = {{x, 3}, {y, 8}, {z, 12}};
    for (size_t i = 0; i < 3; i++)
        for (int k = 0; k < clusters[i].n; k++)
            add_cin(add_child(clusters[i].area), tfmt("2024-%02d-10", 4 + k % 9), "2024-12-31",
                    false, false);
    add_population(x, 2024, 1000, "mid-2024", "2025-07-01");
    add_population(y, 2024, 1000, "mid-2024", "2025-07-01");
    add_population(z, 2024, 1000, "mid-2024", "2025-07-01");

    /*
     * ---- L3: cluster F, FGC measures ----
     *   f1 referred 01/04/2024, conference 11/04/2024 (10 days), plan agreed, never looked after.
     *   f2 referred 01/04/2024, conference 21/04/2024 (20 days), no plan agreed, looked after from
     *      01/07/2024 (S), still on 21/10/2024 and 21/04/2025.
     *   f3 referred 01/05/2024, conference 05/06/2024 (35 days) and a reconvened initial
     *      conference 20/06/2024 (not a second FGC), no plan recorded yet.
     * 2024-25: 3 FGCs held; median wait 20.0 days; plans agreed 1 of 2 recorded = 50.0%.
     * 6-month follow-ups (11/10/2024, 21/10/2024, 05/12/2024) all in 2024-25: not looked after
     * f1, f3 = 2 of 3 = 66.7%. 12-month follow-ups in April to June 2025: not looked after 2 of
     * 3 = 66.7%; entered care within 12 months f2 = 1 of 3 = 33.3%.
     */
    id_l3 = add_area(l3, sizeof l3, "local_authority", 0);
    id_f = add_area(cf, sizeof cf, "cluster", id_l3);
    long long f1 = add_child(id_f), f2 = add_child(id_f), f3 = add_child(id_f);
    add_fgc(f1, "2024-04-01", "2024-04-11", "agreed");
    add_fgc(f2, "2024-04-01", "2024-04-21", "not_agreed");
    long long ref3 = add_fgc(f3, "2024-05-01", "2024-06-05", "none");
    db_exec("INSERT INTO fgc.conferences (referral_id, kind, held_on) VALUES ($1, 'initial', "
            "'2024-06-20')",
            tfmt("%lld", ref3), NULL);
    add_cla(f2, "2024-07-01", "S", "C2", "", "");
}

static int setup(void **state)
{
    test_env_load();
    srand((unsigned)getpid());
    load_fixtures();
    scratch_free_all();
    return 0;
}

/* ---- Reading results ---- */

/* GET path as who, expecting 200; returns the body. */
static json_t *get_ok(const char *who, const char *path)
{
    struct http_response *r = http("GET", path, token_of(who), NULL);
    if (r->status != 200)
        fail_msg("GET %s as %s answered %ld: %s", path, who, r->status, r->body);
    return r->json;
}

static json_t *value_of(const char *indicator, const char *query)
{
    return get_ok("manager1", tfmt("/api/v1/indicators/%s?%s", indicator, query));
}

/* A JSON number equal to expected (to 1e-9), or the string "c" when expected is NAN. */
#define expect_number(json, expected) expect_number_at((json), (expected), __FILE__, __LINE__)
static void expect_number_at(const json_t *v, double expected, const char *file, int line)
{
    if (isnan(expected)) {
        if (!json_is_string(v) || strcmp(json_string_value(v), "c") != 0)
            fail_msg("%s:%d: expected \"c\", got %s", file, line,
                     v ? json_dumps(v, JSON_ENCODE_ANY) : "nothing");
        return;
    }
    if (!json_is_number(v) || fabs(json_number_value(v) - expected) > 1e-9)
        fail_msg("%s:%d: expected %g, got %s", file, line, expected,
                 v ? json_dumps(v, JSON_ENCODE_ANY) : "nothing");
}

#define SUPPRESSED NAN

/* Percent-encodes everything but letters, digits and -._~ (for a query-string value). */
static const char *url_encode(const char *s)
{
    char *out = scratch_keep(malloc(strlen(s) * 3 + 1), free);
    char *o = out;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || strchr("-._~", c))
            *o++ = (char)c;
        else
            o += sprintf(o, "%%%02X", c);
    }
    *o = '\0';
    return out;
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

/* ---- Tests: looked after ---- */

static void test_cla_at_a_date_edges(void **state)
{
    json_t *b = value_of("cla_count", tfmt("area=%s&at=2025-03-31", ca));
    expect_number(member(b, "value"), 3);
    expect_number(member(b, "numerator"), 3);
    assert_string_equal(json_string_value(member(b, "at")), "2025-03-31");
    assert_string_equal(json_string_value(member(b, "area.code")), ca);

    b = value_of("cla_count", tfmt("area=%s&at=2025-03-30", ca));
    expect_number(member(b, "value"), 3);

    /* year=2025 is the snapshot at 31 March 2025. */
    b = value_of("cla_count", tfmt("area=%s&year=2025", ca));
    expect_number(member(b, "value"), 3);
    assert_string_equal(json_string_value(member(b, "at")), "2025-03-31");

    /* Before c1 and c3's second episode, after c6's second, while c5's two episodes overlap:
     * c2, c3, c5 (once) on 01/01/2025. */
    b = value_of("cla_count", tfmt("area=%s&at=2025-01-01", ca));
    expect_number(member(b, "value"), 3);
    /* 01/06/2024: c2, c3, c5 (c6 ceased that day; c4 is a short break). */
    b = value_of("cla_count", tfmt("area=%s&at=2024-06-01", ca));
    expect_number(member(b, "value"), 3);
    /* 31/05/2024: c2, c3, c5, c6. */
    b = value_of("cla_count", tfmt("area=%s&at=2024-05-31", ca));
    expect_number(member(b, "value"), 4);
}

static void test_cla_starts_and_ceased(void **state)
{
    json_t *b = value_of("cla_starts", tfmt("area=%s&year=2025", ca));
    expect_number(member(b, "value"), 3);
    assert_string_equal(json_string_value(member(b, "period.from")), "2024-04-01");
    assert_string_equal(json_string_value(member(b, "period.to")), "2025-03-31");

    b = value_of("cla_ceased", tfmt("area=%s&year=2025", ca));
    expect_number(member(b, "value"), 2);

    /* c6 started twice in 2024-25, once in each period here. */
    b = value_of("cla_starts", tfmt("area=%s&from=2024-04-01&to=2024-04-30", ca));
    expect_number(member(b, "value"), 1);
    b = value_of("cla_starts", tfmt("area=%s&from=2024-07-01&to=2024-08-31", ca));
    expect_number(member(b, "value"), 1);
    /* The X1 end of c3 and c5's X1 are not ceasings: only c2 in February and March 2025. */
    b = value_of("cla_ceased", tfmt("area=%s&from=2025-02-01&to=2025-03-31", ca));
    expect_number(member(b, "value"), 1);
}

static void test_cla_rate_population_year_and_vintage(void **state)
{
    /* 3 / 2,400 x 10,000 = 12.5: half up to 13 (half to even would give 12). */
    json_t *b = value_of("cla_rate_per_10k", tfmt("area=%s&year=2025", ca));
    expect_number(member(b, "value"), 13);
    expect_number(member(b, "numerator"), 3);
    expect_number(member(b, "denominator"), 2400);
    expect_number(member(b, "population.year"), 2024);
    expect_number(member(b, "population.value"), 2400);
    assert_string_equal(json_string_value(member(b, "population.vintage")), "mid-2024 revised");

    /* 31/03/2024 is in 2023-24: the 2023 estimate. c2, c5 = 2 / 5,000 x 10,000 = 4. */
    b = value_of("cla_rate_per_10k", tfmt("area=%s&at=2024-03-31", ca));
    expect_number(member(b, "population.year"), 2024 - 1);
    expect_number(member(b, "population.value"), 5000);
    expect_number(member(b, "value"), 4);

    /* 06/04/2025 is in 2025-26, which wants mid-2025: not loaded, so the latest earlier
     * estimate, 2024, is used and the response says so; the same for 2026-27. */
    b = value_of("cla_rate_per_10k", tfmt("area=%s&at=2025-04-06", ca));
    expect_number(member(b, "population.year"), 2024);
    b = value_of("cla_rate_per_10k", tfmt("area=%s&at=2026-04-06", ca));
    expect_number(member(b, "population.year"), 2024);

    /* A cluster without any estimate: no rate, no population. */
    b = value_of("cla_rate_per_10k", tfmt("area=%s&year=2025", cf));
    assert_true(json_is_null(member(b, "value")));
    assert_true(json_is_null(member(b, "population")));
}

static void test_rounding_half_up_is_exact(void **state)
{
    /* England 2025: 81,770 / 12,183,016 x 10,000 = 67.118... -> 67. */
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(81770, 12183016, 10000, 0)::text", NULL),
                        "67");
    /* 3 / 20,000 x 10,000 = 1.5 -> 2; 25 / 200,000 x 10,000 = 1.25 -> 1. */
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(3, 20000, 10000, 0)::text", NULL), "2");
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(25, 200000, 10000, 0)::text", NULL), "1");
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(1, 8000, 10000, 1)::text", NULL), "1.3");
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(1, 3, 100, 1)::text", NULL), "33.3");
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(2, 3, 100, 1)::text", NULL), "66.7");
    assert_string_equal(db_text("SELECT fgc.ratio_half_up(1, 0, 100, 1) IS NULL", NULL), "t");
    assert_string_equal(db_text("SELECT fgc.round10(5)::text || ',' || fgc.round10(4)::text || "
                                "',' || fgc.round10(15)::text",
                                NULL),
                        "10,0,20");
}

/* ---- Tests: in need and protection ---- */

static void test_cin_at_a_date_edges(void **state)
{
    json_t *b = value_of("cin_count", tfmt("area=%s&at=2025-03-31", ca));
    expect_number(member(b, "value"), 2);
    b = value_of("cin_count", tfmt("area=%s&at=2025-03-30", ca));
    expect_number(member(b, "value"), 2);
    /* 01/10/2024: k2 (referred that day) and k3 = 2. */
    b = value_of("cin_count", tfmt("area=%s&at=2024-10-01", ca));
    expect_number(member(b, "value"), 2);
    /* 30/09/2024: k3 only. */
    b = value_of("cin_count", tfmt("area=%s&at=2024-09-30", ca));
    expect_number(member(b, "value"), 1);

    b = value_of("cin_rate_per_10k", tfmt("area=%s&year=2025", cb));
    expect_number(member(b, "value"), 1.3);
    expect_number(member(b, "numerator"), 1);
    expect_number(member(b, "denominator"), 8000);
}

static void test_cpp(void **state)
{
    json_t *b = value_of("cpp_count", tfmt("area=%s&year=2025", cb));
    expect_number(member(b, "value"), 3);
    b = value_of("cpp_rate_per_10k", tfmt("area=%s&year=2025", cb));
    expect_number(member(b, "value"), 3.8);
    b = value_of("cpp_starts", tfmt("area=%s&year=2025", cb));
    expect_number(member(b, "value"), 4);
    b = value_of("cpp_subsequent_pct", tfmt("area=%s&year=2025", cb));
    expect_number(member(b, "value"), 50.0);
    expect_number(member(b, "numerator"), 2);
    expect_number(member(b, "denominator"), 4);
}

static void test_referrals_and_re_referrals(void **state)
{
    json_t *b = value_of("referrals", tfmt("area=%s&year=2025", cc));
    expect_number(member(b, "value"), 5);
    b = value_of("re_referrals_12m", tfmt("area=%s&year=2025", cc));
    expect_number(member(b, "value"), 3);
    b = value_of("re_referral_rate_12m", tfmt("area=%s&year=2025", cc));
    expect_number(member(b, "value"), 60.0);
    expect_number(member(b, "numerator"), 3);
    expect_number(member(b, "denominator"), 5);
    b = value_of("re_referrals_dv_12m", tfmt("area=%s&year=2025", cc));
    expect_number(member(b, "value"), 1);
    b = value_of("re_referral_rate_dv_12m", tfmt("area=%s&year=2025", cc));
    expect_number(member(b, "value"), 100.0);

    /* The edge itself: 15/06/2024 (exactly 12 months) counts, 16/06/2024 does not. */
    b = value_of("re_referrals_12m", tfmt("area=%s&from=2024-06-15&to=2024-06-15", cc));
    expect_number(member(b, "value"), 1);
    b = value_of("re_referrals_12m", tfmt("area=%s&from=2024-06-16&to=2024-06-16", cc));
    expect_number(member(b, "value"), 0);
    b = value_of("referrals", tfmt("area=%s&from=2024-06-16&to=2024-06-16", cc));
    expect_number(member(b, "value"), 1);
    /* 29 February + 12 months. */
    b = value_of("re_referrals_12m", tfmt("area=%s&from=2025-02-28&to=2025-02-28", cc));
    expect_number(member(b, "value"), 1);
}

/* ---- Tests: areas, groups and the rest ---- */

static void test_authority_counts_its_clusters(void **state)
{
    /* L1 on 31/03/2025: 3 looked after (all in A), 3 in need (A 2 + B 1). */
    json_t *b = value_of("cla_count", tfmt("area=%s&year=2025", l1));
    expect_number(member(b, "value"), 3);
    b = value_of("cin_count", tfmt("area=%s&year=2025", l1));
    expect_number(member(b, "value"), 3);
    /* 3 / 20,000 x 10,000 = 1.5 -> 2. */
    b = value_of("cla_rate_per_10k", tfmt("area=%s&year=2025", l1));
    expect_number(member(b, "value"), 2);
    expect_number(member(b, "population.value"), 20000);
}

static void test_area_groups_crud(void **state)
{
    const char *name = uniq("Targeted clusters");
    struct http_response *r =
        http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:[I,I]}", "name", name, "description",
                             "A and B of the indicator tests", "cluster_ids", (json_int_t)id_a,
                             (json_int_t)id_b)));
    expect_status(r, 201);
    group_ab = body_int(r, "id");
    assert_true(group_ab > 0);
    assert_string_equal(body_str(r, "local_authority"), l1);
    assert_int_equal(json_array_size(body_get(r, "clusters")), 2);
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/area-groups/%lld", group_ab));
    const char *etag = etag_of(r);

    /* Only administrators make groups; indicator readers may read them. */
    r = http("POST", "/api/v1/area-groups", token_of("manager1"),
             jtext(json_pack("{s:s, s:[I]}", "name", uniq("G"), "cluster_ids", (json_int_t)id_a)));
    expect_problem(r, 403);
    r = http("GET", tfmt("/api/v1/area-groups/%lld", group_ab), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "name"), name);
    r = http("GET", "/api/v1/area-groups?limit=200", token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_true(json_is_array(body_get(r, "items")));

    /* Clusters of two authorities, an authority, or a name of digits are refused. */
    r = http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:[I,I]}", "name", uniq("Mixed"), "cluster_ids",
                             (json_int_t)id_a, (json_int_t)id_f)));
    expect_field_error(r, 422, "cluster_ids");
    r = http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:[I]}", "name", uniq("Authority"), "cluster_ids",
                             (json_int_t)id_l1)));
    expect_field_error(r, 422, "cluster_ids");
    r = http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:[I]}", "name", "12345", "cluster_ids", (json_int_t)id_a)));
    expect_field_error(r, 422, "name");
    /* The same name again is a conflict. */
    r = http("POST", "/api/v1/area-groups", token_of("admin"),
             jtext(json_pack("{s:s, s:[I]}", "name", name, "cluster_ids", (json_int_t)id_a)));
    expect_problem(r, 409);

    /* Changing it needs the current version. */
    r = http("PATCH", tfmt("/api/v1/area-groups/%lld", group_ab), token_of("admin"),
             "{\"description\": \"changed\"}");
    expect_problem(r, 428);
    r = http("PATCH", tfmt("/api/v1/area-groups/%lld", group_ab), token_of("admin"),
             "{\"description\": \"changed\"}", "If-Match: \"99\"");
    expect_problem(r, 412);
    r = http("PATCH", tfmt("/api/v1/area-groups/%lld", group_ab), token_of("admin"),
             jtext(json_pack("{s:s, s:[I,I]}", "description", "A and B", "cluster_ids",
                             (json_int_t)id_b, (json_int_t)id_a)),
             tfmt("If-Match: %s", etag));
    expect_status(r, 200);
    assert_string_equal(body_str(r, "description"), "A and B");
    assert_int_equal(body_int(r, "version"), 2);

    r = http("GET", "/api/v1/area-groups/999999999", token_of("admin"), NULL);
    expect_problem(r, 404);
}

static void test_group_and_rest_of_authority(void **state)
{
    if (!group_ab)
        test_area_groups_crud(state);
    /* Group A+B in need on 31/03/2025: A 2 + B 1 = 3; the rest of L1 (C, whose referrals are
     * all closed by then): 0. Population of the group: 2,400 + 8,000 = 10,400; of the rest:
     * 20,000 - 10,400 = 9,600. Rates: 3 / 10,400 x 10,000 = 2.88... -> 2.9; 0. */
    json_t *b = value_of("cin_rate_per_10k", tfmt("group=%lld&compare=rest&year=2025", group_ab));
    expect_number(member(b, "value"), 2.9);
    expect_number(member(b, "numerator"), 3);
    expect_number(member(b, "population.value"), 10400);
    assert_string_equal(json_string_value(member(b, "area.kind")), "group");
    expect_number(member(b, "compare.value"), 0);
    expect_number(member(b, "compare.population.value"), 9600);
    assert_string_equal(json_string_value(member(b, "compare.area.kind")), "rest");

    /* By name too, and a cluster can be compared with the rest of its authority: A's 3 looked
     * after against none elsewhere. */
    json_t *g = get_ok("admin", tfmt("/api/v1/area-groups/%lld", group_ab));
    b = get_ok("manager1", tfmt("/api/v1/indicators/cla_count?year=2025&group=%s",
                                url_encode(json_string_value(json_object_get(g, "name")))));
    expect_number(member(b, "value"), 3);
    b = value_of("cla_count", tfmt("area=%s&compare=rest&year=2025", ca));
    expect_number(member(b, "value"), 3);
    expect_number(member(b, "compare.value"), 0);

    struct http_response *r =
        http("GET", tfmt("/api/v1/indicators/cla_count?area=%s&compare=rest", l1),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "compare");
    r = http("GET", "/api/v1/indicators/cla_count?group=no-such-group", token_of("manager1"), NULL);
    expect_field_error(r, 422, "group");
}

/* ---- Tests: disclosure control ---- */

static void test_suppression_primary_and_secondary(void **state)
{
    /* Referrals in 2024-25: X 3 (1 to 5: c), Y 8, Z 12, none at authority level. Exactly one
     * is suppressed, so the next smallest non-zero, Y, is suppressed too; Z stays. */
    json_t *b =
        get_ok("manager1", tfmt("/api/v1/indicators/referrals/series?area=%s&areas=all-clusters&"
                                "period=year&from=2024-04-01&to=2025-03-31&suppress=true",
                                l2));
    json_t *series = member(b, "series");
    assert_int_equal(json_array_size(series), 4); /* X, Y, Z and "not assigned to a cluster" */
    double expected[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < 4; i++) {
        json_t *s = json_array_get(series, i);
        const char *code = json_string_value(member(s, "area.code"));
        json_t *points = member(s, "points");
        assert_int_equal(json_array_size(points), 1);
        json_t *p = json_array_get(points, 0);
        if (strcmp(code, cx) == 0 || strcmp(code, cy) == 0) {
            expected[i] = SUPPRESSED;
            assert_true(json_is_true(member(p, "suppressed")));
        } else if (strcmp(code, cz) == 0) {
            expected[i] = 12;
        } else {
            assert_string_equal(code, l2);
            expected[i] = 0;
        }
        expect_number(member(p, "value"), expected[i]);
        expect_number(member(p, "numerator"), expected[i]);
    }

    /* Without suppression everything shows; round10 rounds the counts: 3 -> 0, 8 -> 10, 12 -> 10,
     * and the authority's 23 -> 20. */
    b = value_of("referrals", tfmt("area=%s&year=2025&round10=true", cx));
    expect_number(member(b, "value"), 0);
    b = value_of("referrals", tfmt("area=%s&year=2025&round10=true", cy));
    expect_number(member(b, "value"), 10);
    b = value_of("referrals", tfmt("area=%s&year=2025&round10=true", l2));
    expect_number(member(b, "value"), 20);
    b = value_of("referrals", tfmt("area=%s&year=2025", l2));
    expect_number(member(b, "value"), 23);
    /* round10 and suppress together: X is c, Z 12 -> 10. */
    b = value_of("referrals", tfmt("area=%s&year=2025&round10=true&suppress=true", cz));
    expect_number(member(b, "value"), 10);
    b = value_of("referrals", tfmt("area=%s&year=2025&round10=true&suppress=true", cx));
    expect_number(member(b, "value"), SUPPRESSED);
}

static void test_suppression_of_derived_values(void **state)
{
    /* A's 3 looked after is 1 to 5, so its rate is suppressed too; the population is public. */
    json_t *b = value_of("cla_rate_per_10k", tfmt("area=%s&year=2025&suppress=true", ca));
    expect_number(member(b, "value"), SUPPRESSED);
    expect_number(member(b, "numerator"), SUPPRESSED);
    expect_number(member(b, "denominator"), 2400);
    assert_true(json_is_true(member(b, "suppressed")));
    assert_true(json_is_true(member(b, "disclosure_control")));

    /* A percentage with a denominator of 1 to 5 is suppressed. */
    b = value_of("re_referral_rate_12m", tfmt("area=%s&year=2025&suppress=true", cc));
    expect_number(member(b, "value"), SUPPRESSED);
    expect_number(member(b, "denominator"), SUPPRESSED);

    /* With compare=rest, the pair adds up to the authority: A's 3 is c, and the rest (0, the
     * only other) is suppressed as well. */
    b = value_of("cla_count", tfmt("area=%s&compare=rest&year=2025&suppress=true", ca));
    expect_number(member(b, "value"), SUPPRESSED);
    expect_number(member(b, "compare.value"), SUPPRESSED);

    /* Zero is not disclosive on its own. */
    b = value_of("cla_count", tfmt("area=%s&year=2025&suppress=true", cc));
    expect_number(member(b, "value"), 0);
}

/* ---- Tests: series equal point values ---- */

static void expect_weekly_matches_points(const char *indicator, const char *area, const char *from,
                                         const char *to)
{
    json_t *b = get_ok("manager1", tfmt("/api/v1/indicators/%s/series?area=%s&from=%s&to=%s",
                                        indicator, area, from, to));
    assert_string_equal(json_string_value(member(b, "period")), "week");
    json_t *points = member(b, "points");
    assert_true(json_array_size(points) >= 2);
    size_t i;
    json_t *p;
    json_array_foreach(points, i, p)
    {
        const char *start = json_string_value(member(p, "period_start"));
        const char *end = json_string_value(member(p, "period_end"));
        /* ISO weeks: Monday to Sunday. */
        assert_string_equal(db_text("SELECT extract(isodow FROM $1::date)::text || "
                                    "extract(isodow FROM $2::date)::text || ($2::date - "
                                    "$1::date)::text",
                                    start, end, NULL),
                            "176");
        json_t *v;
        if (strcmp(db_text("SELECT kind FROM fgc.indicators WHERE id = $1", indicator, NULL),
                   "snapshot") == 0)
            v = value_of(indicator, tfmt("area=%s&at=%s", area, end));
        else
            v = value_of(indicator, tfmt("area=%s&from=%s&to=%s", area, start, end));
        if (!json_equal(member(v, "value"), member(p, "value")))
            fail_msg("%s %s week %s..%s: series %s, point %s", indicator, area, start, end,
                     json_dumps(member(p, "value"), JSON_ENCODE_ANY),
                     json_dumps(member(v, "value"), JSON_ENCODE_ANY));
    }
}

static void test_weekly_series_equals_point_values(void **state)
{
    /* The weeks around the 31 March edges, a year end and the X1 change. */
    expect_weekly_matches_points("cla_count", ca, "2025-03-17", "2025-04-13");
    expect_weekly_matches_points("cla_count", ca, "2024-03-25", "2024-06-16");
    expect_weekly_matches_points("cla_count", l1, "2024-11-25", "2025-02-09");
    expect_weekly_matches_points("cin_count", ca, "2024-09-16", "2024-10-13");
    expect_weekly_matches_points("cin_count", l1, "2025-03-17", "2025-04-13");
    expect_weekly_matches_points("cpp_count", cb, "2025-03-17", "2025-04-13");
    expect_weekly_matches_points("cla_rate_per_10k", ca, "2025-03-17", "2025-04-13");
    expect_weekly_matches_points("cla_starts", ca, "2024-03-25", "2024-04-21");
    expect_weekly_matches_points("re_referrals_12m", cc, "2024-06-03", "2024-06-23");
}

static void test_series_periods(void **state)
{
    /* Reporting years: 2023-24 and 2024-25, snapshots on 31 March. */
    json_t *b = get_ok("manager1", tfmt("/api/v1/indicators/cla_count/series?area=%s&period=year&"
                                        "from=2023-04-01&to=2025-03-31",
                                        ca));
    json_t *points = member(b, "points");
    assert_int_equal(json_array_size(points), 2);
    assert_string_equal(json_string_value(member(json_array_get(points, 1), "period_start")),
                        "2024-04-01");
    assert_string_equal(json_string_value(member(json_array_get(points, 1), "period_end")),
                        "2025-03-31");
    expect_number(member(json_array_get(points, 0), "value"), 2); /* c2, c5 on 31/03/2024 */
    expect_number(member(json_array_get(points, 1), "value"), 3);

    /* Quarters of 2024-25: starts c6 + c3 in April to June, c6 in July to September, none in
     * October to December, c1 in January to March. */
    b = get_ok("manager1", tfmt("/api/v1/indicators/cla_starts/series?area=%s&period=quarter&"
                                "from=2024-04-01&to=2025-03-31",
                                ca));
    points = member(b, "points");
    assert_int_equal(json_array_size(points), 4);
    double starts[4] = {2, 1, 0, 1};
    for (size_t i = 0; i < 4; i++)
        expect_number(member(json_array_get(points, i), "value"), starts[i]);

    /* Months: the monthly referrals of C add up to the year's 5. */
    b = get_ok("manager1", tfmt("/api/v1/indicators/referrals/series?area=%s&period=month&"
                                "from=2024-04-01&to=2025-03-31",
                                cc));
    points = member(b, "points");
    assert_int_equal(json_array_size(points), 12);
    double total = 0;
    for (size_t i = 0; i < 12; i++)
        total += json_number_value(member(json_array_get(points, i), "value"));
    assert_true(fabs(total - 5) < 1e-9);

    /* Every cluster of L1 in one call, plus the children known only to the authority. */
    b = get_ok("manager1", tfmt("/api/v1/indicators/cla_count/series?area=%s&areas=all-clusters&"
                                "from=2025-03-24&to=2025-03-31",
                                l1));
    assert_int_equal(json_array_size(member(b, "series")), 4);
    assert_string_equal(json_string_value(member(b, "area.code")), l1);

    struct http_response *r =
        http("GET", tfmt("/api/v1/indicators/cla_count/series?area=%s&areas=all-clusters", ca),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "area");
    r = http("GET",
             tfmt("/api/v1/indicators/cla_count/series?area=%s&from=1990-01-01&to=2025-01-01", ca),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "from");
    r = http("GET", tfmt("/api/v1/indicators/cla_count/series?area=%s&period=fortnight", ca),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "period");
}

/* ---- Tests: FGC measures ---- */

static void test_fgc_measures(void **state)
{
    json_t *b = value_of("fgc_conferences_held", tfmt("area=%s&year=2025", cf));
    expect_number(member(b, "value"), 3);
    b = value_of("fgc_referrals", tfmt("area=%s&year=2025", cf));
    expect_number(member(b, "value"), 3);
    b = value_of("fgc_days_referral_to_conference", tfmt("area=%s&year=2025", cf));
    expect_number(member(b, "value"), 20.0);
    expect_number(member(b, "denominator"), 3);
    b = value_of("fgc_plans_agreed_pct", tfmt("area=%s&year=2025", cf));
    expect_number(member(b, "value"), 50.0);
    expect_number(member(b, "denominator"), 2);
    b = value_of("fgc_at_home_6m_pct", tfmt("area=%s&year=2025", cf));
    expect_number(member(b, "value"), 66.7);
    expect_number(member(b, "numerator"), 2);
    expect_number(member(b, "denominator"), 3);
    b = value_of("fgc_at_home_12m_pct", tfmt("area=%s&from=2025-04-01&to=2025-06-30", cf));
    expect_number(member(b, "value"), 66.7);
    b = value_of("fgc_entered_care_12m_pct", tfmt("area=%s&from=2025-04-01&to=2025-06-30", cf));
    expect_number(member(b, "value"), 33.3);
    /* 12-month follow-ups are not due in 2024-25. */
    b = value_of("fgc_at_home_12m_pct", tfmt("area=%s&year=2025", cf));
    assert_true(json_is_null(member(b, "value")));
    expect_number(member(b, "denominator"), 0);
}

/* ---- Tests: the catalogue and who may read what ---- */

static void test_catalogue_and_roles(void **state)
{
    json_t *b = get_ok("trainer1", "/api/v1/indicators");
    json_t *items = member(b, "items");
    const char *required[] = {"cla_count",
                              "cla_rate_per_10k",
                              "cla_starts",
                              "cla_ceased",
                              "cin_count",
                              "cin_rate_per_10k",
                              "cpp_count",
                              "cpp_rate_per_10k",
                              "cpp_starts",
                              "cpp_subsequent_pct",
                              "referrals",
                              "re_referrals_12m",
                              "re_referral_rate_12m",
                              "re_referrals_dv_12m",
                              "fgc_referrals",
                              "fgc_conferences_held",
                              "fgc_plans_agreed_pct",
                              "fgc_days_referral_to_conference",
                              "fgc_at_home_6m_pct",
                              "fgc_at_home_12m_pct",
                              "fgc_entered_care_12m_pct"};
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        bool found = false;
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            if (strcmp(json_string_value(member(item, "id")), required[k]) != 0)
                continue;
            found = true;
            assert_non_null(json_string_value(member(item, "definition")));
            assert_non_null(strstr(json_string_value(member(item, "source")), "http"));
            assert_true(json_is_false(member(item, "readable"))); /* for a trainer */
        }
        if (!found)
            fail_msg("the catalogue has no %s", required[k]);
    }

    /* Trainers read the catalogue, not case indicators. */
    struct http_response *r =
        http("GET", tfmt("/api/v1/indicators/cla_count?area=%s", ca), token_of("trainer1"), NULL);
    expect_problem(r, 403);
    r = http("GET", tfmt("/api/v1/indicators/cla_count/series?area=%s", ca), token_of("trainer1"),
             NULL);
    expect_problem(r, 403);
    r = http("GET", "/api/v1/area-groups", token_of("trainer1"), NULL);
    expect_problem(r, 403);

    /* Social workers see aggregates, always with disclosure control. */
    b = get_ok("sw1", tfmt("/api/v1/indicators/cla_count?area=%s&year=2025", ca));
    assert_true(json_is_true(member(b, "disclosure_control")));
    expect_number(member(b, "value"), SUPPRESSED);
    b = get_ok("analyst1", tfmt("/api/v1/indicators/cla_count?area=%s&year=2025", ca));
    expect_number(member(b, "value"), 3);
    b = get_ok("coord1", tfmt("/api/v1/indicators/cla_count?area=%s&year=2025", ca));
    expect_number(member(b, "value"), 3);

    r = http("GET", "/api/v1/indicators/no_such_indicator?area=E08000035", token_of("manager1"),
             NULL);
    expect_problem(r, 404);
    r = http("GET", tfmt("/api/v1/indicators/cla_count?area=%s&at=2025-02-30", ca),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "at");
    r = http("GET", tfmt("/api/v1/indicators/cla_count?area=%s&at=2025-03-31&year=2025", ca),
             token_of("manager1"), NULL);
    expect_field_error(r, 422, "at");
    r = http("GET", "/api/v1/indicators/cla_count", token_of("manager1"), NULL);
    expect_field_error(r, 422, "area");
    r = http("GET", "/api/v1/indicators/cla_count?area=NO-SUCH-AREA", token_of("manager1"), NULL);
    expect_field_error(r, 422, "area");
}

/*
 * The episode tables carry their child's areas (migrations/0018_episode_areas.sql). Authority
 * L4 with clusters P and Q (their own, so no other figure moves), and authority L5 with
 * cluster R: one child in P looked after, in need and on a plan on 31/03/2025, with a referral
 * in the year. Moving the child to Q moves all four counts to Q (a child counts in their
 * current area on every date); moving them to R moves them to another authority. A row written
 * straight into a current table without areas gets them from the child.
 */
static void expect_counts_in(const char *area, double n)
{
    static const char *const indicators[] = {"cla_count", "cin_count", "cpp_count", "referrals"};
    for (size_t i = 0; i < sizeof indicators / sizeof *indicators; i++) {
        json_t *b = value_of(indicators[i], tfmt("area=%s&year=2025", area));
        if (!json_is_number(member(b, "value")) || json_number_value(member(b, "value")) != n)
            fail_msg("%s in %s: expected %g, got %s", indicators[i], area, n,
                     json_dumps(member(b, "value"), JSON_ENCODE_ANY));
    }
}

static void test_moving_child_moves_episodes(void **state)
{
    char l4[16], cp[40], cq[40], l5[16], cr[40];
    long long id_l4 = add_area(l4, sizeof l4, "local_authority", 0);
    long long id_p = add_area(cp, sizeof cp, "cluster", id_l4);
    long long id_q = add_area(cq, sizeof cq, "cluster", id_l4);
    long long id_l5 = add_area(l5, sizeof l5, "local_authority", 0);
    long long id_r = add_area(cr, sizeof cr, "cluster", id_l5);
    long long k = add_child(id_p);
    add_cla(k, "2024-06-01", "S", "C2", "", "");
    add_cin(k, "2024-05-01", "", false, false);
    add_cpp(k, "2024-07-01", "", 0);

    expect_counts_in(cp, 1);
    expect_counts_in(cq, 0);
    expect_counts_in(l4, 1);

    db_exec("UPDATE fgc.children SET area_id = $1 WHERE id = $2", tfmt("%lld", id_q),
            tfmt("%lld", k), NULL);
    expect_counts_in(cp, 0);
    expect_counts_in(cq, 1);
    expect_counts_in(l4, 1);

    db_exec("UPDATE fgc.children SET area_id = $1 WHERE id = $2", tfmt("%lld", id_r),
            tfmt("%lld", k), NULL);
    expect_counts_in(cq, 0);
    expect_counts_in(l4, 0);
    expect_counts_in(cr, 1);
    expect_counts_in(l5, 1);
    if (db_count("SELECT count(*) FROM fgc.cla_episodes WHERE child_id = $1 AND area_id = $2 "
                 "AND local_authority_id = $3",
                 tfmt("%lld", k), tfmt("%lld", id_r), tfmt("%lld", id_l5), NULL) != 1)
        fail_msg("the looked-after episode did not follow the child to R");

    /* Written straight into the current table, as the demo loader's bulk path does. */
    long long k2 = add_child(id_p);
    add_cin(k2, "2024-09-01", "", false, false);
    db_exec("DELETE FROM fgc.cin_episodes WHERE child_id = $1", tfmt("%lld", k2), NULL);
    db_exec("INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date, "
            "referral_nfa, domestic_abuse, source) "
            "SELECT r.episode_id, r.id, r.child_id, r.referral_date, false, false, 'demo' "
            "FROM fgc.cin_episode_records r WHERE r.child_id = $1",
            tfmt("%lld", k2), NULL);
    json_t *b = value_of("cin_count", tfmt("area=%s&year=2025", cp));
    expect_number(member(b, "value"), 1);
    (void)id_l5;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_catalogue_and_roles),
        TEST(test_cla_at_a_date_edges),
        TEST(test_cla_starts_and_ceased),
        TEST(test_cla_rate_population_year_and_vintage),
        TEST(test_rounding_half_up_is_exact),
        TEST(test_cin_at_a_date_edges),
        TEST(test_cpp),
        TEST(test_referrals_and_re_referrals),
        TEST(test_authority_counts_its_clusters),
        TEST(test_area_groups_crud),
        TEST(test_group_and_rest_of_authority),
        TEST(test_suppression_primary_and_secondary),
        TEST(test_suppression_of_derived_values),
        TEST(test_weekly_series_equals_point_values),
        TEST(test_series_periods),
        TEST(test_fgc_measures),
        TEST(test_moving_child_moves_episodes),
    };
    int failed = cmocka_run_group_tests_name("integration: indicators", tests, setup, NULL);
    test_cleanup();
    return failed;
}
