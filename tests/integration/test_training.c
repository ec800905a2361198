/* Integration tests of restorative-practice training: bookings, capacity, registers, progress to
 * target, measures and roles. */
#include "fixtures.h"

#include <curl/curl.h>
#include <string.h>

#define T "/api/v1/training"

/* ---- Set-up through the API ---- */

/* A course of its own, so that counts are not shared with other tests. */
static long long make_course(void)
{
    const char *code = uniq("T");
    struct http_response *r =
        http("POST", T "/courses", token_of("trainer1"),
             jtext(json_pack("{s:s, s:s}", "code", code, "name", uniq("Test course"))));
    expect_status(r, 201);
    return body_int(r, "id");
}

static long long make_session(long long course, const char *held_on, int capacity)
{
    struct http_response *r =
        http("POST", T "/sessions", token_of("trainer1"),
             jtext(json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "course_id", (json_int_t)course,
                             "held_on", held_on, "starts_at", "09:30", "ends_at", "12:30", "venue",
                             "Civic Hall", "capacity", capacity)));
    expect_status(r, 201);
    return body_int(r, "id");
}

/* A new person; email NULL for none, cluster NULL for none. */
static long long make_person(const char *sector, const char *email, const char *cluster)
{
    json_t *body = json_pack("{s:s, s:s, s:s}", "full_name", uniq("Alex Testwood"), "sector",
                             sector, "organisation", "Testwood Primary School");
    if (email)
        json_object_set_new(body, "work_email", json_string(email));
    if (cluster)
        json_object_set_new(body, "cluster", json_string(cluster));
    struct http_response *r = http("POST", T "/people", token_of("trainer1"), jtext(body));
    expect_status(r, 201);
    return body_int(r, "id");
}

static struct http_response *book(long long session, long long person, const char *status,
                                  int feedback)
{
    json_t *body = json_pack("{s:I}", "person_id", (json_int_t)person);
    if (status)
        json_object_set_new(body, "status", json_string(status));
    if (feedback)
        json_object_set_new(body, "feedback_score", json_integer(feedback));
    return http("POST", tfmt(T "/sessions/%lld/bookings", session), token_of("trainer1"),
                jtext(body));
}

static long long booked(long long session, long long person, const char *status, int feedback)
{
    struct http_response *r = book(session, person, status, feedback);
    expect_status(r, 201);
    return body_int(r, "id");
}

static struct http_response *import_csv(const char *who, const char *path, const char *csv)
{
    return http("POST", path, token_of(who), csv, "Content-Type: text/csv");
}

static long long bookings_on(long long session)
{
    return db_count("SELECT count(*) FROM fgc.training_bookings WHERE session_id = $1",
                    tfmt("%lld", session));
}

/* The reason given for line in an import's rejected list, or NULL. */
static const char *rejected_reason(const struct http_response *r, int line)
{
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "rejected"), i, item)
    {
        if (json_integer_value(json_object_get(item, "line")) == line)
            return json_string_value(json_object_get(item, "reason"));
    }
    return NULL;
}

static json_t *week_of(const struct http_response *r, const char *week_start)
{
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "weeks"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "week_start")), week_start) == 0)
            return item;
    }
    fail_msg("no week starting %s in the progress series", week_start);
    return NULL;
}

static long long jint(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

/* ---- Courses, sessions and people ---- */

static void test_courses(void **state)
{
    struct http_response *r = http("GET", T "/courses?limit=200", token_of("manager1"), NULL);
    expect_status(r, 200);
    bool seeded = false;
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "items"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "code")), "AWARENESS-RAISING") == 0)
            seeded = true;
    }
    assert_true(seeded);

    const char *code = uniq("C");
    r = http("POST", T "/courses", token_of("trainer1"),
             jtext(json_pack("{s:s, s:s}", "code", code, "name", uniq("Circles"))));
    expect_status(r, 201);
    long long id = body_int(r, "id");
    assert_string_equal(http_header(r, "Location"), tfmt(T "/courses/%lld", id));
    assert_string_equal(etag_of(r), "\"1\"");

    /* The same code again (any case) is a conflict. */
    r = http("POST", T "/courses", token_of("admin"),
             jtext(json_pack("{s:s, s:s}", "code", code, "name", uniq("Other"))));
    expect_problem(r, 409);
    expect_nothing_written(r);

    r = http("PATCH", tfmt(T "/courses/%lld", id), token_of("trainer1"), "{\"active\": false}",
             "If-Match: \"1\"");
    expect_status(r, 200);
    assert_false(json_is_true(body_get(r, "active")));
    r = http("PATCH", tfmt(T "/courses/%lld", id), token_of("trainer1"), "{\"active\": true}",
             "If-Match: \"1\"");
    expect_problem(r, 412);
    /* An inactive course takes no new sessions. */
    r = http("POST", T "/sessions", token_of("trainer1"),
             jtext(json_pack("{s:I, s:s, s:s, s:s, s:b, s:i}", "course_id", (json_int_t)id,
                             "held_on", "2025-02-03", "starts_at", "09:30", "ends_at", "12:30",
                             "online", 1, "capacity", 10)));
    expect_field_error(r, 422, "course_id");
}

