/* Integration tests of children: create, read, change, refuse bad input, who sees what. */
#include "fixtures.h"

#include <stdlib.h>
#include <string.h>

/* Rows of fgc.children with this last name (each test uses a unique one). */
static long long child_rows(const char *last_name)
{
    return db_count("SELECT count(*) FROM fgc.children WHERE last_name = $1", last_name);
}

/* A valid child body with one field replaced (value stolen; NULL removes the field). */
static const char *child_with(const char *last_name, const char *field, json_t *value)
{
    json_t *body = child_fields();
    json_object_set_new(body, "last_name", json_string(last_name));
    if (value)
        json_object_set_new(body, field, value);
    else
        json_object_del(body, field);
    return jtext(body);
}

static void test_create_and_get(void **state)
{
    json_t *fields = child_fields();
    json_object_set_new(fields, "upn", json_string(tfmt("A%011uZ", test_random() % 1000000000u)));
    const char *first = tfmt("%s", json_string_value(json_object_get(fields, "first_name")));
    const char *last = tfmt("%s", json_string_value(json_object_get(fields, "last_name")));
    struct http_response *r = http("POST", "/api/v1/children", token_of("admin"), jtext(fields));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    assert_string_equal(http_header(r, "Content-Type"), "application/json");
    assert_string_equal(body_str(r, "first_name"), first);
    assert_string_equal(body_str(r, "last_name"), last);
    assert_string_equal(body_str(r, "date_of_birth"), "2016-12-10");
    assert_int_equal(body_int(r, "sex"), 2);
    assert_string_equal(body_str(r, "ethnicity"), "WBRI");
    assert_string_equal(body_str(r, "area"), cluster_code());
    assert_int_equal(body_int(r, "version"), 1);
    assert_string_equal(etag_of(r), "\"1\"");
    const char *location = http_header(r, "Location");
    assert_non_null(location);
    assert_string_equal(location, tfmt("/api/v1/children/%lld", id));
    assert_int_equal(child_rows(last), 1);

    r = http("GET", location, token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "id"), id);
    assert_string_equal(body_str(r, "first_name"), first);
    assert_string_equal(etag_of(r), "\"1\"");
    assert_true(json_is_array(body_get(r, "network_members")));

    /* HEAD is GET without the body. */
    r = http("HEAD", location, token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(r->body_len, 0);
    assert_string_equal(etag_of(r), "\"1\"");
}

static void test_social_worker_creates_own_child(void **state)
{
    struct http_response *r =
        http("POST", "/api/v1/children", token_of("sw1"), jtext(child_fields()));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    /* Allocated to them, so they can see what they created. */
    assert_int_equal(body_int(r, "social_worker_id"), user_id("sw1"));
    expect_status(http("GET", tfmt("/api/v1/children/%lld", id), token_of("sw1"), NULL), 200);
    /* Another social worker, in no team, cannot. */
    expect_problem(http("GET", tfmt("/api/v1/children/%lld", id), token_of("sw2"), NULL), 404);
}

static void test_bad_types_unknown_and_missing(void **state)
{
    const char *last = uniq("Refused");
    struct http_response *r;
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "sex", json_string("1")));
    expect_field_error(r, 422, "sex");
    expect_nothing_written(r);
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "sex", json_integer(3)));
    expect_field_error(r, 422, "sex");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "date_of_birth", json_integer(20161210)));
    expect_field_error(r, 422, "date_of_birth");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "team_id", json_string("3")));
    expect_field_error(r, 422, "team_id");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "nickname", json_string("Addy")));
    expect_field_error(r, 422, "nickname");
    r = http("POST", "/api/v1/children", token_of("admin"), child_with(last, "first_name", NULL));
    assert_string_equal(expect_field_error(r, 422, "first_name"), "Is required");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "first_name", json_null()));
    expect_field_error(r, 422, "first_name");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "first_name", json_string(" ")));
    expect_field_error(r, 422, "first_name");
    expect_nothing_written(r);
    assert_int_equal(child_rows(last), 0);
}

static void test_every_error_at_once(void **state)
{
    const char *last = uniq("Many errors");
    struct http_response *r =
        http("POST", "/api/v1/children", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:i, s:s, s:s}", "last_name", last, "date_of_birth",
                             "2025-02-29", "sex", 0, "ethnicity", "XXXX", "shoe_size", "4")));
    expect_field_error(r, 422, "first_name");
    expect_field_error(r, 422, "date_of_birth");
    expect_field_error(r, 422, "sex");
    expect_field_error(r, 422, "ethnicity");
    expect_field_error(r, 422, "area");
    expect_field_error(r, 422, "shoe_size");
    assert_int_equal(json_array_size(body_get(r, "errors")), 6);
    assert_int_equal(child_rows(last), 0);
}

