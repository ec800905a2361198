/* Unit tests of daemon/import_date.c: dd/mm/yyyy and YYYY-MM-DD parsing, calendar arithmetic and
 * collection years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "import_date.h"

static const char *iso_of(import_day d)
{
    static char out[11];
    date_format_iso(d, out);
    return out;
}

static void test_parse_dmy(void **state)
{
    import_day d;
    assert_true(date_parse_dmy("31/03/2024", &d));
    assert_string_equal(iso_of(d), "2024-03-31");
    assert_true(date_parse_dmy("1/4/2023", &d));
    assert_string_equal(iso_of(d), "2023-04-01");
    assert_true(date_parse_dmy("  01/04/2023\t", &d));
    assert_string_equal(iso_of(d), "2023-04-01");
    assert_true(date_parse_dmy("29/02/2024", &d));
    assert_true(date_parse_dmy("29/02/2000", &d));
    assert_true(date_parse_dmy("01/01/1900", &d));
    assert_true(date_parse_dmy("31/12/2100", &d));

    static const char *const bad[] = {
        "",           "31/02/2023", "29/02/2023",  "29/02/1900",  "00/01/2023", "01/13/2023",
        "01/00/2023", "1/1/23",     "2024-03-31",  "01/01/2023x", "01-01-2023", "01/01/1899",
        "01/01/2101", "32/01/2023", "001/01/2023", "01/01/20233", "aa/bb/cccc", "01/01/ 2023",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (date_parse_dmy(bad[i], &d))
            fail_msg("\"%s\" was read as a date", bad[i]);
    }
}

static void test_parse_iso(void **state)
{
    import_day d;
    assert_true(date_parse_iso("2024-02-29", &d));
    assert_string_equal(iso_of(d), "2024-02-29");
    assert_true(date_parse_iso(" 2023-04-01 ", &d));
    static const char *const bad[] = {"2023-02-29", "2024-3-1",         "24-03-01", "2024/03/01",
                                      "31/03/2024", "2024-03-31T00:00", "",         "2024-00-10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (date_parse_iso(bad[i], &d))
            fail_msg("\"%s\" was read as a date", bad[i]);
    }
}

static void test_day_numbers(void **state)
{
    assert_int_equal(day_from_ymd(1970, 1, 1), 0);
    assert_int_equal(day_from_ymd(1969, 12, 31), -1);
    assert_int_equal(day_from_ymd(2000, 3, 1), 11017);
    /* Every day from 1900 to 2100 goes round the trip and follows the one before. */
    import_day first = day_from_ymd(1900, 1, 1), last = day_from_ymd(2100, 12, 31);
    int y0, m0, d0;
    day_to_ymd(first, &y0, &m0, &d0);
    for (import_day d = first; d <= last; d++) {
        int y, m, dd;
        day_to_ymd(d, &y, &m, &dd);
        assert_true(date_exists(y, m, dd));
        assert_int_equal(day_from_ymd(y, m, dd), d);
    }
    assert_int_equal(last - first + 1, 73414);
}

static void test_format(void **state)
{
    char out[11];
    date_format_dmy(day_from_ymd(2023, 4, 1), out);
    assert_string_equal(out, "01/04/2023");
    date_format_iso(day_from_ymd(1905, 12, 9), out);
    assert_string_equal(out, "1905-12-09");
}

static void test_collection_years(void **state)
{
    assert_int_equal(collection_year_of(day_from_ymd(2024, 3, 31)), 2024);
    assert_int_equal(collection_year_of(day_from_ymd(2024, 4, 1)), 2025);
    assert_int_equal(collection_year_of(day_from_ymd(2023, 4, 1)), 2024);
    assert_int_equal(collection_year_of(day_from_ymd(2024, 1, 15)), 2024);
    assert_string_equal(iso_of(collection_year_start(2024)), "2023-04-01");
    assert_string_equal(iso_of(collection_year_end(2024)), "2024-03-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_dmy),        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_day_numbers),      cmocka_unit_test(test_format),
        cmocka_unit_test(test_collection_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
