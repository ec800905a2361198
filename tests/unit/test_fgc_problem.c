/* Unit tests of clients/fgc/problem.c: problems for people, options named, exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"

static char *print(long status, const char *body, const struct field_alias *aliases)
{
    json_t *problem = body ? json_loads(body, 0, NULL) : NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    problem_print(out, status, problem, aliases);
    fclose(out);
    json_decref(problem);
    return text;
}

static void title_detail_and_fields(void **state)
{
    static const struct field_alias aliases[] = {
        {"referred_on", "--date"}, {"actions[]", "--action"}, {NULL, NULL}};
    char *text =
        print(422,
              "{\"title\": \"Your request has errors\", \"status\": 422,"
              " \"detail\": \"Correct the fields listed in errors and try again.\","
              " \"request_id\": \"75c3d794b195dd19\","
              " \"errors\": [{\"field\": \"referred_on\", \"message\": \"Must be a date\"},"
              "  {\"field\": \"actions[1].due_on\", \"message\": \"Not before the conference\"},"
              "  {\"field\": \"colour\", \"message\": \"Is not a field of this record\"}]}",
              aliases);
    assert_string_equal(
        text, "Your request has errors: Correct the fields listed in errors and try again.\n"
              "  referred_on (--date): Must be a date\n"
              "  actions[1].due_on (--action number 2): Not before the conference\n"
              "  colour: Is not a field of this record\n");
    free(text);
}

static void conflict_without_fields(void **state)
{
    char *text = print(409,
                       "{\"title\": \"Conflict\", \"detail\": \"You cannot allocate a coordinator: "
                       "referral 12 has status referred.\"}",
                       NULL);
    assert_string_equal(text, "Conflict: You cannot allocate a coordinator: referral 12 has status "
                              "referred.\n");
    free(text);
}

static void not_a_problem(void **state)
{
    char *text = print(413, NULL, NULL);
    assert_string_equal(text, "Request too large (HTTP 413)\n");
    free(text);
    text = print(418, "[1, 2]", NULL);
    assert_string_equal(text, "The request was refused (HTTP 418)\n");
    free(text);
}

static void server_errors_give_the_request_id(void **state)
{
    char *text =
        print(500,
              "{\"title\": \"Internal server error\", \"detail\": \"Something went wrong.\","
              " \"request_id\": \"98d9fdb050b09cdc\"}",
              NULL);
    assert_string_equal(text,
                        "Internal server error: Something went wrong.\n"
                        "Request id (quote it when reporting the problem): 98d9fdb050b09cdc\n");
    free(text);
}

static void escapes_are_cleaned(void **state)
{
    char *text = print(422,
                       "{\"title\": \"Bad\\u001b[31m\", \"errors\": [{\"field\": \"name\\n\","
                       " \"message\": \"x\\u0007\"}]}",
                       NULL);
    assert_string_equal(text, "Bad?[31m\n  name : x?\n");
    free(text);
}

static void exit_codes(void **state)
{
    assert_int_equal(exit_code_for_status(200), EXIT_OK);
    assert_int_equal(exit_code_for_status(201), EXIT_OK);
    assert_int_equal(exit_code_for_status(401), EXIT_REFUSED);
    assert_int_equal(exit_code_for_status(409), EXIT_REFUSED);
    assert_int_equal(exit_code_for_status(422), EXIT_REFUSED);
    assert_int_equal(exit_code_for_status(500), EXIT_UNAVAILABLE);
    assert_int_equal(exit_code_for_status(503), EXIT_UNAVAILABLE);
    assert_int_equal(exit_code_for_status(0), EXIT_UNAVAILABLE);
    assert_int_equal(EXIT_USAGE, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_detail_and_fields),
        cmocka_unit_test(conflict_without_fields),
        cmocka_unit_test(not_a_problem),
        cmocka_unit_test(server_errors_give_the_request_id),
        cmocka_unit_test(escapes_are_cleaned),
        cmocka_unit_test(exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
