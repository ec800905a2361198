/* Unit tests of clients/fgc/table.c and text.c: alignment by characters, cleaning, summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "text.h"

/* What print wrote, as a string the test frees. */
static char *capture(const struct table *t, const char *indent)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    table_print(t, out, indent);
    fclose(out);
    return text;
}

static void columns_line_up(void **state)
{
    static const char *const headers[] = {"ID", "NAME", "BORN"};
    struct table *t = table_new(3, headers);
    const char *r1[] = {"1", "Hart, Amelia", "2017-06-14"};
    const char *r2[] = {"123", "Li, Bo", "2019-01-02"};
    table_add(t, r1);
    table_add(t, r2);
    assert_int_equal(table_rows(t), 2);
    char *text = capture(t, "");
    assert_string_equal(text, "ID   NAME          BORN\n"
                              "1    Hart, Amelia  2017-06-14\n"
                              "123  Li, Bo        2019-01-02\n");
    free(text);
    table_free(t);
}

static void accented_names_count_as_characters(void **state)
{
    static const char *const headers[] = {"NAME", "AREA"};
    struct table *t = table_new(2, headers);
    const char *r1[] = {"Amélie", "LS-ARM"};
    const char *r2[] = {"Zoë Ó Sé", "LS-BRA"};
    table_add(t, r1);
    table_add(t, r2);
    char *text = capture(t, "  ");
    assert_string_equal(text, "  NAME      AREA\n"
                              "  Amélie    LS-ARM\n"
                              "  Zoë Ó Sé  LS-BRA\n");
    free(text);
    table_free(t);
}

static void empty_cells_and_no_trailing_spaces(void **state)
{
    struct table *t = table_new(3, NULL);
    const char *r1[] = {"a", NULL, ""};
    const char *r2[] = {"bbb", "x", "last"};
    table_add(t, r1);
    table_add(t, r2);
    char *text = capture(t, "");
    assert_string_equal(text, "a    -  -\n"
                              "bbb  x  last\n");
    free(text);
    table_free(t);
}

static void control_characters_never_reach_the_terminal(void **state)
{
    struct table *t = table_new(1, NULL);
    const char *row[] = {"Evil\x1b]0;title\x07name\nnext\ttab\x7f"};
    table_add(t, row);
    char *text = capture(t, "");
    assert_string_equal(text, "Evil?]0;title?name next tab?\n");
    free(text);
    table_free(t);
}

static void cleaning_and_width(void **state)
{
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("Amélie"), 6);
    assert_int_equal(text_width("€5"), 2);
    char *c = text_clean("ok \xc3\xa9 \xff bad \xc2\x9b csi \xe2\x80\xae rtl");
    assert_string_equal(c, "ok \xc3\xa9 ? bad ? csi ? rtl");
    free(c);
    assert_true(text_is_utf8("Zo\xc3\xab"));
    assert_false(text_is_utf8("Zo\xeb"));
    /* An overlong encoding of '/' is not UTF-8. */
    assert_false(text_is_utf8("\xc0\xaf"));
    c = text_clean("\xc0\xaf");
    assert_string_equal(c, "??");
    free(c);
}

static void kept_strings(void **state)
{
    const char *a = text_fmt("%s %d", "referral", 12);
    assert_string_equal(a, "referral 12");
    assert_null(text_keep(NULL));
    text_pool_free();
}

static void summaries_align_their_values(void **state)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    const char *pairs[] = {"Status", "accepted", "Referred on", "2026-11-02", "Coordinator", NULL};
    summary_print(out, pairs, 3);
    fclose(out);
    assert_string_equal(text, "Status:       accepted\n"
                              "Referred on:  2026-11-02\n"
                              "Coordinator:  -\n");
    free(text);
    text_pool_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(columns_line_up),
        cmocka_unit_test(accented_names_count_as_characters),
        cmocka_unit_test(empty_cells_and_no_trailing_spaces),
        cmocka_unit_test(control_characters_never_reach_the_terminal),
        cmocka_unit_test(cleaning_and_width),
        cmocka_unit_test(kept_strings),
        cmocka_unit_test(summaries_align_their_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
