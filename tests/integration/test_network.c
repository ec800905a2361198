/* Integration tests of family network members: add, list, change, validation, visibility. */
#include "fixtures.h"

#include <string.h>

static long long member_rows(long long child_id)
{
    return db_count("SELECT count(*) FROM fgc.network_members WHERE child_id = $1",
                    tfmt("%lld", child_id));
}

static const char *members_path(long long child_id)
{
    return tfmt("/api/v1/children/%lld/network-members", child_id);
}

static long long add_member(const char *token, long long child_id, const char *name)
{
    struct http_response *r =
        http("POST", members_path(child_id), token,
             jtext(json_pack("{s:s, s:s, s:b}", "full_name", name, "relationship", "grandparent",
                             "lives_with_child", 0)));
    expect_status(r, 201);
    return body_int(r, "id");
}

static void test_add_and_list(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    struct http_response *r =
        http("POST", members_path(child), token_of("coord1"),
             jtext(json_pack("{s:s, s:s, s:b, s:s}", "full_name", "Margaret Lovelace",
                             "relationship", "grandparent", "lives_with_child", 1, "notes",
                             "Collects the children from school.")));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    assert_int_equal(body_int(r, "child_id"), child);
    assert_string_equal(body_str(r, "full_name"), "Margaret Lovelace");
    assert_string_equal(body_str(r, "relationship"), "grandparent");
    assert_true(json_is_true(body_get(r, "lives_with_child")));
    assert_string_equal(etag_of(r), "\"1\"");
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/network-members/%lld", id));

    /* Optional fields default sensibly. */
    long long second = add_member(token_of("admin"), child, "Uncle Bob");

    r = http("GET", members_path(child), token_of("manager1"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), id);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "id")), second);
    assert_true(json_is_false(json_object_get(json_array_get(items, 1), "lives_with_child")));

    /* The child's record includes its network. */
    r = http("GET", tfmt("/api/v1/children/%lld", child), token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "network_members")), 2);
}

static void test_bad_input(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    const char *path = members_path(child);
    struct http_response *r;
    r = http("POST", path, token_of("admin"),
             "{\"full_name\": \"Bob\", \"relationship\": \"uncle\"}");
    const char *msg = expect_field_error(r, 422, "relationship");
    assert_non_null(strstr(msg, "aunt_uncle"));
    r = http("POST", path, token_of("admin"), "{\"relationship\": \"mother\"}");
    expect_field_error(r, 422, "full_name");
    r = http(
        "POST", path, token_of("admin"),
        "{\"full_name\": \"Bob\", \"relationship\": \"father\", \"lives_with_child\": \"yes\"}");
    expect_field_error(r, 422, "lives_with_child");
    char notes[2002];
    memset(notes, 'n', 2001);
    notes[2001] = '\0';
    r = http("POST", path, token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s}", "full_name", "Bob", "relationship", "father",
                             "notes", notes)));
    expect_field_error(r, 422, "notes");
    r = http("POST", path, token_of("admin"),
             "{\"full_name\": \"Bob\", \"relationship\": \"father\", \"child_id\": 1}");
    expect_field_error(r, 422, "child_id");
    r = http("POST", path, token_of("admin"), "{\"full_name\": \"Bob\",");
    expect_problem(r, 400);
    expect_nothing_written(r);
    assert_int_equal(member_rows(child), 0);
}

static void test_child_must_be_visible(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    /* sw1 cannot see this child, so to them it does not exist. */
    struct http_response *r = http("POST", members_path(child), token_of("sw1"),
                                   "{\"full_name\": \"Bob\", \"relationship\": \"father\"}");
    expect_problem(r, 404);
    expect_nothing_written(r);
    r = http("POST", members_path(999999999), token_of("admin"),
             "{\"full_name\": \"Bob\", \"relationship\": \"father\"}");
    expect_problem(r, 404);
    expect_problem(http("GET", members_path(child), token_of("sw1"), NULL), 404);
    assert_int_equal(member_rows(child), 0);

    /* Roles: an analyst reads without names, a trainer not at all, a manager does not write. */
    long long id = add_member(token_of("admin"), child, "Aunt Jane");
    r = http("GET", members_path(child), token_of("analyst1"), NULL);
    expect_status(r, 200);
    json_t *first = json_array_get(body_get(r, "items"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), id);
    assert_null(json_object_get(first, "full_name"));
    assert_null(json_object_get(first, "notes"));
    expect_problem(http("GET", members_path(child), token_of("trainer1"), NULL), 403);
    r = http("POST", members_path(child), token_of("manager1"),
             "{\"full_name\": \"Bob\", \"relationship\": \"father\"}");
    expect_problem(r, 403);
    assert_int_equal(member_rows(child), 1);
}

static void test_update(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    long long id = add_member(token_of("admin"), child, "Jane Doe");
    const char *path = tfmt("/api/v1/network-members/%lld", id);
    struct http_response *r =
        http("PATCH", path, token_of("coord1"),
             "{\"relationship\": \"aunt_uncle\", \"lives_with_child\": true}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "relationship"), "aunt_uncle");
    assert_string_equal(body_str(r, "full_name"), "Jane Doe");
    assert_string_equal(etag_of(r), "\"2\"");

    r = http("PATCH", path, token_of("coord1"), "{\"full_name\": \"Stale\"}", "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("coord1"), "{\"full_name\": \"Blind\"}");
    expect_problem(r, 428);
    r = http("PATCH", path, token_of("coord1"), "{\"relationship\": \"pet\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "relationship");
    r = http("PATCH", path, token_of("coord1"), "{\"full_name\": null}", "If-Match: \"2\"");
    expect_field_error(r, 422, "full_name");
    r = http("PATCH", path, token_of("sw2"), "{\"full_name\": \"Hidden\"}", "If-Match: \"2\"");
    expect_problem(r, 404);
    assert_string_equal(
        db_text("SELECT full_name FROM fgc.network_members WHERE id = $1", tfmt("%lld", id)),
        "Jane Doe");
    /* Notes may be cleared with null. */
    r = http("PATCH", path, token_of("coord1"), "{\"notes\": null}", "If-Match: \"2\"");
    expect_status(r, 200);
    assert_true(json_is_null(body_get(r, "notes")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_add_and_list),
        TEST(test_bad_input),
        TEST(test_child_must_be_visible),
        TEST(test_update),
    };
    int failed = cmocka_run_group_tests_name("integration: network members", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
