/* Integration tests of teams, users and API tokens: create, validate, If-Match, revoke. */
#include "fixtures.h"

#include <string.h>

static long long team_rows(const char *name)
{
    return db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name);
}

static long long user_rows(const char *username)
{
    return db_count("SELECT count(*) FROM fgc.users WHERE username = $1", username);
}

static void test_team_create(void **state)
{
    const char *name = uniq("Leeds North Social Work Team");
    struct http_response *r =
        http("POST", "/api/v1/teams", token_of("admin"), jtext(json_pack("{s:s}", "name", name)));
    expect_status(r, 201);
    assert_string_equal(http_header(r, "Content-Type"), "application/json");
    assert_true(body_int(r, "id") > 0);
    assert_string_equal(body_str(r, "name"), name);
    const char *location = http_header(r, "Location");
    assert_non_null(location);
    assert_string_equal(location, tfmt("/api/v1/teams/%lld", body_int(r, "id")));
    assert_int_equal(team_rows(name), 1);
}

static void test_team_duplicate(void **state)
{
    const char *name = uniq("Duplicate team");
    const char *body = jtext(json_pack("{s:s}", "name", name));
    expect_status(http("POST", "/api/v1/teams", token_of("admin"), body), 201);
    struct http_response *r = http("POST", "/api/v1/teams", token_of("admin"), body);
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), name));
    assert_int_equal(team_rows(name), 1);
    expect_nothing_written(r);
}

static void test_team_bad_input(void **state)
{
    const char *name = uniq("Bad team");
    struct http_response *r;
    /* Missing, wrong type, blank, too long, unknown field, null. */
    r = http("POST", "/api/v1/teams", token_of("admin"), "{}");
    expect_field_error(r, 422, "name");
    r = http("POST", "/api/v1/teams", token_of("admin"), "{\"name\": 42}");
    expect_field_error(r, 422, "name");
    r = http("POST", "/api/v1/teams", token_of("admin"), "{\"name\": \"   \"}");
    expect_field_error(r, 422, "name");
    r = http("POST", "/api/v1/teams", token_of("admin"), "{\"name\": null}");
    expect_field_error(r, 422, "name");
    char long_name[102];
    memset(long_name, 'n', 101);
    long_name[101] = '\0';
    r = http("POST", "/api/v1/teams", token_of("admin"),
             jtext(json_pack("{s:s}", "name", long_name)));
    expect_field_error(r, 422, "name");
    assert_int_equal(team_rows(long_name), 0);
    r = http("POST", "/api/v1/teams", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "name", name, "colour", "blue")));
    expect_field_error(r, 422, "colour");
    assert_int_equal(team_rows(name), 0);
    expect_nothing_written(r);
}

