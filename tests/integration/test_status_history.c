/* Integration tests of status history (CIN, CPP, CLA, pre-proceedings) and the chronology. */
#include "fixtures.h"

#include <string.h>

#define V1 "/api/v1"

/* Rows a request wrote to a records table (the record tables carry the request id). */
static long long records_written(const char *table, const struct http_response *r)
{
    const char *id = http_header(r, "X-Request-Id");
    assert_non_null(id);
    return db_count(tfmt("SELECT count(*) FROM fgc.%s WHERE request_id = $1", table), id);
}

/* POST a new record of kind (cin-episodes, ...) for a child; the response. */
static struct http_response *record(const char *token, long long child, const char *kind,
                                    const char *body)
{
    return http("POST", tfmt(V1 "/children/%lld/%s", child, kind), token, body);
}

/* POST a new record that must be created; returns its episode id. */
static long long record_ok(const char *token, long long child, const char *kind, const char *body)
{
    struct http_response *r = record(token, child, kind, body);
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_true(id > 0);
    return id;
}

/* The items of a child's list of kind, as token, with or without history. */
static json_t *list_of(const char *token, long long child, const char *kind, bool history)
{
    struct http_response *r =
        http("GET", tfmt(V1 "/children/%lld/%s%s", child, kind, history ? "?history=true" : ""),
             token, NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_true(json_is_array(items));
    return items;
}

/* A correction or retraction with an If-Match value (NULL for none). */
static struct http_response *change(const char *token, const char *kind, long long id,
                                    const char *what, const char *etag, const char *body)
{
    const char *path = tfmt(V1 "/%s/%lld/%s", kind, id, what);
    if (etag)
        return http("POST", path, token, body, tfmt("If-Match: %s", etag));
    return http("POST", path, token, body);
}

static const char *item_str(json_t *items, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(items, i), key));
}

static void test_cin_create_list_get(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    const char *body = jtext(json_pack(
        "{s:s, s:s, s:s, s:[{s:s, s:s, s:[s, s, s]}], s:[{s:s, s:s}], s:s}", "referral_date",
        date_from_today(-60), "referral_source", "2a", "primary_need", "N1", "assessments",
        "start_date", date_from_today(-58), "authorised_date", date_from_today(-40), "factors",
        "3a", "21", "3A", "section47s", "start_date", date_from_today(-57), "icpc_date",
        date_from_today(-50), "note", "Referred by the school."));
    struct http_response *r = record(token_of("sw1"), child, "cin-episodes", body);
    expect_status(r, 201);
    long long id = body_int(r, "id");
    long long version = body_int(r, "version");
    assert_true(id > 0 && version > 0);
    assert_string_equal(etag_of(r), tfmt("\"%lld\"", version));
    assert_string_equal(http_header(r, "Location"), tfmt(V1 "/cin-episodes/%lld", id));
    /* Codes are stored in upper case; repeated factors once. */
    assert_string_equal(body_str(r, "referral_source"), "2A");
    json_t *factors = json_object_get(json_array_get(body_get(r, "assessments"), 0), "factors");
    assert_int_equal(json_array_size(factors), 2);
    assert_string_equal(json_string_value(json_array_get(factors, 0)), "3A");
    assert_int_equal(body_int(r, "recorded_by"), user_id("sw1"));
    assert_false(json_is_true(body_get(r, "retracted")));
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cin_episode_records WHERE id = $1 AND "
                              "source = 'api' AND request_id = $2",
                              tfmt("%lld", version), http_header(r, "X-Request-Id")),
                     1);
    /* The current-state table knows domestic abuse was a factor (3A). */
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cin_episodes WHERE episode_id = $1 AND "
                              "domestic_abuse",
                              tfmt("%lld", id)),
                     1);

    json_t *items = list_of(token_of("sw1"), child, "cin-episodes", false);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), id);
    assert_null(json_object_get(json_array_get(items, 0), "history"));

    r = http("GET", tfmt(V1 "/cin-episodes/%lld", id), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_string_equal(etag_of(r), tfmt("\"%lld\"", version));
    assert_int_equal(json_array_size(body_get(r, "history")), 1);
    assert_string_equal(body_str(r, "note"), "Referred by the school.");

    /* A second episode with the same referral date is a conflict. */
    r = record(token_of("sw1"), child, "cin-episodes",
               jtext(json_pack("{s:s}", "referral_date", date_from_today(-60))));
    expect_problem(r, 409);
    assert_int_equal(records_written("cin_episode_records", r), 0);
}

