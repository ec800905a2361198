/* Integration tests of the import endpoints: population, SSDA903 and CIN census uploads, their
 * reports, strict mode, refusals, and the event loop staying free while an import runs. */
#include "fixtures.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define V1 "/api/v1"

/* This program's own codes, so that it can run beside the other tests and more than once. */
static char la[16], tag[16], upn[8];

static void codes_once(void)
{
    if (la[0])
        return;
    for (int attempt = 0; attempt < 10; attempt++) {
        snprintf(la, sizeof la, "%s", uniq_la_code());
        if (db_count("SELECT count(*) FROM fgc.areas WHERE code = $1", la) == 0)
            break;
    }
    unsigned r = (unsigned)time(NULL) ^ (unsigned)getpid();
    snprintf(tag, sizeof tag, "I%04u", r % 10000);
    snprintf(upn, sizeof upn, "%04u", (r / 7) % 10000);
}

static char *replace_all(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    for (char *p = strstr(s, from); p; p = strstr(p + tl, from)) {
        size_t off = (size_t)(p - s), len = strlen(s);
        char *bigger = malloc(len - fl + tl + 1);
        memcpy(bigger, s, off);
        memcpy(bigger + off, to, tl);
        memcpy(bigger + off + tl, p + fl, len - off - fl + 1);
        free(s);
        s = bigger;
        p = s + off;
    }
    return s;
}

/* A fixture file (tests/fixtures/imports) with this program's codes in place of Leeds's. */
static const char *fixture(const char *name)
{
    codes_once();
    const char *path = tfmt("%s/tests/fixtures/imports/%s", test_env("FGCD_TEST_SOURCE_DIR"), name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, len = 0, n;
    char *s = malloc(cap);
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2)
            s = realloc(s, cap *= 2);
    }
    s[len] = '\0';
    fclose(f);
    char cluster[32], a[32], b[32], c[32];
    snprintf(cluster, sizeof cluster, "%s-C0", tag);
    snprintf(a, sizeof a, "A%s56789012", upn);
    snprintf(b, sizeof b, "B%s54321098", upn);
    snprintf(c, sizeof c, "C%s56789012", upn);
    s = replace_all(s, "E08000035", la);
    s = replace_all(s, "LS-C0", cluster);
    s = replace_all(s, "A123456789012", a);
    s = replace_all(s, "B987654321098", b);
    s = replace_all(s, "C123456789012", c);
    return scratch_keep(s, free);
}

static struct http_response *post_file(const char *who, const char *path, const char *type,
                                       const char *body)
{
    const char *headers[] = {tfmt("Content-Type: %s", type), NULL};
    return http_request_raw("POST", path, who ? token_of(who) : NULL, body, strlen(body), headers);
}

/* The SSDA903 JSON body from two fixture files (the header's byte order mark dropped). */
static const char *ssda903_body(const char *header, const char *episodes)
{
    const char *h = fixture(header);
    if (strncmp(h, "\xEF\xBB\xBF", 3) == 0)
        h += 3;
    return jtext(json_pack("{s:s, s:s, s:s, s:s}", "header_csv", h, "episodes_csv",
                           fixture(episodes), "header_name", header, "episodes_name", episodes));
}

static struct http_response *post_ssda903(const char *who, const char *query, const char *header,
                                          const char *episodes)
{
    return post_file(who, tfmt(V1 "/imports/ssda903?area=%s%s", la, query), "application/json",
                     ssda903_body(header, episodes));
}

static long long summary(const struct http_response *r, const char *key)
{
    return json_integer_value(json_object_get(body_get(r, "summary"), key));
}

static void load_areas(void)
{
    static bool done;
    if (done)
        return;
    struct http_response *r =
        post_file("analyst1", V1 "/imports/population", "text/csv", fixture("population.csv"));
    expect_status(r, 201);
    db_exec("INSERT INTO fgc.postcode_sectors (sector, area_id) SELECT 'LS12 3', id FROM fgc.areas "
            "WHERE code = $1 ON CONFLICT (sector) DO UPDATE SET area_id = excluded.area_id",
            tfmt("%s-C01", tag), NULL);
    done = true;
}

static long long la_id(void)
{
    return db_number("SELECT id FROM fgc.areas WHERE code = $1", la, NULL);
}