static void test_team_roles(void **state)
{
    const char *name = uniq("Forbidden team");
    const char *body = jtext(json_pack("{s:s}", "name", name));
    static const char *const others[] = {"sw1", "coord1", "manager1", "analyst1", "trainer1"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        expect_problem(http("POST", "/api/v1/teams", token_of(others[i]), body), 403);
    assert_int_equal(team_rows(name), 0);

    /* Every role lists teams (coordinators allocate work by team); a new team is in it. */
    long long id = make_team();
    struct http_response *r = http("GET", "/api/v1/teams?limit=200", token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_true(json_is_array(body_get(r, "items")));
    assert_non_null(body_get(r, "next_cursor"));
    expect_status(http("GET", "/api/v1/teams", token_of("admin"), NULL), 200);
    expect_status(http("GET", "/api/v1/teams", token_of("sw1"), NULL), 200);

    /* Follow the pages until the new team turns up. */
    bool found = false;
    const char *path = "/api/v1/teams?limit=200";
    for (int page = 0; page < 100 && !found; page++) {
        r = http("GET", path, token_of("admin"), NULL);
        expect_status(r, 200);
        size_t i;
        json_t *item;
        json_array_foreach(body_get(r, "items"), i, item)
        {
            if (json_integer_value(json_object_get(item, "id")) == id)
                found = true;
        }
        if (!body_str(r, "next_cursor"))
            break;
        path = tfmt("/api/v1/teams?limit=200&cursor=%s", body_str(r, "next_cursor"));
    }
    assert_true(found);
}

static void test_user_create_and_get(void **state)
{
    long long team = make_team();
    const char *username = tfmt("jo-%s", uniq("x") + 2);
    /* uniq gives "x-PID-N-R"; usernames are lower case, so this stays valid. */
    struct http_response *r =
        http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:I}", "username", username, "display_name",
                             "Jo Bloggs", "role", "social_worker", "team_id", (json_int_t)team)));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    assert_string_equal(body_str(r, "username"), username);
    assert_string_equal(body_str(r, "role"), "social_worker");
    assert_int_equal(body_int(r, "team_id"), team);
    assert_true(json_is_true(body_get(r, "active")));
    const char *location = http_header(r, "Location");
    assert_non_null(location);
    assert_string_equal(location, tfmt("/api/v1/users/%lld", id));
    assert_string_equal(etag_of(r), "\"1\"");
    /* No secret ever comes back. */
    assert_null(body_get(r, "password_hash"));
    assert_null(body_get(r, "token_hash"));

    r = http("GET", location, token_of("admin"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "username"), username);
    assert_string_equal(etag_of(r), "\"1\"");

    r = http("GET", "/api/v1/users/999999999", token_of("admin"), NULL);
    expect_problem(r, 404);
}

static void test_username_with_dot(void **state)
{
    /* docs/architecture.md names a user "asha.k"; the database accepts dots and underscores. */
    const char *username = tfmt("asha.k_%s", uniq("u") + 2);
    struct http_response *r =
        http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", username, "role", "trainer")));
    expect_status(r, 201);
    assert_int_equal(user_rows(username), 1);
}

static void test_user_bad_input(void **state)
{
    const char *username = tfmt("bad-%s", uniq("u") + 2);
    struct http_response *r;
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", username, "role", "superuser")));
    const char *msg = expect_field_error(r, 422, "role");
    assert_non_null(strstr(msg, "social_worker"));
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s}", "username", username)));
    expect_field_error(r, 422, "role");
    r = http(
        "POST", "/api/v1/users", token_of("admin"),
        jtext(json_pack("{s:s, s:s, s:i}", "username", username, "role", "trainer", "team_id", 0)));
    expect_field_error(r, 422, "team_id");
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s}", "username", username, "role", "trainer", "team_id",
                             "1")));
    expect_field_error(r, 422, "team_id");
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", "Has Spaces", "role", "trainer")));
    expect_field_error(r, 422, "username");
    /* Well formed, but the team does not exist: the database says so, naming the field. */
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:i}", "username", username, "role", "trainer", "team_id",
                             987654321)));
    expect_field_error(r, 422, "team_id");
    expect_nothing_written(r);
    /* "cli" is how the command-line tools appear in the audit log. */
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", "cli", "role", "admin")));
    expect_field_error(r, 422, "username");
    assert_int_equal(user_rows(username), 0);
    assert_int_equal(user_rows("cli"), 0);

    /* A taken username is a conflict. */
    r = http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", "sw1", "role", "trainer")));
    expect_problem(r, 409);
    expect_nothing_written(r);
}

