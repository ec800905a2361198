/* Integration tests of the training indicators that need the engine's mean and
 * percentage_of_target statistics (migrations/0016_training_mean_and_progress.sql):
 * training_feedback_mean and training_target_progress_pct, through the indicator value, series
 * and extract endpoints, against hand-computed figures. */
#include "fixtures.h"

#include <string.h>

#define T "/api/v1/training"
#define I "/api/v1/indicators"

static const char *la;      /* a local authority of this program's own */
static const char *cluster; /* its one cluster, where every person works */

static long long make_session(long long course, const char *held_on)
{
    struct http_response *r =
        http("POST", T "/sessions", token_of("trainer1"),
             jtext(json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "course_id", (json_int_t)course,
                             "held_on", held_on, "starts_at", "09:30", "ends_at", "12:30", "venue",
                             "Civic Hall", "capacity", 30)));
    expect_status(r, 201);
    return body_int(r, "id");
}

static long long make_person(void)
{
    struct http_response *r =
        http("POST", T "/people", token_of("trainer1"),
             jtext(json_pack("{s:s, s:s, s:s}", "full_name", uniq("Sam Indicator"), "sector",
                             "schools", "cluster", cluster)));
    expect_status(r, 201);
    return body_int(r, "id");
}

/* Books person on session with status and a feedback score (0: none). */
static void booked(long long session, long long person, const char *status, int feedback)
{
    json_t *body = json_pack("{s:I, s:s}", "person_id", (json_int_t)person, "status", status);
    if (feedback)
        json_object_set_new(body, "feedback_score", json_integer(feedback));
    expect_status(
        http("POST", tfmt(T "/sessions/%lld/bookings", session), token_of("trainer1"), jtext(body)),
        201);
}

static long long course_id(const char *code)
{
    return db_count("SELECT id FROM fgc.training_courses WHERE code = $1", code);
}

static double num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static json_t *point_at(const struct http_response *r, const char *period_start)
{
    size_t i;
    json_t *p;
    json_array_foreach(body_get(r, "points"), i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "period_start")), period_start) == 0)
            return p;
    }
    fail_msg("no point starting %s", period_start);
    return NULL;
}

/*
 * Feedback, on sessions of a course of its own:
 *   Wednesday 5 June 2019   scores 5, 4, 4 (and one attended without a score, one did not
 *                           attend): mean 13 / 3 = 4.33 -> 4.3, from 3 scores
 *   Wednesday 12 June 2019  scores 5, 5, 4, 3, 3, 2: 22 / 6 = 3.67 -> 3.7
 *   June 2019               35 / 9 = 3.89 -> 3.9
 */