static void test_correction_keeps_history(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    struct http_response *r =
        record(token_of("sw1"), child, "looked-after-episodes",
               jtext(json_pack("{s:s, s:s, s:s, s:s}", "decom", date_from_today(-30), "rne", "S",
                               "ls", "V2", "place", "U6")));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    const char *first = etag_of(r);

    const char *corrected =
        jtext(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-30), "rne", "S",
                        "ls", "C1", "place", "U4", "place_provider", "PR1", "note",
                        "The legal status was an interim care order."));
    /* If-Match is required, and must be the current version. */
    r = change(token_of("sw1"), "looked-after-episodes", id, "corrections", NULL, corrected);
    expect_problem(r, 428);
    r = change(token_of("sw1"), "looked-after-episodes", id, "corrections", "\"999999999\"",
               corrected);
    expect_problem(r, 412);
    assert_int_equal(records_written("cla_episode_records", r), 0);

    /* The reason is required. */
    r = change(
        token_of("sw1"), "looked-after-episodes", id, "corrections", first,
        jtext(json_pack("{s:s, s:s, s:s}", "decom", date_from_today(-30), "rne", "S", "ls", "C1")));
    expect_field_error(r, 422, "note");

    r = change(token_of("sw1"), "looked-after-episodes", id, "corrections", first, corrected);
    expect_status(r, 200);
    const char *second = etag_of(r);
    assert_string_not_equal(first, second);
    assert_int_equal(body_int(r, "id"), id);
    assert_string_equal(body_str(r, "ls"), "C1");

    /* The old version is now stale. */
    r = change(token_of("sw1"), "looked-after-episodes", id, "corrections", first, corrected);
    expect_problem(r, 412);

    /* Current shows the new version; history keeps both, oldest first. */
    json_t *items = list_of(token_of("sw1"), child, "looked-after-episodes", false);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(item_str(items, 0, "ls"), "C1");
    assert_string_equal(item_str(items, 0, "place"), "U4");
    items = list_of(token_of("sw1"), child, "looked-after-episodes", true);
    assert_int_equal(json_array_size(items), 1);
    json_t *history = json_object_get(json_array_get(items, 0), "history");
    assert_int_equal(json_array_size(history), 2);
    json_t *v1 = json_array_get(history, 0), *v2 = json_array_get(history, 1);
    assert_string_equal(json_string_value(json_object_get(v1, "ls")), "V2");
    assert_string_equal(json_string_value(json_object_get(v2, "ls")), "C1");
    assert_int_equal(json_integer_value(json_object_get(v2, "supersedes")),
                     json_integer_value(json_object_get(v1, "record_id")));
    assert_string_equal(json_string_value(json_object_get(v2, "note")),
                        "The legal status was an interim care order.");
    assert_int_equal(db_count("SELECT count(*) FROM fgc.cla_episodes WHERE episode_id = $1 AND "
                              "ls = 'C1'",
                              tfmt("%lld", id)),
                     1);

    /* A data analyst sees the history but never the notes. */
    items = list_of(token_of("analyst1"), child, "looked-after-episodes", true);
    history = json_object_get(json_array_get(items, 0), "history");
    assert_null(json_object_get(json_array_get(history, 1), "note"));
    assert_null(json_object_get(json_array_get(items, 0), "note"));
}