static void test_user_roles(void **state)
{
    const char *username = tfmt("nope-%s", uniq("u") + 2);
    const char *body = jtext(json_pack("{s:s, s:s}", "username", username, "role", "admin"));
    static const char *const others[] = {"sw1", "coord1", "manager1", "analyst1", "trainer1"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        expect_problem(http("POST", "/api/v1/users", token_of(others[i]), body), 403);
    /* Coordinators and managers list users to allocate work; the others may not. */
    expect_status(http("GET", "/api/v1/users", token_of("coord1"), NULL), 200);
    expect_status(http("GET", "/api/v1/users", token_of("manager1"), NULL), 200);
    expect_problem(http("GET", "/api/v1/users", token_of("sw1"), NULL), 403);
    expect_problem(http("GET", "/api/v1/users", token_of("analyst1"), NULL), 403);
    expect_problem(http("GET", "/api/v1/users", token_of("trainer1"), NULL), 403);
    assert_int_equal(user_rows(username), 0);
}

static void test_user_list_filters(void **state)
{
    struct http_response *r =
        http("GET", "/api/v1/users?role=trainer&limit=200", token_of("admin"), NULL);
    expect_status(r, 200);
    bool found = false;
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "items"), i, item)
    {
        assert_string_equal(json_string_value(json_object_get(item, "role")), "trainer");
        if (strcmp(json_string_value(json_object_get(item, "username")), "trainer1") == 0)
            found = true;
    }
    assert_true(found);

    long long team = make_team();
    struct test_user u = make_user("social_worker", team);
    r = http("GET", tfmt("/api/v1/users?team_id=%lld", team), token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(body_get(r, "items"), 0), "id")), u.id);

    r = http("GET", "/api/v1/users?role=king", token_of("admin"), NULL);
    expect_field_error(r, 422, "role");
}

static void test_user_update(void **state)
{
    struct test_user u = make_user("trainer", 0);
    const char *path = tfmt("/api/v1/users/%lld", u.id);
    long long team = make_team();

    struct http_response *r =
        http("PATCH", path, token_of("admin"),
             jtext(json_pack("{s:s, s:I}", "display_name", "Renamed", "team_id", (json_int_t)team)),
             "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "display_name"), "Renamed");
    assert_int_equal(body_int(r, "team_id"), team);
    assert_int_equal(body_int(r, "version"), 2);
    assert_string_equal(etag_of(r), "\"2\"");

    /* Stale: someone else's change came in between. */
    r = http("PATCH", path, token_of("admin"), "{\"display_name\": \"Stale\"}", "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    /* Missing If-Match. */
    r = http("PATCH", path, token_of("admin"), "{\"display_name\": \"Blind\"}");
    expect_problem(r, 428);
    expect_nothing_written(r);
    assert_string_equal(
        db_text("SELECT display_name FROM fgc.users WHERE id = $1", tfmt("%lld", u.id)), "Renamed");

    /* Nothing to change; a bad value; a deactivation. */
    r = http("PATCH", path, token_of("admin"), "{}", "If-Match: \"2\"");
    expect_field_error(r, 422, "(body)");
    r = http("PATCH", path, token_of("admin"), "{\"active\": \"no\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "active");
    r = http("PATCH", path, token_of("admin"), "{\"active\": false}", "If-Match: W/\"2\"");
    expect_status(r, 200);
    assert_true(json_is_false(body_get(r, "active")));
    assert_string_equal(etag_of(r), "\"3\"");
}

static void test_admin_cannot_lock_themselves_out(void **state)
{
    const char *path = tfmt("/api/v1/users/%lld", user_id("admin"));
    struct http_response *r = http("GET", path, token_of("admin"), NULL);
    expect_status(r, 200);
    r = http("PATCH", path, token_of("admin"), "{\"active\": false}",
             tfmt("If-Match: %s", etag_of(r)));
    expect_problem(r, 403);
    expect_nothing_written(r);
}

static void test_token_create(void **state)
{
    struct http_response *r =
        http("POST", "/api/v1/users", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "username", tfmt("tok-%s", uniq("u") + 2), "role",
                             "manager")));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    const char *username = tfmt("%s", body_str(r, "username"));

    r = http("POST", tfmt("/api/v1/users/%lld/tokens", id), token_of("admin"),
             "{\"label\": \"wall display\"}");
    expect_status(r, 201);
    const char *token = body_str(r, "token");
    assert_non_null(token);
    assert_int_equal(strlen(token), 47);
    assert_memory_equal(token, "fgc_", 4);
    assert_string_equal(body_str(r, "label"), "wall display");
    /* The hash is never returned, and the token itself is not stored. */
    assert_null(body_get(r, "token_hash"));
    assert_int_equal(
        db_count("SELECT count(*) FROM fgc.api_tokens WHERE token_hash = $1 OR label = $1", token),
        0);
    token = tfmt("%s", token);

    r = http("GET", "/api/v1/me", token, NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "username"), username);
    assert_string_equal(body_str(r, "role"), "manager");

    /* No body at all is fine too (the label is optional). */
    r = http("POST", tfmt("/api/v1/users/%lld/tokens", id), token_of("admin"), NULL);
    expect_status(r, 201);
    assert_non_null(body_str(r, "token"));

    /* Bad input, an unknown user and the wrong role. */
    r = http("POST", tfmt("/api/v1/users/%lld/tokens", id), token_of("admin"),
             "{\"labels\": \"x\"}");
    expect_field_error(r, 422, "labels");
    r = http("POST", "/api/v1/users/999999999/tokens", token_of("admin"), "{}");
    expect_problem(r, 404);
    r = http("POST", tfmt("/api/v1/users/%lld/tokens", id), token_of("manager1"), "{}");
    expect_problem(r, 403);
}

