/* Unit tests of daemon/validate.c: every field type, dates, codes, nesting, query strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include "codes.h"
#include "routes.h"
#include "validate.h"

/* The body fields of the real route with this method and pattern. */
static const struct field_spec *route_body(enum evhttp_cmd_type method, const char *pattern)
{
    for (const struct route *const *t = route_tables; *t; t++)
        for (const struct route *r = *t; r->pattern; r++)
            if (r->method == method && strcmp(r->pattern, pattern) == 0)
                return r->body;
    fail_msg("no route %s", pattern);
    return NULL;
}

static const struct field_spec *route_query(const char *pattern)
{
    for (const struct route *const *t = route_tables; *t; t++)
        for (const struct route *r = *t; r->pattern; r++)
            if (r->method == EVHTTP_REQ_GET && strcmp(r->pattern, pattern) == 0)
                return r->query;
    fail_msg("no route GET %s", pattern);
    return NULL;
}

/* Validates JSON text; returns the error list (caller frees). */
static json_t *check(const char *text, const struct field_spec *spec, enum validate_mode mode)
{
    json_error_t err;
    json_t *obj = json_loads(text, JSON_ALLOW_NUL, &err);
    if (!obj)
        fail_msg("bad JSON in test: %s: %s", text, err.text);
    json_t *errors = json_array();
    int n = validate_object(obj, spec, mode, NULL, errors);
    assert_int_equal(n, (int)json_array_size(errors));
    json_decref(obj);
    return errors;
}

/* The message for field in errors, or NULL. */
static const char *message_for(const json_t *errors, const char *field)
{
    size_t i;
    const json_t *e;
    json_array_foreach(errors, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
            return json_string_value(json_object_get(e, "message"));
    }
    return NULL;
}

/* Asserts that text gives exactly one error, on field, with message. */
static void expect_one(const char *text, const struct field_spec *spec, enum validate_mode mode,
                       const char *field, const char *message)
{
    json_t *errors = check(text, spec, mode);
    if (json_array_size(errors) != 1) {
        char *dump = json_dumps(errors, 0);
        fail_msg("%s: expected one error on %s, got %s", text, field, dump);
    }
    const char *got = message_for(errors, field);
    if (!got) {
        char *dump = json_dumps(errors, 0);
        fail_msg("%s: expected an error on %s, got %s", text, field, dump);
    }
    assert_string_equal(got, message);
    json_decref(errors);
}

static void expect_valid(const char *text, const struct field_spec *spec, enum validate_mode mode)
{
    json_t *errors = check(text, spec, mode);
    if (json_array_size(errors) != 0) {
        char *dump = json_dumps(errors, 0);
        fail_msg("%s: expected no errors, got %s", text, dump);
    }
    json_decref(errors);
}