static void test_population(void **state)
{
    struct http_response *r =
        post_file("analyst1", V1 "/imports/population", "text/csv", fixture("population.csv"));
    expect_status(r, 201);
    long long run = body_int(r, "import_run_id");
    assert_true(run > 0);
    assert_string_equal(http_header(r, "Location"), tfmt(V1 "/imports/%lld", run));
    assert_int_equal(summary(r, "read"), 5);
    assert_int_equal(summary(r, "new"), 5);
    assert_int_equal(json_integer_value(json_object_get(body_get(r, "areas"), "new")), 4);
    json_t *problem = json_array_get(body_get(r, "problems"), 0);
    assert_string_equal(json_string_value(json_object_get(problem, "kind")), "number_format");
    assert_int_equal(json_integer_value(json_object_get(problem, "line")), 5);

    r = post_file("admin", V1 "/imports/population", "text/csv; charset=utf-8",
                  fixture("population.csv"));
    expect_status(r, 201);
    assert_int_equal(summary(r, "unchanged"), 5);
    assert_int_equal(summary(r, "imported"), 0);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.area_populations WHERE area_id = $1",
                              tfmt("%lld", la_id())),
                     2);
    db_exec("INSERT INTO fgc.postcode_sectors (sector, area_id) SELECT 'LS12 3', id FROM fgc.areas "
            "WHERE code = $1 ON CONFLICT (sector) DO UPDATE SET area_id = excluded.area_id",
            tfmt("%s-C01", tag), NULL);
}

static void test_ssda903_years(void **state)
{
    load_areas();
    struct http_response *r = post_ssda903("analyst1", "", "header_2024.csv", "episodes_2024.csv");
    expect_status(r, 201);
    long long run = body_int(r, "import_run_id");
    assert_int_equal(summary(r, "new"), 8);
    assert_int_equal(json_integer_value(json_object_get(body_get(r, "children"), "new")), 6);
    /* Every record carries the run and the request that wrote it; the run says who. */
    const char *request = http_header(r, "X-Request-Id");
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cla_episode_records WHERE request_id = $1 "
                              "AND import_run_id = $2",
                              request, tfmt("%lld", run)),
                     8);
    assert_int_equal(
        db_number("SELECT imported_by FROM fgc.import_runs WHERE id = $1", tfmt("%lld", run), NULL),
        user_id("analyst1"));
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = 'import_runs' "
                              "AND request_id = $1 AND actor_username = 'analyst1'",
                              request),
                     2); /* inserted, then finished */

    /* The run and its report can be read back, and are listed. */
    r = http("GET", tfmt(V1 "/imports/%lld", run), token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "kind"), "ssda903");
    assert_string_equal(body_str(r, "outcome"), "imported");
    assert_string_equal(body_str(r, "area"), la);
    assert_int_equal(body_int(r, "rows_imported"), 8);
    json_t *files = body_get(r, "files");
    assert_string_equal(json_string_value(json_object_get(json_array_get(files, 1), "name")),
                        "episodes_2024.csv");
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(body_get(r, "report"), "summary"), "new")),
                     8);
    r = http("GET", tfmt(V1 "/imports?kind=ssda903&area=%s", la), token_of("admin"), NULL);
    expect_status(r, 200);
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(body_get(r, "items"), 0), "id")), run);

    /* The same files again: nothing changes. */
    r = post_ssda903("analyst1", "", "header_2024.csv", "episodes_2024.csv");
    expect_status(r, 201);
    assert_int_equal(summary(r, "unchanged"), 8);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cla_episode_records WHERE request_id = $1",
                              http_header(r, "X-Request-Id")),
                     0);

    /* The next year: episodes open in March now closed are new versions, not duplicates. */
    r = post_ssda903("analyst1", "", "header_2025.csv", "episodes_2025.csv");
    expect_status(r, 201);
    assert_int_equal(summary(r, "new"), 2);
    assert_int_equal(summary(r, "updated"), 2);
    assert_int_equal(summary(r, "unchanged"), 1);
    const char *child =
        tfmt("%lld", db_number("SELECT id FROM fgc.children WHERE local_authority_id = $1 AND "
                               "la_child_id = '100001'",
                               tfmt("%lld", la_id()), NULL));
    assert_int_equal(
        db_count(
            "SELECT count(*) FROM fgc.cla_episodes WHERE child_id = $1 AND decom = '2023-09-20'",
            child),
        1);
    assert_string_equal(db_text("SELECT dec::text FROM fgc.cla_episodes WHERE child_id = $1 AND "
                                "decom = '2023-09-20'",
                                child, NULL),
                        "2024-06-15");
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cla_episode_records WHERE child_id = $1 "
                              "AND decom = '2023-09-20' AND supersedes IS NOT NULL",
                              child),
                     1);
}

