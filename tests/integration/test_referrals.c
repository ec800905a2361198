/* Integration tests of referrals and each step of their state machine, legal or not. */
#include "fixtures.h"

#include <string.h>

static long long referral_rows(long long child_id)
{
    return db_count("SELECT count(*) FROM fgc.referrals WHERE child_id = $1",
                    tfmt("%lld", child_id));
}

static long long event_rows(long long referral_id)
{
    return db_count("SELECT count(*) FROM fgc.referral_events WHERE referral_id = $1",
                    tfmt("%lld", referral_id));
}

static const char *status_of(long long id)
{
    return db_text("SELECT status FROM fgc.referrals WHERE id = $1", tfmt("%lld", id));
}

static bool array_has_string(const json_t *array, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    }
    return false;
}

static void test_create_by_social_worker(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    json_t *body = referral_fields(child);
    json_object_set_new(body, "referrer_name", json_string("Health visitor"));
    json_object_set_new(body, "domestic_violence", json_true());
    struct http_response *r = http("POST", "/api/v1/referrals", token_of("sw1"), jtext(body));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    assert_int_equal(body_int(r, "child_id"), child);
    assert_string_equal(body_str(r, "status"), "referred");
    assert_string_equal(body_str(r, "referred_on"), date_from_today(-30));
    assert_string_equal(body_str(r, "referral_stage"), "child_in_need");
    assert_true(json_is_true(body_get(r, "domestic_violence")));
    assert_int_equal(body_int(r, "referrer_id"), user_id("sw1"));
    assert_string_equal(etag_of(r), "\"1\"");
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/referrals/%lld", id));
    json_t *allowed = body_get(r, "allowed_steps");
    assert_true(array_has_string(allowed, "accept"));
    assert_true(array_has_string(allowed, "decline"));
    assert_false(array_has_string(allowed, "allocate"));

    r = http("GET", tfmt("/api/v1/referrals/%lld", id), token_of("sw1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "reason"), "Family asked for help to plan care.");
    json_t *events = body_get(r, "events");
    assert_int_equal(json_array_size(events), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(events, 0), "event")),
                        "refer");
    json_t *children = body_get(r, "children");
    assert_int_equal(json_array_size(children), 1);
    /* Another social worker cannot see it. */
    expect_problem(http("GET", tfmt("/api/v1/referrals/%lld", id), token_of("sw2"), NULL), 404);
}

static void test_create_with_siblings(void **state)
{
    long long a = make_child(token_of("admin"), NULL);
    long long b = make_child(token_of("admin"), NULL);
    json_t *body = referral_fields(a);
    json_object_set_new(body, "children", json_pack("[I]", (json_int_t)b));
    struct http_response *r = http("POST", "/api/v1/referrals", token_of("coord1"), jtext(body));
    expect_status(r, 201);
    json_t *ids = body_get(r, "child_ids");
    assert_int_equal(json_array_size(ids), 2);
}

static void test_create_bad_input(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    struct http_response *r;
    json_t *body;

    body = referral_fields(child);
    json_object_del(body, "child_id");
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "child_id");

    body = referral_fields(child);
    json_object_set_new(body, "referred_on", json_string(date_from_today(2)));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "referred_on");

    body = referral_fields(child);
    json_object_set_new(body, "referred_on", json_string("2025-02-29"));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "referred_on");

    body = referral_fields(child);
    json_object_set_new(body, "referral_stage", json_string("urgent"));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "referral_stage");

    body = referral_fields(child);
    json_object_del(body, "reason");
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "reason");

    body = referral_fields(child);
    json_object_set_new(body, "status", json_string("accepted"));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "status");

    body = referral_fields(child);
    json_object_set_new(body, "children", json_pack("[s]", "two"));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "children");

    body = referral_fields(child);
    json_object_set_new(body, "domestic_violence", json_string("yes"));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "domestic_violence");
    expect_nothing_written(r);

    /* A child that does not exist: the database names the field. */
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(referral_fields(999999999)));
    expect_field_error(r, 422, "child_id");
    expect_nothing_written(r);
    /* A sibling that does not exist. */
    body = referral_fields(child);
    json_object_set_new(body, "children", json_pack("[i]", 999999999));
    r = http("POST", "/api/v1/referrals", token_of("admin"), jtext(body));
    expect_field_error(r, 422, "children[0]");
    expect_nothing_written(r);
    /* A child sw1 cannot see. */
    r = http("POST", "/api/v1/referrals", token_of("sw1"), jtext(referral_fields(child)));
    expect_field_error(r, 422, "child_id");
    expect_nothing_written(r);

    assert_int_equal(referral_rows(child), 0);
}

