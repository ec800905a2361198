/* Unit tests of daemon/roles.c: role names and the role bit sets used by the route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "roles.h"

static void test_round_trip(void **state)
{
    static const struct {
        enum role role;
        const char *name;
    } all[] = {{ROLE_SOCIAL_WORKER, "social_worker"},
               {ROLE_FGC_COORDINATOR, "fgc_coordinator"},
               {ROLE_MANAGER, "manager"},
               {ROLE_DATA_ANALYST, "data_analyst"},
               {ROLE_TRAINER, "trainer"},
               {ROLE_ADMIN, "admin"}};
    unsigned seen = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_int_equal(role_from_name(all[i].name), all[i].role);
        assert_string_equal(role_name(all[i].role), all[i].name);
        /* Each role is one distinct bit. */
        assert_int_equal(all[i].role & (all[i].role - 1), 0);
        assert_int_equal(seen & all[i].role, 0);
        seen |= all[i].role;
    }
    assert_int_equal(seen, ROLES_ALL);
}

static void test_unknown(void **state)
{
    assert_int_equal(role_from_name(""), ROLE_NONE);
    assert_int_equal(role_from_name("Admin"), ROLE_NONE);
    assert_int_equal(role_from_name("admin "), ROLE_NONE);
    assert_int_equal(role_from_name("superuser"), ROLE_NONE);
    assert_string_equal(role_name(ROLE_NONE), "none");
    assert_string_equal(role_name(ROLE_ADMIN | ROLE_TRAINER), "none");
}

static void test_sets(void **state)
{
    /* Trainers work with no case data; everyone else reads it. */
    assert_false(ROLES_CASE_READERS & ROLE_TRAINER);
    assert_int_equal(ROLES_CASE_READERS | ROLE_TRAINER, ROLES_ALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_sets),
    };
    return cmocka_run_group_tests_name("roles", tests, NULL, NULL);
}
