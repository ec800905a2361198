/* Integration tests of the unit costs (GET, PUT and DELETE /api/v1/unit-costs) and the cost-benefit
 * answer at them. */
#include "fixtures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Unit costs are one set for the whole service, so this program leaves none stored when it
 * ends (CTest runs it under the same RESOURCE_LOCK as the cost-benefit tests, which expect the
 * configured defaults: 76, 76 and 646 pounds a week, config/fgcd.conf.example).
 *
 * The cost-benefit fixture, in SQL as in test_cost_benefit.c: this program's own authority with
 * one cluster K. F1 (FGC) referred 01/05/2023, conference 11/05/2023; its child is in need
 * 11/05/2023 to 20/07/2023 and looked after 06/07/2023 to 10/08/2023: 8 weeks only in need and
 * 5 looked after. C1 (comparison, the same stratum) declined; its child is on a plan for 16
 * weeks of the window and only in need for 36.
 */

static char ck[40];
static long long id_k;

static long long add_area(char *code_out, size_t len, const char *kind, long long parent)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const char *code = strcmp(kind, "local_authority") == 0
                               ? uniq_la_code()
                               : tfmt("UC-%d-%04u", (int)getpid(), test_random() % 10000);
        const char *id = db_text("INSERT INTO fgc.areas (code, name, kind, parent_id) "
                                 "VALUES ($1, $2, $3, NULLIF($4, '0')::bigint) "
                                 "ON CONFLICT (code) DO NOTHING RETURNING id::text",
                                 code, uniq("Unit cost area"), kind, tfmt("%lld", parent), NULL);
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

static long long add_referral(long long child, const char *status, const char *declined_on)
{
    long long id = db_count(
        "INSERT INTO fgc.referrals (child_id, referred_on, referral_stage, reason, status, "
        "declined_on, decline_reason) VALUES ($1, '2023-05-01', 'child_in_need', 'Unit cost "
        "test', $2, NULLIF($3, '')::date, CASE WHEN $2 = 'declined' THEN 'family_declined' END) "
        "RETURNING id",
        tfmt("%lld", child), status, declined_on);
    db_exec("INSERT INTO fgc.referral_children (referral_id, child_id) VALUES ($1, $2)",
            tfmt("%lld", id), tfmt("%lld", child), NULL);
    return id;
}

static void load_fixtures(void)
{
    char l[16];
    long long la = add_area(l, sizeof l, "local_authority", 0);
    id_k = add_area(ck, sizeof ck, "cluster", la);

    long long a = add_child();
    long long f1 = add_referral(a, "referred", "");
    db_exec("INSERT INTO fgc.conferences (referral_id, kind, held_on) VALUES ($1, 'initial', "
            "'2023-05-11')",
            tfmt("%lld", f1), NULL);
    db_exec("INSERT INTO fgc.cin_episode_records (child_id, referral_date, closure_date, "
            "referral_nfa, assessments, source) VALUES ($1, '2023-05-11', '2023-07-20', false, "
            "'[]'::jsonb, 'cin_census')",
            tfmt("%lld", a), NULL);
    db_exec("INSERT INTO fgc.cla_episode_records (child_id, decom, rne, ls, dec, rec, source) "
            "VALUES ($1, '2023-07-06', 'S', 'C2', '2023-08-10', 'E4A', 'ssda903')",
            tfmt("%lld", a), NULL);

    long long b = add_child();
    add_referral(b, "declined", "2023-05-03");
    db_exec("INSERT INTO fgc.cin_episode_records (child_id, referral_date, closure_date, "
            "referral_nfa, assessments, source) VALUES ($1, '2023-03-01', NULL, false, "
            "'[]'::jsonb, 'cin_census')",
            tfmt("%lld", b), NULL);
    db_exec("INSERT INTO fgc.cpp_records (child_id, start_date, end_date, number_of_previous_cpp, "
            "source) VALUES ($1, '2023-04-01', '2023-08-31', 0, 'cin_census')",
            tfmt("%lld", b), NULL);
}

