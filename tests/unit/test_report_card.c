/* Unit tests of the report-card arithmetic (daemon/report_card.c) against values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api_report_card.h"
#include "report_card.h"

/* ---- Dates ---- */

static void test_dates(void **state)
{
    long d;
    assert_true(rc_parse_date("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(rc_parse_date("2024-02-29", &d));
    long next;
    assert_true(rc_parse_date("2024-03-01", &next));
    assert_int_equal(next - d, 1);
    assert_false(rc_parse_date("2025-02-29", &d));
    assert_false(rc_parse_date("2024-04-31", &d));
    assert_false(rc_parse_date("2024-4-01", &d));
    char buf[11], words[40];
    assert_true(rc_parse_date("2024-12-31", &d));
    rc_format_date(d + 1, buf);
    assert_string_equal(buf, "2025-01-01");
    rc_date_words(d, words, sizeof words);
    assert_string_equal(words, "31 December 2024");
}

/* ---- Trend, band, position ---- */

static void test_fit_keeps_the_index_of_a_gap(void **state)
{
    /* y = 10 + 2x with x = 1 suppressed: the fit still sees x = 0, 2, 3. */
    double v[] = {10, NAN, 14, 16};
    bool present[] = {true, false, true, true};
    struct trend t;
    assert_true(rc_fit_baseline(v, present, 4, &t));
    assert_float_equal(t.slope, 2.0, 1e-12);
    assert_float_equal(t.intercept, 10.0, 1e-12);
    assert_int_equal(t.n, 3);
    /* Two usable values are not a trend. */
    bool two[] = {true, false, false, true};
    assert_false(rc_fit_baseline(v, two, 4, &t));
}

static void test_position_with_a_zero_width_band(void **state)
{
    /* On the line, within; a hair's breadth of rounding is still on the line. */
    assert_int_equal(rc_position(10.0, 10.0, 0.0), RC_WITHIN);
    assert_int_equal(rc_position(10.0 + 1e-13, 10.0, 0.0), RC_WITHIN);
    assert_int_equal(rc_position(9.0, 10.0, 0.0), RC_BELOW);
    assert_int_equal(rc_position(11.0, 10.0, 0.0), RC_ABOVE);
    assert_int_equal(rc_position(11.0, 10.0, 1.0), RC_WITHIN);
    assert_int_equal(rc_position(NAN, 10.0, 1.0), RC_MISSING);
    assert_string_equal(rc_position_name(RC_BELOW, 1), "better");
    assert_string_equal(rc_position_name(RC_BELOW, 0), "worse");
    assert_string_equal(rc_position_name(RC_BELOW, -1), "below");
}

/* ---- Turning the curve ---- */

static void test_turned(void **state)
{
    enum rc_position p[] = {RC_WITHIN, RC_BELOW, RC_BELOW, RC_BELOW};
    struct rc_turn t = rc_turned(p, 4, RC_LOWER_BETTER, 3);
    assert_int_equal(t.turned, 1);
    assert_int_equal(t.consecutive, 3);
    /* The same run is worse when higher is better. */
    t = rc_turned(p, 4, RC_HIGHER_BETTER, 3);
    assert_int_equal(t.turned, 0);
    assert_int_equal(t.consecutive, 0);
    /* Two below, then one within: the run is broken. */
    enum rc_position q[] = {RC_BELOW, RC_BELOW, RC_WITHIN};
    t = rc_turned(q, 3, RC_LOWER_BETTER, 2);
    assert_int_equal(t.turned, 0);
    assert_int_equal(t.consecutive, 0);
    /* A suppressed value breaks a run as well. */
    enum rc_position r[] = {RC_BELOW, RC_MISSING, RC_BELOW};
    t = rc_turned(r, 3, RC_LOWER_BETTER, 2);
    assert_int_equal(t.consecutive, 1);
    /* Not enough points yet. */
    t = rc_turned(p + 2, 2, RC_LOWER_BETTER, 3);
    assert_int_equal(t.turned, 0);
    assert_int_equal(t.consecutive, 2);
    char *s = rc_turn_sentence(&t, RC_LOWER_BETTER);
    assert_non_null(strstr(s, "not turned yet: all 2 values after the baseline lie below"));
    free(s);
    /* No better direction: not judged, but the run is reported. */
    t = rc_turned(p, 4, RC_NO_DIRECTION, 3);
    assert_int_equal(t.turned, -1);
    assert_int_equal(t.consecutive, 3);
    s = rc_turn_sentence(&t, RC_NO_DIRECTION);
    assert_non_null(strstr(s, "not judged"));
    free(s);
}

static void test_target_line(void **state)
{
    /* 8 on day 0 to 5 on day 245; level after. */
    assert_float_equal(rc_target_line(8, 0, 5, 245, 31), 8 - 3.0 * 31 / 245, 1e-12);
    assert_float_equal(rc_target_line(8, 0, 5, 245, 245), 5, 1e-12);
    assert_float_equal(rc_target_line(8, 0, 5, 245, 400), 5, 1e-12);
    assert_float_equal(rc_target_line(8, 0, 5, 245, 0), 8, 1e-12);
}

/* ---- Sentences ---- */

static void test_sentences(void **state)
{
    char p[32];
    rc_format_p(0.2149, p, sizeof p);
    assert_string_equal(p, "p = 0.21");
    rc_format_p(0.0064, p, sizeof p);
    assert_string_equal(p, "p = 0.006");
    rc_format_p(0.00001, p, sizeof p);
    assert_string_equal(p, "p < 0.001");

    /* The Family Valued comparison: targeted clusters down 6.5%, the rest down 1.2%. */
    struct rate_comparison c = stats_ratio_of_ratios(1000, 1e5, 935, 1e5, 1000, 1e5, 988, 1e5);
    char *s = rc_did_sentence("the targeted clusters", -6.5, -1.2, &c);
    char expected[300];
    rc_format_p(c.p, p, sizeof p);
    snprintf(expected, sizeof expected,
             "The rate in the targeted clusters fell 6.5%%, against a fall of 1.2%% in the rest "
             "of the authority; the difference is not statistically significant (%s).",
             p);
    assert_string_equal(s, expected);
    free(s);

    struct rate_comparison r = stats_compare_rates(100, 10000, 150, 10000);
    s = rc_before_after_sentence("1 May 2024", &r);
    assert_non_null(strstr(s, "After 1 May 2024 the rate was 50.0% higher than before (rate "
                              "ratio 1.50, 95% confidence interval "));
    assert_non_null(strstr(s, "the change is statistically significant (p = 0.002)"));
    free(s);
    struct rate_comparison none = stats_compare_rates(0, 100, 3, 100);
    s = rc_before_after_sentence("1 May 2024", &none);
    assert_non_null(strstr(s, "cannot be compared"));
    free(s);
}

/* ---- The whole report card from inputs ---- */

/*
 * Inputs as api.indicator_report_card returns them: weekly periods from Monday 1 January 2024,
 * the first nb of them the baseline, each with the population pop (0: no estimate).
 */
static json_t *inputs(const char *statistic, const char *kind, json_t *lower_is_better,
                      const double *values, size_t n, size_t nb, double pop, size_t turn_points)
{
    long monday;
    rc_parse_date("2024-01-01", &monday);
    json_t *points = json_array(), *pops = json_array();
    for (size_t i = 0; i < n; i++) {
        char start[11], end[11];
        rc_format_date(monday + 7 * (long)i, start);
        rc_format_date(monday + 7 * (long)i + 6, end);
        json_t *v = isnan(values[i]) ? json_string("c") : json_real(values[i]);
        json_array_append_new(points, json_pack("{s:s, s:s, s:O, s:O, s:n, s:b}", "period_start",
                                                start, "period_end", end, "value", v, "numerator",
                                                v, "denominator", "suppressed", isnan(values[i])));
        json_decref(v);
        json_array_append_new(pops, pop > 0 ? json_real(pop) : json_null());
    }
    char bto[11], change[11];
    rc_format_date(monday + 7 * (long)nb - 1, bto);
    rc_format_date(monday + 7 * (long)nb, change);
    return json_pack("{s:{s:s, s:s, s:s, s:o}, s:s, s:s, s:s, s:s, s:I, s:b, s:n, s:[{s:{s:s, "
                     "s:s}, s:o, s:o}]}",
                     "indicator", "id", "test", "statistic", statistic, "kind", kind,
                     "lower_is_better", lower_is_better, "period", "week", "baseline_from",
                     "2024-01-01", "baseline_to", bto, "change_date", change, "turn_points",
                     (json_int_t)turn_points, "compare", 0, "target", "series", "area", "code",
                     "T1", "name", "Test area", "points", points, "populations", pops);
}

static json_t *get(const json_t *obj, const char *path)
{
    char key[64];
    const json_t *cur = obj;
    while (cur && *path) {
        size_t len = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)len, path);
        cur =
            json_is_array(cur) ? json_array_get(cur, (size_t)atoi(key)) : json_object_get(cur, key);
        path += len + (path[len] == '.');
    }
    return (json_t *)cur;
}

