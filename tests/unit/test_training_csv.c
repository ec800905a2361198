/* Unit tests of daemon/training_csv.c: RFC 4180 fields, quoting, line breaks and line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "training_csv.h"

/* Records as "line:field|field|..." joined by ';'. */
struct collected {
    char text[1024];
};

static int collect(size_t line, char **fields, size_t nfields, void *arg)
{
    struct collected *c = arg;
    size_t n = strlen(c->text);
    n += (size_t)snprintf(c->text + n, sizeof c->text - n, "%s%zu:", n ? ";" : "", line);
    for (size_t i = 0; i < nfields; i++)
        n += (size_t)snprintf(c->text + n, sizeof c->text - n, "%s%s", i ? "|" : "", fields[i]);
    return 0;
}

static const char *parse(const char *input, int expect_rc)
{
    static struct collected c;
    char err[200] = "";
    memset(&c, 0, sizeof c);
    int rc = training_csv_parse(input, strlen(input), 16, collect, &c, err, sizeof err);
    assert_int_equal(rc, expect_rc);
    return rc == -1 ? strcpy(c.text, err) : c.text;
}

static void test_plain(void **state)
{
    assert_string_equal(parse("a,b\nc,d\n", 0), "1:a|b;2:c|d");
    assert_string_equal(parse("a,b\r\nc,d", 0), "1:a|b;2:c|d");
    assert_string_equal(parse("a,b\rc,d\r", 0), "1:a|b;2:c|d");
    assert_string_equal(parse("", 0), "");
    assert_string_equal(parse("a,,\n,\n\n", 0), "1:a||;2:|;3:");
    assert_string_equal(parse("a,", 0), "1:a|");
}

static void test_quoted(void **state)
{
    assert_string_equal(parse("\"a,b\",\"say \"\"hi\"\"\"\n", 0), "1:a,b|say \"hi\"");
    /* A quoted line break is data, and the next record starts on a later line. */
    assert_string_equal(parse("x,\"one\r\ntwo\"\ny,z\n", 0), "1:x|one\r\ntwo;3:y|z");
    assert_string_equal(parse("\"\",\"\"\n", 0), "1:|");
    /* A quote inside an unquoted field is kept as written. */
    assert_string_equal(parse("O\"Brien,x\n", 0), "1:O\"Brien|x");
}

static void test_errors(void **state)
{
    assert_string_equal(parse("a\n\"open,b\nc\n", -1),
                        "Line 2: a quoted field is not closed (the file ends inside quotes).");
    assert_non_null(strstr(parse("\"a\"b,c\n", -1), "after a closing quote"));
    char many[64] = "";
    for (int i = 0; i < 20; i++)
        strcat(many, "x,");
    assert_non_null(strstr(parse(many, -1), "more than 16 fields"));
}

static int stop_after_one(size_t line, char **fields, size_t nfields, void *arg)
{
    (*(int *)arg)++;
    return 7;
}

static void test_stop(void **state)
{
    int calls = 0;
    char err[100];
    assert_int_equal(training_csv_parse("a\nb\n", 4, 4, stop_after_one, &calls, err, sizeof err),
                     7);
    assert_int_equal(calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests_name("unit: training register CSV", tests, NULL, NULL);
}