static void test_retraction(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    struct http_response *r =
        record(token_of("sw1"), child, "child-protection-plans",
               jtext(json_pack("{s:s, s:s, s:[s, s], s:i}", "start_date", date_from_today(-90),
                               "initial_category", "NEG", "review_dates", date_from_today(-30),
                               date_from_today(-60), "number_of_previous_cpp", 0)));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    const char *etag = etag_of(r);
    /* Review dates are kept in date order. */
    assert_string_equal(json_string_value(json_array_get(body_get(r, "review_dates"), 0)),
                        date_from_today(-60));

    r = change(token_of("sw1"), "child-protection-plans", id, "retractions", etag, "{}");
    expect_field_error(r, 422, "note");
    r = change(token_of("sw1"), "child-protection-plans", id, "retractions", "\"999999999\"",
               "{\"note\": \"Recorded for the wrong child.\"}");
    expect_problem(r, 412);
    r = change(token_of("sw1"), "child-protection-plans", id, "retractions", etag,
               "{\"note\": \"Recorded for the wrong child.\"}");
    expect_status(r, 200);
    assert_true(json_is_true(body_get(r, "retracted")));
    const char *retracted = etag_of(r);

    assert_int_equal(
        json_array_size(list_of(token_of("sw1"), child, "child-protection-plans", false)), 0);
    json_t *items = list_of(token_of("sw1"), child, "child-protection-plans", true);
    assert_int_equal(json_array_size(items), 1);
    assert_true(json_is_true(json_object_get(json_array_get(items, 0), "retracted")));
    assert_int_equal(json_array_size(json_object_get(json_array_get(items, 0), "history")), 2);
    assert_int_equal(
        db_count("SELECT count(*) FROM fgc.cpp_plans WHERE episode_id = $1", tfmt("%lld", id)), 0);

    /* A retracted record can no longer be changed. */
    r = change(token_of("sw1"), "child-protection-plans", id, "corrections", retracted,
               jtext(json_pack("{s:s, s:s}", "start_date", date_from_today(-90), "note", "x")));
    expect_problem(r, 409);
    /* Nor is it in the chronology. */
    r = http("GET", tfmt(V1 "/children/%lld/chronology", child), token_of("sw1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 0);
}

static void test_unknown_codes(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    struct http_response *r =
        record(token_of("sw1"), child, "looked-after-episodes",
               jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-10), "rne",
                               "Q", "ls", "C9", "place", "ZZ", "place_provider", "PR1")));
    const char *msg = expect_field_error(r, 422, "rne");
    assert_non_null(strstr(msg, "B, L, P, S, T or U"));
    msg = expect_field_error(r, 422, "ls");
    assert_non_null(strstr(msg, "C9"));
    assert_non_null(strstr(msg, "V4"));
    expect_field_error(r, 422, "place");
    assert_int_equal(records_written("cla_episode_records", r), 0);

    r = record(token_of("sw1"), child, "cin-episodes",
               jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "referral_date", date_from_today(-10),
                               "referral_source", "11", "primary_need", "N10", "closure_date",
                               date_from_today(-5), "closure_reason", "RC10")));
    expect_field_error(r, 422, "referral_source");
    expect_field_error(r, 422, "primary_need");
    msg = expect_field_error(r, 422, "closure_reason");
    assert_non_null(strstr(msg, "RC9"));

    r = record(token_of("sw1"), child, "child-protection-plans",
               jtext(json_pack("{s:s, s:s, s:s}", "start_date", date_from_today(-10),
                               "initial_category", "XYZ", "latest_category", "MUL")));
    expect_field_error(r, 422, "initial_category");

    /* Assessment factors: one or two digits and an optional letter. */
    r = record(
        token_of("sw1"), child, "cin-episodes",
        jtext(json_pack("{s:s, s:[{s:s, s:[s, s]}]}", "referral_date", date_from_today(-10),
                        "assessments", "start_date", date_from_today(-9), "factors", "3A", "3AB")));
    expect_field_error(r, 422, "assessments[0].factors[1]");
    assert_int_equal(records_written("cin_episode_records", r), 0);
}