static void test_sessions(void **state)
{
    long long course = make_course();
    struct http_response *r = http(
        "POST", T "/sessions", token_of("trainer1"),
        jtext(json_pack("{s:I, s:s, s:s, s:s, s:i}", "course_id", (json_int_t)course, "held_on",
                        "2025-02-03", "starts_at", "13:30", "ends_at", "12:30", "capacity", 10)));
    expect_field_error(r, 422, "ends_at");
    expect_field_error(r, 422, "venue");
    expect_nothing_written(r);
    r = http("POST", T "/sessions", token_of("trainer1"),
             jtext(json_pack("{s:I, s:s, s:s, s:s, s:b, s:i}", "course_id", (json_int_t)course,
                             "held_on", "2025-02-03", "starts_at", "9:30", "ends_at", "12:30",
                             "online", 1, "capacity", 0)));
    expect_field_error(r, 422, "starts_at");
    expect_field_error(r, 422, "capacity");

    long long a = make_session(course, "2025-02-03", 10);
    long long b = make_session(course, "2025-03-03", 10);
    /* A trainer's new session is theirs. */
    r = http("GET", tfmt(T "/sessions/%lld", a), token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "trainer_id"), user_id("trainer1"));
    assert_int_equal(body_int(r, "places_left"), 10);
    assert_string_equal(body_str(r, "starts_at"), "09:30");

    r = http("GET", tfmt(T "/sessions?course_id=%lld&from=2025-02-10", course),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    assert_int_equal(jint(json_array_get(body_get(r, "items"), 0), "id"), b);
    r = http("GET",
             tfmt(T "/sessions?course_id=%lld&to=2025-02-03&trainer_id=%lld", course,
                  user_id("trainer1")),
             token_of("manager1"), NULL);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    assert_int_equal(jint(json_array_get(body_get(r, "items"), 0), "id"), a);

    /* Capacity cannot drop below the places taken. */
    booked(a, make_person("nhs", NULL, NULL), NULL, 0);
    booked(a, make_person("nhs", NULL, NULL), NULL, 0);
    r = http("PATCH", tfmt(T "/sessions/%lld", a), token_of("trainer1"), "{\"capacity\": 1}",
             "If-Match: \"1\"");
    expect_field_error(r, 422, "capacity");
    r = http("PATCH", tfmt(T "/sessions/%lld", a), token_of("trainer1"), "{\"capacity\": 2}",
             "If-Match: \"1\"");
    expect_status(r, 200);
    assert_int_equal(body_int(r, "places_left"), 0);
}

