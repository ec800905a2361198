/* Integration tests of conferences, family plans and plan actions, and their steps. */
#include "fixtures.h"

#include <string.h>

static const char *status_of(long long id)
{
    return db_text("SELECT status FROM fgc.referrals WHERE id = $1", tfmt("%lld", id));
}

static long long conference_rows(long long referral_id)
{
    return db_count("SELECT count(*) FROM fgc.conferences WHERE referral_id = $1",
                    tfmt("%lld", referral_id));
}

static long long plan_rows(long long referral_id)
{
    return db_count("SELECT count(*) FROM fgc.plans WHERE referral_id = $1",
                    tfmt("%lld", referral_id));
}

static void test_create_conference(void **state)
{
    long long child = 0;
    long long referral = referral_at("preparing", &child, NULL, NULL);
    struct http_response *r =
        http("POST", tfmt("/api/v1/children/%lld/network-members", child), token_of("coord1"),
             "{\"full_name\": \"Gran Smith\", \"relationship\": \"grandparent\"}");
    expect_status(r, 201);
    long long member = body_int(r, "id");

    json_t *body = conference_fields(referral);
    json_object_set_new(body, "notes", json_string("Held at the family centre."));
    json_object_set_new(body, "attendees",
                        json_pack("[{s:s, s:s}, {s:s, s:I}, {s:s}]", "role", "parent", "name",
                                  "Mum", "role", "wider_family", "network_member_id",
                                  (json_int_t)member, "role", "coordinator"));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    assert_int_equal(body_int(r, "referral_id"), referral);
    assert_string_equal(body_str(r, "kind"), "initial");
    assert_string_equal(body_str(r, "model"), "restorative");
    assert_string_equal(body_str(r, "held_on"), date_from_today(-2));
    assert_true(json_is_true(body_get(r, "child_views_heard")));
    assert_int_equal(json_array_size(body_get(r, "attendees")), 3);
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/conferences/%lld", id));
    assert_string_equal(etag_of(r), "\"1\"");
    /* The referral moved on with it. */
    json_t *summary = body_get(r, "referral");
    assert_string_equal(json_string_value(json_object_get(summary, "status")), "conference_held");
    assert_string_equal(status_of(referral), "conference_held");

    r = http("GET", tfmt("/api/v1/conferences/%lld", id), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "notes"), "Held at the family centre.");
    json_t *second = json_array_get(body_get(r, "attendees"), 1);
    assert_int_equal(json_integer_value(json_object_get(second, "network_member_id")), member);

    /* An analyst sees the conference without names or notes. */
    r = http("GET", tfmt("/api/v1/conferences/%lld", id), token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_null(body_get(r, "notes"));
    assert_null(json_object_get(json_array_get(body_get(r, "attendees"), 0), "name"));

    /* The list, filtered by referral. */
    r = http("GET", tfmt("/api/v1/conferences?referral_id=%lld", referral), token_of("admin"),
             NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
}

static void test_conference_bad_input(void **state)
{
    long long referral = referral_at("preparing", NULL, NULL, NULL);
    /* A network member of some other child. */
    long long stranger_child = make_child(token_of("admin"), NULL);
    struct http_response *r =
        http("POST", tfmt("/api/v1/children/%lld/network-members", stranger_child),
             token_of("admin"), "{\"full_name\": \"Not Family\", \"relationship\": \"neighbour\"}");
    expect_status(r, 201);
    long long stranger = body_int(r, "id");

    json_t *body = conference_fields(referral);
    json_object_set_new(body, "attendees",
                        json_pack("[{s:s}, {s:s}]", "role", "parent", "role", "uncle"));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_field_error(r, 422, "attendees[1].role");

    body = conference_fields(referral);
    json_object_set_new(
        body, "attendees",
        json_pack("[{s:s, s:I}]", "role", "friend", "network_member_id", (json_int_t)stranger));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_field_error(r, 422, "attendees[0].network_member_id");
    expect_nothing_written(r);

    body = conference_fields(referral);
    json_object_set_new(body, "held_on", json_string(date_from_today(2)));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_field_error(r, 422, "held_on");

    body = conference_fields(referral);
    json_object_set_new(body, "held_on", json_string(date_from_today(-90)));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_field_error(r, 422, "held_on"); /* before the referral */
    expect_nothing_written(r);

    body = conference_fields(referral);
    json_object_del(body, "child_attended");
    json_object_set_new(body, "model", json_string("informal"));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_field_error(r, 422, "child_attended");
    expect_field_error(r, 422, "model");

    body = conference_fields(referral);
    json_object_set_new(body, "kind", json_string("review"));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_problem(r, 409); /* a review needs an agreed plan first */

    body = conference_fields(999999999);
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(body));
    expect_problem(r, 404);

    /* Social workers and managers do not record conferences. */
    r = http("POST", "/api/v1/conferences", token_of("sw1"), jtext(conference_fields(referral)));
    expect_problem(r, 403);
    r = http("POST", "/api/v1/conferences", token_of("manager1"),
             jtext(conference_fields(referral)));
    expect_problem(r, 403);

    assert_int_equal(conference_rows(referral), 0);
    assert_string_equal(status_of(referral), "preparing");
}

