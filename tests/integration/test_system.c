/* Integration tests of what all requests share: health, auth, routing, limits, request ids. */
#include "fixtures.h"

#include <stdlib.h>
#include <string.h>

static bool is_hex_id(const char *s)
{
    if (!s || strlen(s) != 16)
        return false;
    for (; *s; s++)
        if (!strchr("0123456789abcdef", *s))
            return false;
    return true;
}

static void test_healthz(void **state)
{
    struct http_response *r = http("GET", "/healthz", NULL, NULL);
    expect_status(r, 200);
    assert_non_null(http_header(r, "Content-Type"));
    assert_string_equal(http_header(r, "Content-Type"), "application/json");
    assert_string_equal(body_str(r, "status"), "ok");
    assert_string_equal(body_str(r, "database"), "up");
    json_t *pool = body_get(r, "pool");
    assert_true(json_is_object(pool));
    assert_true(json_integer_value(json_object_get(pool, "size")) >= 1);
    assert_true(json_integer_value(json_object_get(pool, "connected")) >= 1);
    assert_true(is_hex_id(http_header(r, "X-Request-Id")));
    assert_string_equal(http_header(r, "Cache-Control"), "no-store");
    assert_string_equal(http_header(r, "X-Content-Type-Options"), "nosniff");
}

static void test_head_is_get_without_body(void **state)
{
    struct http_response *r = http("HEAD", "/healthz", NULL, NULL);
    expect_status(r, 200);
    assert_int_equal(r->body_len, 0);
    assert_true(is_hex_id(http_header(r, "X-Request-Id")));

    r = http("HEAD", "/api/v1/me", token_of("sw1"), NULL);
    expect_status(r, 200);
    assert_int_equal(r->body_len, 0);
}

static void test_me_for_every_role(void **state)
{
    static const struct {
        const char *who, *role;
    } users[] = {{"admin", "admin"},       {"sw1", "social_worker"},
                 {"sw2", "social_worker"}, {"coord1", "fgc_coordinator"},
                 {"manager1", "manager"},  {"analyst1", "data_analyst"},
                 {"trainer1", "trainer"}};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        struct http_response *r = http("GET", "/api/v1/me", token_of(users[i].who), NULL);
        expect_status(r, 200);
        assert_string_equal(body_str(r, "username"), users[i].who);
        assert_string_equal(body_str(r, "role"), users[i].role);
        assert_true(body_int(r, "id") > 0);
        assert_non_null(body_get(r, "team_id"));
    }
}

static void test_no_token(void **state)
{
    struct http_response *r = http("GET", "/api/v1/me", NULL, NULL);
    expect_problem(r, 401);
    assert_non_null(http_header(r, "WWW-Authenticate"));
    assert_non_null(strstr(http_header(r, "WWW-Authenticate"), "Bearer"));

    r = http("GET", "/api/v1/children", NULL, NULL);
    expect_problem(r, 401);
}

static void test_bad_token(void **state)
{
    struct http_response *r =
        http("GET", "/api/v1/me", "fgc_thisIsNotARealTokenAtAll000000000000000000", NULL);
    expect_problem(r, 401);
    assert_non_null(http_header(r, "WWW-Authenticate"));

    /* Not a Bearer token at all. */
    r = http("GET", "/api/v1/me", NULL, NULL, "Authorization: Basic YWRtaW46YWRtaW4=");
    expect_problem(r, 401);
    r = http("GET", "/api/v1/me", NULL, NULL, "Authorization: Bearer");
    expect_problem(r, 401);

    /* A real token with one character changed. */
    char *forged = strdup(token_of("admin"));
    size_t n = strlen(forged);
    forged[n - 1] = forged[n - 1] == 'A' ? 'B' : 'A';
    r = http("GET", "/api/v1/me", forged, NULL);
    free(forged);
    expect_problem(r, 401);
}

static void test_bad_token_writes_nothing(void **state)
{
    const char *name = uniq("Unauthorised team");
    struct http_response *r =
        http("POST", "/api/v1/teams", "fgc_nope", jtext(json_pack("{s:s}", "name", name)));
    expect_problem(r, 401);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 0);
    expect_nothing_written(r);
}