static void test_people(void **state)
{
    const char *email = tfmt("%s@example.org", uniq("pat"));
    long long id = make_person("schools", email, cluster_code());
    /* E-mail addresses are the same whatever their case. */
    char upper[128];
    snprintf(upper, sizeof upper, "%s", email);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    struct http_response *r = http("POST", T "/people", token_of("trainer1"),
                                   jtext(json_pack("{s:s, s:s, s:s}", "full_name", "Pat Again",
                                                   "sector", "nhs", "work_email", upper)));
    expect_problem(r, 409);

    r = http("GET", tfmt(T "/people?email=%s", upper), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    assert_int_equal(jint(json_array_get(body_get(r, "items"), 0), "id"), id);
    r = http("GET", tfmt(T "/people?sector=schools&cluster=%s&limit=200", cluster_code()),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_true(json_array_size(body_get(r, "items")) >= 1);

    r = http("POST", T "/people", token_of("trainer1"),
             "{\"full_name\": \"No Sector\", \"sector\": \"church\"}");
    expect_field_error(r, 422, "sector");
    r = http("POST", T "/people", token_of("trainer1"),
             "{\"full_name\": \"Bad Mail\", \"sector\": \"nhs\", \"work_email\": \"nobody\"}");
    expect_field_error(r, 422, "work_email");
    r = http("POST", T "/people", token_of("trainer1"),
             "{\"full_name\": \"Bad Cluster\", \"sector\": \"nhs\", \"cluster\": \"NOWHERE\"}");
    expect_field_error(r, 422, "cluster");

    r = http("PATCH", tfmt(T "/people/%lld", id), token_of("trainer1"),
             "{\"job_role\": \"Learning Mentor\", \"cluster\": null}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_string_equal(body_str(r, "job_role"), "Learning Mentor");
    assert_true(json_is_null(body_get(r, "cluster")));
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = "
                              "'training_people' AND entity_id = $1 AND action = 'update'",
                              tfmt("%lld", id)),
                     1);
}

/* ---- Bookings and capacity ---- */

static void test_bookings(void **state)
{
    long long course = make_course();
    long long s = make_session(course, "2025-02-03", 2);
    long long a = make_person("police", NULL, NULL);
    long long b = make_person("police", NULL, NULL);
    long long c = make_person("police", NULL, NULL);

    struct http_response *r = book(s, a, NULL, 0);
    expect_status(r, 201);
    long long booking_a = body_int(r, "id");
    assert_string_equal(body_str(r, "status"), "booked");
    assert_string_equal(http_header(r, "Location"), tfmt(T "/bookings/%lld", booking_a));
    assert_int_equal(db_count("SELECT count(*) FROM audit.events WHERE entity = "
                              "'training_bookings' AND entity_id = $1 AND action = 'insert'",
                              tfmt("%lld", booking_a)),
                     1);
    long long booking_b = booked(s, b, NULL, 0);

    /* The same person twice on one session. */
    r = book(s, a, NULL, 0);
    expect_problem(r, 409);
    expect_nothing_written(r);
    /* The session is full. */
    r = book(s, c, NULL, 0);
    expect_problem(r, 409);
    assert_non_null(strstr(body_str(r, "detail"), "full"));
    assert_int_equal(bookings_on(s), 2);

    /* A cancellation frees a place; taking the booking up again then finds the session full. */
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_b), token_of("trainer1"),
             "{\"status\": \"cancelled\"}", "If-Match: \"1\"");
    expect_status(r, 200);
    booked(s, c, NULL, 0);
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_b), token_of("trainer1"),
             "{\"status\": \"booked\"}", "If-Match: \"2\"");
    expect_problem(r, 409);

    /* Attendance and feedback. */
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_a), token_of("trainer1"),
             "{\"status\": \"did_not_attend\", \"feedback_score\": 4}", "If-Match: \"1\"");
    expect_field_error(r, 422, "feedback_score");
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_a), token_of("trainer1"),
             "{\"status\": \"attended\", \"feedback_score\": 6}", "If-Match: \"1\"");
    expect_field_error(r, 422, "feedback_score");
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_a), token_of("trainer1"),
             "{\"status\": \"attended\", \"feedback_score\": 4}", "If-Match: \"1\"");
    expect_status(r, 200);
    assert_int_equal(body_int(r, "feedback_score"), 4);
    r = http("PATCH", tfmt(T "/bookings/%lld", booking_a), token_of("trainer1"),
             "{\"status\": \"cancelled\"}");
    expect_problem(r, 428);

    /* Attendance cannot be recorded before the session. */
    long long later = make_session(course, date_from_today(10), 5);
    r = book(later, a, "attended", 0);
    expect_field_error(r, 422, "status");
    r = book(later, a, NULL, 0);
    expect_status(r, 201);

    r = http("GET", tfmt(T "/sessions/%lld/bookings", s), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "items")), 3);
    r = http("GET", tfmt(T "/sessions/%lld/bookings?status=cancelled", s), token_of("trainer1"),
             NULL);
    assert_int_equal(json_array_size(body_get(r, "items")), 1);
    r = http("GET", tfmt(T "/people/%lld", a), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(json_array_size(body_get(r, "bookings")), 2);

    /* A retried POST with the same Idempotency-Key books once. */
    long long d = make_person("housing", NULL, NULL);
    const char *key = tfmt("Idempotency-Key: %s", uniq("key"));
    const char *body = tfmt("{\"person_id\": %lld}", d);
    r = http("POST", tfmt(T "/sessions/%lld/bookings", later), token_of("trainer1"), body, key);
    expect_status(r, 201);
    r = http("POST", tfmt(T "/sessions/%lld/bookings", later), token_of("trainer1"), body, key);
    expect_status(r, 201);
    assert_non_null(http_header(r, "Idempotent-Replayed"));
    assert_int_equal(bookings_on(later), 2);
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    return size * n;
}

/* Sends two POSTs at once on two connections; their statuses go to codes. */
static void post_together(const char *path, const char *body1, const char *body2, long codes[2])
{
    const char *bodies[2] = {body1, body2};
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, tfmt("Authorization: Bearer %s", token_of("trainer1")));
    CURLM *multi = curl_multi_init();
    CURL *easy[2];
    for (int i = 0; i < 2; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, tfmt("%s%s", test_env("FGCD_TEST_URL"), path));
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, bodies[i]);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(easy[i], CURLOPT_FORBID_REUSE, 1L);
        curl_multi_add_handle(multi, easy[i]);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < 2; i++) {
        codes[i] = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &codes[i]);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
}

