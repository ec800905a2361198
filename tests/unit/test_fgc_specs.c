/* Unit tests of clients/fgc specs.c, query.c, idkey.c, steps.c and status_kinds.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idkey.h"
#include "query.h"
#include "specs.h"
#include "status_kinds.h"
#include "steps.h"

/* The compact JSON text of j, compared and freed. */
static void assert_json(json_t *j, const char *expected)
{
    assert_non_null(j);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, expected);
    free(text);
    json_decref(j);
}

static void actions(void **state)
{
    char err[300];
    assert_json(
        spec_action("Collect Amelia from school|Margaret Hart|family|2026-12-01", err, sizeof err),
        "{\"description\":\"Collect Amelia from school\",\"due_on\":\"2026-12-01\","
        "\"owner_kind\":\"family\",\"owner_name\":\"Margaret Hart\"}");
    assert_json(spec_action("Refer to the DA service | Priya Shah | professional", err, sizeof err),
                "{\"description\":\"Refer to the DA service\",\"owner_kind\":\"professional\","
                "\"owner_name\":\"Priya Shah\"}");
    assert_json(spec_action("Mon\\|Wed pick-ups|Gran|family|", err, sizeof err),
                "{\"description\":\"Mon|Wed pick-ups\",\"owner_kind\":\"family\","
                "\"owner_name\":\"Gran\"}");
    assert_null(spec_action("Only a description|Gran", err, sizeof err));
    assert_non_null(strstr(err, "DESCRIPTION|OWNER"));
    assert_null(spec_action("a|b|c|d|e", err, sizeof err));
}

static void splitting(void **state)
{
    char *parts[3];
    assert_int_equal(spec_split("a\\\\|b", parts, 3), 2);
    assert_string_equal(parts[0], "a\\");
    assert_string_equal(parts[1], "b");
    spec_parts_free(parts, 2);
    assert_int_equal(spec_split("", parts, 3), 1);
    assert_string_equal(parts[0], "");
    spec_parts_free(parts, 1);
}

static void attendees(void **state)
{
    char err[200];
    assert_json(spec_attendee("parent:Laura Hart", err, sizeof err),
                "{\"name\":\"Laura Hart\",\"role\":\"parent\"}");
    assert_json(spec_attendee("child", err, sizeof err), "{\"role\":\"child\"}");
    assert_json(spec_attendee("wider_family:#12", err, sizeof err),
                "{\"network_member_id\":12,\"role\":\"wider_family\"}");
    assert_json(spec_attendee("friend:Sam: a neighbour", err, sizeof err),
                "{\"name\":\"Sam: a neighbour\",\"role\":\"friend\"}");
    assert_null(spec_attendee(":Laura", err, sizeof err));
    assert_null(spec_attendee("wider_family:#x", err, sizeof err));
}

static void assessments_and_enquiries(void **state)
{
    char err[200];
    assert_json(spec_assessment("2026-10-02|2026-10-10|3A, 21", err, sizeof err),
                "{\"authorised_date\":\"2026-10-10\",\"factors\":[\"3A\",\"21\"],"
                "\"start_date\":\"2026-10-02\"}");
    assert_json(spec_assessment("2026-10-02||3B", err, sizeof err),
                "{\"factors\":[\"3B\"],\"start_date\":\"2026-10-02\"}");
    assert_null(spec_assessment("|2026-10-10", err, sizeof err));
    assert_json(spec_section47("2026-10-03|not-required", err, sizeof err),
                "{\"icpc_not_required\":true,\"start_date\":\"2026-10-03\"}");
    assert_json(spec_section47("2026-10-03|2026-10-20", err, sizeof err),
                "{\"icpc_date\":\"2026-10-20\",\"start_date\":\"2026-10-03\"}");
    assert_null(spec_section47("", err, sizeof err));
}

static void queries(void **state)
{
    struct query q;
    query_init(&q, "/api/v1/children");
    query_add(&q, "q", "Hart & Sons");
    query_add(&q, "area", NULL);
    query_add(&q, "name", "Zoë/=?");
    assert_string_equal(q.text, "/api/v1/children?q=Hart%20%26%20Sons&name=Zo%C3%AB%2F%3D%3F");
    query_free(&q);
    query_init(&q, "/api/v1/indicators");
    query_segment(&q, "cla_count/../x");
    query_segment(&q, "series");
    query_add(&q, "period", "month");
    assert_string_equal(q.text, "/api/v1/indicators/cla_count%2F..%2Fx/series?period=month");
    query_free(&q);
    char *p = api_path("me");
    assert_string_equal(p, "/api/v1/me");
    free(p);
    p = api_path("/healthz");
    assert_string_equal(p, "/healthz");
    free(p);
}

static void idempotency_keys(void **state)
{
    char a[37], b[37];
    assert_int_equal(idkey_new(a), 0);
    assert_int_equal(idkey_new(b), 0);
    assert_int_equal(strlen(a), 36);
    assert_string_not_equal(a, b);
    assert_int_equal(a[8], '-');
    assert_int_equal(a[13], '-');
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
}

