/* Integration tests of indicator extracts: RFC 4180, suppression by default, roles, streaming. */
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Fixtures in SQL (as test_indicators.c loads them): this program's own authority L with
 * clusters A (named with a quote and a comma, to test CSV quoting), B and C; referrals in
 * 2024-25: A 3, B 8, C 12, none at authority level. Populations mid-2024: 1,000 each.
 * With disclosure control A's 3 is suppressed (1 to 5) and, being the only one, so is the next
 * smallest non-zero count, B's 8; C's 12 and the unassigned 0 are shown.
 */

static char l[16], ca[40], cb[40], cc[40];
static const char *name_a = "Extract \"A\", north";

/* Clusters are coded PREFIX-A, PREFIX-B, PREFIX-C so that they sort as named (an extract lists
 * a set's areas in code order). */
static char prefix[32];

static long long add_area(char *code_out, size_t len, const char *kind, long long parent,
                          const char *name, char letter)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const char *code =
            strcmp(kind, "local_authority") == 0 ? uniq_la_code() : tfmt("%s-%c", prefix, letter);
        const char *id = db_text("INSERT INTO fgc.areas (code, name, kind, parent_id) "
                                 "VALUES ($1, $2, $3, NULLIF($4, '0')::bigint) "
                                 "ON CONFLICT DO NOTHING RETURNING id::text",
                                 code, name, kind, tfmt("%lld", parent), NULL);
        if (id) {
            snprintf(code_out, len, "%s", code);
            return atoll(id);
        }
        if (letter)
            break;
    }
    fail_msg("could not make an area");
    return 0;
}

static void add_referrals(long long area, int n)
{
    db_exec("WITH kids AS (INSERT INTO fgc.children (date_of_birth, sex, ethnicity, area_id) "
            "SELECT '2015-01-01', 1, 'WBRI', $1::bigint FROM generate_series(1, $2::int) "
            "RETURNING id), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM "
            "kids) INSERT INTO fgc.cin_episode_records (child_id, referral_date, closure_date, "
            "referral_nfa, assessments, source) SELECT id, DATE '2024-04-10' + (k::int * 7), "
            "DATE '2024-12-31', false, '[]'::jsonb, 'cin_census' FROM numbered",
            tfmt("%lld", area), tfmt("%d", n), NULL);
    db_exec("INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at) "
            "VALUES ($1, 2024, 1000, 'mid-2024', '2025-07-01')",
            tfmt("%lld", area), NULL);
}

static int setup(void **state)
{
    test_env_load();
    snprintf(prefix, sizeof prefix, "EX-%d-%04u", (int)getpid(), test_random() % 10000);
    long long la = add_area(l, sizeof l, "local_authority", 0, uniq("Extract authority"), 0);
    add_referrals(add_area(ca, sizeof ca, "cluster", la, tfmt("%s %s", name_a, uniq("x")), 'A'), 3);
    add_referrals(add_area(cb, sizeof cb, "cluster", la, uniq("Extract B"), 'B'), 8);
    add_referrals(add_area(cc, sizeof cc, "cluster", la, uniq("Extract C"), 'C'), 12);
    scratch_free_all();
    return 0;
}

static const char *const header =
    "indicator,area_code,area_name,period_start,period_end,value,numerator,denominator,"
    "population_year,population_vintage,suppressed";

/* The body split into lines (CRLF for CSV); the count goes to n. */
static char **lines_of(const struct http_response *r, const char *eol, size_t *n)
{
    size_t cap = 16, count = 0;
    char **out = scratch_keep(malloc(cap * sizeof *out), free);
    const char *p = r->body;
    size_t eol_len = strlen(eol);
    while (*p) {
        const char *end = strstr(p, eol);
        if (!end)
            fail_msg("%s: the last line does not end with the line ending", r->what);
        if (count == cap) {
            cap *= 2;
            char **bigger = malloc(cap * sizeof *out);
            memcpy(bigger, out, count * sizeof *out);
            out = scratch_keep(bigger, free);
        }
        out[count++] = scratch_keep(strndup(p, (size_t)(end - p)), free);
        p = end + eol_len;
    }
    *n = count;
    return out;
}

static struct http_response *extract(const char *who, const char *format, const char *query)
{
    return http("GET", tfmt("/api/v1/extracts/indicators.%s?%s", format, query), token_of(who),
                NULL);
}

