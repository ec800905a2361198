/* Statistics for OBA report cards: trend lines with prediction intervals, and rate comparisons. */
#ifndef FGCD_STATS_H
#define FGCD_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Ordinary least squares of y on x. */
struct trend {
    size_t n;
    double slope, intercept;
    double residual_sd; /* standard deviation of the residuals (n - 2 degrees of freedom) */
    double mean_x, sxx; /* for prediction intervals */
};

/* Fits y = intercept + slope * x; returns false with fewer than 3 points or constant x. */
bool stats_fit_trend(const double *x, const double *y, size_t n, struct trend *out);

/* The forecast at x and the half-width of its 95% prediction interval. */
double stats_forecast(const struct trend *t, double x, double *half_width);

/* Two-sided p-value of a standard normal z. */
double stats_normal_p(double z);

/* 97.5th percentile of Student's t with df degrees of freedom (1.96 as df grows). */
double stats_t975(size_t df);

/*
 * Comparison of two Poisson rates a/pa and b/pb (events per exposure): the rate ratio
 * (b/pb) / (a/pa), its 95% confidence interval and two-sided p-value from the log rate
 * ratio's normal approximation (standard error sqrt(1/a + 1/b)).
 */
struct rate_comparison {
    double ratio, low, high, p;
    bool valid; /* false when a count is zero: the approximation does not hold */
};
struct rate_comparison stats_compare_rates(double a, double pa, double b, double pb);

/*
 * Difference in differences on the ratio scale: did the targeted group's rate change
 * (after/before) differ from the comparison group's? ratio = (t_after/t_before) /
 * (c_after/c_before), standard error sqrt of the sum of the four reciprocals.
 */
struct rate_comparison stats_ratio_of_ratios(double t_before, double pt_before, double t_after,
                                             double pt_after, double c_before, double pc_before,
                                             double c_after, double pc_after);

#endif
