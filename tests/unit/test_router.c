/* Unit tests of daemon/router.c and the route tables: parameters, 404, 405 + Allow, HEAD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "request.h"
#include "routes.h"

struct match {
    enum route_match result;
    struct request req;
    char allow[128];
};

/* Matches method and path the way the server does, with a request built by hand. */
static void match(struct match *m, enum evhttp_cmd_type method, const char *path)
{
    memset(m, 0, sizeof *m);
    m->req.method = method;
    m->req.path = strdup(path);
    assert_non_null(m->req.path);
    TAILQ_INIT(&m->req.query);
    m->result = routes_match(&m->req, m->allow, sizeof m->allow);
}

static void match_free(struct match *m)
{
    for (int i = 0; i < m->req.nparams; i++)
        free(m->req.params[i]);
    free(m->req.path);
}

/* The name of path parameter i, without its closing brace. */
static void param_name(const struct match *m, int i, char *out, size_t len)
{
    const char *name = m->req.param_names[i];
    snprintf(out, len, "%.*s", (int)strcspn(name, "}"), name);
}

static void expect_found(enum evhttp_cmd_type method, const char *path, const char *fn)
{
    struct match m;
    match(&m, method, path);
    if (m.result != ROUTE_FOUND)
        fail_msg("%s: expected a route, got %d", path, m.result);
    assert_non_null(m.req.route);
    if (fn)
        assert_string_equal(m.req.route->fn, fn);
    match_free(&m);
}

static void expect_no_path(enum evhttp_cmd_type method, const char *path)
{
    struct match m;
    match(&m, method, path);
    if (m.result != ROUTE_NO_PATH)
        fail_msg("%s: expected no route, got %d", path, m.result);
    match_free(&m);
}

static void test_id_parameter(void **state)
{
    struct match m;
    match(&m, EVHTTP_REQ_GET, "/api/v1/children/42");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "child_get");
    assert_int_equal(m.req.nparams, 1);
    char name[32];
    param_name(&m, 0, name, sizeof name);
    assert_string_equal(name, "id");
    assert_string_equal(m.req.params[0], "42");
    match_free(&m);

    match(&m, EVHTTP_REQ_PATCH, "/api/v1/children/900719925474099");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "child_update");
    assert_true(m.req.route->flags & ROUTE_IF_MATCH);
    assert_string_equal(m.req.params[0], "900719925474099");
    match_free(&m);
}

static void test_named_parameters(void **state)
{
    struct match m;
    char name[32];
    match(&m, EVHTTP_REQ_GET, "/api/v1/children/7/network-members");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "network_member_list");
    param_name(&m, 0, name, sizeof name);
    assert_string_equal(name, "child_id");
    assert_string_equal(m.req.params[0], "7");
    match_free(&m);

    match(&m, EVHTTP_REQ_PUT, "/api/v1/areas/E08000035/populations/2024");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "population_put");
    assert_int_equal(m.req.nparams, 2);
    param_name(&m, 0, name, sizeof name);
    assert_string_equal(name, "code");
    assert_string_equal(m.req.params[0], "E08000035");
    param_name(&m, 1, name, sizeof name);
    assert_string_equal(name, "year");
    assert_string_equal(m.req.params[1], "2024");
    match_free(&m);

    /* A code is any non-empty segment, not only digits. */
    match(&m, EVHTTP_REQ_GET, "/api/v1/areas/LS-C01");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "area_get");
    assert_string_equal(m.req.params[0], "LS-C01");
    match_free(&m);

    match(&m, EVHTTP_REQ_POST, "/api/v1/plans/3/actions");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_string_equal(m.req.route->fn, "plan_action_create");
    param_name(&m, 0, name, sizeof name);
    assert_string_equal(name, "plan_id");
    match_free(&m);
}

static void test_collections(void **state)
{
    expect_found(EVHTTP_REQ_GET, "/healthz", NULL);
    expect_found(EVHTTP_REQ_GET, "/api/v1/me", NULL);
    expect_found(EVHTTP_REQ_GET, "/api/v1/teams", "team_list");
    expect_found(EVHTTP_REQ_POST, "/api/v1/teams", "team_create");
    expect_found(EVHTTP_REQ_POST, "/api/v1/users", "user_create");
    expect_found(EVHTTP_REQ_DELETE, "/api/v1/tokens/9", "token_revoke");
    expect_found(EVHTTP_REQ_POST, "/api/v1/children", "child_create");
    expect_found(EVHTTP_REQ_PATCH, "/api/v1/network-members/3", "network_member_update");
    expect_found(EVHTTP_REQ_GET, "/api/v1/referrals", "referral_list");
    expect_found(EVHTTP_REQ_GET, "/api/v1/conferences/8", "conference_get");
    expect_found(EVHTTP_REQ_POST, "/api/v1/plans", "plan_create");
    expect_found(EVHTTP_REQ_GET, "/api/v1/plans/2", "plan_get");
    expect_found(EVHTTP_REQ_PATCH, "/api/v1/plan-actions/4", "plan_action_update");
    expect_found(EVHTTP_REQ_GET, "/api/v1/audit", "audit_list");
}