static void test_create_roles(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    const char *body = jtext(referral_fields(child));
    expect_problem(http("POST", "/api/v1/referrals", token_of("manager1"), body), 403);
    expect_problem(http("POST", "/api/v1/referrals", token_of("analyst1"), body), 403);
    expect_problem(http("POST", "/api/v1/referrals", token_of("trainer1"), body), 403);
    expect_problem(http("GET", "/api/v1/referrals", token_of("trainer1"), NULL), 403);
    assert_int_equal(referral_rows(child), 0);
}

static void test_whole_lifecycle(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    long long id = make_referral(token_of("admin"), child);
    const char *coord = token_of("coord1");

    struct http_response *r = referral_step(
        coord, id, "accept", tfmt("{\"accepted_on\": \"%s\"}", date_from_today(-25)), "\"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "accepted");
    assert_string_equal(body_str(r, "accepted_on"), date_from_today(-25));
    assert_string_equal(etag_of(r), "\"2\"");

    r = referral_step(coord, id, "allocate", tfmt("{\"coordinator_id\": %lld}", user_id("coord1")),
                      "\"2\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "allocated");
    assert_int_equal(body_int(r, "coordinator_id"), user_id("coord1"));
    assert_string_equal(etag_of(r), "\"3\"");

    /* prepare takes no body at all. */
    r = referral_step(coord, id, "prepare", NULL, "\"3\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "preparing");
    /* ... and may be taken again while preparing, to update the count. */
    r = referral_step(coord, id, "prepare", "{\"network_members_contacted\": 6}", etag_of(r));
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "preparing");
    assert_int_equal(body_int(r, "network_members_contacted"), 6);

    r = http("POST", "/api/v1/conferences", coord, jtext(conference_fields(id)));
    expect_status(r, 201);
    long long conf = body_int(r, "id");
    assert_string_equal(status_of(id), "conference_held");

    r = http("POST", "/api/v1/plans", coord,
             jtext(json_pack("{s:I, s:b}", "conference_id", (json_int_t)conf, "agreed", 1)));
    expect_status(r, 201);
    assert_string_equal(status_of(id), "plan_agreed");

    r = referral_step(coord, id, "close", "{\"closure_reason\": \"plan_completed\"}",
                      referral_etag(id));
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "closed");
    assert_string_equal(body_str(r, "closure_reason"), "plan_completed");
    assert_int_equal(json_array_size(body_get(r, "allowed_steps")), 0);

    /* Every step is in the history, in order. */
    r = http("GET", tfmt("/api/v1/referrals/%lld", id), token_of("admin"), NULL);
    expect_status(r, 200);
    static const char *const steps[] = {
        "refer",   "accept",          "allocate",           "prepare",
        "prepare", "hold_conference", "record_plan_agreed", "close"};
    json_t *events = body_get(r, "events");
    assert_int_equal(json_array_size(events), sizeof steps / sizeof steps[0]);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(events, i), "event")),
                            steps[i]);
    assert_true(json_is_object(body_get(r, "plan")));
    assert_int_equal(json_array_size(body_get(r, "conference_ids")), 1);

    /* Closed is final. */
    r = referral_step(coord, id, "prepare", NULL, etag_of(r));
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), "closed"));
    expect_nothing_written(r);
}

static void test_illegal_step(void **state)
{
    long long id = referral_at("declined", NULL, NULL, NULL);
    long long events = event_rows(id);
    const char *etag = referral_etag(id);
    struct http_response *r = referral_step(token_of("coord1"), id, "accept", NULL, etag);
    expect_problem(r, 409);
    /* The problem explains: what the status is and which steps are allowed from it. */
    const char *detail = body_str(r, "detail");
    assert_non_null(strstr(detail, "declined"));
    assert_non_null(strstr(detail, "accept"));
    expect_nothing_written(r);
    assert_string_equal(status_of(id), "declined");
    assert_int_equal(event_rows(id), events);
    assert_string_equal(referral_etag(id), etag);

    /* Allocating before accepting names the steps that are allowed. */
    long long fresh = referral_at("referred", NULL, NULL, NULL);
    r = referral_step(token_of("coord1"), fresh, "allocate",
                      tfmt("{\"coordinator_id\": %lld}", user_id("coord1")), "\"1\"");
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), "accept"));
    assert_string_equal(status_of(fresh), "referred");
    /* As does a conference on a referral nobody has accepted. */
    r = http("POST", "/api/v1/conferences", token_of("coord1"), jtext(conference_fields(fresh)));
    expect_problem(r, 409);
    expect_nothing_written(r);
}