static void test_impossible_and_future_dates(void **state)
{
    const char *last = uniq("Dates");
    struct http_response *r;
    static const char *const impossible[] = {"2025-02-29", "2026-13-01", "2024-04-31",
                                             "2024-00-10", "10/12/2016", "2016-12-10T00:00"};
    for (size_t i = 0; i < sizeof impossible / sizeof impossible[0]; i++) {
        r = http("POST", "/api/v1/children", token_of("admin"),
                 child_with(last, "date_of_birth", json_string(impossible[i])));
        const char *msg = expect_field_error(r, 422, "date_of_birth");
        assert_non_null(strstr(msg, "YYYY-MM-DD"));
    }
    /* 29 February exists in a leap year. */
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "date_of_birth", json_string("2024-02-29")));
    expect_status(r, 201);
    assert_string_equal(body_str(r, "date_of_birth"), "2024-02-29");
    assert_int_equal(child_rows(last), 1);

    /* An unborn child (pre-birth conference) is recorded with the expected date of delivery,
     * up to 40 weeks ahead; further ahead is a typing error, refused by the database. */
    const char *last2 = uniq("Future");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last2, "date_of_birth", json_string(date_from_today(400))));
    expect_field_error(r, 422, "date_of_birth");
    expect_nothing_written(r);
    assert_int_equal(child_rows(last2), 0);
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last2, "date_of_birth", json_string(date_from_today(60))));
    expect_status(r, 201);
    assert_int_equal(child_rows(last2), 1);
    /* More than 25 years ago is refused too. */
    const char *last3 = uniq("Old");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last3, "date_of_birth", json_string("1990-01-01")));
    expect_field_error(r, 422, "date_of_birth");
    assert_int_equal(child_rows(last3), 0);
}

static void test_unknown_codes(void **state)
{
    const char *last = uniq("Codes");
    struct http_response *r;
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "ethnicity", json_string("XXXX")));
    const char *msg = expect_field_error(r, 422, "ethnicity");
    assert_non_null(strstr(msg, "WBRI"));
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "ethnicity", json_string("wbri")));
    expect_field_error(r, 422, "ethnicity");

    /* An area code of the right shape that does not exist: the database names the field. */
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "area", json_string("NO-SUCH-AREA")));
    msg = expect_field_error(r, 422, "area");
    assert_non_null(strstr(msg, "NO-SUCH-AREA"));
    expect_nothing_written(r);
    /* A child lives in a cluster, not directly in a local authority. */
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "area", json_string(la_code())));
    expect_field_error(r, 422, "area");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "area", json_string("bad code!")));
    expect_field_error(r, 422, "area");

    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "upn", json_string("123")));
    expect_field_error(r, 422, "upn");
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "team_id", json_integer(987654321)));
    expect_field_error(r, 422, "team_id");
    expect_nothing_written(r);
    /* The allocated worker must be an active social worker. */
    r = http("POST", "/api/v1/children", token_of("admin"),
             child_with(last, "social_worker_id", json_integer(user_id("coord1"))));
    expect_field_error(r, 422, "social_worker_id");
    assert_int_equal(child_rows(last), 0);
}

static void test_transport_errors_write_nothing(void **state)
{
    const char *last = uniq("Transport");
    const char *good = child_with(last, "sex", json_integer(1));
    struct http_response *r;
    /* Malformed JSON: the good body cut short. */
    r = http("POST", "/api/v1/children", token_of("admin"),
             tfmt("%.*s", (int)strlen(good) - 2, good));
    expect_problem(r, 400);
    r = http("POST", "/api/v1/children", token_of("admin"), good, "Content-Type: text/csv");
    expect_problem(r, 415);
    /* Over 1 MiB. */
    size_t pad = 1100 * 1024;
    char *big = malloc(strlen(good) + pad + 32);
    assert_non_null(big);
    scratch_keep(big, free);
    size_t n = strlen(good) - 1; /* without the closing brace */
    memcpy(big, good, n);
    n += (size_t)sprintf(big + n, ", \"notes\": \"");
    memset(big + n, 'z', pad);
    strcpy(big + n + pad, "\"}");
    const char *none[] = {NULL};
    r = http_request_raw("POST", "/api/v1/children", token_of("admin"), big, strlen(big), none);
    expect_status(r, 413);
    assert_int_equal(child_rows(last), 0);
    /* The same body, correct this time, is accepted. */
    expect_status(http("POST", "/api/v1/children", token_of("admin"), good), 201);
    assert_int_equal(child_rows(last), 1);
}