static double num(const json_t *obj, const char *path)
{
    json_t *v = get(obj, path);
    if (!json_is_number(v))
        fail_msg("%s is not a number", path);
    return json_number_value(v);
}

static void test_perfect_baseline_then_step(void **state)
{
    /* Baseline 2, 4, 6, 8 (exact: the band has no width); then a step down: 9, 5, 4, 3 against
     * forecasts 10, 12, 14, 16. Lower is better. */
    double v[] = {2, 4, 6, 8, 9, 5, 4, 3};
    json_t *in = inputs("count", "flow", json_true(), v, 8, 4, 10000, 3);
    json_t *card = report_card_from_inputs(in);
    assert_float_equal(num(card, "trend.slope_per_period"), 2.0, 1e-9);
    assert_float_equal(num(card, "trend.residual_sd"), 0.0, 1e-9);
    assert_int_equal(json_array_size(get(card, "baseline.points")), 4);
    assert_int_equal(json_array_size(get(card, "forecast")), 4);
    for (size_t k = 0; k < 4; k++) {
        double f = 10 + 2.0 * (double)k;
        char path[40];
        snprintf(path, sizeof path, "forecast.%zu.value", k);
        assert_float_equal(num(card, path), f, 1e-9);
        snprintf(path, sizeof path, "forecast.%zu.low", k);
        assert_float_equal(num(card, path), f, 1e-9);
        snprintf(path, sizeof path, "forecast.%zu.high", k);
        assert_float_equal(num(card, path), f, 1e-9);
        snprintf(path, sizeof path, "actual.%zu.position", k);
        assert_string_equal(json_string_value(get(card, path)), "better");
    }
    assert_true(json_is_true(get(card, "turn.turned")));
    assert_int_equal(json_integer_value(get(card, "turn.consecutive")), 4);
    assert_int_equal(json_array_size(get(card, "turn.deciding_points")), 4);
    json_decref(card);
    json_decref(in);

    /* After only two weeks of the step the curve has not turned yet; with N = 2 it has. */
    in = inputs("count", "flow", json_true(), v, 6, 4, 10000, 3);
    card = report_card_from_inputs(in);
    assert_true(json_is_false(get(card, "turn.turned")));
    assert_int_equal(json_integer_value(get(card, "turn.consecutive")), 2);
    json_decref(card);
    json_decref(in);
    in = inputs("count", "flow", json_true(), v, 6, 4, 10000, 2);
    card = report_card_from_inputs(in);
    assert_true(json_is_true(get(card, "turn.turned")));
    json_decref(card);
    json_decref(in);

    /* Higher is better: the same values are worse, not turned. */
    in = inputs("count", "flow", json_false(), v, 8, 4, 10000, 3);
    card = report_card_from_inputs(in);
    assert_true(json_is_false(get(card, "turn.turned")));
    assert_string_equal(json_string_value(get(card, "actual.3.position")), "worse");
    json_decref(card);
    json_decref(in);

    /* Neither direction is better: not judged. */
    in = inputs("count", "flow", json_null(), v, 8, 4, 10000, 3);
    card = report_card_from_inputs(in);
    assert_true(json_is_null(get(card, "turn.turned")));
    assert_string_equal(json_string_value(get(card, "actual.3.position")), "below");
    json_decref(card);
    json_decref(in);
}

