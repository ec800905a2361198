/* Unit tests of the report-card statistics against values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "stats.h"

static void test_exact_line(void **state)
{
    double x[] = {0, 1, 2, 3, 4}, y[] = {10, 12, 14, 16, 18};
    struct trend t;
    assert_true(stats_fit_trend(x, y, 5, &t));
    assert_float_equal(t.slope, 2.0, 1e-12);
    assert_float_equal(t.intercept, 10.0, 1e-12);
    assert_float_equal(t.residual_sd, 0.0, 1e-12);
    double hw;
    assert_float_equal(stats_forecast(&t, 10, &hw), 30.0, 1e-12);
    assert_float_equal(hw, 0.0, 1e-12);
}

static void test_noisy_line(void **state)
{
    /* y = 1 + x with residuals +1, -1, -1, +1: slope 1, intercept 1, SSE 4, sd sqrt(4/2). */
    double x[] = {0, 1, 2, 3}, y[] = {2, 1, 2, 5};
    struct trend t;
    assert_true(stats_fit_trend(x, y, 4, &t));
    assert_float_equal(t.slope, 1.0, 1e-12);
    assert_float_equal(t.intercept, 1.0, 1e-12);
    assert_float_equal(t.residual_sd, sqrt(2.0), 1e-12);
    /* At x = 1.5 (the mean): se = sd * sqrt(1 + 1/4); t(2) = 4.303. */
    double hw;
    assert_float_equal(stats_forecast(&t, 1.5, &hw), 2.5, 1e-12);
    assert_float_equal(hw, 4.303 * sqrt(2.0) * sqrt(1.25), 1e-9);
}

static void test_too_few_points(void **state)
{
    double x[] = {1, 2}, y[] = {1, 2};
    struct trend t;
    assert_false(stats_fit_trend(x, y, 2, &t));
    double cx[] = {1, 1, 1}, cy[] = {1, 2, 3};
    assert_false(stats_fit_trend(cx, cy, 3, &t));
}

static void test_t_quantiles(void **state)
{
    assert_float_equal(stats_t975(1), 12.706, 1e-9);
    assert_float_equal(stats_t975(30), 2.042, 1e-9);
    assert_float_equal(stats_t975(60), 2.000, 2e-3);
    assert_float_equal(stats_t975(1000000), 1.96, 1e-3);
}

static void test_normal_p(void **state)
{
    assert_float_equal(stats_normal_p(0), 1.0, 1e-12);
    assert_float_equal(stats_normal_p(1.959964), 0.05, 1e-6);
    assert_float_equal(stats_normal_p(-2.575829), 0.01, 1e-6);
}

static void test_rate_comparison(void **state)
{
    /* 100 events in 10,000 then 150 in 10,000: ratio 1.5, se sqrt(1/100 + 1/150). */
    struct rate_comparison c = stats_compare_rates(100, 10000, 150, 10000);
    assert_true(c.valid);
    assert_float_equal(c.ratio, 1.5, 1e-12);
    double se = sqrt(1.0 / 100 + 1.0 / 150);
    assert_float_equal(c.low, exp(log(1.5) - 1.959964 * se), 1e-9);
    assert_float_equal(c.p, erfc(log(1.5) / se / sqrt(2.0)), 1e-12);
    assert_true(c.p < 0.01);
    assert_false(stats_compare_rates(0, 100, 5, 100).valid);
}

static void test_ratio_of_ratios(void **state)
{
    /* Targeted fell 1000 -> 935 (-6.5%), the rest 1000 -> 988 (-1.2%), same populations. */
    struct rate_comparison c = stats_ratio_of_ratios(1000, 1e5, 935, 1e5, 1000, 1e5, 988, 1e5);
    assert_true(c.valid);
    assert_float_equal(c.ratio, (935.0 / 1000) / (988.0 / 1000), 1e-12);
    assert_true(c.p > 0.05); /* a 5% difference on these counts is not significant */
    struct rate_comparison big =
        stats_ratio_of_ratios(10000, 1e6, 9350, 1e6, 10000, 1e6, 9880, 1e6);
    assert_true(big.p < 0.05); /* ten times the counts: it is */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_line),      cmocka_unit_test(test_noisy_line),
        cmocka_unit_test(test_too_few_points),  cmocka_unit_test(test_t_quantiles),
        cmocka_unit_test(test_normal_p),        cmocka_unit_test(test_rate_comparison),
        cmocka_unit_test(test_ratio_of_ratios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
