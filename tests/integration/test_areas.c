/* Integration tests of areas (local authorities, clusters) and ONS population estimates. */
#include "fixtures.h"

#include <string.h>

static long long area_rows(const char *code)
{
    return db_count("SELECT count(*) FROM fgc.areas WHERE code = $1", code);
}

static void test_create_local_authority(void **state)
{
    const char *code = uniq_la_code();
    const char *name = uniq("Leeds");
    struct http_response *r = http(
        "POST", "/api/v1/areas", token_of("admin"),
        jtext(json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "kind", "local_authority")));
    if (r->status == 409)
        skip(); /* a random code collided with another test's */
    expect_status(r, 201);
    assert_string_equal(body_str(r, "code"), code);
    assert_string_equal(body_str(r, "name"), name);
    assert_string_equal(body_str(r, "kind"), "local_authority");
    assert_true(json_is_null(body_get(r, "parent_id")));
    assert_string_equal(etag_of(r), "\"1\"");
    const char *location = http_header(r, "Location");
    assert_non_null(location);
    assert_string_equal(location, tfmt("/api/v1/areas/%s", code));

    r = http("GET", location, token_of("admin"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "name"), name);
    assert_true(json_is_array(body_get(r, "populations")));
    assert_int_equal(json_array_size(body_get(r, "populations")), 0);
    assert_true(json_is_array(body_get(r, "clusters")));
    assert_string_equal(etag_of(r), "\"1\"");
}

static void test_create_cluster(void **state)
{
    const char *la = make_la();
    const char *code = tfmt("LS-%s", uniq("C") + 2);
    struct http_response *r =
        http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", uniq("Cluster"), "kind",
                             "cluster", "parent", la)));
    expect_status(r, 201);
    assert_string_equal(body_str(r, "kind"), "cluster");
    assert_string_equal(body_str(r, "parent"), la);
    assert_string_equal(http_header(r, "Location"), tfmt("/api/v1/areas/%s", code));

    /* The local authority lists its cluster. */
    r = http("GET", tfmt("/api/v1/areas/%s", la), token_of("manager1"), NULL);
    expect_status(r, 200);
    json_t *clusters = body_get(r, "clusters");
    assert_int_equal(json_array_size(clusters), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(clusters, 0), "code")),
                        code);
}

static void test_cluster_needs_known_parent(void **state)
{
    const char *code = tfmt("LS-%s", uniq("C") + 2);
    struct http_response *r =
        http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", "Orphan", "kind",
                             "cluster", "parent", "E99999998")));
    expect_problem(r, 422);
    assert_int_equal(area_rows(code), 0);
    expect_nothing_written(r);
    /* A cluster cannot belong to a cluster. */
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", "Nested", "kind",
                             "cluster", "parent", cluster_code())));
    expect_problem(r, 422);
    assert_int_equal(area_rows(code), 0);
}

static void test_area_bad_input(void **state)
{
    const char *code = uniq_la_code();
    struct http_response *r;
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s}", "code", code, "name", "X", "kind", "county")));
    const char *msg = expect_field_error(r, 422, "kind");
    assert_string_equal(msg, "Must be one of local_authority or cluster");
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "code", code, "kind", "local_authority")));
    expect_field_error(r, 422, "name");
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s}", "code", "E 123", "name", "X", "kind",
                             "local_authority")));
    expect_field_error(r, 422, "code");
    /* Well formed for the C checks, but not an ONS code: the database names the field. */
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s}", "code", "LEEDS", "name", "X", "kind",
                             "local_authority")));
    expect_field_error(r, 422, "code");
    expect_nothing_written(r);
    r = http("POST", "/api/v1/areas", token_of("admin"),
             jtext(json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", "X", "kind",
                             "local_authority", "region", "north")));
    expect_field_error(r, 422, "region");
    assert_int_equal(area_rows(code), 0);
    assert_int_equal(area_rows("LEEDS"), 0);

    /* Only administrators create areas. */
    r = http(
        "POST", "/api/v1/areas", token_of("manager1"),
        jtext(json_pack("{s:s, s:s, s:s}", "code", code, "name", "X", "kind", "local_authority")));
    expect_problem(r, 403);
    assert_int_equal(area_rows(code), 0);
}

static void test_area_duplicate(void **state)
{
    const char *code = make_la();
    struct http_response *r = http("POST", "/api/v1/areas", token_of("admin"),
                                   jtext(json_pack("{s:s, s:s, s:s}", "code", code, "name", "Again",
                                                   "kind", "local_authority")));
    expect_problem(r, 409);
    assert_int_equal(area_rows(code), 1);
    expect_nothing_written(r);
}

static void test_area_read_roles(void **state)
{
    const char *code = make_la();
    /* Every role may read areas, the trainer included (forms and reports need them). */
    static const char *const readers[] = {"admin",    "sw1",      "coord1",
                                          "manager1", "analyst1", "trainer1"};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        expect_status(http("GET", tfmt("/api/v1/areas/%s", code), token_of(readers[i]), NULL), 200);
        expect_status(http("GET", "/api/v1/areas?limit=1", token_of(readers[i]), NULL), 200);
    }
    expect_problem(http("GET", "/api/v1/areas/E00000000", token_of("admin"), NULL), 404);
}