static void steps_as_commands(void **state)
{
    char buf[120];
    step_command(buf, sizeof buf, "accept", 12);
    assert_string_equal(buf, "fgc accept 12");
    step_command(buf, sizeof buf, "close", 12);
    assert_string_equal(buf, "fgc close 12 --reason CODE");
    step_command(buf, sizeof buf, "hold_review", 7);
    assert_string_equal(buf, "fgc conference --referral 7 --kind review ...");
    step_command(buf, sizeof buf, "record_plan_agreed", 7);
    assert_string_equal(buf, "fgc plan --conference CONFERENCE_ID --agreed");
    step_command(buf, sizeof buf, "something_new", 7);
    assert_string_equal(buf, "something_new");
    status_words(buf, sizeof buf, "plan_not_agreed");
    assert_string_equal(buf, "plan not agreed");
}

/* Parses words against the options of kind for adding (base NULL) or correcting. */
static json_t *body_of(const char *kind, const json_t *base, int argc, const char **argv, char *err,
                       size_t errlen)
{
    const struct sh_kind *k = sh_kind_find(kind);
    struct opt *opts = sh_options(k, base != NULL);
    struct args a;
    assert_int_equal(args_parse(opts, argc, (char **)argv, &a), 0);
    json_t *body = sh_body(k, opts, base, err, errlen);
    args_free(opts);
    free(opts);
    return body;
}

static void status_history_bodies(void **state)
{
    char err[200];
    assert_non_null(sh_kind_find("cin"));
    assert_non_null(sh_kind_find("pp"));
    assert_null(sh_kind_find("xyz"));
    const char *cpp[] = {"--start-date",  "2026-10-05", "--review-date",    "2026-10-20",
                         "--review-date", "2026-11-01", "--previous-plans", "2",
                         "--cin-episode", "4"};
    assert_json(body_of("cpp", NULL, 10, cpp, err, sizeof err),
                "{\"cin_episode_id\":4,\"number_of_previous_cpp\":2,"
                "\"review_dates\":[\"2026-10-20\",\"2026-11-01\"],\"start_date\":\"2026-10-05\"}");
    const char *missing[] = {"--rne", "S"};
    assert_null(body_of("cla", NULL, 2, missing, err, sizeof err));
    assert_string_equal(err, "--decom is required");
    const char *bad_number[] = {"--start-date", "2026-10-05", "--previous-plans", "two"};
    assert_null(body_of("cpp", NULL, 4, bad_number, err, sizeof err));
    const char *pp[] = {"--start-date", "2026-10-07", "--fgdm-offered", "--no-fgdm-held"};
    assert_json(body_of("pp", NULL, 4, pp, err, sizeof err),
                "{\"fgdm_meeting_facilitated\":false,\"fgdm_meeting_offer\":true,"
                "\"pp_start_date\":\"2026-10-07\"}");
}

static void corrections_start_from_the_current_version(void **state)
{
    char err[200];
    json_t *current = json_loads(
        "{\"id\": 1, \"version\": 2, \"child_id\": 33, \"referral_date\": \"2026-10-01\","
        " \"referral_source\": \"1A\", \"primary_need\": \"N1\", \"referral_nfa\": false,"
        " \"closure_date\": null, \"closure_reason\": null, \"note\": \"the old reason\","
        " \"recorded_at\": \"2026-11-23T17:42:24+00:00\", \"retracted\": false,"
        " \"assessments\": [{\"start_date\": \"2026-10-02\", \"authorised_date\": null,"
        "   \"factors\": [\"3A\"], \"position\": 1}], \"section47s\": [], \"history\": []}",
        0, NULL);
    const char *argv[] = {"--closure-date", "2026-11-01",   "--closure-reason", "RC1",
                          "--clear",        "primary-need", "--note",           "Closed"};
    assert_json(body_of("cin", current, 8, argv, err, sizeof err),
                "{\"assessments\":[{\"factors\":[\"3A\"],\"start_date\":\"2026-10-02\"}],"
                "\"closure_date\":\"2026-11-01\",\"closure_reason\":\"RC1\",\"note\":\"Closed\","
                "\"referral_date\":\"2026-10-01\",\"referral_nfa\":false,"
                "\"referral_source\":\"1A\",\"section47s\":[]}");
    const char *wrong[] = {"--clear", "colour"};
    assert_null(body_of("cin", current, 2, wrong, err, sizeof err));
    assert_non_null(strstr(err, "colour"));
    json_decref(current);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(actions),
        cmocka_unit_test(splitting),
        cmocka_unit_test(attendees),
        cmocka_unit_test(assessments_and_enquiries),
        cmocka_unit_test(queries),
        cmocka_unit_test(idempotency_keys),
        cmocka_unit_test(steps_as_commands),
        cmocka_unit_test(status_history_bodies),
        cmocka_unit_test(corrections_start_from_the_current_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
