/* Unit tests of clients/fgc/args.c: options, values, lists, booleans, positionals and ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0                                           \
    }

static int parse(struct opt *opts, struct args *a, int argc, const char **argv)
{
    return args_parse(opts, argc, (char **)argv, a);
}

static void values_flags_and_positionals(void **state)
{
    struct opt opts[] = {{"date", OPT_VALUE, "DATE", "", false, NULL, NULL, 0},
                         {"dv", OPT_FLAG, NULL, "", false, NULL, NULL, 0},
                         {"reason", OPT_VALUE, "TEXT", "", false, NULL, NULL, 0},
                         END};
    const char *argv[] = {"12", "--date", "2026-11-04", "--dv", "--reason=a=b", "--json"};
    struct args a;
    assert_int_equal(parse(opts, &a, 6, argv), 0);
    assert_int_equal(a.n_pos, 1);
    assert_string_equal(a.pos[0], "12");
    assert_string_equal(args_value(opts, "date"), "2026-11-04");
    assert_string_equal(args_value(opts, "reason"), "a=b");
    assert_true(args_given(opts, "dv"));
    assert_true(a.json);
    assert_false(a.help);
    args_free(opts);
}

static void lists_keep_their_order(void **state)
{
    struct opt opts[] = {{"sibling", OPT_LIST, "ID", "", false, NULL, NULL, 0}, END};
    const char *argv[] = {"--sibling", "3", "--sibling=4", "--sibling", "--dv"};
    struct args a;
    assert_int_equal(parse(opts, &a, 5, argv), 0);
    struct opt *o = args_opt(opts, "sibling");
    assert_int_equal(o->n_items, 3);
    assert_string_equal(o->items[0], "3");
    assert_string_equal(o->items[1], "4");
    /* A value may look like an option: it is the value all the same. */
    assert_string_equal(o->items[2], "--dv");
    args_free(opts);
    assert_null(o->items);
}

static void booleans_take_no_prefix(void **state)
{
    struct opt opts[] = {{"fgdm-held", OPT_BOOL, NULL, "", false, NULL, NULL, 0},
                         {"nfa", OPT_BOOL, NULL, "", false, NULL, NULL, 0},
                         END};
    const char *argv[] = {"--no-fgdm-held", "--nfa"};
    struct args a;
    assert_int_equal(parse(opts, &a, 2, argv), 0);
    assert_string_equal(args_value(opts, "fgdm-held"), "false");
    assert_string_equal(args_value(opts, "nfa"), "true");
    const char *twice[] = {"--nfa", "--no-nfa"};
    assert_int_equal(parse(opts, &a, 2, twice), -1);
    assert_non_null(strstr(a.error, "more than once"));
}

static void mistakes_are_named(void **state)
{
    struct opt opts[] = {{"date", OPT_VALUE, "DATE", "", false, NULL, NULL, 0},
                         {"dv", OPT_FLAG, NULL, "", false, NULL, NULL, 0},
                         END};
    struct args a;
    const char *unknown[] = {"--colour", "red"};
    assert_int_equal(parse(opts, &a, 2, unknown), -1);
    assert_string_equal(a.error, "unknown option --colour");
    const char *missing[] = {"--date"};
    assert_int_equal(parse(opts, &a, 1, missing), -1);
    assert_string_equal(a.error, "--date needs a value (DATE)");
    const char *twice[] = {"--date", "2026-01-01", "--date=2026-01-02"};
    assert_int_equal(parse(opts, &a, 3, twice), -1);
    const char *flag_value[] = {"--dv=yes"};
    assert_int_equal(parse(opts, &a, 1, flag_value), -1);
    const char *short_option[] = {"-x"};
    assert_int_equal(parse(opts, &a, 1, short_option), -1);
    /* No --no- form for a plain flag. */
    const char *negated_flag[] = {"--no-dv"};
    assert_int_equal(parse(opts, &a, 1, negated_flag), -1);
}

static void double_dash_ends_options(void **state)
{
    struct opt opts[] = {END};
    const char *argv[] = {"-h", "--", "--json", "-"};
    struct args a;
    assert_int_equal(parse(opts, &a, 4, argv), 0);
    assert_true(a.help);
    assert_false(a.json);
    assert_int_equal(a.n_pos, 2);
    assert_string_equal(a.pos[0], "--json");
    assert_string_equal(a.pos[1], "-");
}

static void too_many_positionals(void **state)
{
    struct opt opts[] = {END};
    const char *argv[ARGS_MAX_POSITIONAL + 1];
    for (size_t i = 0; i <= ARGS_MAX_POSITIONAL; i++) {
        argv[i] = "x";
    }
    struct args a;
    assert_int_equal(parse(opts, &a, ARGS_MAX_POSITIONAL + 1, argv), -1);
}

static void ids_and_numbers(void **state)
{
    long long v;
    assert_true(parse_id("12", &v));
    assert_int_equal(v, 12);
    assert_true(parse_id("999999999999999", &v));
    assert_false(parse_id("0", &v));
    assert_false(parse_id("012", &v));
    assert_false(parse_id("-3", &v));
    assert_false(parse_id("12a", &v));
    assert_false(parse_id("", &v));
    assert_false(parse_id(NULL, &v));
    assert_false(parse_id("1000000000000000", &v));
    assert_true(parse_int("2", 1, 2, &v));
    assert_false(parse_int("3", 1, 2, &v));
    assert_true(parse_int("-4", -10, 10, &v));
    assert_int_equal(v, -4);
    assert_false(parse_int("-", -10, 10, &v));
    assert_false(parse_int(" 1", 0, 10, &v));
}

static void help_lists_every_option(void **state)
{
    struct opt opts[] = {{"date", OPT_VALUE, "DATE", "the date", false, NULL, NULL, 0},
                         {"attendee", OPT_LIST, "ROLE", "who came", false, NULL, NULL, 0},
                         {"nfa", OPT_BOOL, NULL, "no further action", false, NULL, NULL, 0},
                         END};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    args_print_options(out, opts);
    fclose(out);
    assert_non_null(strstr(text, "  --date DATE          the date\n"));
    assert_non_null(strstr(text, "  --attendee ROLE ...  who came\n"));
    assert_non_null(strstr(text, "  --[no-]nfa           no further action\n"));
    assert_non_null(strstr(text, "  --json "));
    assert_non_null(strstr(text, "  --help "));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_flags_and_positionals),
        cmocka_unit_test(lists_keep_their_order),
        cmocka_unit_test(booleans_take_no_prefix),
        cmocka_unit_test(mistakes_are_named),
        cmocka_unit_test(double_dash_ends_options),
        cmocka_unit_test(too_many_positionals),
        cmocka_unit_test(ids_and_numbers),
        cmocka_unit_test(help_lists_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