static void test_strict_rolls_back(void **state)
{
    load_areas();
    long long children =
        db_number("SELECT count(*) FROM fgc.children WHERE local_authority_id = $1",
                  tfmt("%lld", la_id()), NULL);
    struct http_response *r = post_ssda903("analyst1", "&strict=true&year=2024",
                                           "header_errors.csv", "episodes_errors.csv");
    expect_problem(r, 422);
    assert_string_equal(body_str(r, "outcome"), "rolled_back");
    assert_int_equal(summary(r, "rejected"), 7);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cla_episode_records WHERE request_id = $1",
                              http_header(r, "X-Request-Id")),
                     0);
    assert_int_equal(db_number("SELECT count(*) FROM fgc.children WHERE local_authority_id = $1",
                               tfmt("%lld", la_id()), NULL),
                     children);
    long long run = body_int(r, "import_run_id");
    assert_true(run > 0);
    assert_string_equal(
        db_text("SELECT outcome FROM fgc.import_runs WHERE id = $1", tfmt("%lld", run), NULL),
        "rolled_back");

    /* Without strict the same files load what can be loaded, and say where the rest failed. */
    r = post_ssda903("analyst1", "&year=2024", "header_errors.csv", "episodes_errors.csv");
    expect_status(r, 201);
    assert_int_equal(summary(r, "rejected"), 7);
    json_t *problems = body_get(r, "problems");
    bool seen = false;
    size_t i;
    json_t *p;
    json_array_foreach(problems, i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "kind")), "ceased_before_start") == 0) {
            assert_int_equal(json_integer_value(json_object_get(p, "line")), 9);
            assert_string_equal(json_string_value(json_object_get(p, "file")),
                                "episodes_errors.csv");
            seen = true;
        }
    }
    assert_true(seen);
}

static void test_cin_census(void **state)
{
    load_areas();
    struct http_response *r = post_file("analyst1", tfmt(V1 "/imports/cin-census?area=%s", la),
                                        "application/xml", fixture("cin_2024.xml"));
    expect_status(r, 201);
    assert_int_equal(summary(r, "new"), 7);
    json_t *records = body_get(r, "records");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(records, "pre_proceedings"), "new")), 1);

    r = post_file("analyst1", tfmt(V1 "/imports/cin-census?area=%s", la), "text/xml",
                  fixture("cin_malformed.xml"));
    expect_problem(r, 422);
    assert_string_equal(body_str(r, "outcome"), "not_read");
    assert_non_null(strstr(body_str(r, "error"), "line 12"));

    r = post_file("analyst1", tfmt(V1 "/imports/cin-census?area=%s", la), "application/xml",
                  fixture("cin_errors.xml"));
    expect_status(r, 201);
    assert_int_equal(summary(r, "rejected"), 9);
    json_t *p = json_array_get(body_get(r, "problems"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "path")),
                        "/Message/Children/Child[1]/ChildIdentifiers");

    r = post_file("analyst1", tfmt(V1 "/imports/cin-census?area=%s", la), "application/xml",
                  fixture("cin_xxe.xml"));
    expect_status(r, 201);
    assert_null(strstr(r->body, "root:"));
}