static void test_last_place_race(void **state)
{
    long long course = make_course();
    /* Several rounds, so that the two requests really do meet in the database. */
    for (int round = 0; round < 5; round++) {
        long long s = make_session(course, "2025-02-03", 2);
        booked(s, make_person("nhs", NULL, NULL), NULL, 0);
        long long a = make_person("nhs", NULL, NULL);
        long long b = make_person("nhs", NULL, NULL);
        long codes[2];
        post_together(tfmt(T "/sessions/%lld/bookings", s), tfmt("{\"person_id\": %lld}", a),
                      tfmt("{\"person_id\": %lld}", b), codes);
        if (!((codes[0] == 201 && codes[1] == 409) || (codes[0] == 409 && codes[1] == 201)))
            fail_msg("round %d: the two bookings for the last place answered %ld and %ld", round,
                     codes[0], codes[1]);
        assert_int_equal(db_count("SELECT count(*) FROM fgc.training_bookings WHERE session_id "
                                  "= $1 AND status <> 'cancelled'",
                                  tfmt("%lld", s)),
                         2);
    }
}

/* ---- Registers ---- */

static void test_register_import(void **state)
{
    long long course = make_course();
    long long s = make_session(course, "2025-02-03", 30);
    const char *known_email = tfmt("%s@example.org", uniq("known"));
    long long known = make_person("schools", known_email, NULL);
    /* Known by name and organisation only (no e-mail). */
    const char *plain_name = uniq("Robin Sampleby");
    struct http_response *r =
        http("POST", T "/people", token_of("trainer1"),
             jtext(json_pack("{s:s, s:s, s:s}", "full_name", plain_name, "sector", "housing",
                             "organisation", "Housing Leeds")));
    expect_status(r, 201);
    long long plain = body_int(r, "id");
    booked(s, known, NULL, 0);

    char upper_email[128];
    snprintf(upper_email, sizeof upper_email, "%s", known_email);
    upper_email[0] = (char)(upper_email[0] - 'a' + 'A');
    const char *new_email = tfmt("%s@example.org", uniq("new"));
    const char *csv =
        tfmt("Name,Work e-mail,Organisation,Sector,Cluster,Status,Feedback,Notes\r\n" /* 1 */
             "Known Person,%s,,,,attended,5,\r\n"                                     /* 2 */
             "%s,,housing leeds,,,dna,,\r\n"                                          /* 3 */
             "\"Newby, Sam\",%s,Police HQ,Police,%s,attended,4,\"first line\r\n"      /* 4 */
             "second line\"\r\n"                                                      /* 5 */
             "Bad Mail,not-an-email,,nhs,,attended,,\r\n"                             /* 6 */
             "No Sector Yet,,Nowhere Ltd,,,attended,,\r\n"                            /* 7 */
             "Odd Sector,,,church,,attended,,\r\n"                                    /* 8 */
             "High Score,,,nhs,,attended,7,\r\n"                                      /* 9 */
             "Absent Fan,,,nhs,,did_not_attend,5,\r\n"                                /* 10 */
             ",,,nhs,,attended,,\r\n"                                                 /* 11 */
             "Too,Many,Fields,nhs,,attended,,,,\r\n"                                  /* 12 */
             "Lost Cluster,,,nhs,NO-SUCH,attended,,\r\n"                              /* 13 */
             ",,,,,,,\r\n"                                                            /* 14 */
             "Known Again,%s,,,,attended,5,\r\n"                                      /* 15 */
             "Strange Status,,,nhs,,maybe,,\r\n",                                     /* 16 */
             upper_email, plain_name, new_email, cluster_code(), known_email);

    r = import_csv("trainer1", tfmt(T "/sessions/%lld/register", s), csv);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "blank_rows"), 1);
    assert_int_equal(body_int(r, "bookings_created"), 2); /* Robin and Sam */
    assert_int_equal(body_int(r, "bookings_updated"), 1); /* the known person attended */
    assert_int_equal(body_int(r, "people_created"), 1);   /* Sam */
    assert_int_equal(json_array_size(body_get(r, "rejected")), 10);
    assert_non_null(strstr(rejected_reason(r, 6), "e-mail"));
    assert_non_null(strstr(rejected_reason(r, 7), "needs a sector"));
    assert_non_null(strstr(rejected_reason(r, 8), "not a sector"));
    assert_non_null(strstr(rejected_reason(r, 9), "1 to 5"));
    assert_non_null(strstr(rejected_reason(r, 10), "did not attend"));
    assert_non_null(strstr(rejected_reason(r, 11), "name is missing"));
    assert_non_null(strstr(rejected_reason(r, 12), "header has 8 columns"));
    assert_non_null(strstr(rejected_reason(r, 13), "not a cluster"));
    assert_non_null(strstr(rejected_reason(r, 15), "already on line 2"));
    assert_non_null(strstr(rejected_reason(r, 16), "not a status"));
    assert_null(rejected_reason(r, 2));
    assert_null(rejected_reason(r, 4));
    assert_string_equal(json_string_value(json_array_get(body_get(r, "ignored_columns"), 0)),
                        "Notes");

    /* Matched by e-mail whatever its case, and by name and organisation. */
    assert_string_equal(db_text("SELECT status || '/' || feedback_score FROM "
                                "fgc.training_bookings WHERE session_id = $1 AND person_id = $2",
                                tfmt("%lld", s), tfmt("%lld", known)),
                        "attended/5");
    assert_string_equal(db_text("SELECT status FROM fgc.training_bookings WHERE session_id = $1 "
                                "AND person_id = $2",
                                tfmt("%lld", s), tfmt("%lld", plain)),
                        "did_not_attend");
    assert_string_equal(db_text("SELECT full_name || '/' || sector FROM fgc.training_people "
                                "WHERE work_email = $1",
                                new_email),
                        "Newby, Sam/police");
    assert_int_equal(bookings_on(s), 3);

    /* The same register again changes nothing, and says why each bad row was refused. */
    long long people_before = db_count("SELECT count(*) FROM fgc.training_people");
    r = import_csv("trainer1", tfmt(T "/sessions/%lld/register", s), csv);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "bookings_created"), 0);
    assert_int_equal(body_int(r, "bookings_updated"), 0);
    assert_int_equal(body_int(r, "people_created"), 0);
    assert_int_equal(body_int(r, "people_updated"), 0);
    assert_int_equal(body_int(r, "unchanged"), 3);
    assert_int_equal(json_array_size(body_get(r, "rejected")), 10);
    expect_nothing_written(r);
    assert_int_equal(db_count("SELECT count(*) FROM fgc.training_people"), people_before);
    assert_int_equal(bookings_on(s), 3);
}