static void test_area_list_filters(void **state)
{
    /* Two authorities with a cluster each: the filter must pick the right one. */
    const char *la = make_la();
    const char *cluster = make_cluster(la);
    make_cluster(make_la());
    struct http_response *r =
        http("GET", tfmt("/api/v1/areas?kind=cluster&parent=%s", la), token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "code")),
                        cluster);

    r = http("GET", "/api/v1/areas?kind=local_authority&limit=200", token_of("admin"), NULL);
    expect_status(r, 200);
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "items"), i, item)
        assert_string_equal(json_string_value(json_object_get(item, "kind")), "local_authority");

    r = http("GET", "/api/v1/areas?kind=ward", token_of("admin"), NULL);
    expect_field_error(r, 422, "kind");
}

static void test_area_update(void **state)
{
    const char *code = make_la();
    const char *path = tfmt("/api/v1/areas/%s", code);
    struct http_response *r =
        http("PATCH", path, token_of("admin"), "{\"name\": \"City of Leeds\"}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "name"), "City of Leeds");
    assert_string_equal(etag_of(r), "\"2\"");

    r = http("PATCH", path, token_of("admin"), "{\"name\": \"Stale\"}", "If-Match: \"1\"");
    expect_problem(r, 412);
    expect_nothing_written(r);
    r = http("PATCH", path, token_of("admin"), "{\"name\": \"No version\"}");
    expect_problem(r, 428);
    r = http("PATCH", path, token_of("admin"), "{\"name\": \"Bad version\"}", "If-Match: soon");
    expect_problem(r, 400);
    r = http("PATCH", path, token_of("admin"), "{\"kind\": \"cluster\"}", "If-Match: \"2\"");
    expect_field_error(r, 422, "kind");
    r = http("PATCH", path, token_of("trainer1"), "{\"name\": \"Trainer\"}", "If-Match: \"2\"");
    expect_problem(r, 403);
    assert_string_equal(db_text("SELECT name FROM fgc.areas WHERE code = $1", code),
                        "City of Leeds");
    r = http("PATCH", "/api/v1/areas/E00000000", token_of("admin"), "{\"name\": \"Nowhere\"}",
             "If-Match: \"1\"");
    expect_problem(r, 404);
}

static void test_populations(void **state)
{
    const char *code = make_la();
    const char *path = tfmt("/api/v1/areas/%s/populations/2024", code);
    struct http_response *r =
        http("PUT", path, token_of("admin"),
             "{\"population_0_17\": 176000, \"vintage\": \"mid-2024 (2025 release)\"}");
    expect_status(r, 201);
    assert_int_equal(body_int(r, "population_0_17"), 176000);
    assert_int_equal(body_int(r, "year"), 2024);
    /* The same year and vintage again replaces the estimate. */
    r = http("PUT", path, token_of("admin"),
             "{\"population_0_17\": 176500, \"vintage\": \"mid-2024 (2025 release)\"}");
    expect_status(r, 200);
    assert_int_equal(body_int(r, "population_0_17"), 176500);
    /* A revision is a new vintage beside the old one. */
    r = http("PUT", path, token_of("admin"),
             "{\"population_0_17\": 177000, \"vintage\": \"mid-2024 (2026 revision)\"}");
    expect_status(r, 201);

    r = http("GET", tfmt("/api/v1/areas/%s", code), token_of("admin"), NULL);
    expect_status(r, 200);
    json_t *pops = body_get(r, "populations");
    assert_int_equal(json_array_size(pops), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(pops, 0), "year")), 2024);
}

static void test_population_bad_input(void **state)
{
    const char *code = make_la();
    const char *path = tfmt("/api/v1/areas/%s/populations/2024", code);
    struct http_response *r;
    r = http("PUT", path, token_of("admin"), "{\"population_0_17\": -1, \"vintage\": \"v\"}");
    expect_field_error(r, 422, "population_0_17");
    r = http("PUT", path, token_of("admin"), "{\"population_0_17\": \"many\", \"vintage\": \"v\"}");
    expect_field_error(r, 422, "population_0_17");
    r = http("PUT", path, token_of("admin"), "{\"population_0_17\": 1000}");
    expect_field_error(r, 422, "vintage");
    r = http("PUT", tfmt("/api/v1/areas/%s/populations/1850", code), token_of("admin"),
             "{\"population_0_17\": 1000, \"vintage\": \"v\"}");
    expect_field_error(r, 422, "year");
    expect_nothing_written(r);
    r = http("PUT", tfmt("/api/v1/areas/%s/populations/twenty", code), token_of("admin"),
             "{\"population_0_17\": 1000, \"vintage\": \"v\"}");
    expect_field_error(r, 422, "year");
    r = http("PUT", "/api/v1/areas/E00000000/populations/2024", token_of("admin"),
             "{\"population_0_17\": 1000, \"vintage\": \"v\"}");
    expect_problem(r, 404);
    r = http("PUT", path, token_of("manager1"), "{\"population_0_17\": 1000, \"vintage\": \"v\"}");
    expect_problem(r, 403);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.area_populations p JOIN fgc.areas a "
                              "ON a.id = p.area_id WHERE a.code = $1",
                              code),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_create_local_authority),
        TEST(test_create_cluster),
        TEST(test_cluster_needs_known_parent),
        TEST(test_area_bad_input),
        TEST(test_area_duplicate),
        TEST(test_area_read_roles),
        TEST(test_area_list_filters),
        TEST(test_area_update),
        TEST(test_populations),
        TEST(test_population_bad_input),
    };
    int failed =
        cmocka_run_group_tests_name("integration: areas and populations", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