static void test_wrong_role(void **state)
{
    /* A trainer sees no case data. */
    struct http_response *r = http("GET", "/api/v1/children", token_of("trainer1"), NULL);
    expect_problem(r, 403);
    assert_non_null(strstr(body_str(r, "detail"), "trainer"));
    r = http("GET", "/api/v1/referrals", token_of("trainer1"), NULL);
    expect_problem(r, 403);
    /* Only administrators read the audit log; social workers and trainers do not list users. */
    r = http("GET", "/api/v1/audit", token_of("sw1"), NULL);
    expect_problem(r, 403);
    r = http("GET", "/api/v1/users", token_of("trainer1"), NULL);
    expect_problem(r, 403);

    /* A data analyst may not create a child; nothing is written. */
    json_t *child = child_fields();
    const char *last = json_string_value(json_object_get(child, "last_name"));
    const char *marker = tfmt("%s", last);
    r = http("POST", "/api/v1/children", token_of("analyst1"), jtext(child));
    expect_problem(r, 403);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.children WHERE last_name = $1", marker), 0);
    expect_nothing_written(r);
}

static void test_unknown_path(void **state)
{
    /* Routing comes before authentication: no token is needed to learn there is nothing here. */
    struct http_response *r = http("GET", "/api/v1/nothing-here", NULL, NULL);
    expect_problem(r, 404);
    assert_string_equal(body_str(r, "instance"), "/api/v1/nothing-here");
    r = http("GET", "/api/v1/children/abc", token_of("admin"), NULL);
    expect_problem(r, 404);
    /* Paths outside the API belong to the web app; an API path never falls through to it. */
    r = http("GET", "/api", token_of("admin"), NULL);
    expect_problem(r, 404);
    r = http("GET", "/api/v1/children/0", token_of("admin"), NULL);
    expect_problem(r, 404);
}

static void test_wrong_method(void **state)
{
    struct http_response *r = http("DELETE", "/api/v1/children", token_of("admin"), NULL);
    expect_problem(r, 405);
    assert_non_null(http_header(r, "Allow"));
    assert_string_equal(http_header(r, "Allow"), "GET, POST");

    r = http("PUT", "/api/v1/children/1", token_of("admin"), "{}");
    expect_problem(r, 405);
    assert_string_equal(http_header(r, "Allow"), "GET, PATCH");

    r = http("GET", "/api/v1/referrals/1/accept", token_of("admin"), NULL);
    expect_problem(r, 405);
    assert_string_equal(http_header(r, "Allow"), "POST");

    r = http("POST", "/healthz", NULL, "{}");
    expect_problem(r, 405);
    assert_string_equal(http_header(r, "Allow"), "GET");
}

static void test_malformed_json(void **state)
{
    const char *name = uniq("Malformed");
    struct http_response *r =
        http("POST", "/api/v1/teams", token_of("admin"), tfmt("{\"name\": \"%s\",", name));
    expect_problem(r, 400);
    assert_non_null(strstr(body_str(r, "detail"), "JSON"));
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 0);
    expect_nothing_written(r);

    /* The same key twice is refused rather than silently taking one of them. */
    r = http("POST", "/api/v1/teams", token_of("admin"),
             tfmt("{\"name\": \"%s\", \"name\": \"%s-2\"}", name, name));
    expect_problem(r, 400);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name LIKE $1 || '%'", name), 0);

    /* Text that is not JSON at all, and a NUL inside a string. */
    r = http("POST", "/api/v1/teams", token_of("admin"), "name=Team");
    expect_problem(r, 400);
    static const char with_nul[] = "{\"name\": \"a\\u0000b\"}";
    const char *headers[] = {NULL};
    r = http_request_raw("POST", "/api/v1/teams", token_of("admin"), with_nul, sizeof with_nul - 1,
                         headers);
    assert_true(r->status == 400 || r->status == 422);
    expect_nothing_written(r);
}

static void test_body_must_be_object(void **state)
{
    struct http_response *r = http("POST", "/api/v1/teams", token_of("admin"), "[\"Team\"]");
    expect_problem(r, 422);
    /* A bare string is JSON too, but not an object: refused either way. */
    r = http("POST", "/api/v1/teams", token_of("admin"), "\"Team\"");
    assert_true(r->status == 400 || r->status == 422);
    expect_nothing_written(r);
    r = http("POST", "/api/v1/teams", token_of("admin"), "");
    /* An empty body where one is needed is not JSON. */
    assert_true(r->status == 400 || r->status == 415);
    expect_nothing_written(r);
}

