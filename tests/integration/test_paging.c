/* Integration tests of paging: next_cursor gives every record once; bad cursors refused. */
#include "fixtures.h"

#include <string.h>

/*
 * Follows next_cursor from first_path (which already has a query string), checking each page
 * holds at most limit items and that no id comes twice. Returns the ids seen (a JSON array).
 */
static json_t *collect(const char *first_path, const char *token, size_t limit, int *pages)
{
    json_t *ids = jkeep(json_array());
    const char *path = first_path;
    *pages = 0;
    for (;;) {
        struct http_response *r = http("GET", path, token, NULL);
        expect_status(r, 200);
        (*pages)++;
        json_t *items = body_get(r, "items");
        assert_true(json_is_array(items));
        assert_true(json_array_size(items) <= limit);
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            json_t *id = json_object_get(item, "id");
            size_t j;
            json_t *seen;
            json_array_foreach(ids, j, seen) assert_false(json_equal(seen, id));
            json_array_append(ids, id);
        }
        json_t *next = body_get(r, "next_cursor");
        assert_non_null(next); /* present on every page, null on the last */
        if (json_is_null(next))
            break;
        assert_true(json_is_string(next));
        assert_true(json_array_size(items) == limit); /* only a full page has a next one */
        assert_true(*pages < 50);
        path = tfmt("%s&cursor=%s", first_path, json_string_value(next));
    }
    return ids;
}

static void expect_same_ids(json_t *got, const long long *want, size_t n)
{
    assert_int_equal(json_array_size(got), n);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        size_t j;
        json_t *id;
        json_array_foreach(got, j, id)
        {
            if (json_integer_value(id) == want[i])
                found = true;
        }
        if (!found)
            fail_msg("record %lld was not on any page", want[i]);
    }
}

static void test_children_pages(void **state)
{
    long long team = make_team();
    long long ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team));
    int pages = 0;
    json_t *got =
        collect(tfmt("/api/v1/children?team_id=%lld&limit=2", team), token_of("admin"), 2, &pages);
    expect_same_ids(got, ids, 5);
    assert_int_equal(pages, 3);
    /* In order of id. */
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(json_integer_value(json_array_get(got, i)), ids[i]);

    /* A social worker of that team pages through the same five. */
    struct test_user worker = make_user("social_worker", team);
    got = collect(tfmt("/api/v1/children?team_id=%lld&limit=2", team), worker.token, 2, &pages);
    expect_same_ids(got, ids, 5);
}

static void test_exact_pages(void **state)
{
    /* Four records in pages of two: two pages, the second without a next cursor. */
    long long team = make_team();
    long long ids[4];
    for (int i = 0; i < 4; i++)
        ids[i] = make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team));
    int pages = 0;
    json_t *got =
        collect(tfmt("/api/v1/children?team_id=%lld&limit=2", team), token_of("admin"), 2, &pages);
    expect_same_ids(got, ids, 4);
    assert_int_equal(pages, 2);

    /* limit larger than the list: one page. */
    got = collect(tfmt("/api/v1/children?team_id=%lld&limit=200", team), token_of("admin"), 200,
                  &pages);
    expect_same_ids(got, ids, 4);
    assert_int_equal(pages, 1);
}

static void test_referral_pages(void **state)
{
    long long child = make_child(token_of("admin"), NULL);
    long long ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = make_referral(token_of("admin"), child);
    int pages = 0;
    json_t *got = collect(tfmt("/api/v1/referrals?child_id=%lld&limit=2", child),
                          token_of("manager1"), 2, &pages);
    expect_same_ids(got, ids, 5);
    assert_int_equal(pages, 3);
}

static void test_audit_pages(void **state)
{
    /* One insert and four updates of one child: five audit rows, newest first. */
    long long id = make_child(token_of("admin"), NULL);
    for (int v = 1; v <= 4; v++)
        expect_status(http("PATCH", tfmt("/api/v1/children/%lld", id), token_of("admin"),
                           tfmt("{\"sex\": %d}", v % 2 + 1), tfmt("If-Match: \"%d\"", v)),
                      200);
    int pages = 0;
    json_t *got = collect(tfmt("/api/v1/audit?entity=children&entity_id=%lld&limit=2", id),
                          token_of("admin"), 2, &pages);
    assert_int_equal(json_array_size(got), 5);
    assert_int_equal(pages, 3);
    for (size_t i = 1; i < 5; i++)
        assert_true(json_integer_value(json_array_get(got, i)) <
                    json_integer_value(json_array_get(got, i - 1)));
}

static void test_network_member_pages(void **state)
{
    /* Every list takes the paging parameters, a child's network included. */
    long long child = make_child(token_of("admin"), NULL);
    long long ids[3];
    for (int i = 0; i < 3; i++) {
        struct http_response *r = http(
            "POST", tfmt("/api/v1/children/%lld/network-members", child), token_of("admin"),
            jtext(json_pack("{s:s, s:s}", "full_name", uniq("Cousin"), "relationship", "cousin")));
        expect_status(r, 201);
        ids[i] = body_int(r, "id");
    }
    int pages = 0;
    json_t *got = collect(tfmt("/api/v1/children/%lld/network-members?limit=2", child),
                          token_of("admin"), 2, &pages);
    expect_same_ids(got, ids, 3);
    assert_int_equal(pages, 2);
}

static void test_bad_cursor_and_limit(void **state)
{
    struct http_response *r =
        http("GET", "/api/v1/children?cursor=not-a-cursor!", token_of("admin"), NULL);
    expect_problem(r, 400);
    r = http("GET", "/api/v1/children?cursor=%25%25%25", token_of("admin"), NULL);
    expect_problem(r, 400);
    r = http("GET", "/api/v1/children?limit=0", token_of("admin"), NULL);
    expect_field_error(r, 422, "limit");
    r = http("GET", "/api/v1/children?limit=201", token_of("admin"), NULL);
    expect_field_error(r, 422, "limit");
    r = http("GET", "/api/v1/children?limit=-5", token_of("admin"), NULL);
    expect_field_error(r, 422, "limit");
    r = http("GET", "/api/v1/children?limit=2&limit=3", token_of("admin"), NULL);
    expect_field_error(r, 422, "limit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_children_pages), TEST(test_exact_pages),          TEST(test_referral_pages),
        TEST(test_audit_pages),    TEST(test_network_member_pages), TEST(test_bad_cursor_and_limit),
    };
    int failed = cmocka_run_group_tests_name("integration: paging", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