static void test_feedback_mean(void **state)
{
    (void)state;
    struct http_response *r =
        http("POST", T "/courses", token_of("trainer1"),
             jtext(json_pack("{s:s, s:s}", "code", uniq("TM"), "name", uniq("Mean course"))));
    expect_status(r, 201);
    long long course = body_int(r, "id");
    long long s1 = make_session(course, "2019-06-05");
    long long s2 = make_session(course, "2019-06-12");
    int first[] = {5, 4, 4}, second[] = {5, 5, 4, 3, 3, 2};
    for (int i = 0; i < 3; i++)
        booked(s1, make_person(), "attended", first[i]);
    booked(s1, make_person(), "attended", 0);
    booked(s1, make_person(), "did_not_attend", 0);
    for (int i = 0; i < 6; i++)
        booked(s2, make_person(), "attended", second[i]);

    r = http("GET", tfmt(I "/training_feedback_mean?area=%s&from=2019-06-03&to=2019-06-09", la),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "statistic"), "mean");
    assert_true(json_number_value(body_get(r, "value")) == 4.3);
    assert_int_equal(body_int(r, "numerator"), 13);
    assert_int_equal(body_int(r, "denominator"), 3);
    assert_false(json_is_true(body_get(r, "suppressed")));

    /* Three scores are too few to publish: value, sum and number all "c". */
    r = http(
        "GET",
        tfmt(I "/training_feedback_mean?area=%s&from=2019-06-03&to=2019-06-09&suppress=true", la),
        token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_true(json_is_true(body_get(r, "suppressed")));
    assert_string_equal(body_str(r, "value"), "c");
    assert_string_equal(body_str(r, "numerator"), "c");
    assert_string_equal(body_str(r, "denominator"), "c");

    /* The month: nine scores, published even with disclosure control. */
    r = http(
        "GET",
        tfmt(I "/training_feedback_mean?area=%s&from=2019-06-01&to=2019-06-30&suppress=true", la),
        token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_true(json_number_value(body_get(r, "value")) == 3.9);
    assert_int_equal(body_int(r, "numerator"), 35);
    assert_int_equal(body_int(r, "denominator"), 9);

    /* Weekly series: the week of 3 June 4.3 (3), of 10 June 3.7 (6), of 17 June no scores. */
    r = http(
        "GET",
        tfmt(I "/training_feedback_mean/series?area=%s&period=week&from=2019-06-03&to=2019-06-23",
             la),
        token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "points")), 3);
    json_t *p = point_at(r, "2019-06-03");
    assert_true(num(p, "value") == 4.3);
    assert_int_equal(json_integer_value(json_object_get(p, "denominator")), 3);
    p = point_at(r, "2019-06-10");
    assert_true(num(p, "value") == 3.7);
    assert_int_equal(json_integer_value(json_object_get(p, "numerator")), 22);
    assert_int_equal(json_integer_value(json_object_get(p, "denominator")), 6);
    p = point_at(r, "2019-06-17");
    assert_true(json_is_null(json_object_get(p, "value")));
    assert_int_equal(json_integer_value(json_object_get(p, "denominator")), 0);

    /* Monthly, in the extract. */
    r = http("GET",
             tfmt("/api/v1/extracts/indicators.csv?indicators=training_feedback_mean&areas=%s&"
                  "period=month&from=2019-06-01&to=2019-06-30&suppress=false",
                  la),
             token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_non_null(strstr(r->body, ",2019-06-01,2019-06-30,3.9,35,9,,,false"));

    /* Social workers never read training indicators. */
    expect_problem(
        http("GET", tfmt(I "/training_feedback_mean?area=%s", la), token_of("sw1"), NULL), 403);
}

/*
 * Awareness Raising with a target of 10 people for the whole course from Monday 7 January 2019
 * to Sunday 31 March 2019, and these people of this program's cluster:
 *   P1 attended 7 Jan (the start day)               counts, week of 7 Jan
 *   P2 attended 31 Mar (the deadline)               counts, week of 25 Mar
 *   P3 attended 1 Apr (the day after)               does not count
 *   P4 attended 13 Feb and again 31 Mar             counts once, week of 11 Feb
 *   P5 booked 13 Feb and cancelled                  does not count
 *   P6 did not attend 13 Feb                        does not count
 *   P7 attended 6 Jan only (before the start)       does not count
 * At the deadline: 3 of 10 = 30.0%.
 */