static void test_dates(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    struct http_response *r =
        record(token_of("sw1"), child, "cin-episodes",
               jtext(json_pack("{s:s}", "referral_date", date_from_today(1))));
    expect_field_error(r, 422, "referral_date");
    r = record(token_of("sw1"), child, "child-protection-plans",
               jtext(json_pack("{s:s, s:[s]}", "start_date", date_from_today(-5), "review_dates",
                               date_from_today(2))));
    expect_field_error(r, 422, "review_dates[0]");

    /* Ends not before starts; DEC and REC together. */
    r = record(token_of("sw1"), child, "cin-episodes",
               jtext(json_pack("{s:s, s:s, s:s}", "referral_date", date_from_today(-10),
                               "closure_date", date_from_today(-20), "closure_reason", "RC8")));
    expect_field_error(r, 422, "closure_date");
    r = record(token_of("sw1"), child, "looked-after-episodes",
               jtext(json_pack("{s:s, s:s, s:s, s:s}", "decom", date_from_today(-10), "rne", "S",
                               "ls", "V2", "dec", date_from_today(-20))));
    expect_field_error(r, 422, "dec");
    expect_field_error(r, 422, "rec");
    r = record(token_of("sw1"), child, "looked-after-episodes",
               jtext(json_pack("{s:s, s:s, s:s, s:s}", "decom", date_from_today(-10), "rne", "S",
                               "ls", "V2", "rec", "E4A")));
    expect_field_error(r, 422, "dec");
    r = record(token_of("sw1"), child, "pre-proceedings",
               jtext(json_pack("{s:s, s:s, s:b, s:b}", "pp_start_date", date_from_today(-10),
                               "step_decision_date", date_from_today(-12), "fgdm_meeting_offer", 0,
                               "fgdm_meeting_facilitated", 1)));
    expect_field_error(r, 422, "step_decision_date");
    expect_field_error(r, 422, "fgdm_meeting_facilitated");
    assert_int_equal(records_written("pre_proceedings_records", r), 0);
}

static void test_overlapping_cla(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    const char *cla = "looked-after-episodes";
    record_ok(token_of("sw1"), child, cla,
              jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-100), "rne",
                              "S", "ls", "V2", "dec", date_from_today(-50), "rec", "E4A")));
    /* Starting before the previous one ceased overlaps it. */
    struct http_response *r =
        record(token_of("sw1"), child, cla,
               jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-60), "rne",
                               "S", "ls", "C2", "dec", date_from_today(-40), "rec", "X1")));
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), "overlaps"));
    assert_int_equal(records_written("cla_episode_records", r), 0);
    /* Starting on the day the previous one ceased is allowed: [decom, dec) is half-open. */
    long long b =
        record_ok(token_of("sw1"), child, cla,
                  jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-50), "rne",
                                  "S", "ls", "C2", "dec", date_from_today(-40), "rec", "X1")));
    record_ok(
        token_of("sw1"), child, cla,
        jtext(json_pack("{s:s, s:s, s:s}", "decom", date_from_today(-40), "rne", "L", "ls", "C2")));
    /* A second open episode. */
    r = record(
        token_of("sw1"), child, cla,
        jtext(json_pack("{s:s, s:s, s:s}", "decom", date_from_today(-5), "rne", "P", "ls", "C2")));
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), "open looked-after episode"));
    /* An episode inside another is an overlap too. */
    r = record(token_of("sw1"), child, cla,
               jtext(json_pack("{s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-80), "rne",
                               "S", "ls", "C2", "dec", date_from_today(-70), "rec", "E8")));
    expect_problem(r, 409);
    /* A correction that would overlap is refused too. */
    r = http("GET", tfmt(V1 "/looked-after-episodes/%lld", b), token_of("sw1"), NULL);
    expect_status(r, 200);
    r = change(token_of("sw1"), cla, b, "corrections", etag_of(r),
               jtext(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-55),
                               "rne", "S", "ls", "C2", "dec", date_from_today(-40), "rec", "X1",
                               "note", "Started earlier.")));
    expect_problem(r, 409);
    assert_int_equal(json_array_size(list_of(token_of("sw1"), child, cla, false)), 3);
}