static void test_register_course_wide(void **state)
{
    long long course = make_course();
    long long s1 = make_session(course, "2025-03-03", 30);
    long long s2 = make_session(course, "2025-03-10", 30);
    make_session(course, "2025-03-17", 30);
    make_session(course, "2025-03-17", 30); /* two sessions that day */
    const char *code =
        db_text("SELECT code FROM fgc.training_courses WHERE id = $1", tfmt("%lld", course));
    const char *email = tfmt("%s@example.org", uniq("wide"));
    const char *csv = tfmt("course,date,name,work_email,sector,status\n"
                           "%s,2025-03-03,Wide One,%s,nhs,attended\n"
                           "%s,10/03/2025,Wide One,%s,nhs,attended\n"
                           "%s,2025-03-04,Wide Two,,nhs,attended\n"
                           "No Such Course,2025-03-03,Wide Three,,nhs,attended\n"
                           "%s,2025-02-30,Wide Four,,nhs,attended\n"
                           "%s,2025-03-17,Wide Five,,nhs,attended\n",
                           code, email, code, email, code, code, code);
    struct http_response *r = import_csv("admin", T "/registers", csv);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "bookings_created"), 2);
    assert_int_equal(body_int(r, "people_created"), 1);
    assert_non_null(strstr(rejected_reason(r, 4), "no"));
    assert_non_null(strstr(rejected_reason(r, 5), "There is no course"));
    assert_non_null(strstr(rejected_reason(r, 6), "not a date"));
    assert_non_null(strstr(rejected_reason(r, 7), "start_time"));
    assert_int_equal(bookings_on(s1), 1);
    assert_int_equal(bookings_on(s2), 1);

    /* Neither a session nor course and date columns. */
    r = import_csv("trainer1", T "/registers", "name,status\nSomeone,attended\n");
    expect_field_error(r, 422, "header");
    /* Not CSV, or not the right type. */
    r = import_csv("trainer1", tfmt(T "/sessions/%lld/register", s1),
                   "name,status\n\"Unclosed,attended\n");
    expect_problem(r, 422);
    assert_non_null(strstr(body_str(r, "detail"), "Line 2"));
    r = http("POST", tfmt(T "/sessions/%lld/register", s1), token_of("trainer1"),
             "{\"name\": \"x\"}");
    expect_problem(r, 415);
    r = import_csv("trainer1", tfmt(T "/sessions/%lld/register", s1), "");
    expect_problem(r, 422);
    r = import_csv("trainer1", T "/sessions/999999999/register", "name\nSomeone\n");
    expect_problem(r, 404);
}

/* ---- Progress and measures ---- */