static void test_bad_ids(void **state)
{
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/abc");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/12a");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/-1");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/0");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/012");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/1.5");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/1234567890123456"); /* 16 digits */
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/5/");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children//network-members");
    expect_no_path(EVHTTP_REQ_POST, "/api/v1/referrals/x/accept");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/areas/");
}

static void test_unknown_paths(void **state)
{
    expect_no_path(EVHTTP_REQ_GET, "/");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/nothing");
    expect_no_path(EVHTTP_REQ_GET, "/api/v2/children");
    expect_no_path(EVHTTP_REQ_GET, "/API/V1/CHILDREN");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/childrenx");
    expect_no_path(EVHTTP_REQ_GET, "/api/v1/children/1/extra");
    expect_no_path(EVHTTP_REQ_GET, "/healthz/");
    expect_no_path(EVHTTP_REQ_POST, "/api/v1/referrals/1/approve");
}

static void test_method_not_allowed(void **state)
{
    struct match m;
    match(&m, EVHTTP_REQ_DELETE, "/api/v1/children");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "GET, POST");
    match_free(&m);

    match(&m, EVHTTP_REQ_PUT, "/api/v1/children/5");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "GET, PATCH");
    match_free(&m);

    match(&m, EVHTTP_REQ_GET, "/api/v1/referrals/5/accept");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "POST");
    match_free(&m);

    match(&m, EVHTTP_REQ_POST, "/healthz");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "GET");
    match_free(&m);

    match(&m, EVHTTP_REQ_GET, "/api/v1/tokens/3");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "DELETE");
    match_free(&m);

    match(&m, EVHTTP_REQ_POST, "/api/v1/areas/E08000035");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "GET, PATCH");
    match_free(&m);

    match(&m, EVHTTP_REQ_OPTIONS, "/api/v1/users/1");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "GET, PATCH");
    match_free(&m);
}

static void test_allow_fits_small_buffer(void **state)
{
    /* With no room, Allow stays empty rather than overflowing. */
    struct request req;
    memset(&req, 0, sizeof req);
    req.method = EVHTTP_REQ_DELETE;
    req.path = strdup("/api/v1/children");
    char allow[4];
    assert_int_equal(routes_match(&req, allow, sizeof allow), ROUTE_NO_METHOD);
    assert_true(strlen(allow) < sizeof allow);
    free(req.path);
}

static void test_head_is_get(void **state)
{
    struct match m;
    match(&m, EVHTTP_REQ_HEAD, "/api/v1/children");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_int_equal(m.req.route->method, EVHTTP_REQ_GET);
    assert_string_equal(m.req.route->fn, "child_list");
    match_free(&m);

    match(&m, EVHTTP_REQ_HEAD, "/healthz");
    assert_int_equal(m.result, ROUTE_FOUND);
    assert_true(m.req.route->flags & ROUTE_PUBLIC);
    match_free(&m);

    /* HEAD on a path with no GET is a 405, not a match of something else. */
    match(&m, EVHTTP_REQ_HEAD, "/api/v1/referrals/5/accept");
    assert_int_equal(m.result, ROUTE_NO_METHOD);
    assert_string_equal(m.allow, "POST");
    match_free(&m);
}

static void test_steps(void **state)
{
    static const char *const steps[] = {"accept", "decline", "allocate", "prepare", "close"};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char path[64], fn[64];
        snprintf(path, sizeof path, "/api/v1/referrals/19/%s", steps[i]);
        snprintf(fn, sizeof fn, "referral_%s", steps[i]);
        struct match m;
        match(&m, EVHTTP_REQ_POST, path);
        assert_int_equal(m.result, ROUTE_FOUND);
        assert_string_equal(m.req.route->fn, fn);
        /* Every step changes a referral, so it must name the version it changes. */
        assert_true(m.req.route->flags & ROUTE_IF_MATCH);
        assert_false(m.req.route->roles & ROLE_SOCIAL_WORKER);
        assert_true(m.req.route->roles & ROLE_FGC_COORDINATOR);
        assert_string_equal(m.req.params[0], "19");
        match_free(&m);
    }
}