static void test_csv_suppressed_by_default(void **state)
{
    struct http_response *r =
        extract("manager1", "csv",
                tfmt("indicators=referrals&areas=all-clusters&area=%s&period=year&"
                     "from=2024-04-01&to=2025-03-31",
                     l));
    expect_status(r, 200);
    assert_non_null(strstr(http_header(r, "Content-Type"), "text/csv"));
    assert_non_null(strstr(http_header(r, "Content-Disposition"), "indicators.csv"));
    size_t n;
    char **lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 5); /* header, A, B, C, not assigned to a cluster */
    assert_string_equal(lines[0], header);
    /* A's name holds a quote and a comma: quoted, the quote doubled. Suppressed: "c". */
    const char *a = tfmt("referrals,%s,\"Extract \"\"A\"\", north ", ca);
    assert_memory_equal(lines[1], a, strlen(a));
    assert_non_null(strstr(lines[1], "\",2024-04-01,2025-03-31,c,c,,,,true"));
    /* B's 8 is suppressed too (secondary); C's 12 and the unassigned 0 are not. */
    assert_non_null(strstr(lines[2], tfmt("referrals,%s,", cb)));
    assert_non_null(strstr(lines[2], ",2024-04-01,2025-03-31,c,c,,,,true"));
    assert_non_null(strstr(lines[3], tfmt("referrals,%s,", cc)));
    assert_non_null(strstr(lines[3], ",2024-04-01,2025-03-31,12,12,,,,false"));
    assert_non_null(strstr(lines[4], tfmt("referrals,%s,", l)));
    assert_non_null(
        strstr(lines[4], "not assigned to a cluster,2024-04-01,2025-03-31,0,0,,,,false"));

    /* Listing clusters does not undo the secondary suppression: B alone is still "c". */
    r = extract(
        "manager1", "csv",
        tfmt("indicators=referrals&areas=%s&period=year&from=2024-04-01&to=2025-03-31", cb));
    lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 2);
    assert_non_null(strstr(lines[1], ",c,c,,,,true"));
    r = extract(
        "manager1", "csv",
        tfmt("indicators=referrals&areas=%s,%s&period=year&from=2024-04-01&to=2025-03-31", cc, ca));
    lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 3);
    assert_non_null(strstr(lines[1], tfmt("referrals,%s,", cc))); /* in the order asked */
    assert_non_null(strstr(lines[2], tfmt("referrals,%s,", ca)));

    /* The extract is in the audit log. */
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE request_id = $1 AND "
                              "entity = 'extract_indicators'",
                              http_header(r, "X-Request-Id")),
                     1);
}

static void test_unsuppressed_for_analysts_only(void **state)
{
    const char *q = tfmt("indicators=referrals&areas=%s,%s&period=year&from=2024-04-01&"
                         "to=2025-03-31&suppress=false",
                         ca, cb);
    struct http_response *r = extract("manager1", "csv", q);
    expect_problem(r, 403);
    r = extract("sw1", "csv", q);
    expect_problem(r, 403);
    r = extract("analyst1", "csv", q);
    expect_status(r, 200);
    size_t n;
    char **lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 3);
    assert_non_null(strstr(lines[1], ",2024-04-01,2025-03-31,3,3,,,,false"));
    assert_non_null(strstr(lines[2], ",2024-04-01,2025-03-31,8,8,,,,false"));
    /* round10: 3 -> 0, 8 -> 10. */
    r = extract("admin", "csv", tfmt("%s&round10=true", q));
    lines = lines_of(r, "\r\n", &n);
    assert_non_null(strstr(lines[1], ",0,0,,,,false"));
    assert_non_null(strstr(lines[2], ",10,10,,,,false"));
}

static void test_rates_carry_their_population(void **state)
{
    /* Nobody is in need on 31 March 2025 (every episode closed on 31 December 2024): 0 per
     * 10,000 of 1,000, with the population's year and vintage. */
    struct http_response *r =
        extract("analyst1", "csv",
                tfmt("indicators=cin_rate_per_10k&areas=%s&period=year&from=2024-04-01&"
                     "to=2025-03-31&suppress=false",
                     cc));
    size_t n;
    char **lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 2);
    assert_non_null(strstr(lines[1], ",2024-04-01,2025-03-31,0.0,0,1000,2024,mid-2024,false"));
}