static void test_token_revoke(void **state)
{
    struct test_user u = make_user("data_analyst", 0);
    /* A second token, revoked before it is ever used. */
    struct http_response *r =
        http("POST", tfmt("/api/v1/users/%lld/tokens", u.id), token_of("admin"), "{}");
    expect_status(r, 201);
    long long token_id = body_int(r, "id");
    const char *token = tfmt("%s", body_str(r, "token"));
    assert_true(token_id > 0);

    r = http("DELETE", tfmt("/api/v1/tokens/%lld", token_id), token_of("sw1"), NULL);
    expect_problem(r, 403);
    r = http("DELETE", tfmt("/api/v1/tokens/%lld", token_id), token_of("admin"), NULL);
    expect_status(r, 200);
    assert_non_null(body_str(r, "revoked_at"));
    /* Revoking again changes nothing and succeeds. */
    r = http("DELETE", tfmt("/api/v1/tokens/%lld", token_id), token_of("admin"), NULL);
    expect_status(r, 200);

    r = http("GET", "/api/v1/me", token, NULL);
    expect_problem(r, 401);
    /* The user's other token still works. */
    expect_status(http("GET", "/api/v1/me", u.token, NULL), 200);

    r = http("DELETE", "/api/v1/tokens/999999999", token_of("admin"), NULL);
    expect_problem(r, 404);
}

static void test_inactive_user_token(void **state)
{
    /* A user made inactive before their token is first used cannot sign in. */
    struct test_user u = make_user("social_worker", 0);
    struct http_response *r = http("PATCH", tfmt("/api/v1/users/%lld", u.id), token_of("admin"),
                                   "{\"active\": false}", "If-Match: \"1\"");
    expect_status(r, 200);
    expect_problem(http("GET", "/api/v1/me", u.token, NULL), 401);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_team_create),
        TEST(test_team_duplicate),
        TEST(test_team_bad_input),
        TEST(test_team_roles),
        TEST(test_user_create_and_get),
        TEST(test_username_with_dot),
        TEST(test_user_bad_input),
        TEST(test_user_roles),
        TEST(test_user_list_filters),
        TEST(test_user_update),
        TEST(test_admin_cannot_lock_themselves_out),
        TEST(test_token_create),
        TEST(test_token_revoke),
        TEST(test_inactive_user_token),
    };
    int failed =
        cmocka_run_group_tests_name("integration: teams, users, tokens", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