static void test_update_conference(void **state)
{
    long long conf = 0;
    referral_at("conference_held", NULL, &conf, NULL);
    const char *path = tfmt("/api/v1/conferences/%lld", conf);
    struct http_response *r =
        http("PATCH", path, token_of("coord1"),
             "{\"advocate_used\": true, \"notes\": \"Advocate joined.\"}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_true(json_is_true(body_get(r, "advocate_used")));
    assert_string_equal(etag_of(r), "\"2\"");
    r = http("PATCH", path, token_of("coord1"), "{\"notes\": \"Stale\"}", "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("coord1"), "{\"notes\": \"No version\"}");
    expect_problem(r, 428);
    r = http("PATCH", path, token_of("coord1"), "{\"kind\": \"review\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "kind");
    r = http("PATCH", path, token_of("coord1"), tfmt("{\"held_on\": \"%s\"}", date_from_today(1)),
             "If-Match: \"2\"");
    expect_field_error(r, 422, "held_on");
    r = http("PATCH", path, token_of("sw1"), "{\"notes\": \"Social worker\"}", "If-Match: \"2\"");
    expect_problem(r, 403);
    assert_string_equal(
        db_text("SELECT notes FROM fgc.conferences WHERE id = $1", tfmt("%lld", conf)),
        "Advocate joined.");
}

static void test_plan(void **state)
{
    long long conf = 0;
    long long referral = referral_at("conference_held", NULL, &conf, NULL);
    json_t *body = json_pack(
        "{s:I, s:b, s:s, s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s}]}", "conference_id",
        (json_int_t)conf, "agreed", 1, "agreed_on", date_from_today(-1), "actions", "description",
        "Gran looks after the children on Fridays.", "owner_name", "Gran", "owner_kind", "family",
        "due_on", date_from_today(30), "description", "Refer Mum to the domestic abuse service.",
        "owner_name", "Social worker", "owner_kind", "professional");
    struct http_response *r = http("POST", "/api/v1/plans", token_of("coord1"), jtext(body));
    expect_status(r, 201);
    long long plan = body_int(r, "id");
    assert_true(plan > 0);
    assert_true(json_is_true(body_get(r, "agreed")));
    assert_string_equal(body_str(r, "agreed_on"), date_from_today(-1));
    json_t *actions = body_get(r, "actions");
    assert_int_equal(json_array_size(actions), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(actions, 0), "status")),
                        "open");
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/plans/%lld", plan));
    assert_string_equal(status_of(referral), "plan_agreed");

    r = http("GET", tfmt("/api/v1/plans/%lld", plan), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "conference_id"), conf);
    assert_int_equal(json_array_size(body_get(r, "actions")), 2);
    expect_problem(http("GET", tfmt("/api/v1/plans/%lld", plan), token_of("sw2"), NULL), 404);
    expect_problem(http("GET", tfmt("/api/v1/plans/%lld", plan), token_of("trainer1"), NULL), 403);

    /* One plan per conference. */
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b}", "conference_id", (json_int_t)conf, "agreed", 0)));
    expect_problem(r, 409);
    expect_nothing_written(r);
    assert_int_equal(plan_rows(referral), 1);

    /* A review conference after an agreed plan. */
    json_t *review = conference_fields(referral);
    json_object_set_new(review, "kind", json_string("review"));
    json_object_set_new(review, "held_on", json_string(date_from_today(0)));
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(review));
    expect_status(r, 201);
    long long review_id = body_int(r, "id");
    assert_string_equal(status_of(referral), "reviewed");
    /* A plan belongs to an initial conference, not a review. */
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b}", "conference_id", (json_int_t)review_id, "agreed", 1)));
    expect_field_error(r, 422, "conference_id");
}

