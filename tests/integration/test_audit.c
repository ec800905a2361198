/* Integration tests of the audit log: inserts, updates, reads of a child, who may see it. */
#include "fixtures.h"

#include <string.h>

/* The audit rows for one record, newest first. */
static json_t *events_for(const char *entity, long long id, const char *extra)
{
    struct http_response *r = http(
        "GET", tfmt("/api/v1/audit?entity=%s&entity_id=%lld%s", entity, id, extra ? extra : ""),
        token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_true(json_is_array(items));
    return items;
}

static json_t *find_action(json_t *items, const char *action)
{
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "action")), action) == 0)
            return e;
    }
    return NULL;
}

static void test_insert_is_audited(void **state)
{
    json_t *fields = child_fields();
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    struct http_response *created =
        http("POST", "/api/v1/children", token_of("admin"), jtext(fields));
    expect_status(created, 201);
    long long id = body_int(created, "id");

    json_t *items = events_for("children", id, NULL);
    json_t *insert = find_action(items, "insert");
    assert_non_null(insert);
    assert_string_equal(json_string_value(json_object_get(insert, "actor_username")), "admin");
    assert_string_equal(json_string_value(json_object_get(insert, "actor_role")), "admin");
    assert_int_equal(json_integer_value(json_object_get(insert, "actor_id")), user_id("admin"));
    assert_string_equal(json_string_value(json_object_get(insert, "entity_id")), tfmt("%lld", id));
    /* The request id ties the row to the response the user saw. */
    assert_string_equal(json_string_value(json_object_get(insert, "request_id")),
                        http_header(created, "X-Request-Id"));
    assert_true(json_is_null(json_object_get(insert, "before")));
    json_t *after = json_object_get(insert, "after");
    assert_true(json_is_object(after));
    assert_string_equal(json_string_value(json_object_get(after, "last_name")), last);
    assert_non_null(json_object_get(insert, "at"));
}

static void test_update_is_audited(void **state)
{
    long long id = make_child(token_of("admin"), NULL);
    struct http_response *r = http("PATCH", tfmt("/api/v1/children/%lld", id), token_of("coord1"),
                                   "{\"ethnicity\": \"MWBC\"}", "If-Match: \"1\"");
    expect_status(r, 200);

    json_t *items = events_for("children", id, "&action=update");
    assert_int_equal(json_array_size(items), 1);
    json_t *update = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(update, "actor_username")), "coord1");
    assert_string_equal(json_string_value(json_object_get(update, "request_id")),
                        http_header(r, "X-Request-Id"));
    json_t *before = json_object_get(update, "before");
    json_t *after = json_object_get(update, "after");
    assert_string_equal(json_string_value(json_object_get(before, "ethnicity")), "WBRI");
    assert_string_equal(json_string_value(json_object_get(after, "ethnicity")), "MWBC");
    assert_int_equal(json_integer_value(json_object_get(before, "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(after, "version")), 2);
}

static void test_read_is_audited(void **state)
{
    long long id = make_child(token_of("admin"), NULL);
    json_t *items = events_for("children", id, "&action=read");
    assert_int_equal(json_array_size(items), 0);

    struct http_response *read =
        http("GET", tfmt("/api/v1/children/%lld", id), token_of("manager1"), NULL);
    expect_status(read, 200);
    items = events_for("children", id, "&action=read");
    assert_int_equal(json_array_size(items), 1);
    json_t *e = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(e, "actor_username")), "manager1");
    assert_string_equal(json_string_value(json_object_get(e, "request_id")),
                        http_header(read, "X-Request-Id"));

    /* A refused read is not a read. */
    expect_problem(http("GET", tfmt("/api/v1/children/%lld", id), token_of("sw2"), NULL), 404);
    items = events_for("children", id, "&action=read");
    assert_int_equal(json_array_size(items), 1);
}

static void test_network_member_changes_audited(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    struct http_response *r =
        http("POST", tfmt("/api/v1/children/%lld/network-members", child), token_of("admin"),
             "{\"full_name\": \"Aunt May\", \"relationship\": \"aunt_uncle\"}");
    expect_status(r, 201);
    long long id = body_int(r, "id");
    json_t *items = events_for("network_members", id, NULL);
    assert_non_null(find_action(items, "insert"));
}

static void test_only_admins(void **state)
{
    static const char *const others[] = {"sw1", "coord1", "manager1", "analyst1", "trainer1"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        expect_problem(http("GET", "/api/v1/audit", token_of(others[i]), NULL), 403);
    expect_problem(http("GET", "/api/v1/audit", NULL, NULL), 401);
}

static void test_filters(void **state)
{
    struct http_response *r =
        http("GET", "/api/v1/audit?actor=admin&action=insert&limit=5", token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_true(json_array_size(items) >= 1 && json_array_size(items) <= 5);
    size_t i;
    json_t *e;
    long long previous = 0;
    json_array_foreach(items, i, e)
    {
        assert_string_equal(json_string_value(json_object_get(e, "actor_username")), "admin");
        assert_string_equal(json_string_value(json_object_get(e, "action")), "insert");
        /* Newest first. */
        long long id = json_integer_value(json_object_get(e, "id"));
        if (previous)
            assert_true(id < previous);
        previous = id;
    }

    /* A day either side, so that England's date (which the database uses) is inside. */
    r = http("GET",
             tfmt("/api/v1/audit?from=%s&to=%s&limit=1", date_from_today(-1), date_from_today(1)),
             token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);

    r = http("GET", "/api/v1/audit?action=delete_all", token_of("admin"), NULL);
    expect_field_error(r, 422, "action");
    r = http("GET", "/api/v1/audit?from=2025-02-30", token_of("admin"), NULL);
    expect_field_error(r, 422, "from");
    r = http("GET", "/api/v1/audit?who=admin", token_of("admin"), NULL);
    expect_field_error(r, 422, "who");
}

static void test_secrets_never_logged(void **state)
{
    struct test_user u = make_user("trainer", 0);
    /* The user's row is in the log, without its password hash. */
    struct http_response *r = http("GET", tfmt("/api/v1/audit?entity=users&entity_id=%lld", u.id),
                                   token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *insert = find_action(body_get(r, "items"), "insert");
    assert_non_null(insert);
    json_t *after = json_object_get(insert, "after");
    assert_string_equal(json_string_value(json_object_get(after, "username")), u.username);
    assert_null(json_object_get(after, "password_hash"));
    /* Tokens are logged, never their hashes. */
    assert_true(db_count("SELECT count(*) FROM audit.events WHERE entity = 'api_tokens'") >= 1);
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = 'api_tokens' "
                              "AND (after ? 'token_hash' OR before ? 'token_hash')"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_insert_is_audited),    TEST(test_update_is_audited),
        TEST(test_read_is_audited),      TEST(test_network_member_changes_audited),
        TEST(test_only_admins),          TEST(test_filters),
        TEST(test_secrets_never_logged),
    };
    int failed = cmocka_run_group_tests_name("integration: audit log", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
