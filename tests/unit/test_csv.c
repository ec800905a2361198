/* Unit tests of daemon/csv.c: quoting, embedded line breaks, CRLF, byte order marks, ragged rows,
 * long fields, truncated input and where quoting errors are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define LIMIT (1024 * 1024)

/* Input handed out a few bytes at a time, to cross every chunk boundary. */
struct trickle {
    const char *data;
    size_t len, pos, step;
};

static long trickle_read(void *arg, char *buf, size_t n)
{
    struct trickle *t = arg;
    size_t k = t->len - t->pos;
    if (k > t->step)
        k = t->step;
    if (k > n)
        k = n;
    memcpy(buf, t->data + t->pos, k);
    t->pos += k;
    return (long)k;
}

static long failing_read(void *arg, char *buf, size_t n)
{
    return -1;
}

/* Reads every record of data (memory and 1-byte trickle must agree) into a text dump:
 * "line-end_line flags: field|field|...\n" per record. */
static char *dump_with(struct csv_reader *r)
{
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    struct csv_record rec;
    int got;
    while ((got = csv_next(r, &rec)) > 0) {
        size_t need = 64;
        for (size_t i = 0; i < rec.nfields; i++)
            need += rec.lengths[i] + 1;
        while (len + need >= cap) {
            cap *= 2;
            out = realloc(out, cap);
        }
        len += (size_t)snprintf(out + len, cap - len, "%ld-%ld %u:", rec.line, rec.end_line,
                                rec.flags);
        for (size_t i = 0; i < rec.nfields; i++) {
            out[len++] = i ? '|' : ' ';
            memcpy(out + len, rec.fields[i], rec.lengths[i]);
            len += rec.lengths[i];
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    assert_int_equal(got, 0);
    csv_close(r);
    return out;
}

static char *dump(const char *data, size_t len)
{
    char *a = dump_with(csv_open_memory(data, len, LIMIT));
    struct trickle t = {data, len, 0, 1};
    char *b = dump_with(csv_open(trickle_read, &t, LIMIT));
    assert_string_equal(a, b);
    struct trickle t3 = {data, len, 0, 3};
    char *c = dump_with(csv_open(trickle_read, &t3, LIMIT));
    assert_string_equal(a, c);
    free(b);
    free(c);
    return a;
}

#define CHECK(input, expected)                                                                     \
    do {                                                                                           \
        char *got_ = dump((input), sizeof(input) - 1);                                             \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_simple(void **state)
{
    CHECK("a,b,c\n1,2,3\n", "1-1 0: a|b|c\n2-2 0: 1|2|3\n");
}

static void test_empty_fields(void **state)
{
    CHECK(",,\n,x,\n", "1-1 0: ||\n2-2 0: |x|\n");
}

static void test_quotes(void **state)
{
    CHECK("\"a,b\",\"c\"\"d\",e\n\"\",\"\"\"\"\n", "1-1 0: a,b|c\"d|e\n2-2 0: |\"\n");
}

static void test_embedded_newlines(void **state)
{
    CHECK("\"line1\nline2\",x\nnext,y\n", "1-2 0: line1\nline2|x\n3-3 0: next|y\n");
    /* A CRLF inside quotes is one line break, and is kept as it is. */
    CHECK("\"a\r\nb\",c\r\nd,e\r\n", "1-2 0: a\r\nb|c\n3-3 0: d|e\n");
}

static void test_crlf_and_cr(void **state)
{
    CHECK("a,b\r\nc,d\r\n", "1-1 0: a|b\n2-2 0: c|d\n");
    CHECK("a,b\rc,d\r", "1-1 0: a|b\n2-2 0: c|d\n");
    CHECK("a\r\n\r\nb\r\n", "1-1 0: a\n3-3 0: b\n");
}

static void test_bom(void **state)
{
    CHECK("\xEF\xBB\xBF"
          "CHILD,SEX\n1,2\n",
          "1-1 0: CHILD|SEX\n2-2 0: 1|2\n");
    const char data[] = "\xEF\xBB\xBFx\n";
    struct csv_reader *r = csv_open_memory(data, sizeof data - 1, LIMIT);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_true(csv_had_bom(r));
    assert_string_equal(rec.fields[0], "x");
    csv_close(r);
}

static void test_blank_lines_skipped(void **state)
{
    CHECK("a\n\n\nb\n\n", "1-1 0: a\n4-4 0: b\n");
    CHECK("", "");
    CHECK("\n\n", "");
}

static void test_ragged_rows(void **state)
{
    CHECK("a,b,c\n1,2\n1,2,3,4\n", "1-1 0: a|b|c\n2-2 0: 1|2\n3-3 0: 1|2|3|4\n");
}

static void test_no_final_line_break(void **state)
{
    char flags[64];
    snprintf(flags, sizeof flags, "1-1 0: a|b\n2-2 %u: c|d\n", CSV_NO_EOL);
    CHECK("a,b\nc,d", flags);
}

static void test_unterminated_quote(void **state)
{
    char expected[64];
    snprintf(expected, sizeof expected, "1-1 0: a|b\n2-4 %u: 1|x,\ny\n\n",
             CSV_UNTERMINATED | CSV_NO_EOL);
    CHECK("a,b\n1,\"x,\ny\n", expected);
}

static void test_stray_quotes(void **state)
{
    char expected[64];
    snprintf(expected, sizeof expected, "1-1 %u: ab\"c|d\n2-2 %u: abc|d\n", CSV_STRAY_QUOTE,
             CSV_STRAY_QUOTE);
    CHECK("ab\"c,d\n\"ab\"c,d\n", expected);
}

static void test_nul_bytes(void **state)
{
    char expected[64];
    snprintf(expected, sizeof expected, "1-1 %u: ab|c\n", CSV_NUL);
    CHECK("a\0b,c\n", expected);
}

static void test_long_fields(void **state)
{
    /* Under the limit: kept whole, even across many chunks. */
    size_t n = 700 * 1000;
    char *data = malloc(n + 16);
    memset(data, 'x', n);
    memcpy(data + n, ",y\nz\n", 5);
    struct csv_reader *r = csv_open_memory(data, n + 5, LIMIT);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(rec.nfields, 2);
    assert_int_equal(rec.lengths[0], n);
    assert_int_equal(rec.flags, 0);
    assert_string_equal(rec.fields[1], "y");
    assert_int_equal(csv_next(r, &rec), 1);
    assert_string_equal(rec.fields[0], "z");
    assert_int_equal(rec.line, 2);
    csv_close(r);
    free(data);

    /* Over the limit: flagged and cut, the rest of the record skipped (its commas make no
     * more fields), and the next record read normally. */
    n = 3 * 1024 * 1024;
    data = malloc(n + 32);
    memset(data, 'q', n);
    for (size_t i = 1000; i < n; i += 1000)
        data[i] = ',';
    memcpy(data + n, "\nnext,1\n", 8);
    struct trickle t = {data, n + 8, 0, 65536};
    r = csv_open(trickle_read, &t, LIMIT);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_true(rec.flags & CSV_TOO_LONG);
    assert_true(rec.nfields < 1100);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(rec.nfields, 2);
    assert_string_equal(rec.fields[0], "next");
    assert_int_equal(rec.line, 2);
    assert_int_equal(csv_next(r, &rec), 0);
    csv_close(r);

    /* A quoted field with a line break beyond the limit: the lines still count. */
    data[0] = '"';
    for (size_t i = 1; i < n; i++)
        data[i] = 'q';
    data[2 * 1024 * 1024] = '\n';
    memcpy(data + n, "\"\nnext,1\n", 9);
    struct trickle t2 = {data, n + 9, 0, 65536};
    r = csv_open(trickle_read, &t2, LIMIT);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_true(rec.flags & CSV_TOO_LONG);
    assert_int_equal(rec.nfields, 1);
    assert_int_equal(rec.end_line, 2);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_string_equal(rec.fields[0], "next");
    assert_int_equal(rec.line, 3);
    csv_close(r);
    free(data);
}

static void test_trailing_comma(void **state)
{
    char expected[64];
    snprintf(expected, sizeof expected, "1-1 0: a|\n2-2 %u: b|\n", CSV_NO_EOL);
    CHECK("a,\nb,", expected);
}

/* The first record of data, for the checks below. */
static struct csv_record first_record(struct csv_reader *r)
{
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    return rec;
}

static void test_bad_quote_line(void **state)
{
    /* None: quotes closed, and a quote inside an unquoted field is not a quoting error. */
    struct csv_reader *r = csv_open_memory("\"a\",O\"Brien\n", 13, LIMIT);
    assert_int_equal(first_record(r).bad_quote_line, 0);
    csv_close(r);
    /* A quote left open: the line it was opened on, after a quoted line break. */
    const char open[] = "a\n\"x\ny\",\"open,b\nc\n";
    r = csv_open_memory(open, sizeof open - 1, LIMIT);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), 1);
    assert_int_equal(csv_next(r, &rec), 1);
    assert_true(rec.flags & CSV_UNTERMINATED);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_quote_line, 3);
    assert_int_equal(rec.bad_quote_field, 1);
    assert_int_equal(rec.nfields, 2);
    csv_close(r);
    /* Text after a closing quote, on the line of the quote; the first error is the one kept. */
    const char after[] = "x,\"one\r\ntwo\"z,\"b\"c,\"open\n";
    r = csv_open_memory(after, sizeof after - 1, LIMIT);
    rec = first_record(r);
    assert_true(rec.flags & CSV_STRAY_QUOTE);
    assert_true(rec.flags & CSV_UNTERMINATED);
    assert_int_equal(rec.bad_quote_line, 2);
    assert_int_equal(rec.bad_quote_field, 1);
    assert_string_equal(rec.fields[1], "one\r\ntwoz");
    csv_close(r);
}