static void test_plan_bad_input(void **state)
{
    long long conf = 0;
    long long referral = referral_at("conference_held", NULL, &conf, NULL);
    struct http_response *r;
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b, s:[{s:s, s:s, s:s}]}", "conference_id", (json_int_t)conf,
                             "agreed", 1, "actions", "description", "Something", "owner_name",
                             "Gran", "owner_kind", "neighbour")));
    expect_field_error(r, 422, "actions[0].owner_kind");
    r = http(
        "POST", "/api/v1/plans", token_of("coord1"),
        jtext(json_pack("{s:I, s:b, s:[{s:s, s:s}]}", "conference_id", (json_int_t)conf, "agreed",
                        1, "actions", "description", "Something", "owner_kind", "family")));
    expect_field_error(r, 422, "actions[0].owner_name");
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I}", "conference_id", (json_int_t)conf)));
    expect_field_error(r, 422, "agreed");
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b, s:s}", "conference_id", (json_int_t)conf, "agreed", 1,
                             "agreed_on", date_from_today(5))));
    expect_field_error(r, 422, "agreed_on");
    /* Agreed before the conference was held (the database checks this). */
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b, s:s}", "conference_id", (json_int_t)conf, "agreed", 1,
                             "agreed_on", date_from_today(-20))));
    expect_field_error(r, 422, "agreed_on");
    expect_nothing_written(r);
    /* An action due before the conference. */
    r = http(
        "POST", "/api/v1/plans", token_of("coord1"),
        jtext(json_pack("{s:I, s:b, s:[{s:s, s:s, s:s, s:s}]}", "conference_id", (json_int_t)conf,
                        "agreed", 1, "actions", "description", "Late", "owner_name", "Gran",
                        "owner_kind", "family", "due_on", date_from_today(-30))));
    expect_field_error(r, 422, "actions[0].due_on");
    expect_nothing_written(r);
    r = http("POST", "/api/v1/plans", token_of("sw1"),
             jtext(json_pack("{s:I, s:b}", "conference_id", (json_int_t)conf, "agreed", 1)));
    expect_problem(r, 403);
    assert_int_equal(plan_rows(referral), 0);
    assert_string_equal(status_of(referral), "conference_held");

    /* No plan agreed is a step too. */
    r = http("POST", "/api/v1/plans", token_of("coord1"),
             jtext(json_pack("{s:I, s:b}", "conference_id", (json_int_t)conf, "agreed", 0)));
    expect_status(r, 201);
    assert_string_equal(status_of(referral), "plan_not_agreed");
}

static void test_plan_actions(void **state)
{
    long long plan = 0;
    long long referral = referral_at("plan_agreed", NULL, NULL, &plan);
    const char *actions = tfmt("/api/v1/plans/%lld/actions", plan);
    struct http_response *r =
        http("POST", actions, token_of("coord1"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "description", "School attendance check",
                             "owner_name", "Head teacher", "owner_kind", "professional", "due_on",
                             date_from_today(14))));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_int_equal(body_int(r, "plan_id"), plan);
    assert_string_equal(body_str(r, "status"), "open");
    const char *path = tfmt("/api/v1/plan-actions/%lld", id);
    assert_string_equal(http_header(r, "Location"), path);
    assert_string_equal(etag_of(r), "\"1\"");

    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"done\"}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "done");
    assert_non_null(body_str(r, "completed_on"));
    assert_string_equal(etag_of(r), "\"2\"");
    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"open\"}", "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"open\"}");
    expect_problem(r, 428);
    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"finished\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "status");
    r = http("PATCH", path, token_of("coord1"), "{\"due_on\": \"2025-02-29\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "due_on");
    r = http("PATCH", path, token_of("sw1"), "{\"status\": \"open\"}", "If-Match: \"2\"");
    expect_problem(r, 403);
    assert_string_equal(
        db_text("SELECT status FROM fgc.plan_actions WHERE id = $1", tfmt("%lld", id)), "done");

    r = http("POST", actions, token_of("coord1"),
             "{\"description\": \"x\", \"owner_name\": \"y\", \"owner_kind\": \"robot\"}");
    expect_field_error(r, 422, "owner_kind");
    r = http("POST", "/api/v1/plans/999999999/actions", token_of("coord1"),
             "{\"description\": \"x\", \"owner_name\": \"y\", \"owner_kind\": \"family\"}");
    expect_problem(r, 404);

    /* Once the referral is closed its plan can no longer change. */
    expect_status(referral_step(token_of("coord1"), referral, "close",
                                "{\"closure_reason\": \"needs_met\"}", referral_etag(referral)),
                  200);
    r = http("POST", actions, token_of("coord1"),
             "{\"description\": \"Late\", \"owner_name\": \"y\", \"owner_kind\": \"family\"}");
    expect_problem(r, 409);
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"open\"}", "If-Match: \"2\"");
    expect_problem(r, 409);
    assert_int_equal(
        db_count("SELECT count(*) FROM fgc.plan_actions WHERE plan_id = $1", tfmt("%lld", plan)),
        2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_create_conference), TEST(test_conference_bad_input),
        TEST(test_update_conference), TEST(test_plan),
        TEST(test_plan_bad_input),    TEST(test_plan_actions),
    };
    int failed =
        cmocka_run_group_tests_name("integration: conferences, plans, actions", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