/*
 * A course with a target of 10 people from Monday 6 January 2025 to Sunday 30 March 2025 (84
 * days) and these attendances:
 *   P1 attended on 6 Jan (the start day)            counts, week of 6 Jan
 *   P2 attended on 30 Mar (the deadline)            counts, week of 24 Mar
 *   P3 attended on 31 Mar (the day after)           does not count
 *   P4 attended on 12 Feb and again on 30 Mar       counts once, week of 10 Feb
 *   P5 booked on 12 Feb and cancelled               does not count
 *   P6 did not attend on 12 Feb                     does not count
 *   P7 attended on 5 Jan only (before the start)    does not count
 *   P8 attended on 5 Jan and 12 Feb                 counts, from 12 Feb
 * P1 and P2 work in schools, and schools have a target of their own of 2.
 */
struct progress_case {
    long long course, target, schools_target, cluster_sessions[5];
    const char *cluster;
};

static void progress_case(struct progress_case *pc)
{
    pc->course = make_course();
    pc->cluster = make_cluster(la_code());
    long long before = make_session(pc->course, "2025-01-05", 30);
    long long start = make_session(pc->course, "2025-01-06", 30);
    long long mid = make_session(pc->course, "2025-02-12", 30);
    long long deadline = make_session(pc->course, "2025-03-30", 30);
    long long after = make_session(pc->course, "2025-03-31", 30);
    long long p[9];
    for (int i = 1; i <= 8; i++)
        p[i] = make_person(i <= 2 ? "schools" : "nhs", NULL, pc->cluster);
    booked(start, p[1], "attended", 5);
    booked(deadline, p[2], "attended", 0);
    booked(after, p[3], "attended", 0);
    booked(mid, p[4], "attended", 0);
    booked(deadline, p[4], "attended", 0);
    booked(mid, p[5], "cancelled", 0);
    booked(mid, p[6], "did_not_attend", 0);
    booked(before, p[7], "attended", 0);
    booked(before, p[8], "attended", 0);
    booked(mid, p[8], "attended", 4);

    struct http_response *r = http(
        "POST", T "/targets", token_of("admin"),
        jtext(json_pack("{s:I, s:i, s:s, s:s}", "course_id", (json_int_t)pc->course,
                        "target_people", 10, "starts_on", "2025-01-06", "deadline", "2025-03-30")));
    expect_status(r, 201);
    pc->target = body_int(r, "id");
    r = http("POST", T "/targets", token_of("admin"),
             jtext(json_pack("{s:I, s:s, s:i, s:s, s:s}", "course_id", (json_int_t)pc->course,
                             "sector", "schools", "target_people", 2, "starts_on", "2025-01-06",
                             "deadline", "2025-03-30")));
    expect_status(r, 201);
    pc->schools_target = body_int(r, "id");
}

