/* Unit tests of daemon/codes.c: the code lists are complete, terminated and free of duplicates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "codes.h"
#include "roles.h"

static size_t count(const char *const *list)
{
    size_t n = 0;
    while (list[n])
        n++;
    return n;
}

static bool contains(const char *const *list, const char *code)
{
    for (; *list; list++)
        if (strcmp(*list, code) == 0)
            return true;
    return false;
}

static void check_list(const char *name, const char *const *list, size_t expected)
{
    size_t n = count(list);
    if (n != expected)
        fail_msg("%s has %zu codes, expected %zu", name, n, expected);
    for (size_t i = 0; i < n; i++) {
        if (list[i][0] == '\0')
            fail_msg("%s has an empty code", name);
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(list[i], list[j]) == 0)
                fail_msg("%s lists %s twice", name, list[i]);
    }
}

static void test_list_sizes(void **state)
{
    check_list("role_codes", role_codes, 6);
    check_list("area_kinds", area_kinds, 2);
    check_list("ethnicity_codes", ethnicity_codes, 20);
    check_list("relationship_codes", relationship_codes, 11);
    check_list("referral_stages", referral_stages, 6);
    check_list("referral_statuses", referral_statuses, 10);
    check_list("decline_reasons", decline_reasons, 6);
    check_list("closure_reasons", closure_reasons, 6);
    check_list("conference_kinds", conference_kinds, 2);
    check_list("conference_models", conference_models, 3);
    check_list("attendee_roles", attendee_roles, 7);
    check_list("action_owner_kinds", action_owner_kinds, 2);
    check_list("action_statuses", action_statuses, 4);
    check_list("audit_actions", audit_actions, 4);
}

static void test_ethnicity(void **state)
{
    /* DfE census codes: white British, the refused and not-yet-obtained codes. */
    assert_true(contains(ethnicity_codes, "WBRI"));
    assert_true(contains(ethnicity_codes, "MWBC"));
    assert_true(contains(ethnicity_codes, "REFU"));
    assert_true(contains(ethnicity_codes, "NOBT"));
    assert_false(contains(ethnicity_codes, "XXXX"));
    assert_false(contains(ethnicity_codes, "wbri"));
    for (const char *const *c = ethnicity_codes; *c; c++)
        assert_int_equal(strlen(*c), 4);
}

static void test_roles_match_role_names(void **state)
{
    /* Every role a user can be given is a role the daemon understands, and back. */
    for (const char *const *c = role_codes; *c; c++) {
        enum role r = role_from_name(*c);
        assert_int_not_equal(r, ROLE_NONE);
        assert_string_equal(role_name(r), *c);
    }
}

static void test_workflow_codes(void **state)
{
    /* The FGC lifecycle in the domain brief. */
    static const char *const statuses[] = {
        "referred",        "accepted",    "declined",        "allocated", "preparing",
        "conference_held", "plan_agreed", "plan_not_agreed", "reviewed",  "closed"};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        assert_true(contains(referral_statuses, statuses[i]));
    assert_true(contains(referral_stages, "dv_pathway"));
    assert_true(contains(referral_stages, "pre_proceedings"));
    assert_true(contains(conference_models, "pragmatic"));
    assert_true(contains(conference_models, "resolution"));
    assert_true(contains(conference_models, "restorative"));
    assert_true(contains(audit_actions, "read"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_sizes),
        cmocka_unit_test(test_ethnicity),
        cmocka_unit_test(test_roles_match_role_names),
        cmocka_unit_test(test_workflow_codes),
    };
    return cmocka_run_group_tests_name("codes", tests, NULL, NULL);
}
