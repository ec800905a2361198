/* Integration tests of Idempotency-Key: a retried POST replays the first result. */
#include "fixtures.h"

#include <string.h>

static long long child_rows(const char *last_name)
{
    return db_count("SELECT count(*) FROM fgc.children WHERE last_name = $1", last_name);
}

static void test_retry_replays(void **state)
{
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    const char *body = jtext(fields);
    const char *key = tfmt("Idempotency-Key: %s", uniq("key"));

    struct http_response *first = http("POST", "/api/v1/children", token_of("admin"), body, key);
    expect_status(first, 201);
    assert_null(http_header(first, "Idempotent-Replayed"));
    struct http_response *again = http("POST", "/api/v1/children", token_of("admin"), body, key);
    expect_status(again, 201);
    assert_non_null(http_header(again, "Idempotent-Replayed"));
    assert_string_equal(http_header(again, "Idempotent-Replayed"), "true");

    /* The same record, the same body, the same headers that matter. */
    assert_int_equal(body_int(again, "id"), body_int(first, "id"));
    assert_true(json_equal(again->json, first->json));
    assert_string_equal(http_header(again, "Location"), http_header(first, "Location"));
    assert_string_equal(etag_of(again), etag_of(first));
    /* ... but a request id of its own. */
    assert_string_not_equal(http_header(again, "X-Request-Id"), http_header(first, "X-Request-Id"));
    assert_int_equal(child_rows(last), 1);
    /* The replay wrote no audit rows. */
    expect_nothing_written(again);

    /* A third time still replays. */
    struct http_response *third = http("POST", "/api/v1/children", token_of("admin"), body, key);
    expect_status(third, 201);
    assert_int_equal(body_int(third, "id"), body_int(first, "id"));
    assert_int_equal(child_rows(last), 1);
}

static void test_same_key_different_body(void **state)
{
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    const char *key = tfmt("Idempotency-Key: %s", uniq("key"));
    struct http_response *r =
        http("POST", "/api/v1/children", token_of("admin"), jtext(json_deep_copy(fields)), key);
    expect_status(r, 201);

    json_object_set_new(fields, "sex", json_integer(1));
    r = http("POST", "/api/v1/children", token_of("admin"), jtext(fields), key);
    expect_problem(r, 422);
    assert_null(http_header(r, "Idempotent-Replayed"));
    expect_nothing_written(r);
    assert_int_equal(child_rows(last), 1);
    assert_int_equal(
        db_count("SELECT count(*) FROM fgc.children WHERE last_name = $1 AND sex = 1", last), 0);

    /* The same key for another endpoint is another request too. */
    r = http("POST", "/api/v1/teams", token_of("admin"),
             jtext(json_pack("{s:s}", "name", uniq("Team"))), key);
    expect_problem(r, 422);
}

static void test_keys_belong_to_users(void **state)
{
    /* Two users may happen to pick the same key: each gets their own record. */
    const char *key = tfmt("Idempotency-Key: %s", uniq("shared"));
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    const char *body = jtext(fields);
    struct http_response *a = http("POST", "/api/v1/children", token_of("admin"), body, key);
    struct http_response *b = http("POST", "/api/v1/children", token_of("coord1"), body, key);
    expect_status(a, 201);
    expect_status(b, 201);
    assert_null(http_header(b, "Idempotent-Replayed"));
    assert_true(body_int(a, "id") != body_int(b, "id"));
    assert_int_equal(child_rows(last), 2);
}

static void test_failed_request_is_not_stored(void **state)
{
    /* A request refused by the database leaves the key free for the corrected request. */
    const char *key = tfmt("Idempotency-Key: %s", uniq("key"));
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    json_object_set_new(fields, "area", json_string("NO-SUCH-AREA"));
    struct http_response *r =
        http("POST", "/api/v1/children", token_of("admin"), jtext(json_deep_copy(fields)), key);
    expect_field_error(r, 422, "area");
    r = http("POST", "/api/v1/children", token_of("admin"), jtext(fields), key);
    expect_field_error(r, 422, "area");
    assert_null(http_header(r, "Idempotent-Replayed"));
    assert_int_equal(child_rows(last), 0);
}

static void test_step_retry(void **state)
{
    long long id = referral_at("referred", NULL, NULL, NULL);
    const char *key = tfmt("Idempotency-Key: %s", uniq("accept"));
    const char *path = tfmt("/api/v1/referrals/%lld/accept", id);
    struct http_response *first =
        http("POST", path, token_of("coord1"), NULL, "If-Match: \"1\"", key);
    expect_status(first, 200);
    assert_string_equal(body_str(first, "status"), "accepted");
    /* The retry gets the stored answer, not a 412 for the version it already moved on. */
    struct http_response *again =
        http("POST", path, token_of("coord1"), NULL, "If-Match: \"1\"", key);
    expect_status(again, 200);
    assert_string_equal(http_header(again, "Idempotent-Replayed"), "true");
    assert_true(json_equal(again->json, first->json));
    assert_int_equal(db_count("SELECT count(*) FROM fgc.referral_events WHERE referral_id = $1 "
                              "AND event = 'accept'",
                              tfmt("%lld", id)),
                     1);
}

static void test_bad_keys(void **state)
{
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    char long_key[220];
    memset(long_key, 'k', 201);
    long_key[201] = '\0';
    struct http_response *r = http("POST", "/api/v1/children", token_of("admin"), jtext(fields),
                                   tfmt("Idempotency-Key: %s", long_key));
    expect_problem(r, 400);
    assert_int_equal(child_rows(last), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_retry_replays),        TEST(test_same_key_different_body),
        TEST(test_keys_belong_to_users), TEST(test_failed_request_is_not_stored),
        TEST(test_step_retry),           TEST(test_bad_keys),
    };
    int failed = cmocka_run_group_tests_name("integration: idempotency", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