/* Goes back to the configured defaults: removes every stored cost through the API. */
static void reset_costs(void)
{
    static const char *const statuses[] = {"cin", "cpp", "cla"};
    for (size_t i = 0; i < 3; i++) {
        const char *version =
            db_text("SELECT version::text FROM fgc.unit_costs WHERE status = $1", statuses[i]);
        if (!version)
            continue;
        struct http_response *r = http("DELETE", tfmt("/api/v1/unit-costs/%s", statuses[i]),
                                       token_of("admin"), NULL, tfmt("If-Match: \"%s\"", version));
        expect_status(r, 200);
    }
    assert_int_equal(db_count("SELECT count(*) FROM fgc.unit_costs"), 0);
}

static int setup(void **state)
{
    test_env_load();
    load_fixtures();
    reset_costs();
    scratch_free_all();
    return 0;
}

static int teardown(void **state)
{
    reset_costs();
    scratch_free_all();
    return 0;
}

/* The item of the list for status. */
static json_t *item(const struct http_response *r, const char *status)
{
    json_t *items = body_get(r, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        if (strcmp(json_string_value(json_object_get(it, "status")), status) == 0)
            return it;
    }
    fail_msg("no unit cost %s in %s", status, r->body);
    return NULL;
}

static double num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        fail_msg("%s is not a number", key);
    return json_number_value(v);
}

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (!s)
        fail_msg("%s is not text", key);
    return s;
}

static const char *put_body(const char *pounds, const char *source)
{
    return tfmt("{\"pounds_per_week\": %s, \"source\": \"%s\"}", pounds, source);
}

static void test_list_shows_the_configured_defaults(void **state)
{
    struct http_response *r = http("GET", "/api/v1/unit-costs", token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 3);
    assert_string_equal(body_str(r, "currency"), "GBP");
    const char *statuses[] = {"cin", "cpp", "cla"};
    const double defaults[] = {76, 76, 646};
    for (int i = 0; i < 3; i++) {
        json_t *it = json_array_get(body_get(r, "items"), (size_t)i);
        assert_string_equal(str(it, "status"), statuses[i]); /* in this order */
        assert_true(num(it, "pounds_per_week") == defaults[i]);
        assert_true(num(it, "configured_pounds_per_week") == defaults[i]);
        assert_string_equal(str(it, "from"), "configuration");
        assert_non_null(strstr(str(it, "source"), "[costs]"));
        assert_true(json_is_null(json_object_get(it, "version")));
    }
    assert_string_equal(str(item(r, "cla"), "name"), "Looked after");

    /* The cost-benefit readers may read them; others may not. */
    expect_status(http("GET", "/api/v1/unit-costs", token_of("manager1"), NULL), 200);
    expect_status(http("GET", "/api/v1/unit-costs", token_of("analyst1"), NULL), 200);
    expect_problem(http("GET", "/api/v1/unit-costs", token_of("coord1"), NULL), 403);
    expect_problem(http("GET", "/api/v1/unit-costs", token_of("sw1"), NULL), 403);
    expect_problem(http("GET", "/api/v1/unit-costs", token_of("trainer1"), NULL), 403);
    expect_problem(http("GET", "/api/v1/unit-costs", NULL, NULL), 401);
    /* The defaults come from the configuration only. */
    expect_field_error(http("GET", "/api/v1/unit-costs?defaults=1", token_of("admin"), NULL), 422,
                       "defaults");
}