/* A table with one field of each type. */
static const char *const colours[] = {"red", "green", "blue", NULL};
static const struct field_spec item_fields[] = {
    {"role", FT_ENUM, F_REQUIRED, 0, 0, colours, NULL, NULL},
    {"n", FT_INT, 0, 0, 9, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec all_types[] = {
    {"s", FT_STRING, 0, 0, 5, NULL, NULL, NULL},
    {"s_default", FT_STRING, 0, 0, 0, NULL, NULL, NULL},
    {"t", FT_TEXT, 0, 0, 10, NULL, NULL, NULL},
    {"t_default", FT_TEXT, 0, 0, 0, NULL, NULL, NULL},
    {"d", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"past", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"i", FT_INT, 0, -5, 5, NULL, NULL, NULL},
    {"id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"b", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"e", FT_ENUM, 0, 0, 0, colours, NULL, NULL},
    {"c", FT_CODE, 0, 0, 0, NULL, NULL, "A99"},
    {"ids", FT_IDS, 0, 0, 0, NULL, NULL, NULL},
    {"objs", FT_OBJECTS, 0, 0, 3, NULL, item_fields, NULL},
    {"nullable", FT_STRING, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {NULL}};

static void test_string(void **state)
{
    expect_valid("{\"s\": \"abcde\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"s\": \"abcdef\"}", all_types, VALIDATE_CREATE, "s",
               "Must be 5 characters or fewer");
    expect_one("{\"s\": \"\"}", all_types, VALIDATE_CREATE, "s", "Must not be blank");
    expect_one("{\"s\": \"  \\t \"}", all_types, VALIDATE_CREATE, "s", "Must not be blank");
    expect_one("{\"s\": 5}", all_types, VALIDATE_CREATE, "s", "Must be text");
    expect_one("{\"s\": [\"a\"]}", all_types, VALIDATE_CREATE, "s", "Must be text");
    expect_one("{\"s\": \"a\\u0000b\"}", all_types, VALIDATE_CREATE, "s",
               "Must not contain a NUL character");
    /* Length is in characters, not bytes: five two-byte letters fit in five. */
    expect_valid("{\"s\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"s\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", all_types,
               VALIDATE_CREATE, "s", "Must be 5 characters or fewer");

    /* FT_STRING defaults to 200 characters. */
    char text[512];
    char letters[202];
    memset(letters, 'x', 200);
    letters[200] = '\0';
    snprintf(text, sizeof text, "{\"s_default\": \"%s\"}", letters);
    expect_valid(text, all_types, VALIDATE_CREATE);
    letters[200] = 'x';
    letters[201] = '\0';
    snprintf(text, sizeof text, "{\"s_default\": \"%s\"}", letters);
    expect_one(text, all_types, VALIDATE_CREATE, "s_default", "Must be 200 characters or fewer");
}

static void test_text(void **state)
{
    expect_valid("{\"t\": \"\"}", all_types, VALIDATE_CREATE); /* text may be empty */
    expect_valid("{\"t\": \"   \"}", all_types, VALIDATE_CREATE);
    expect_valid("{\"t\": \"0123456789\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"t\": \"0123456789a\"}", all_types, VALIDATE_CREATE, "t",
               "Must be 10 characters or fewer");
    expect_one("{\"t\": true}", all_types, VALIDATE_CREATE, "t", "Must be text");

    /* FT_TEXT defaults to 4000 characters. */
    size_t n = 4001;
    char *big = malloc(n + 32);
    assert_non_null(big);
    strcpy(big, "{\"t_default\": \"");
    size_t off = strlen(big);
    memset(big + off, 'y', n);
    strcpy(big + off + n, "\"}");
    expect_one(big, all_types, VALIDATE_CREATE, "t_default", "Must be 4000 characters or fewer");
    big[off + n - 1] = '"';
    big[off + n] = '}';
    big[off + n + 1] = '\0';
    expect_valid(big, all_types, VALIDATE_CREATE);
    free(big);
}

static void test_validate_date_function(void **state)
{
    assert_true(validate_date("2024-02-29")); /* leap year */
    assert_false(validate_date("2025-02-29"));
    assert_true(validate_date("2000-02-29"));  /* divisible by 400 */
    assert_false(validate_date("1900-02-29")); /* divisible by 100 only */
    assert_false(validate_date("2026-13-01"));
    assert_false(validate_date("2026-00-10"));
    assert_false(validate_date("2026-04-31"));
    assert_true(validate_date("2026-04-30"));
    assert_false(validate_date("2026-01-00"));
    assert_false(validate_date("2026-01-32"));
    assert_true(validate_date("2026-12-31"));
    assert_true(validate_date("1900-01-01"));
    assert_false(validate_date("1899-12-31"));
    assert_true(validate_date("2100-12-31"));
    assert_false(validate_date("2101-01-01"));
    assert_false(validate_date("2026-1-01"));
    assert_false(validate_date("2026-01-1"));
    assert_false(validate_date("2026/01/01"));
    assert_false(validate_date("2026-01-01T00:00:00"));
    assert_false(validate_date("2026-01-01 "));
    assert_false(validate_date(" 2026-01-01"));
    assert_false(validate_date("+026-01-01"));
    assert_false(validate_date("2026-+1-01"));
    assert_false(validate_date("01/02/2026"));
    assert_false(validate_date(""));
}

static void test_date_field(void **state)
{
    const char *msg = "Must be a real date in the form YYYY-MM-DD, for example 2026-03-31";
    expect_valid("{\"d\": \"2024-02-29\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"d\": \"2025-02-29\"}", all_types, VALIDATE_CREATE, "d", msg);
    expect_one("{\"d\": \"2026-13-01\"}", all_types, VALIDATE_CREATE, "d", msg);
    expect_one("{\"d\": \"31/03/2026\"}", all_types, VALIDATE_CREATE, "d", msg);
    expect_one("{\"d\": 20260331}", all_types, VALIDATE_CREATE, "d", msg);
    /* Without F_NOT_FUTURE a future date is fine. */
    expect_valid("{\"d\": \"2099-01-01\"}", all_types, VALIDATE_CREATE);
}

static void test_not_future(void **state)
{
    char today[11];
    validate_today(today);
    assert_true(validate_date(today));

    /* Tomorrow, from today's date. */
    struct tm tm = {0};
    assert_int_equal(sscanf(today, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += 1;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    mktime(&tm);
    char tomorrow[11];
    strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);

    char text[64];
    snprintf(text, sizeof text, "{\"past\": \"%s\"}", today);
    expect_valid(text, all_types, VALIDATE_CREATE);
    expect_valid("{\"past\": \"2000-01-01\"}", all_types, VALIDATE_CREATE);
    snprintf(text, sizeof text, "{\"past\": \"%s\"}", tomorrow);
    expect_one(text, all_types, VALIDATE_CREATE, "past", "Must be today or in the past");
    expect_one("{\"past\": \"2099-12-31\"}", all_types, VALIDATE_CREATE, "past",
               "Must be today or in the past");
    /* An impossible date is reported as impossible, not as future. */
    expect_one("{\"past\": \"2099-02-30\"}", all_types, VALIDATE_CREATE, "past",
               "Must be a real date in the form YYYY-MM-DD, for example 2026-03-31");
}

static void test_int(void **state)
{
    expect_valid("{\"i\": -5}", all_types, VALIDATE_CREATE);
    expect_valid("{\"i\": 5}", all_types, VALIDATE_CREATE);
    expect_valid("{\"i\": 0}", all_types, VALIDATE_CREATE);
    expect_one("{\"i\": 6}", all_types, VALIDATE_CREATE, "i", "Must be between -5 and 5");
    expect_one("{\"i\": -6}", all_types, VALIDATE_CREATE, "i", "Must be between -5 and 5");
    expect_one("{\"i\": 1.5}", all_types, VALIDATE_CREATE, "i", "Must be a whole number");
    expect_one("{\"i\": 2.0}", all_types, VALIDATE_CREATE, "i", "Must be a whole number");
    expect_one("{\"i\": \"3\"}", all_types, VALIDATE_CREATE, "i", "Must be a whole number");
    expect_one("{\"i\": true}", all_types, VALIDATE_CREATE, "i", "Must be a whole number");
}

static void test_id(void **state)
{
    const char *msg = "Must be a record id (a positive whole number)";
    expect_valid("{\"id\": 1}", all_types, VALIDATE_CREATE);
    expect_valid("{\"id\": 9007199254740991}", all_types, VALIDATE_CREATE);
    expect_one("{\"id\": 9007199254740992}", all_types, VALIDATE_CREATE, "id", msg);
    expect_one("{\"id\": 0}", all_types, VALIDATE_CREATE, "id", msg);
    expect_one("{\"id\": -3}", all_types, VALIDATE_CREATE, "id", msg);
    expect_one("{\"id\": \"12\"}", all_types, VALIDATE_CREATE, "id", "Must be a whole number");
    expect_one("{\"id\": 1.25}", all_types, VALIDATE_CREATE, "id", "Must be a whole number");
}

static void test_bool(void **state)
{
    expect_valid("{\"b\": true}", all_types, VALIDATE_CREATE);
    expect_valid("{\"b\": false}", all_types, VALIDATE_CREATE);
    expect_one("{\"b\": \"true\"}", all_types, VALIDATE_CREATE, "b", "Must be true or false");
    expect_one("{\"b\": 1}", all_types, VALIDATE_CREATE, "b", "Must be true or false");
}

static void test_enum(void **state)
{
    expect_valid("{\"e\": \"green\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"e\": \"Green\"}", all_types, VALIDATE_CREATE, "e",
               "Must be one of red, green or blue");
    expect_one("{\"e\": 1}", all_types, VALIDATE_CREATE, "e", "Must be one of red, green or blue");
    expect_one("{\"e\": \"\"}", all_types, VALIDATE_CREATE, "e",
               "Must be one of red, green or blue");

    /* The real tables: a two-value list and the DfE ethnicity codes. */
    const struct field_spec *area = route_body(EVHTTP_REQ_POST, "/api/v1/areas");
    expect_one("{\"code\": \"LS-C01\", \"name\": \"Leeds\", \"kind\": \"county\"}", area,
               VALIDATE_CREATE, "kind", "Must be one of local_authority or cluster");
    const struct field_spec *child = route_body(EVHTTP_REQ_POST, "/api/v1/children");
    json_t *errors = check("{\"first_name\": \"A\", \"last_name\": \"B\", \"date_of_birth\": "
                           "\"2015-05-05\", \"sex\": 1, \"ethnicity\": \"XXXX\", \"area\": \"E1\"}",
                           child, VALIDATE_CREATE);
    assert_int_equal(json_array_size(errors), 1);
    const char *msg = message_for(errors, "ethnicity");
    assert_non_null(msg);
    assert_true(strncmp(msg, "Must be one of WBRI, WIRI, ", 27) == 0);
    assert_non_null(strstr(msg, ", REFU or NOBT"));
    json_decref(errors);
}

static void test_code(void **state)
{
    expect_valid("{\"c\": \"X12\"}", all_types, VALIDATE_CREATE);
    expect_one("{\"c\": \"x12\"}", all_types, VALIDATE_CREATE, "c",
               "Must be a code in the form A99");
    expect_one("{\"c\": \"X123\"}", all_types, VALIDATE_CREATE, "c",
               "Must be a code in the form A99");
    expect_one("{\"c\": \"X1\"}", all_types, VALIDATE_CREATE, "c",
               "Must be a code in the form A99");
    expect_one("{\"c\": 12}", all_types, VALIDATE_CREATE, "c", "Must be a code in the form A99");

    /* A UPN: a letter, eleven digits and a final letter or digit. */
    const struct field_spec *child = route_body(EVHTTP_REQ_POST, "/api/v1/children");
    const char *base = "{\"first_name\": \"A\", \"last_name\": \"B\", \"date_of_birth\": "
                       "\"2015-05-05\", \"sex\": 2, \"ethnicity\": \"WBRI\", \"area\": "
                       "\"E08000035\", \"upn\": ";
    char text[512];
    snprintf(text, sizeof text, "%s\"A12345678901B\"}", base);
    expect_valid(text, child, VALIDATE_CREATE);
    snprintf(text, sizeof text, "%s\"A123456789012\"}", base);
    expect_valid(text, child, VALIDATE_CREATE);
    snprintf(text, sizeof text, "%snull}", base);
    expect_valid(text, child, VALIDATE_CREATE);
    snprintf(text, sizeof text, "%s\"a12345678901B\"}", base);
    expect_one(text, child, VALIDATE_CREATE, "upn", "Must be a code in the form A99999999999?");
    snprintf(text, sizeof text, "%s\"A1234567890\"}", base);
    expect_one(text, child, VALIDATE_CREATE, "upn", "Must be a code in the form A99999999999?");
}

static void test_code_pattern(void **state)
{
    assert_true(validate_code_pattern("E08000035", "?*"));
    assert_true(validate_code_pattern("LS-C01", "?*"));
    assert_true(validate_code_pattern("x", "?*"));
    assert_false(validate_code_pattern("", "?*"));
    assert_false(validate_code_pattern("-LS", "?*"));
    assert_false(validate_code_pattern("LS C01", "?*"));
    assert_false(validate_code_pattern("LS_C01", "?*")); /* '*' is letters, digits and '-' */
    assert_false(validate_code_pattern("LS/C01", "?*"));
    assert_true(validate_code_pattern("A1", "A9"));
    assert_false(validate_code_pattern("a1", "A9"));
    assert_false(validate_code_pattern("A1x", "A9"));
    assert_false(validate_code_pattern("A", "A9"));
    assert_true(validate_code_pattern("E-12", "E-99")); /* other characters match themselves */
    assert_false(validate_code_pattern("F-12", "E-99"));
    assert_true(validate_code_pattern("", ""));
    assert_false(validate_code_pattern("a", ""));
}

static void test_ids(void **state)
{
    expect_valid("{\"ids\": []}", all_types, VALIDATE_CREATE);
    expect_valid("{\"ids\": [1, 2, 3]}", all_types, VALIDATE_CREATE);
    const char *msg = "Must be a list of record ids";
    expect_one("{\"ids\": [1, 0]}", all_types, VALIDATE_CREATE, "ids", msg);
    expect_one("{\"ids\": [1, \"2\"]}", all_types, VALIDATE_CREATE, "ids", msg);
    expect_one("{\"ids\": [-1]}", all_types, VALIDATE_CREATE, "ids", msg);
    expect_one("{\"ids\": 1}", all_types, VALIDATE_CREATE, "ids", msg);
    expect_one("{\"ids\": {\"a\": 1}}", all_types, VALIDATE_CREATE, "ids", msg);
}

static void test_objects(void **state)
{
    expect_valid("{\"objs\": []}", all_types, VALIDATE_CREATE);
    expect_valid("{\"objs\": [{\"role\": \"red\"}, {\"role\": \"blue\", \"n\": 9}]}", all_types,
                 VALIDATE_CREATE);
    expect_one("{\"objs\": [{\"role\": \"red\"}, {\"role\": \"pink\"}]}", all_types,
               VALIDATE_CREATE, "objs[1].role", "Must be one of red, green or blue");
    expect_one("{\"objs\": [{\"n\": 1}]}", all_types, VALIDATE_CREATE, "objs[0].role",
               "Is required");
    expect_one("{\"objs\": [{\"role\": \"red\", \"x\": 1}]}", all_types, VALIDATE_CREATE,
               "objs[0].x", "Is not a field of this record");
    expect_one("{\"objs\": [{\"role\": \"red\"}, 7]}", all_types, VALIDATE_CREATE, "objs[1]",
               "Must be an object");
    expect_one("{\"objs\": {\"role\": \"red\"}}", all_types, VALIDATE_CREATE, "objs",
               "Must be a list");
    expect_one("{\"objs\": [{\"role\": \"red\"}, {\"role\": \"red\"}, {\"role\": \"red\"}, "
               "{\"role\": \"red\"}]}",
               all_types, VALIDATE_CREATE, "objs", "Must have 3 items or fewer");

    /* Several bad items: every error is reported, each with its own path. */
    json_t *errors = check("{\"objs\": [{\"role\": \"pink\", \"n\": 10}, {}, {\"role\": 1}]}",
                           all_types, VALIDATE_CREATE);
    assert_int_equal(json_array_size(errors), 4);
    assert_string_equal(message_for(errors, "objs[0].role"), "Must be one of red, green or blue");
    assert_string_equal(message_for(errors, "objs[0].n"), "Must be between 0 and 9");
    assert_string_equal(message_for(errors, "objs[1].role"), "Is required");
    assert_string_equal(message_for(errors, "objs[2].role"), "Must be one of red, green or blue");
    json_decref(errors);

    /* The real conference table: attendees[1].role. */
    const struct field_spec *conf = route_body(EVHTTP_REQ_POST, "/api/v1/conferences");
    expect_one("{\"referral_id\": 1, \"kind\": \"initial\", \"held_on\": \"2025-01-10\", "
               "\"model\": \"restorative\", \"child_attended\": true, \"child_views_heard\": "
               "true, \"advocate_used\": false, \"private_family_time\": true, \"attendees\": "
               "[{\"role\": \"parent\", \"name\": \"Jo\"}, {\"role\": \"uncle\"}]}",
               conf, VALIDATE_CREATE, "attendees[1].role",
               "Must be one of parent, child, wider_family, friend, professional, advocate or "
               "coordinator");
    /* And plan actions: actions[0].due_on. */
    const struct field_spec *plan = route_body(EVHTTP_REQ_POST, "/api/v1/plans");
    expect_one("{\"conference_id\": 3, \"agreed\": true, \"actions\": [{\"description\": \"x\", "
               "\"owner_name\": \"Gran\", \"owner_kind\": \"family\", \"due_on\": "
               "\"2025-02-30\"}]}",
               plan, VALIDATE_CREATE, "actions[0].due_on",
               "Must be a real date in the form YYYY-MM-DD, for example 2026-03-31");
}

static void test_prefix(void **state)
{
    json_t *obj = json_pack("{s:s}", "role", "pink");
    json_t *errors = json_array();
    assert_int_equal(validate_object(obj, item_fields, VALIDATE_CREATE, "outer[2]", errors), 1);
    assert_string_equal(message_for(errors, "outer[2].role"), "Must be one of red, green or blue");
    json_decref(errors);
    json_decref(obj);
}

static void test_required_unknown_null(void **state)
{
    const struct field_spec *child = route_body(EVHTTP_REQ_POST, "/api/v1/children");
    /* An empty body lists every required field. */
    json_t *errors = check("{}", child, VALIDATE_CREATE);
    assert_int_equal(json_array_size(errors), 6);
    static const char *const required[] = {"first_name", "last_name", "date_of_birth",
                                           "sex",        "ethnicity", "area"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(message_for(errors, required[i]), "Is required");
    json_decref(errors);

    const char *good = "{\"first_name\": \"Ada\", \"last_name\": \"Lovelace\", "
                       "\"date_of_birth\": \"2016-12-10\", \"sex\": 2, \"ethnicity\": \"WBRI\", "
                       "\"area\": \"E08000035\"";
    char text[512];
    snprintf(text, sizeof text, "%s}", good);
    expect_valid(text, child, VALIDATE_CREATE);
    snprintf(text, sizeof text, "%s, \"nickname\": \"Ada\"}", good);
    expect_one(text, child, VALIDATE_CREATE, "nickname", "Is not a field of this record");
    /* Nullable optional fields accept null. */
    snprintf(text, sizeof text, "%s, \"team_id\": null, \"social_worker_id\": null}", good);
    expect_valid(text, child, VALIDATE_CREATE);

    /* A required field sent as null is "must not be null", not "is required". */
    expect_one("{\"first_name\": null, \"last_name\": \"L\", \"date_of_birth\": \"2016-12-10\", "
               "\"sex\": 2, \"ethnicity\": \"WBRI\", \"area\": \"E08000035\"}",
               child, VALIDATE_CREATE, "first_name", "Must not be null");
    /* An optional field that is not nullable refuses null too. */
    expect_one("{\"b\": null}", all_types, VALIDATE_CREATE, "b", "Must not be null");
    expect_valid("{\"nullable\": null}", all_types, VALIDATE_CREATE);

    /* Every problem at once: unknown, wrong type, missing. */
    errors = check("{\"first_name\": 7, \"extra\": 1, \"sex\": 3}", child, VALIDATE_CREATE);
    assert_string_equal(message_for(errors, "first_name"), "Must be text");
    assert_string_equal(message_for(errors, "extra"), "Is not a field of this record");
    assert_string_equal(message_for(errors, "sex"), "Must be between 1 and 2");
    assert_string_equal(message_for(errors, "last_name"), "Is required");
    assert_string_equal(message_for(errors, "area"), "Is required");
    assert_int_equal(json_array_size(errors), 7);
    json_decref(errors);
}

static void test_patch(void **state)
{
    const struct field_spec *child = route_body(EVHTTP_REQ_PATCH, "/api/v1/children/{id}");
    /* Nothing is required in a PATCH ... */
    expect_valid("{\"last_name\": \"Byron\"}", child, VALIDATE_PATCH);
    /* ... but it must change something. */
    expect_one("{}", child, VALIDATE_PATCH, "(body)", "Give at least one field to change");
    /* An unknown field alone is reported as unknown, not as an empty change. */
    expect_one("{\"colour\": \"red\"}", child, VALIDATE_PATCH, "colour",
               "Is not a field of this record");
    /* Setting a nullable field to null is a change. */
    expect_valid("{\"upn\": null}", child, VALIDATE_PATCH);
    expect_one("{\"first_name\": null}", child, VALIDATE_PATCH, "first_name", "Must not be null");
    /* A filter needs nothing at all. */
    expect_valid("{}", child, VALIDATE_FILTER);
}

static void test_empty_spec(void **state)
{
    static const struct field_spec nothing[] = {{NULL}};
    expect_valid("{}", nothing, VALIDATE_CREATE);
    expect_one("{\"a\": 1}", nothing, VALIDATE_CREATE, "a", "Is not a field of this record");
}

/* Parses a query string and validates it; returns the typed object or NULL. */
static json_t *query(const char *qs, const struct field_spec *spec, json_t *errors)
{
    struct evkeyvalq q;
    TAILQ_INIT(&q);
    assert_int_equal(evhttp_parse_query_str(qs, &q), 0);
    json_t *out = validate_query(&q, spec, errors);
    evhttp_clear_headers(&q);
    return out;
}

static void test_query_typed(void **state)
{
    const struct field_spec *filters = route_query("/api/v1/referrals");
    json_t *errors = json_array();
    json_t *out =
        query("limit=25&cursor=abc&status=accepted&child_id=12&from=2025-04-01", filters, errors);
    assert_non_null(out);
    assert_int_equal(json_array_size(errors), 0);
    assert_true(json_is_integer(json_object_get(out, "limit")));
    assert_int_equal(json_integer_value(json_object_get(out, "limit")), 25);
    assert_true(json_is_integer(json_object_get(out, "child_id")));
    assert_int_equal(json_integer_value(json_object_get(out, "child_id")), 12);
    assert_string_equal(json_string_value(json_object_get(out, "cursor")), "abc");
    assert_string_equal(json_string_value(json_object_get(out, "status")), "accepted");
    assert_string_equal(json_string_value(json_object_get(out, "from")), "2025-04-01");
    assert_int_equal(json_object_size(out), 5);
    json_decref(out);

    /* No parameters: an empty object. */
    out = query("", filters, errors);
    assert_non_null(out);
    assert_true(json_is_object(out));
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    json_decref(errors);

    /* Booleans become JSON booleans. */
    static const struct field_spec flags[] = {{"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
                                              {NULL}};
    errors = json_array();
    out = query("active=true", flags, errors);
    assert_non_null(out);
    assert_true(json_is_true(json_object_get(out, "active")));
    json_decref(out);
    out = query("active=false", flags, errors);
    assert_true(json_is_false(json_object_get(out, "active")));
    json_decref(out);
    assert_int_equal(json_array_size(errors), 0);
    out = query("active=yes", flags, errors);
    assert_null(out);
    assert_string_equal(message_for(errors, "active"), "Must be true or false");
    json_decref(errors);
}

static void test_query_errors(void **state)
{
    const struct field_spec *filters = route_query("/api/v1/children");
    json_t *errors = json_array();
    assert_null(query("colour=red", filters, errors));
    assert_int_equal(json_array_size(errors), 1);
    assert_string_equal(message_for(errors, "colour"), "Is not a filter this list accepts");
    json_decref(errors);

    errors = json_array();
    assert_null(query("limit=ten", filters, errors));
    assert_string_equal(message_for(errors, "limit"), "Must be a whole number");
    json_decref(errors);

    errors = json_array();
    assert_null(query("limit=0", filters, errors));
    assert_string_equal(message_for(errors, "limit"), "Must be between 1 and 200");
    json_decref(errors);

    errors = json_array();
    assert_null(query("limit=201", filters, errors));
    assert_string_equal(message_for(errors, "limit"), "Must be between 1 and 200");
    json_decref(errors);

    errors = json_array();
    assert_null(query("limit=1&limit=2", filters, errors));
    assert_string_equal(message_for(errors, "limit"), "Give this parameter once");
    json_decref(errors);

    errors = json_array();
    assert_null(query("team_id=0", filters, errors));
    assert_string_equal(message_for(errors, "team_id"),
                        "Must be a record id (a positive whole number)");
    json_decref(errors);

    /* Every error at once. */
    errors = json_array();
    assert_null(query("x=1&limit=-1&area=bad%20code&social_worker_id=1.5", filters, errors));
    assert_int_equal(json_array_size(errors), 4);
    assert_non_null(message_for(errors, "x"));
    assert_non_null(message_for(errors, "limit"));
    assert_string_equal(message_for(errors, "area"), "Must be a code in the form ?*");
    assert_string_equal(message_for(errors, "social_worker_id"), "Must be a whole number");
    json_decref(errors);

    /* Dates in a query are checked like dates in a body. */
    errors = json_array();
    assert_null(query("from=2025-02-29", route_query("/api/v1/referrals"), errors));
    assert_non_null(message_for(errors, "from"));
    json_decref(errors);

    /* A list with no table of parameters accepts none. */
    errors = json_array();
    assert_null(query("a=1", NULL, errors));
    assert_string_equal(message_for(errors, "a"), "Is not a filter this list accepts");
    json_decref(errors);
    errors = json_array();
    json_t *out = query("", NULL, errors);
    assert_non_null(out);
    assert_int_equal(json_array_size(errors), 0);
    json_decref(out);
    json_decref(errors);
}

/* Found by tests/fuzz/fuzz_validate: a parameter name that is not UTF-8 (raw bytes, which evhttp
 * passes through undecoded) made the error unrepresentable in JSON, so it was dropped and the 422
 * listed no errors. Invalid bytes are now shown as '?'. */
static void test_query_name_not_utf8(void **state)
{
    const struct field_spec *filters = route_query("/api/v1/children");
    json_t *errors = json_array();
    assert_null(query("tito\xC6n=2020-01-01&\xFF\xE2\x82=1&caf\xC3\xA9=2", filters, errors));
    assert_int_equal(json_array_size(errors), 3);
    assert_string_equal(message_for(errors, "tito?n"), "Is not a filter this list accepts");
    assert_string_equal(message_for(errors, "???"), "Is not a filter this list accepts");
    assert_string_equal(message_for(errors, "caf\xC3\xA9"), "Is not a filter this list accepts");
    json_decref(errors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_validate_date_function),
        cmocka_unit_test(test_date_field),
        cmocka_unit_test(test_not_future),
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_code),
        cmocka_unit_test(test_code_pattern),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_required_unknown_null),
        cmocka_unit_test(test_patch),
        cmocka_unit_test(test_empty_spec),
        cmocka_unit_test(test_query_typed),
        cmocka_unit_test(test_query_errors),
        cmocka_unit_test(test_query_name_not_utf8),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