static void test_target_progress(void **state)
{
    (void)state;
    long long course = course_id("AWARENESS-RAISING");
    assert_true(course > 0);
    long long before = make_session(course, "2019-01-06");
    long long start = make_session(course, "2019-01-07");
    long long mid = make_session(course, "2019-02-13");
    long long deadline = make_session(course, "2019-03-31");
    long long after = make_session(course, "2019-04-01");
    long long p[8];
    for (int i = 1; i <= 7; i++)
        p[i] = make_person();
    booked(start, p[1], "attended", 0);
    booked(deadline, p[2], "attended", 0);
    booked(after, p[3], "attended", 0);
    booked(mid, p[4], "attended", 0);
    booked(deadline, p[4], "attended", 0);
    booked(mid, p[5], "cancelled", 0);
    booked(mid, p[6], "did_not_attend", 0);
    booked(before, p[7], "attended", 0);
    struct http_response *r = http(
        "POST", T "/targets", token_of("admin"),
        jtext(json_pack("{s:I, s:i, s:s, s:s}", "course_id", (json_int_t)course, "target_people",
                        10, "starts_on", "2019-01-07", "deadline", "2019-03-31")));
    /* 409 when the program runs again against the same database: the target is already there. */
    if (r->status != 409)
        expect_status(r, 201);

    /* At the deadline day: P1, P2 and P4 (twice, once). */
    r = http("GET", tfmt(I "/training_target_progress_pct?area=%s&at=2019-03-31", la),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "statistic"), "percentage_of_target");
    assert_string_equal(body_str(r, "at"), "2019-03-31");
    assert_true(json_number_value(body_get(r, "value")) == 30.0);
    assert_int_equal(body_int(r, "numerator"), 3);
    assert_int_equal(body_int(r, "denominator"), 10);

    /* After the deadline the count stays (P3 trained too late). */
    r = http("GET", tfmt(I "/training_target_progress_pct?area=%s&at=2019-04-07", la),
             token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_true(json_number_value(body_get(r, "value")) == 30.0);

    /* With disclosure control a count of 3 is "c"; the target is not a count and is shown. */
    r = http("GET", tfmt(I "/training_target_progress_pct?area=%s&at=2019-03-31&suppress=true", la),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "value"), "c");
    assert_string_equal(body_str(r, "numerator"), "c");
    assert_int_equal(body_int(r, "denominator"), 10);

    /* A cluster has no share of the course's target: people, but no percentage. */
    r = http("GET", tfmt(I "/training_target_progress_pct?area=%s&at=2019-03-31", cluster),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "numerator"), 3);
    assert_true(json_is_null(body_get(r, "denominator")));
    assert_true(json_is_null(body_get(r, "value")));

    /* Weekly, cumulative at each Sunday; the week before the start has no value. */
    r = http("GET",
             tfmt(I "/training_target_progress_pct/series?area=%s&period=week&from=2019-01-01&"
                    "to=2019-03-31",
                  la),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_string_equal(body_str(r, "kind"), "snapshot");
    assert_int_equal(json_array_size(body_get(r, "points")), 13);
    json_t *pt = point_at(r, "2018-12-31");
    assert_true(json_is_null(json_object_get(pt, "value")));
    assert_int_equal(json_integer_value(json_object_get(pt, "numerator")), 0);
    pt = point_at(r, "2019-01-07");
    assert_true(num(pt, "value") == 10.0);
    pt = point_at(r, "2019-02-04");
    assert_true(num(pt, "value") == 10.0);
    pt = point_at(r, "2019-02-11");
    assert_true(num(pt, "value") == 20.0);
    assert_int_equal(json_integer_value(json_object_get(pt, "numerator")), 2);
    pt = point_at(r, "2019-03-25");
    assert_true(num(pt, "value") == 30.0);
    assert_int_equal(json_integer_value(json_object_get(pt, "denominator")), 10);

    /* By month and by quarter, and the series equals the single values at the period ends. */
    r = http("GET",
             tfmt(I "/training_target_progress_pct/series?area=%s&period=month&from=2019-01-01&"
                    "to=2019-04-30",
                  la),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_true(num(point_at(r, "2019-01-01"), "value") == 10.0);
    assert_true(num(point_at(r, "2019-02-01"), "value") == 20.0);
    assert_true(num(point_at(r, "2019-03-01"), "value") == 30.0);
    assert_true(num(point_at(r, "2019-04-01"), "value") == 30.0);
    r = http("GET",
             tfmt(I "/training_target_progress_pct/series?area=%s&period=quarter&from=2019-01-01&"
                    "to=2019-03-31",
                  la),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_true(num(point_at(r, "2019-01-01"), "value") == 30.0);
    r = http("GET",
             tfmt(I "/training_target_progress_pct/series?area=%s&period=year&from=2019-01-01&"
                    "to=2019-03-31",
                  la),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_true(num(point_at(r, "2018-04-01"), "value") == 30.0);

    /* In the extract, monthly: the target is shown as the denominator. */
    r = http(
        "GET",
        tfmt("/api/v1/extracts/indicators.csv?indicators=training_target_progress_pct&areas=%s&"
             "period=month&from=2019-02-01&to=2019-03-31&suppress=false",
             la),
        token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_non_null(strstr(r->body, ",2019-02-01,2019-02-28,20.0,2,10,,,false"));
    assert_non_null(strstr(r->body, ",2019-03-01,2019-03-31,30.0,3,10,,,false"));

    /* Deep Dive has no target here: no value, nobody trained. */
    r = http("GET", tfmt(I "/training_deep_dive_progress_pct?area=%s&at=2019-03-31", la),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_true(json_is_null(body_get(r, "value")));
    assert_int_equal(body_int(r, "numerator"), 0);
}

int main(void)
{
    la = strdup(make_la());
    cluster = strdup(make_cluster(la));
    const struct CMUnitTest tests[] = {
        TEST(test_feedback_mean),
        TEST(test_target_progress),
    };
    int failed = cmocka_run_group_tests_name("integration: training indicators", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