static void test_put_sets_and_if_match_guards(void **state)
{
    const char *source = uniq("Local finance figures 2025-26");
    struct http_response *r =
        http("PUT", "/api/v1/unit-costs/cpp", token_of("admin"), put_body("120.5", source));
    expect_status(r, 201);
    assert_string_equal(etag_of(r), "\"1\"");
    assert_string_equal(http_header(r, "Location"), "/api/v1/unit-costs/cpp");
    assert_string_equal(body_str(r, "from"), "stored");
    assert_string_equal(body_str(r, "source"), source);
    assert_string_equal(body_str(r, "updated_by"), "admin");
    assert_true(num(r->json, "pounds_per_week") == 120.5);
    assert_true(num(r->json, "configured_pounds_per_week") == 76);
    assert_int_equal(body_int(r, "version"), 1);

    /* Once stored, a change must name the version it changes. */
    r = http("PUT", "/api/v1/unit-costs/cpp", token_of("admin"), put_body("130", source));
    expect_problem(r, 428);
    expect_nothing_written(r);
    r = http("PUT", "/api/v1/unit-costs/cpp", token_of("admin"), put_body("130", source),
             "If-Match: \"7\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = http("PUT", "/api/v1/unit-costs/CPP", token_of("admin"), put_body("130", source),
             "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(etag_of(r), "\"2\"");
    assert_true(num(r->json, "pounds_per_week") == 130);
    assert_null(http_header(r, "Location"));

    /* The list shows it, and the audit log has both changes. */
    r = http("GET", "/api/v1/unit-costs", token_of("manager1"), NULL);
    json_t *cpp = item(r, "cpp");
    assert_string_equal(str(cpp, "from"), "stored");
    assert_true(num(cpp, "pounds_per_week") == 130);
    assert_int_equal(json_integer_value(json_object_get(cpp, "version")), 2);
    assert_string_equal(str(item(r, "cin"), "from"), "configuration");
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = 'unit_costs' AND "
                              "entity_id = 'cpp' AND actor_username = 'admin'"),
                     2);

    /* Back to the configured default: If-Match is needed there too. */
    expect_problem(http("DELETE", "/api/v1/unit-costs/cpp", token_of("admin"), NULL), 428);
    expect_problem(
        http("DELETE", "/api/v1/unit-costs/cpp", token_of("admin"), NULL, "If-Match: \"1\""), 412);
    expect_problem(
        http("DELETE", "/api/v1/unit-costs/cpp", token_of("manager1"), NULL, "If-Match: \"2\""),
        403);
    r = http("DELETE", "/api/v1/unit-costs/cpp", token_of("admin"), NULL, "If-Match: \"2\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "from"), "configuration");
    assert_true(num(r->json, "pounds_per_week") == 76);
    assert_true(json_is_null(body_get(r, "version")));
    expect_problem(
        http("DELETE", "/api/v1/unit-costs/cpp", token_of("admin"), NULL, "If-Match: \"2\""), 404);
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = 'unit_costs' AND "
                              "entity_id = 'cpp' AND action = 'delete'"),
                     1);

    /* An If-Match for a stored cost that has gone meanwhile is stale. */
    r = http("PUT", "/api/v1/unit-costs/cpp", token_of("admin"), put_body("90", source),
             "If-Match: \"2\"");
    expect_problem(r, 412);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.unit_costs"), 0);
}

static void test_put_checks_its_input(void **state)
{
    const char *path = "/api/v1/unit-costs/cla";
    expect_problem(http("PUT", path, token_of("manager1"), put_body("700", "Budget")), 403);
    expect_problem(http("PUT", path, token_of("analyst1"), put_body("700", "Budget")), 403);
    expect_problem(http("PUT", "/api/v1/unit-costs/cpv", token_of("admin"), put_body("1", "x")),
                   404);
    expect_field_error(http("PUT", path, token_of("admin"), put_body("-1", "Budget")), 422,
                       "pounds_per_week");
    expect_field_error(http("PUT", path, token_of("admin"), put_body("100000.01", "Budget")), 422,
                       "pounds_per_week");
    expect_field_error(http("PUT", path, token_of("admin"), put_body("645.505", "Budget")), 422,
                       "pounds_per_week");
    expect_field_error(http("PUT", path, token_of("admin"), put_body("\"£646\"", "Budget")), 422,
                       "pounds_per_week");
    expect_field_error(http("PUT", path, token_of("admin"), "{\"source\": \"Budget\"}"), 422,
                       "pounds_per_week");
    expect_field_error(http("PUT", path, token_of("admin"), "{\"pounds_per_week\": 700}"), 422,
                       "source");
    expect_field_error(http("PUT", path, token_of("admin"), put_body("700", "")), 422, "source");
    expect_field_error(http("PUT", path, token_of("admin"),
                            "{\"pounds_per_week\": 700, \"source\": \"B\", \"defaults\": {}}"),
                       422, "defaults");
    expect_problem(http("PUT", tfmt("%s?x=1", path), token_of("admin"), put_body("700", "B")), 400);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.unit_costs"), 0);

    /* Pence are kept: 645.50 is 645.5. */
    struct http_response *r = http("PUT", path, token_of("admin"), put_body("645.50", "Budget"));
    expect_status(r, 201);
    assert_string_equal(db_text("SELECT pounds_per_week::text FROM fgc.unit_costs WHERE status "
                                "= 'cla'"),
                        "645.5");
    reset_costs();
}