static void test_ndjson(void **state)
{
    struct http_response *r =
        extract("manager1", "ndjson",
                tfmt("indicators=referrals,cin_count&areas=all-clusters&area=%s&period=year&"
                     "from=2024-04-01&to=2025-03-31",
                     l));
    expect_status(r, 200);
    assert_string_equal(http_header(r, "Content-Type"), "application/x-ndjson");
    size_t n;
    char **lines = lines_of(r, "\n", &n);
    assert_int_equal(n, 8); /* two indicators x four areas, no header */
    json_t *first = jkeep(json_loads(lines[0], 0, NULL));
    assert_non_null(first);
    assert_string_equal(json_string_value(json_object_get(first, "indicator")), "referrals");
    assert_string_equal(json_string_value(json_object_get(first, "area_code")), ca);
    assert_string_equal(json_string_value(json_object_get(first, "value")), "c");
    assert_true(json_is_true(json_object_get(first, "suppressed")));
    json_t *c = jkeep(json_loads(lines[2], 0, NULL));
    assert_int_equal(json_integer_value(json_object_get(c, "value")), 12);
    assert_int_equal(json_integer_value(json_object_get(c, "numerator")), 12);
    assert_true(json_is_null(json_object_get(c, "denominator")));
    json_t *last = jkeep(json_loads(lines[7], 0, NULL));
    assert_string_equal(json_string_value(json_object_get(last, "indicator")), "cin_count");
    assert_string_equal(json_string_value(json_object_get(last, "period_end")), "2025-03-31");
}

static void test_streams_a_large_series(void **state)
{
    /* 21 years of weeks for three indicators and four areas. */
    long long weeks =
        db_count("SELECT count(*) FROM fgc.periods('week', '2004-01-05', '2025-01-05')");
    assert_true(weeks > 1090 && weeks <= 1100);
    struct http_response *r =
        extract("analyst1", "csv",
                tfmt("indicators=cla_count,cin_count,cpp_count&areas=all-clusters&area=%s&"
                     "period=week&from=2004-01-05&to=2025-01-05&suppress=false",
                     l));
    expect_status(r, 200);
    assert_string_equal(http_header(r, "Transfer-Encoding"), "chunked");
    size_t n;
    char **lines = lines_of(r, "\r\n", &n);
    assert_int_equal(n, 1 + 3 * 4 * (size_t)weeks);
    assert_string_equal(lines[0], header);
    assert_non_null(strstr(lines[1], "cla_count,"));
    assert_non_null(strstr(lines[1], ",2004-01-05,2004-01-11,"));
    assert_non_null(strstr(lines[n - 1], "cpp_count,"));
    assert_non_null(strstr(lines[n - 1], ",2024-12-30,2025-01-05,"));
    /* C had children in need from April to December 2024: 12 on 29 September 2024. */
    bool found = false;
    for (size_t i = 1; i < n && !found; i++)
        found = strstr(lines[i], tfmt("cin_count,%s,", cc)) &&
                strstr(lines[i], ",2024-09-23,2024-09-29,12,12,");
    assert_true(found);
}

static void test_checks(void **state)
{
    struct http_response *r =
        extract("manager1", "csv", tfmt("indicators=no_such_thing&areas=%s", ca));
    expect_field_error(r, 422, "indicators");
    r = extract("manager1", "csv", tfmt("areas=%s", ca));
    expect_field_error(r, 422, "indicators");
    r = extract("manager1", "csv", "indicators=referrals");
    expect_field_error(r, 422, "areas");
    r = extract("manager1", "csv", "indicators=referrals&areas=NO-SUCH-AREA");
    expect_field_error(r, 422, "areas");
    r = extract("manager1", "csv", tfmt("indicators=referrals&areas=all-clusters&area=%s", ca));
    expect_field_error(r, 422, "area");
    r = extract("manager1", "csv",
                tfmt("indicators=referrals&areas=%s&from=1990-01-01&to=2025-01-01", ca));
    expect_field_error(r, 422, "from");
    r = extract("trainer1", "csv", tfmt("indicators=cla_count&areas=%s", ca));
    expect_problem(r, 403);
    r = extract("manager1", "csv", tfmt("indicators=referrals&areas=%s&format=xml", ca));
    expect_field_error(r, 422, "format");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_csv_suppressed_by_default),    TEST(test_unsuppressed_for_analysts_only),
        TEST(test_rates_carry_their_population), TEST(test_ndjson),
        TEST(test_streams_a_large_series),       TEST(test_checks),
    };
    int failed = cmocka_run_group_tests_name("integration: indicator extracts", tests, setup, NULL);
    test_cleanup();
    return failed;
}