static void test_wrong_content_type(void **state)
{
    const char *name = uniq("Wrong type");
    const char *body = jtext(json_pack("{s:s}", "name", name));
    struct http_response *r =
        http("POST", "/api/v1/teams", token_of("admin"), body, "Content-Type: text/plain");
    expect_problem(r, 415);
    r = http("POST", "/api/v1/teams", token_of("admin"), body,
             "Content-Type: application/x-www-form-urlencoded");
    expect_problem(r, 415);
    r = http("POST", "/api/v1/teams", token_of("admin"), body, "Content-Type: application/jsonx");
    expect_problem(r, 415);
    r = http("POST", "/api/v1/teams", token_of("admin"), body, "Content-Type:");
    expect_problem(r, 415);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 0);
    expect_nothing_written(r);

    /* A charset parameter is fine. */
    r = http("POST", "/api/v1/teams", token_of("admin"), body,
             "Content-Type: application/json; charset=utf-8");
    expect_status(r, 201);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 1);
}

static void test_oversize_body(void **state)
{
    const char *name = uniq("Oversize");
    size_t pad = 1024 * 1024 + 100;
    size_t cap = pad + 256;
    char *body = malloc(cap);
    assert_non_null(body);
    int head = snprintf(body, cap, "{\"name\": \"%s\", \"padding\": \"", name);
    memset(body + head, 'x', pad);
    strcpy(body + head + pad, "\"}");
    scratch_keep(body, free);
    const char *headers[] = {NULL};
    struct http_response *r =
        http_request_raw("POST", "/api/v1/teams", token_of("admin"), body, strlen(body), headers);
    /* Only the status is checked: libevent 2.1 answers this itself (HTML, no X-Request-Id). */
    expect_status(r, 413);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 0);
    /* The daemon still answers afterwards. */
    r = http("GET", "/healthz", NULL, NULL);
    expect_status(r, 200);
}

static void test_query_string_on_a_write(void **state)
{
    const char *name = uniq("Query");
    struct http_response *r = http("POST", "/api/v1/teams?dry_run=1", token_of("admin"),
                                   jtext(json_pack("{s:s}", "name", name)));
    expect_problem(r, 400);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.teams WHERE name = $1", name), 0);
}

static void test_unknown_query_parameter(void **state)
{
    struct http_response *r = http("GET", "/api/v1/children?colour=red", token_of("admin"), NULL);
    expect_field_error(r, 422, "colour");
    r = http("GET", "/api/v1/children?limit=ten", token_of("admin"), NULL);
    expect_field_error(r, 422, "limit");
}

static void test_request_ids(void **state)
{
    /* Every response carries its own request id, whatever the outcome. */
    struct http_response *rs[] = {
        http("GET", "/healthz", NULL, NULL),
        http("GET", "/api/v1/me", token_of("admin"), NULL),
        http("GET", "/api/v1/me", NULL, NULL),
        http("GET", "/api/v1/children", token_of("trainer1"), NULL),
        http("GET", "/api/v1/nowhere", NULL, NULL),
        http("PATCH", "/healthz", NULL, "{}"),
        http("POST", "/api/v1/teams", token_of("admin"), "{"),
        http("POST", "/api/v1/teams", token_of("admin"), "{}", "Content-Type: text/plain"),
        http("POST", "/api/v1/teams", token_of("admin"), "{}"),
        http("GET", "/api/v1/children/999999999", token_of("admin"), NULL),
    };
    size_t n = sizeof rs / sizeof rs[0];
    for (size_t i = 0; i < n; i++) {
        const char *id = http_header(rs[i], "X-Request-Id");
        if (!is_hex_id(id))
            fail_msg("%s (HTTP %ld) has no proper X-Request-Id", rs[i]->what, rs[i]->status);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(id, http_header(rs[j], "X-Request-Id"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_healthz),
        TEST(test_head_is_get_without_body),
        TEST(test_me_for_every_role),
        TEST(test_no_token),
        TEST(test_bad_token),
        TEST(test_bad_token_writes_nothing),
        TEST(test_wrong_role),
        TEST(test_unknown_path),
        TEST(test_wrong_method),
        TEST(test_malformed_json),
        TEST(test_body_must_be_object),
        TEST(test_wrong_content_type),
        TEST(test_oversize_body),
        TEST(test_query_string_on_a_write),
        TEST(test_unknown_query_parameter),
        TEST(test_request_ids),
    };
    int failed = cmocka_run_group_tests_name("integration: system", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