static void test_refusals(void **state)
{
    load_areas();
    const char *csv = fixture("population.csv");
    static const char *const not_allowed[] = {"sw1", "coord1", "manager1", "trainer1"};
    for (size_t i = 0; i < sizeof not_allowed / sizeof not_allowed[0]; i++) {
        expect_problem(post_file(not_allowed[i], V1 "/imports/population", "text/csv", csv), 403);
        expect_problem(http("GET", V1 "/imports", token_of(not_allowed[i]), NULL), 403);
    }
    expect_problem(post_file(NULL, V1 "/imports/population", "text/csv", csv), 401);
    expect_problem(post_file("analyst1", V1 "/imports/population", "application/json", csv), 415);
    expect_problem(post_file("analyst1", V1 "/imports/cin-census?area=E08000035", "text/csv", "x"),
                   415);
    expect_field_error(post_file("analyst1", V1 "/imports/ssda903", "application/json",
                                 ssda903_body("header_2024.csv", "episodes_2024.csv")),
                       422, "area");
    expect_field_error(post_file("analyst1", V1 "/imports/ssda903?area=E00000001",
                                 "application/json",
                                 ssda903_body("header_2024.csv", "episodes_2024.csv")),
                       422, "area");
    expect_field_error(
        post_file("analyst1", tfmt(V1 "/imports/population?area=%s", la), "text/csv", csv), 422,
        "area");
    expect_field_error(post_file("analyst1", tfmt(V1 "/imports/ssda903?area=%s", la),
                                 "application/json", "{\"header_csv\": \"CHILD\\n\"}"),
                       422, "episodes_csv");
    expect_problem(post_file("analyst1", tfmt(V1 "/imports/ssda903?area=%s", la),
                             "application/json", "{not json"),
                   400);
    expect_problem(post_file("analyst1", V1 "/imports/population", "text/csv", ""), 422);
    expect_problem(http("GET", V1 "/imports/999999999", token_of("analyst1"), NULL), 404);
}

/* ---- The event loop stays free while an import runs ---- */

struct upload {
    const char *url, *token, *body;
    long status;
    double started, finished;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
    return size * n;
}

static void *upload_main(void *arg)
{
    struct upload *u = arg;
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, u->token);
    curl_easy_setopt(c, CURLOPT_URL, u->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, u->body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    u->started = now_s();
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &u->status);
    u->finished = now_s();
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return NULL;
}

static void test_loop_not_blocked(void **state)
{
    load_areas();
    /* About 700 kB: thousands of new children and episodes, a second or so of work. */
    size_t cap = 1 << 20, hl = 0, el = 0;
    char *header = malloc(cap), *eps = malloc(cap);
    hl += (size_t)snprintf(header, cap, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    el += (size_t)snprintf(eps, cap,
                           "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                           "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
    for (int i = 0; i < 2000; i++) {
        hl += (size_t)snprintf(header + hl, cap - hl, "L%06d,%d,01/0%d/2015,WBRI,,,\n", i,
                               1 + i % 2, 1 + i % 9);
        for (int k = 0; k < 3; k++)
            el += (size_t)snprintf(eps + el, cap - el,
                                   "L%06d,%02d/0%d/2023,%s,C2,N1,U4,PR1,%02d/0%d/2023,%s,,LS8 2,"
                                   "LS9 1,SC%06d\n",
                                   i, 1 + 8 * k, 4 + k, k ? "P" : "S", 1 + 8 * (k + 1), 4 + k,
                                   k == 2 ? "E4A" : "X1", i);
    }
    char *body = strdup(jtext(json_pack("{s:s, s:s}", "header_csv", header, "episodes_csv", eps)));
    free(header);
    free(eps);
    struct upload u = {tfmt("%s" V1 "/imports/ssda903?area=%s", test_env("FGCD_TEST_URL"), la),
                       tfmt("Authorization: Bearer %s", token_of("analyst1")),
                       body,
                       0,
                       0,
                       0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, upload_main, &u), 0);
    int answered_during = 0;
    double slowest = 0;
    double until = now_s() + 60;
    while (now_s() < until) {
        double a = now_s();
        struct http_response *r = http("GET", "/healthz", NULL, NULL);
        double b = now_s();
        expect_status(r, 200);
        if (b - a > slowest)
            slowest = b - a;
        if (u.started > 0 && a > u.started && u.finished == 0)
            answered_during++;
        if (u.finished > 0)
            break;
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    pthread_join(t, NULL);
    free(body);
    assert_int_equal(u.status, 201);
    print_message("import took %.2f s; /healthz answered %d times meanwhile, slowest %.3f s\n",
                  u.finished - u.started, answered_during, slowest);
    if (u.finished - u.started > 0.3)
        assert_true(answered_during > 0);
    assert_true(slowest < 1.0);
}

int main(void)
{
    test_env_load();
    const struct CMUnitTest tests[] = {
        TEST(test_population), TEST(test_ssda903_years), TEST(test_strict_rolls_back),
        TEST(test_cin_census), TEST(test_refusals),      TEST(test_loop_not_blocked),
    };
    int failed = cmocka_run_group_tests_name("integration: imports", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