static void test_progress_edges(void **state)
{
    struct progress_case pc;
    progress_case(&pc);

    /* After the deadline: four people counted; the target was missed. */
    struct http_response *r =
        http("GET", tfmt(T "/progress?course_id=%lld", pc.course), token_of("manager1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "trained"), 4);
    assert_int_equal(jint(body_get(r, "target"), "id"), pc.target);
    assert_string_equal(body_str(r, "status"), "missed");
    assert_true(json_is_null(body_get(r, "forecast_date")));
    assert_string_equal(body_str(r, "counting_from"), "2025-01-06");
    assert_string_equal(body_str(r, "counting_to"), "2025-03-30");
    assert_true(json_number_value(body_get(r, "progress_pct")) == 40.0);
    assert_int_equal(json_array_size(body_get(r, "weeks")), 12);
    json_t *w = week_of(r, "2025-01-06");
    assert_string_equal(json_string_value(json_object_get(w, "week")), "2025-W02");
    assert_int_equal(jint(w, "new_people"), 1);
    assert_int_equal(jint(w, "cumulative"), 1);
    assert_true(json_number_value(json_object_get(w, "trajectory")) == 0.8);
    w = week_of(r, "2025-02-10");
    assert_int_equal(jint(w, "new_people"), 2);
    assert_int_equal(jint(w, "cumulative"), 3);
    w = week_of(r, "2025-03-24");
    assert_int_equal(jint(w, "new_people"), 1);
    assert_int_equal(jint(w, "cumulative"), 4);
    assert_true(json_number_value(json_object_get(w, "trajectory")) == 10.0);

    /* By sector, with the schools target reached on the day its second person was trained. */
    size_t i;
    json_t *item;
    bool seen = false;
    json_array_foreach(body_get(r, "by_sector"), i, item)
    {
        const char *sector = json_string_value(json_object_get(item, "sector"));
        if (strcmp(sector, "schools") == 0) {
            seen = true;
            assert_int_equal(jint(item, "people"), 2);
            json_t *t = json_object_get(item, "target");
            assert_string_equal(json_string_value(json_object_get(t, "status")), "reached");
            assert_string_equal(json_string_value(json_object_get(t, "reached_on")), "2025-03-30");
        } else if (strcmp(sector, "nhs") == 0) {
            assert_int_equal(jint(item, "people"), 2);
            assert_true(json_is_null(json_object_get(item, "target")));
        }
    }
    assert_true(seen);
    item = json_array_get(body_get(r, "by_cluster"), 0);
    assert_string_equal(json_string_value(json_object_get(item, "cluster")), pc.cluster);
    assert_int_equal(jint(item, "people"), 4);

    /* Part-way, on Sunday 16 February (42 days in): P1, P4 and P8; pace 3 in 6 weeks = 0.5 a
     * week; 7 more need 7 x 42 / 3 = 98 days, so 25 May 2025, after the deadline. */
    r = http("GET", tfmt(T "/progress?course_id=%lld&as_of=2025-02-16", pc.course),
             token_of("analyst1"), NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "trained"), 3);
    assert_true(json_number_value(body_get(r, "pace_per_week")) == 0.5);
    assert_string_equal(body_str(r, "forecast_date"), "2025-05-25");
    assert_string_equal(body_str(r, "status"), "off_track");
    assert_true(json_number_value(body_get(r, "trajectory_now")) == 5.0);
    assert_true(json_is_null(json_object_get(week_of(r, "2025-02-17"), "cumulative")));
    assert_int_equal(jint(week_of(r, "2025-02-10"), "cumulative"), 3);

    /* The schools target by id: reached. */
    r = http("GET", tfmt(T "/progress?target_id=%lld", pc.schools_target), token_of("trainer1"),
             NULL);
    expect_status(r, 200);
    assert_int_equal(body_int(r, "trained"), 2);
    assert_string_equal(body_str(r, "status"), "reached");
    assert_string_equal(body_str(r, "reached_on"), "2025-03-30");
    assert_string_equal(body_str(r, "sector"), "schools");

    /* Without a target, from and to choose what is counted. */
    r = http("GET",
             tfmt(T "/progress?course_id=%lld&sector=nhs&from=2025-01-01&to=2025-03-31", pc.course),
             token_of("trainer1"), NULL);
    expect_status(r, 200);
    assert_true(json_is_null(body_get(r, "target")));
    assert_string_equal(body_str(r, "status"), "no_target");
    assert_int_equal(body_int(r, "trained"), 4); /* P3, P4, P7, P8 */

    r = http("GET", T "/progress", token_of("trainer1"), NULL);
    expect_field_error(r, 422, "course_id");
    r = http("GET", T "/progress?course_id=999999999", token_of("trainer1"), NULL);
    expect_problem(r, 404);
}

static void test_measures(void **state)
{
    struct progress_case pc;
    progress_case(&pc);
    struct http_response *r = http(
        "GET",
        tfmt(T "/measures?course_id=%lld&period=month&from=2025-01-01&to=2025-03-31", pc.course),
        token_of("analyst1"), NULL);
    expect_status(r, 200);
    json_t *items = body_get(r, "items");
    assert_int_equal(json_array_size(items), 3);
    json_t *jan = json_array_get(items, 0), *feb = json_array_get(items, 1),
           *mar = json_array_get(items, 2);
    assert_string_equal(json_string_value(json_object_get(jan, "period_label")), "2025-01");
    assert_int_equal(jint(jan, "people_trained"), 3); /* P1, P7, P8 */
    assert_int_equal(jint(jan, "sessions_run"), 2);
    assert_true(json_number_value(json_object_get(jan, "feedback_mean")) == 5.0);
    assert_true(json_number_value(json_object_get(jan, "target_progress_pct")) == 10.0);
    assert_int_equal(jint(feb, "people_trained"), 2); /* P4, P8 */
    assert_int_equal(jint(feb, "attended"), 2);
    assert_int_equal(jint(feb, "did_not_attend"), 1); /* P6; P5's cancellation is left out */
    assert_true(json_number_value(json_object_get(feb, "attendance_rate_pct")) == 66.7);
    assert_true(json_number_value(json_object_get(feb, "target_progress_pct")) == 30.0);
    assert_int_equal(jint(mar, "people_trained"), 3); /* P2, P3, P4 */
    assert_true(json_number_value(json_object_get(mar, "target_progress_pct")) == 40.0);

    r = http("GET",
             tfmt(T "/measures?course_id=%lld&measure=training_attendance_rate_pct&period=quarter"
                    "&from=2025-01-01&to=2025-03-31&group_by=sector",
                  pc.course),
             token_of("manager1"), NULL);
    expect_status(r, 200);
    size_t i;
    json_t *item;
    json_array_foreach(body_get(r, "items"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "group_key")), "nhs") == 0) {
            assert_string_equal(json_string_value(json_object_get(item, "period_label")),
                                "2024-25 Q4");
            assert_int_equal(jint(item, "numerator"), 6); /* P3, P4 x2, P7, P8 x2 */
            assert_int_equal(jint(item, "denominator"), 7);
        }
    }

    /* The indicator catalogue (migrations/0007_indicators.sql) counts the same people, placed
     * in their cluster: P1, P2, P4 and P8 attended between the start and the deadline. */
    assert_int_equal(
        db_number("SELECT (api.dispatch('indicator_value', "
                  "'{\"user_id\": null, \"username\": \"cli\", \"role\": \"manager\"}', "
                  "jsonb_build_object('indicator', 'training_people_trained', 'area', $1::text, "
                  "'from', '2025-01-06', 'to', '2025-03-30'))->'body'->>'value')::bigint",
                  pc.cluster, (const char *)NULL),
        4);
}