static void test_roles(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    const char *body = jtext(json_pack("{s:s}", "referral_date", date_from_today(-3)));
    static const char *const readers[] = {"manager1", "analyst1"};
    for (size_t i = 0; i < 2; i++) {
        struct http_response *r = record(token_of(readers[i]), child, "cin-episodes", body);
        expect_problem(r, 403);
        assert_int_equal(records_written("cin_episode_records", r), 0);
        list_of(token_of(readers[i]), child, "cin-episodes", true);
    }
    expect_problem(record(token_of("trainer1"), child, "cin-episodes", body), 403);
    expect_problem(
        http("GET", tfmt(V1 "/children/%lld/cin-episodes", child), token_of("trainer1"), NULL),
        403);
    expect_problem(
        http("GET", tfmt(V1 "/children/%lld/chronology", child), token_of("trainer1"), NULL), 403);

    /* Coordinators and administrators record too. */
    long long id = record_ok(token_of("coord1"), child, "cin-episodes", body);
    struct http_response *r =
        http("GET", tfmt(V1 "/cin-episodes/%lld", id), token_of("admin"), NULL);
    expect_status(r, 200);
    const char *etag = etag_of(r);
    r = change(token_of("manager1"), "cin-episodes", id, "corrections", etag,
               jtext(json_pack("{s:s, s:s}", "referral_date", date_from_today(-3), "note", "x")));
    expect_problem(r, 403);
    r = change(token_of("admin"), "cin-episodes", id, "corrections", etag,
               jtext(json_pack("{s:s, s:s, s:s}", "referral_date", date_from_today(-3),
                               "primary_need", "N4", "note", "Need recorded.")));
    expect_status(r, 200);
}

static void test_invisible_child(void **state)
{
    /* A child of sw1's is not sw2's. */
    long long child = make_child(token_of("sw1"), NULL);
    long long id = record_ok(token_of("sw1"), child, "pre-proceedings",
                             jtext(json_pack("{s:s, s:b}", "pp_start_date", date_from_today(-20),
                                             "fgdm_meeting_offer", 1)));
    const char *sw2 = token_of("sw2");
    struct http_response *r =
        record(sw2, child, "pre-proceedings",
               jtext(json_pack("{s:s}", "pp_start_date", date_from_today(-10))));
    expect_problem(r, 404);
    expect_problem(http("GET", tfmt(V1 "/children/%lld/pre-proceedings", child), sw2, NULL), 404);
    expect_problem(http("GET", tfmt(V1 "/pre-proceedings/%lld", id), sw2, NULL), 404);
    expect_problem(http("GET", tfmt(V1 "/children/%lld/chronology", child), sw2, NULL), 404);
    r = http("GET", tfmt(V1 "/pre-proceedings/%lld", id), token_of("sw1"), NULL);
    expect_status(r, 200);
    r = change(sw2, "pre-proceedings", id, "corrections", etag_of(r),
               jtext(json_pack("{s:s, s:s}", "pp_start_date", date_from_today(-20), "note", "x")));
    expect_problem(r, 404);
    r = change(sw2, "pre-proceedings", id, "retractions", "\"1\"", "{\"note\": \"x\"}");
    expect_problem(r, 404);
    /* A child that does not exist looks the same. */
    expect_problem(http("GET", V1 "/children/999999999/chronology", token_of("admin"), NULL), 404);
    expect_problem(http("GET", V1 "/cin-episodes/999999999", token_of("admin"), NULL), 404);
}

/* The kinds of a chronology, in order, joined with spaces. */
static const char *kinds_of(json_t *items)
{
    static char out[2048];
    out[0] = '\0';
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        if (i)
            strncat(out, " ", sizeof out - strlen(out) - 1);
        strncat(out, json_string_value(json_object_get(item, "kind")),
                sizeof out - strlen(out) - 1);
    }
    return out;
}