static void test_line_at_end(void **state)
{
    static const struct {
        const char *data;
        long line;
    } cases[] = {{"", 1}, {"a", 1}, {"a\n", 2}, {"a\r\n\n", 3}, {"a\r\r", 3}, {"\"x\ny\"", 2}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct csv_reader *r = csv_open_memory(cases[i].data, strlen(cases[i].data), LIMIT);
        struct csv_record rec;
        while (csv_next(r, &rec) > 0)
            ;
        assert_int_equal(csv_line(r), cases[i].line);
        csv_close(r);
    }
}

static void test_read_error(void **state)
{
    struct csv_reader *r = csv_open(failing_read, NULL, LIMIT);
    struct csv_record rec;
    assert_int_equal(csv_next(r, &rec), -1);
    csv_close(r);
}

static void test_bytes_counted(void **state)
{
    const char data[] = "\xEF\xBB\xBF"
                        "a,b\r\nc\r\n";
    struct csv_reader *r = csv_open_memory(data, sizeof data - 1, LIMIT);
    struct csv_record rec;
    while (csv_next(r, &rec) > 0)
        ;
    assert_int_equal(csv_bytes(r), (long long)(sizeof data - 1));
    csv_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_embedded_newlines),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_ragged_rows),
        cmocka_unit_test(test_no_final_line_break),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quotes),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_long_fields),
        cmocka_unit_test(test_trailing_comma),
        cmocka_unit_test(test_bad_quote_line),
        cmocka_unit_test(test_line_at_end),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_bytes_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