static void test_step_roles(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    long long id = make_referral(token_of("sw1"), child);
    /* The referring social worker may not accept their own referral. */
    struct http_response *r = referral_step(token_of("sw1"), id, "accept", NULL, "\"1\"");
    expect_problem(r, 403);
    expect_nothing_written(r);
    r = referral_step(token_of("manager1"), id, "decline",
                      "{\"decline_reason\": \"other\", \"decline_note\": \"No\"}", "\"1\"");
    expect_problem(r, 403);
    r = referral_step(token_of("analyst1"), id, "close", "{\"closure_reason\": \"other\"}",
                      "\"1\"");
    expect_problem(r, 403);
    assert_string_equal(status_of(id), "referred");
    assert_int_equal(event_rows(id), 1);
    /* An administrator may. */
    expect_status(referral_step(token_of("admin"), id, "accept", NULL, "\"1\""), 200);
}

static void test_if_match_on_steps(void **state)
{
    long long id = referral_at("referred", NULL, NULL, NULL);
    struct http_response *r = referral_step(token_of("coord1"), id, "accept", NULL, NULL);
    expect_problem(r, 428);
    r = referral_step(token_of("coord1"), id, "accept", NULL, "\"7\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = referral_step(token_of("coord1"), id, "decline", "{\"decline_reason\": \"no_consent\"}",
                      NULL);
    expect_problem(r, 428);
    assert_string_equal(status_of(id), "referred");
    assert_int_equal(event_rows(id), 1);

    /* Two coordinators act on the same version: the second is told it is stale. */
    const char *etag = referral_etag(id);
    expect_status(referral_step(token_of("coord1"), id, "accept", NULL, etag), 200);
    r = referral_step(token_of("admin"), id, "decline", "{\"decline_reason\": \"no_consent\"}",
                      etag);
    expect_problem(r, 412);
    assert_string_equal(status_of(id), "accepted");

    expect_problem(referral_step(token_of("coord1"), 999999999, "accept", NULL, "\"1\""), 404);
}

static void test_step_bad_input(void **state)
{
    long long id = referral_at("referred", NULL, NULL, NULL);
    const char *coord = token_of("coord1");
    struct http_response *r;
    r = referral_step(coord, id, "decline", "{}", "\"1\"");
    expect_field_error(r, 422, "decline_reason");
    r = referral_step(coord, id, "decline", "{\"decline_reason\": \"bored\"}", "\"1\"");
    expect_field_error(r, 422, "decline_reason");
    /* 'other' needs a note (the database checks this). */
    r = referral_step(coord, id, "decline", "{\"decline_reason\": \"other\"}", "\"1\"");
    expect_field_error(r, 422, "decline_note");
    expect_nothing_written(r);
    r = referral_step(coord, id, "accept", tfmt("{\"accepted_on\": \"%s\"}", date_from_today(2)),
                      "\"1\"");
    expect_field_error(r, 422, "accepted_on");
    r = referral_step(coord, id, "accept", "{\"accepted_on\": \"2025-02-30\"}", "\"1\"");
    expect_field_error(r, 422, "accepted_on");
    /* Before the referral was made. */
    r = referral_step(coord, id, "accept", tfmt("{\"accepted_on\": \"%s\"}", date_from_today(-60)),
                      "\"1\"");
    expect_field_error(r, 422, "accepted_on");
    expect_nothing_written(r);
    r = referral_step(coord, id, "accept", "{\"accepted_by\": 3}", "\"1\"");
    expect_field_error(r, 422, "accepted_by");
    r = referral_step(coord, id, "accept", "{\"accepted_on\": ", "\"1\"");
    expect_problem(r, 400);
    assert_string_equal(status_of(id), "referred");
    assert_int_equal(event_rows(id), 1);

    /* Allocation needs a real coordinator. */
    long long accepted = referral_at("accepted", NULL, NULL, NULL);
    r = referral_step(coord, accepted, "allocate",
                      tfmt("{\"coordinator_id\": %lld}", user_id("sw1")), referral_etag(accepted));
    expect_field_error(r, 422, "coordinator_id");
    expect_nothing_written(r);
    r = referral_step(coord, accepted, "allocate", "{}", referral_etag(accepted));
    expect_field_error(r, 422, "coordinator_id");
    r = referral_step(coord, accepted, "close", "{\"closure_reason\": \"other\"}",
                      referral_etag(accepted));
    expect_field_error(r, 422, "closure_note");
    assert_string_equal(status_of(accepted), "accepted");
}

static void test_update_details(void **state)
{
    long long id = referral_at("accepted", NULL, NULL, NULL);
    const char *path = tfmt("/api/v1/referrals/%lld", id);
    const char *etag = referral_etag(id);
    struct http_response *r =
        http("PATCH", path, token_of("coord1"),
             "{\"referral_stage\": \"dv_pathway\", \"domestic_violence\": true}",
             tfmt("If-Match: %s", etag));
    expect_status(r, 200);
    assert_string_equal(body_str(r, "referral_stage"), "dv_pathway");
    assert_string_equal(body_str(r, "status"), "accepted");
    /* The status itself only moves through the steps. */
    r = http("PATCH", path, token_of("coord1"), "{\"status\": \"closed\"}",
             tfmt("If-Match: %s", etag_of(r)));
    expect_field_error(r, 422, "status");
    r = http("PATCH", path, token_of("coord1"), "{\"reason\": \"Stale\"}",
             tfmt("If-Match: %s", etag));
    expect_problem(r, 412);
    r = http("PATCH", path, token_of("coord1"), "{\"reason\": \"No version\"}");
    expect_problem(r, 428);
    assert_string_equal(status_of(id), "accepted");
}

static void test_list_filters(void **state)
{
    long long child = 0;
    long long declined = referral_at("declined", &child, NULL, NULL);
    long long other = make_referral(token_of("admin"), child);
    struct http_response *r =
        http("GET", tfmt("/api/v1/referrals?child_id=%lld&status=declined", child),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), declined);
    /* Each item names its children, the primary child first, as a single referral does. */
    json_t *kids = json_object_get(json_array_get(items, 0), "children");
    assert_true(json_is_array(kids) && json_array_size(kids) >= 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(kids, 0), "id")), child);
    assert_true(json_is_true(json_object_get(json_array_get(kids, 0), "primary")));
    assert_non_null(json_string_value(json_object_get(json_array_get(kids, 0), "last_name")));
    /* A data analyst gets the children without their names. */
    r = http("GET", tfmt("/api/v1/referrals?child_id=%lld&status=declined", child),
             token_of("analyst1"), NULL);
    expect_status(r, 200);
    kids = json_object_get(json_array_get(body_get(r, "items"), 0), "children");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(kids, 0), "id")), child);
    assert_null(json_object_get(json_array_get(kids, 0), "last_name"));

    r = http("GET", tfmt("/api/v1/referrals?child_id=%lld", child), token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 2);
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(body_get(r, "items"), 1), "id")), other);

    r = http("GET", "/api/v1/referrals?status=lost", token_of("admin"), NULL);
    expect_field_error(r, 422, "status");
    r = http("GET", "/api/v1/referrals?from=2025-13-01", token_of("admin"), NULL);
    expect_field_error(r, 422, "from");
    r = http("GET", "/api/v1/referrals?from=2025-06-01&to=2025-01-01", token_of("admin"), NULL);
    expect_field_error(r, 422, "to");
}

static void test_analyst_view(void **state)
{
    long long id = referral_at("accepted", NULL, NULL, NULL);
    struct http_response *r =
        http("GET", tfmt("/api/v1/referrals/%lld", id), token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "status"), "accepted");
    /* No free text and no names. */
    assert_null(body_get(r, "reason"));
    assert_null(body_get(r, "referrer_name"));
    json_t *child = json_array_get(body_get(r, "children"), 0);
    assert_non_null(child);
    assert_null(json_object_get(child, "first_name"));
    assert_null(json_object_get(child, "last_name"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_create_by_social_worker),
        TEST(test_create_with_siblings),
        TEST(test_create_bad_input),
        TEST(test_create_roles),
        TEST(test_whole_lifecycle),
        TEST(test_illegal_step),
        TEST(test_step_roles),
        TEST(test_if_match_on_steps),
        TEST(test_step_bad_input),
        TEST(test_update_details),
        TEST(test_list_filters),
        TEST(test_analyst_view),
    };
    int failed = cmocka_run_group_tests_name("integration: referrals and steps", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