static void test_chronology(void **state)
{
    /* An FGC referral (made 30 days ago, accepted -20, allocated -15, prepared -10, conference
     * and plan -2) interleaved with status changes, with ties on -30, -20 and -15. */
    long long child = 0;
    long long referral = referral_at("plan_agreed", &child, NULL, NULL);
    const char *coord = token_of("coord1");
    record_ok(
        coord, child, "looked-after-episodes",
        jtext(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "decom", date_from_today(-40), "rne", "S",
                        "ls", "V2", "place", "U6", "dec", date_from_today(-20), "rec", "X1")));
    record_ok(coord, child, "looked-after-episodes",
              jtext(json_pack("{s:s, s:s, s:s, s:s}", "decom", date_from_today(-20), "rne", "L",
                              "ls", "C1", "place", "U6")));
    record_ok(coord, child, "cin-episodes",
              jtext(json_pack("{s:s, s:s, s:s}", "referral_date", date_from_today(-30),
                              "referral_source", "6", "primary_need", "N1")));
    record_ok(coord, child, "child-protection-plans",
              jtext(json_pack("{s:s, s:s}", "start_date", date_from_today(-15), "initial_category",
                              "EMO")));
    record_ok(coord, child, "pre-proceedings",
              jtext(json_pack("{s:s}", "pp_start_date", date_from_today(-10))));

    const char *path = tfmt(V1 "/children/%lld/chronology", child);
    struct http_response *r = http("GET", path, token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "child_id"), child);
    json_t *items = body_get(r, "items");
    /*
     * On one day: the end of something begun earlier first (the X1 end before the start it
     * leads to), then CIN, CPP, pre-proceedings, CLA and FGC items in that order.
     */
    assert_string_equal(kinds_of(items), "cla_start "
                                         "cin_referral fgc_referral_made "
                                         "cla_end cla_start fgc_referral_accepted "
                                         "cpp_start fgc_coordinator_allocated "
                                         "pp_start "
                                         "fgc_conference_held fgc_plan_agreed");
    assert_string_equal(item_str(items, 0, "date"), date_from_today(-40));
    assert_string_equal(item_str(items, 10, "date"), date_from_today(-2));
    /* Titles are sentences; details carry the codes; sources name the records. */
    assert_string_equal(item_str(items, 3, "title"),
                        "Looked-after episode ceased: episode ceases, and new episode begins on "
                        "same day, for any reason.");
    json_t *details = json_object_get(json_array_get(items, 4), "details");
    assert_string_equal(json_string_value(json_object_get(details, "ls")), "C1");
    json_t *source = json_object_get(json_array_get(items, 2), "source");
    assert_string_equal(json_string_value(json_object_get(source, "type")), "referral");
    assert_int_equal(json_integer_value(json_object_get(source, "referral_id")), referral);
    assert_non_null(strstr(item_str(items, 1, "title"), "police"));

    /* Reading a chronology is a read of the child's record. */
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE action = 'read' AND "
                              "entity = 'children' AND entity_id = $1 AND request_id = $2",
                              tfmt("%lld", child), http_header(r, "X-Request-Id")),
                     1);
}

static void test_pre_proceedings_correction(void **state)
{
    long long child = make_child(token_of("sw1"), NULL);
    struct http_response *r =
        record(token_of("sw1"), child, "pre-proceedings",
               jtext(json_pack("{s:s, s:s, s:b}", "pp_start_date", date_from_today(-40),
                               "lbp_sent_date", date_from_today(-41), "fgdm_meeting_offer", 1)));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    r = change(token_of("sw1"), "pre-proceedings", id, "corrections", etag_of(r),
               jtext(json_pack("{s:s, s:s, s:b, s:b, s:s, s:i, s:s, s:s}", "pp_start_date",
                               date_from_today(-40), "lbp_sent_date", date_from_today(-41),
                               "fgdm_meeting_offer", 1, "fgdm_meeting_facilitated", 1,
                               "step_decision_date", date_from_today(-5), "review_meetings_count",
                               2, "pp_outcome", "1", "note",
                               "The family group decision-making meeting was held.")));
    expect_status(r, 200);
    assert_true(json_is_true(body_get(r, "fgdm_meeting_facilitated")));
    r = http("GET", tfmt(V1 "/children/%lld/chronology", child), token_of("sw1"), NULL);
    expect_status(r, 200);
    assert_string_equal(kinds_of(body_get(r, "items")),
                        "pp_letter_before_proceedings pp_start pp_step_decision");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_cin_create_list_get),
        TEST(test_correction_keeps_history),
        TEST(test_retraction),
        TEST(test_unknown_codes),
        TEST(test_dates),
        TEST(test_overlapping_cla),
        TEST(test_roles),
        TEST(test_invisible_child),
        TEST(test_chronology),
        TEST(test_pre_proceedings_correction),
    };
    int failed = cmocka_run_group_tests_name("integration: status history", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