static json_t *cost_benefit(void)
{
    struct http_response *r =
        http("GET", tfmt("/api/v1/cost-benefit?area=%s&from=2023-05-11&to=2023-05-11", ck),
             token_of("manager1"), NULL);
    if (r->status != 200)
        fail_msg("cost-benefit answered %ld: %s", r->status, r->body);
    return r->json;
}

static json_t *at(const json_t *obj, const char *a, const char *b)
{
    return json_object_get(json_object_get(obj, a), b);
}

static void test_cost_benefit_uses_the_stored_cost(void **state)
{
    /* With the defaults: F1 costs 8 x 76 + 5 x 646; C1 16 x 76 (plan) + 36 x 76. */
    json_t *b = cost_benefit();
    json_t *costs = json_object_get(b, "unit_costs");
    assert_true(num(costs, "cla_week") == 646);
    assert_string_equal(str(at(costs, "used", "cla_week"), "from"), "configuration");
    assert_true(num(at(b, "fgc", "cost_per_family"), "total") == 8 * 76 + 5 * 646);
    assert_true(num(at(b, "comparison", "cost_per_family"), "total") == 52 * 76);
    assert_true(num(b, "saving_per_family") == 52 * 76 - (8 * 76 + 5 * 646));

    /* An administrator sets the weekly costs of care and of a plan. */
    const char *source = uniq("Fostering budget 2025-26, average weekly cost");
    struct http_response *r =
        http("PUT", "/api/v1/unit-costs/cla", token_of("admin"), put_body("700", source));
    expect_status(r, 201);
    r = http("PUT", "/api/v1/unit-costs/cpp", token_of("admin"), put_body("150.25", "Plan costs"));
    expect_status(r, 201);

    b = cost_benefit();
    costs = json_object_get(b, "unit_costs");
    assert_true(num(costs, "cla_week") == 700);
    assert_true(num(costs, "cpp_week") == 150.25);
    assert_true(num(costs, "cin_week") == 76);
    json_t *cla = at(costs, "used", "cla_week");
    assert_string_equal(str(cla, "from"), "stored");
    assert_string_equal(str(cla, "source"), source);
    assert_string_equal(str(cla, "updated_by"), "admin");
    assert_true(num(cla, "configured") == 646);
    json_t *cin = at(costs, "used", "cin_week");
    assert_string_equal(str(cin, "from"), "configuration");
    assert_non_null(strstr(str(cin, "source"), "cin_week"));
    assert_true(num(at(b, "fgc", "cost_per_family"), "total") == 8 * 76 + 5 * 700);
    assert_true(num(at(b, "fgc", "cost_per_family"), "cla") == 5 * 700);
    /* C1: 16 weeks on a plan at 150.25, 36 in need at 76. */
    assert_true(num(at(b, "comparison", "cost_per_family"), "total") ==
                round(16 * 150.25 + 36 * 76));
    assert_true(num(b, "saving_per_family") == round(16 * 150.25 + 36 * 76) - (8 * 76 + 5 * 700));

    /* Back to the defaults, and so is the answer. */
    reset_costs();
    b = cost_benefit();
    assert_true(num(json_object_get(b, "unit_costs"), "cla_week") == 646);
    assert_true(num(at(b, "fgc", "cost_per_family"), "total") == 8 * 76 + 5 * 646);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_list_shows_the_configured_defaults),
        TEST(test_put_sets_and_if_match_guards),
        TEST(test_put_checks_its_input),
        TEST(test_cost_benefit_uses_the_stored_cost),
    };
    int failed = cmocka_run_group_tests_name("integration: unit costs", tests, setup, teardown);
    test_cleanup();
    return failed;
}