/* ---- Roles ---- */

static void test_roles(void **state)
{
    long long course = make_course();
    long long s = make_session(course, "2025-02-03", 10);
    long long p = make_person("nhs", NULL, NULL);
    long long b = booked(s, p, NULL, 0);
    static const char *const paths[] = {T "/courses",  T "/sessions",
                                        T "/people",   T "/progress?course_id=1",
                                        T "/measures", T "/targets"};

    /* Social workers and FGC coordinators have nothing to do with training records. */
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        expect_problem(http("GET", paths[i], token_of("sw1"), NULL), 403);
        expect_problem(http("GET", paths[i], token_of("coord1"), NULL), 403);
    }
    expect_problem(book(s, p, NULL, 0), 409);
    struct http_response *r = http("POST", tfmt(T "/sessions/%lld/bookings", s), token_of("sw1"),
                                   tfmt("{\"person_id\": %lld}", p));
    expect_problem(r, 403);

    /* Managers read everything and change nothing. */
    expect_status(http("GET", tfmt(T "/people/%lld", p), token_of("manager1"), NULL), 200);
    expect_status(http("GET", tfmt(T "/bookings/%lld", b), token_of("manager1"), NULL), 200);
    expect_status(
        http("GET", tfmt(T "/progress?course_id=%lld", course), token_of("manager1"), NULL), 200);
    expect_problem(http("POST", T "/people", token_of("manager1"),
                        "{\"full_name\": \"M\", \"sector\": \"nhs\"}"),
                   403);
    expect_problem(http("PATCH", tfmt(T "/bookings/%lld", b), token_of("manager1"),
                        "{\"status\": \"attended\"}", "If-Match: \"1\""),
                   403);
    expect_problem(import_csv("manager1", tfmt(T "/sessions/%lld/register", s), "name\nM\n"), 403);
    expect_problem(http("POST", T "/targets", token_of("manager1"),
                        jtext(json_pack("{s:I, s:i, s:s, s:s}", "course_id", (json_int_t)course,
                                        "target_people", 5, "starts_on", "2025-01-01", "deadline",
                                        "2025-12-31"))),
                   403);

    /* Data analysts read aggregates, never the people. */
    expect_status(
        http("GET", tfmt(T "/measures?course_id=%lld", course), token_of("analyst1"), NULL), 200);
    expect_problem(http("GET", T "/people", token_of("analyst1"), NULL), 403);
    expect_problem(http("GET", tfmt(T "/sessions/%lld/bookings", s), token_of("analyst1"), NULL),
                   403);

    /* Trainers run the programme; targets are set by administrators. */
    expect_problem(http("POST", T "/targets", token_of("trainer1"),
                        jtext(json_pack("{s:I, s:i, s:s, s:s}", "course_id", (json_int_t)course,
                                        "target_people", 5, "starts_on", "2025-01-01", "deadline",
                                        "2025-12-31"))),
                   403);
    r = http(
        "POST", T "/targets", token_of("admin"),
        jtext(json_pack("{s:I, s:i, s:s, s:s}", "course_id", (json_int_t)course, "target_people", 5,
                        "starts_on", "2025-01-01", "deadline", "2024-12-31")));
    expect_field_error(r, 422, "deadline");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_courses),
        TEST(test_sessions),
        TEST(test_people),
        TEST(test_bookings),
        TEST(test_last_place_race),
        TEST(test_register_import),
        TEST(test_register_course_wide),
        TEST(test_progress_edges),
        TEST(test_measures),
        TEST(test_roles),
    };
    int failed = cmocka_run_group_tests_name("integration: training", tests, NULL, NULL);
    test_cleanup();
    return failed;
}