static void test_update_with_if_match(void **state)
{
    long long id = make_child(token_of("admin"), NULL);
    const char *path = tfmt("/api/v1/children/%lld", id);
    const char *last = uniq("Renamed");
    struct http_response *r =
        http("PATCH", path, token_of("admin"),
             jtext(json_pack("{s:s, s:i}", "last_name", last, "sex", 1)), "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "last_name"), last);
    assert_int_equal(body_int(r, "sex"), 1);
    assert_int_equal(body_int(r, "version"), 2);
    assert_string_equal(etag_of(r), "\"2\"");
    /* Fields not named stay as they were. */
    assert_string_equal(body_str(r, "ethnicity"), "WBRI");

    /* A stale version is refused and changes nothing. */
    r = http("PATCH", path, token_of("admin"), "{\"last_name\": \"Overwritten\"}",
             "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    /* Without If-Match: 428. */
    r = http("PATCH", path, token_of("admin"), "{\"last_name\": \"Overwritten\"}");
    expect_problem(r, 428);
    r = http("PATCH", path, token_of("admin"), "{\"last_name\": \"Overwritten\"}",
             "If-Match: \"two\"");
    expect_problem(r, 400);
    assert_int_equal(child_rows("Overwritten"), 0);
    assert_string_equal(
        db_text("SELECT last_name FROM fgc.children WHERE id = $1", tfmt("%lld", id)), last);

    /* An empty change, a bad value and an unknown field are all 422. */
    r = http("PATCH", path, token_of("admin"), "{}", "If-Match: \"2\"");
    expect_field_error(r, 422, "(body)");
    r = http("PATCH", path, token_of("admin"), "{\"ethnicity\": \"XXXX\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "ethnicity");
    r = http("PATCH", path, token_of("admin"), "{\"area\": \"NO-SUCH-AREA\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "area");
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("admin"), "{\"id\": 5}", "If-Match: \"2\"");
    expect_field_error(r, 422, "id");
    r = http("PATCH", path, token_of("admin"),
             tfmt("{\"date_of_birth\": \"%s\"}", date_from_today(400)), "If-Match: \"2\"");
    expect_field_error(r, 422, "date_of_birth");
    assert_int_equal(db_count("SELECT version FROM fgc.children WHERE id = $1", tfmt("%lld", id)),
                     2);

    /* A weak ETag works as well; clearing a nullable field is a change. */
    r = http("PATCH", path, token_of("admin"), "{\"upn\": null}", "If-Match: W/\"2\"");
    expect_status(r, 200);
    assert_string_equal(etag_of(r), "\"3\"");

    r = http("PATCH", "/api/v1/children/999999999", token_of("admin"), "{\"sex\": 1}",
             "If-Match: \"1\"");
    expect_problem(r, 404);
}

static void test_visibility_by_team(void **state)
{
    long long team_a = make_team(), team_b = make_team();
    struct test_user worker = make_user("social_worker", team_a);
    long long own =
        make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team_a));
    long long other =
        make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team_b));

    expect_status(http("GET", tfmt("/api/v1/children/%lld", own), worker.token, NULL), 200);
    struct http_response *r = http("GET", tfmt("/api/v1/children/%lld", other), worker.token, NULL);
    expect_problem(r, 404);
    /* The same answer as for a child that does not exist: nothing is revealed. */
    struct http_response *missing = http("GET", "/api/v1/children/999999999", worker.token, NULL);
    expect_problem(missing, 404);

    /* Changes are refused the same way. */
    r = http("PATCH", tfmt("/api/v1/children/%lld", other), worker.token, "{\"sex\": 1}",
             "If-Match: \"1\"");
    expect_problem(r, 404);
    expect_nothing_written(r);

    /* The list holds only what the worker can see. */
    r = http("GET", "/api/v1/children?limit=200", worker.token, NULL);
    expect_status(r, 200);
    size_t i;
    json_t *item;
    bool seen_own = false;
    json_array_foreach(body_get(r, "items"), i, item)
    {
        long long id = json_integer_value(json_object_get(item, "id"));
        assert_true(id != other);
        if (id == own)
            seen_own = true;
    }
    assert_true(seen_own);

    /* Managers and coordinators see every child. */
    expect_status(http("GET", tfmt("/api/v1/children/%lld", other), token_of("manager1"), NULL),
                  200);
    expect_status(http("GET", tfmt("/api/v1/children/%lld", other), token_of("coord1"), NULL), 200);
}