/* Builds a concrete path for a pattern: ids become 1, codes and years sample values. */
static void sample_path(const char *pattern, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 16 < len;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            assert_non_null(close);
            size_t n = (size_t)(close - p - 1);
            const char *value = "E08000035";
            if (n >= 2 && strncmp(close - 2, "id", 2) == 0)
                value = "1";
            else if (strncmp(p + 1, "year", n) == 0)
                value = "2024";
            o += (size_t)snprintf(out + o, len - o, "%s", value);
            p = close + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

static void test_every_route_reachable(void **state)
{
    int count = 0;
    for (const struct route *const *table = route_tables; *table; table++)
        for (const struct route *r = *table; r->pattern; r++, count++) {
            char path[256];
            sample_path(r->pattern, path, sizeof path);
            struct match m;
            match(&m, r->method, path);
            if (m.result != ROUTE_FOUND || m.req.route != r)
                fail_msg("%s %s does not reach its own route", request_method_name(r->method),
                         r->pattern);
            match_free(&m);

            /* Each route does something: a handler or a SQL function. */
            assert_true(r->handler != NULL || r->fn != NULL);
            /* Only /healthz and signing in are public; every other route names its roles. */
            if (r->flags & ROUTE_PUBLIC)
                assert_true(strcmp(r->pattern, "/healthz") == 0 ||
                            strcmp(r->pattern, "/auth/sign-in") == 0);
            else
                assert_true(r->roles != 0 && (r->roles & ~ROLES_ALL) == 0);
            /* Lists accept at least the paging parameters; writes have a body table. */
            if (r->method == EVHTTP_REQ_GET && r->fn)
                assert_non_null(r->query);
            if ((r->method == EVHTTP_REQ_POST || r->method == EVHTTP_REQ_PATCH ||
                 r->method == EVHTTP_REQ_PUT) &&
                r->fn)
                assert_non_null(r->body);
            /* Conditional requests only make sense for changes. */
            if (r->flags & ROUTE_IF_MATCH)
                assert_true(r->method == EVHTTP_REQ_PATCH || r->method == EVHTTP_REQ_POST);
        }
    assert_true(count >= 40);
}

static void test_no_duplicate_routes(void **state)
{
    /* Across every table: a later duplicate would never be reached. */
    for (const struct route *const *ta = route_tables; *ta; ta++)
        for (const struct route *a = *ta; a->pattern; a++)
            for (const struct route *const *tb = ta; *tb; tb++)
                for (const struct route *b = (tb == ta ? a + 1 : *tb); b->pattern; b++)
                    if (a->method == b->method && strcmp(a->pattern, b->pattern) == 0)
                        fail_msg("duplicate route %s", a->pattern);
}

static void test_roles_in_table(void **state)
{
    struct match m;
    /* Trainers see no case data but may read areas. */
    match(&m, EVHTTP_REQ_GET, "/api/v1/children");
    assert_false(m.req.route->roles & ROLE_TRAINER);
    assert_true(m.req.route->roles & ROLE_DATA_ANALYST);
    match_free(&m);
    match(&m, EVHTTP_REQ_GET, "/api/v1/areas");
    assert_true(m.req.route->roles & ROLE_TRAINER);
    match_free(&m);
    /* Only administrators read the audit log or manage users. */
    match(&m, EVHTTP_REQ_GET, "/api/v1/audit");
    assert_int_equal(m.req.route->roles, ROLE_ADMIN);
    match_free(&m);
    match(&m, EVHTTP_REQ_POST, "/api/v1/users");
    assert_int_equal(m.req.route->roles, ROLE_ADMIN);
    match_free(&m);
    /* Everybody has /me. */
    match(&m, EVHTTP_REQ_GET, "/api/v1/me");
    assert_int_equal(m.req.route->roles, ROLES_ALL);
    match_free(&m);
    /* A data analyst reads but never writes case data. */
    match(&m, EVHTTP_REQ_POST, "/api/v1/children");
    assert_false(m.req.route->roles & ROLE_DATA_ANALYST);
    assert_true(m.req.route->roles & ROLE_SOCIAL_WORKER);
    match_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_parameter),
        cmocka_unit_test(test_named_parameters),
        cmocka_unit_test(test_collections),
        cmocka_unit_test(test_bad_ids),
        cmocka_unit_test(test_unknown_paths),
        cmocka_unit_test(test_method_not_allowed),
        cmocka_unit_test(test_allow_fits_small_buffer),
        cmocka_unit_test(test_head_is_get),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_every_route_reachable),
        cmocka_unit_test(test_no_duplicate_routes),
        cmocka_unit_test(test_roles_in_table),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