static void test_noisy_band(void **state)
{
    /* Baseline 2, 1, 2, 5: slope 1, intercept 1, residual sd sqrt(2); at x = 4 the forecast is 5
     * and the half-width t(2) sqrt(2) sqrt(1 + 1/4 + (4 - 1.5)^2 / 5). */
    double v[] = {2, 1, 2, 5, 5};
    json_t *in = inputs("count", "flow", json_true(), v, 5, 4, 10000, 3);
    json_t *card = report_card_from_inputs(in);
    double hw = 4.303 * sqrt(2.0) * sqrt(1 + 0.25 + 6.25 / 5);
    assert_float_equal(num(card, "forecast.0.value"), 5, 1e-9);
    assert_float_equal(num(card, "forecast.0.low"), 5 - hw, 1e-8);
    assert_float_equal(num(card, "forecast.0.high"), 5 + hw, 1e-8);
    assert_string_equal(json_string_value(get(card, "actual.0.position")), "within");
    /* The baseline points carry the fitted line. */
    assert_float_equal(num(card, "baseline.points.3.trend"), 4, 1e-9);
    json_decref(card);
    json_decref(in);
}

static void test_too_few_baseline_values(void **state)
{
    double v[] = {4, NAN, NAN, 7, 8};
    json_t *in = inputs("count", "flow", json_true(), v, 5, 4, 10000, 3);
    json_t *card = report_card_from_inputs(in);
    assert_true(json_is_null(get(card, "trend")));
    assert_non_null(strstr(json_string_value(get(card, "trend_note")), "2 usable values"));
    assert_true(json_is_null(get(card, "turn.turned")));
    json_decref(card);
    json_decref(in);
}