static void test_visibility_by_allocation(void **state)
{
    long long mine = make_child(token_of("admin"),
                                json_pack("{s:I}", "social_worker_id", (json_int_t)user_id("sw1")));
    long long not_mine = make_child(token_of("admin"), NULL);
    expect_status(http("GET", tfmt("/api/v1/children/%lld", mine), token_of("sw1"), NULL), 200);
    expect_problem(http("GET", tfmt("/api/v1/children/%lld", not_mine), token_of("sw1"), NULL),
                   404);
    expect_problem(http("GET", tfmt("/api/v1/children/%lld", mine), token_of("sw2"), NULL), 404);
}

static void test_analyst_sees_no_names(void **state)
{
    long long id = make_child(token_of("admin"), NULL);
    struct http_response *r =
        http("GET", tfmt("/api/v1/children/%lld", id), token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "id"), id);
    assert_null(body_get(r, "first_name"));
    assert_null(body_get(r, "last_name"));
    assert_non_null(body_str(r, "date_of_birth"));
    assert_non_null(body_str(r, "ethnicity"));

    r = http("GET", "/api/v1/children?limit=200", token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_true(json_array_size(body_get(r, "items")) > 0);
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "items"), i, item)
    {
        assert_null(json_object_get(item, "first_name"));
        assert_null(json_object_get(item, "last_name"));
    }
    /* Nor may they search by name. */
    expect_problem(http("GET", "/api/v1/children?q=Ada", token_of("analyst1"), NULL), 403);
    /* And they only read. */
    r = http("PATCH", tfmt("/api/v1/children/%lld", id), token_of("analyst1"), "{\"sex\": 1}",
             "If-Match: \"1\"");
    expect_problem(r, 403);
}

static void test_roles(void **state)
{
    long long id = make_child(token_of("admin"), NULL);
    expect_problem(http("GET", "/api/v1/children", token_of("trainer1"), NULL), 403);
    expect_problem(http("GET", tfmt("/api/v1/children/%lld", id), token_of("trainer1"), NULL), 403);
    const char *last = uniq("By manager");
    struct http_response *r = http("POST", "/api/v1/children", token_of("manager1"),
                                   child_with(last, "sex", json_integer(1)));
    expect_problem(r, 403);
    r = http("POST", "/api/v1/children", token_of("trainer1"),
             child_with(last, "sex", json_integer(1)));
    expect_problem(r, 403);
    assert_int_equal(child_rows(last), 0);
    /* A coordinator records children too. */
    expect_status(http("POST", "/api/v1/children", token_of("coord1"),
                       child_with(last, "sex", json_integer(1))),
                  201);
}

static void test_list_filters(void **state)
{
    long long team = make_team();
    long long a = make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team));
    long long b = make_child(token_of("admin"), json_pack("{s:I}", "team_id", (json_int_t)team));
    make_child(token_of("admin"), NULL);
    struct http_response *r =
        http("GET", tfmt("/api/v1/children?team_id=%lld", team), token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), a);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "id")), b);
    assert_true(json_is_null(body_get(r, "next_cursor")));

    /* Search by part of a name. */
    json_t *fields = child_fields();
    const char *first = tfmt("%s", json_string_value(json_object_get(fields, "first_name")));
    json_decref(fields);
    long long c = make_child(token_of("admin"), json_pack("{s:s}", "first_name", first));
    r = http("GET", tfmt("/api/v1/children?q=%s", first), token_of("manager1"), NULL);
    expect_status(r, 200);
    items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), c);

    r = http("GET", "/api/v1/children?area=NO-SUCH-AREA", token_of("admin"), NULL);
    expect_field_error(r, 422, "area");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_create_and_get),
        TEST(test_social_worker_creates_own_child),
        TEST(test_bad_types_unknown_and_missing),
        TEST(test_every_error_at_once),
        TEST(test_impossible_and_future_dates),
        TEST(test_unknown_codes),
        TEST(test_transport_errors_write_nothing),
        TEST(test_update_with_if_match),
        TEST(test_visibility_by_team),
        TEST(test_visibility_by_allocation),
        TEST(test_analyst_sees_no_names),
        TEST(test_roles),
        TEST(test_list_filters),
    };
    int failed = cmocka_run_group_tests_name("integration: children", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