static void test_rate_tests(void **state)
{
    /* A flow: 20 events in the 4 baseline weeks, 10 in the 2 after, population 1,000:
     * exposure 1,000 x 28 / 365.25 and 1,000 x 14 / 365.25 person-years. */
    double v[] = {5, 5, 5, 5, 5, 5};
    json_t *in = inputs("count", "flow", json_true(), v, 6, 4, 1000, 3);
    json_t *card = report_card_from_inputs(in);
    assert_float_equal(num(card, "significance.before_after.before.events"), 20, 1e-9);
    assert_float_equal(num(card, "significance.before_after.before.exposure"), 1000 * 28 / 365.25,
                       1e-6);
    assert_float_equal(num(card, "significance.before_after.after.events"), 10, 1e-9);
    struct rate_comparison c = stats_compare_rates(20, 1000 * 28 / 365.25, 10, 1000 * 14 / 365.25);
    assert_float_equal(num(card, "significance.before_after.ratio"), c.ratio, 1e-8);
    assert_float_equal(num(card, "significance.before_after.ratio"), 1.0, 1e-8);
    assert_float_equal(num(card, "significance.before_after.p"), c.p, 1e-8);
    assert_true(json_is_false(get(card, "significance.before_after.significant")));
    json_decref(card);
    json_decref(in);

    /* A snapshot: the count at each week's end held for the week, so events are child-years:
     * 5 children x 7 / 365.25 per week. */
    in = inputs("count", "snapshot", json_true(), v, 6, 4, 1000, 3);
    card = report_card_from_inputs(in);
    assert_float_equal(num(card, "significance.before_after.before.events"), 20 * 7 / 365.25, 1e-9);
    json_decref(card);
    json_decref(in);

    /* No population: time alone is the exposure. */
    in = inputs("count", "flow", json_true(), v, 6, 4, 0, 3);
    card = report_card_from_inputs(in);
    assert_float_equal(num(card, "significance.before_after.before.exposure"), 28 / 365.25, 1e-9);
    assert_non_null(
        strstr(json_string_value(get(card, "significance.before_after.exposure")), "years"));
    json_decref(card);
    json_decref(in);

    /* A median has no rate test. */
    in = inputs("median", "fgc", json_true(), v, 6, 4, 0, 3);
    card = report_card_from_inputs(in);
    assert_true(json_is_null(get(card, "significance.before_after")));
    json_decref(card);
    json_decref(in);

    /* A suppressed week is left out of its window and counted. */
    double s[] = {5, NAN, 5, 5, 5, 5};
    in = inputs("count", "flow", json_true(), s, 6, 4, 1000, 3);
    card = report_card_from_inputs(in);
    assert_float_equal(num(card, "significance.before_after.before.events"), 15, 1e-9);
    assert_int_equal(
        json_integer_value(get(card, "significance.before_after.before.periods_suppressed")), 1);
    json_decref(card);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_fit_keeps_the_index_of_a_gap),
        cmocka_unit_test(test_position_with_a_zero_width_band),
        cmocka_unit_test(test_turned),
        cmocka_unit_test(test_target_line),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_perfect_baseline_then_step),
        cmocka_unit_test(test_noisy_band),
        cmocka_unit_test(test_too_few_baseline_values),
        cmocka_unit_test(test_rate_tests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
