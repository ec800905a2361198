/* Report-card statistics: least-squares trends, prediction intervals, Poisson rate tests. */
#include "stats.h"

#include <math.h>

bool stats_fit_trend(const double *x, const double *y, size_t n, struct trend *out)
{
    if (n < 3)
        return false;
    double sx = 0, sy = 0;
    for (size_t i = 0; i < n; i++) {
        sx += x[i];
        sy += y[i];
    }
    double mx = sx / (double)n, my = sy / (double)n;
    double sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx == 0)
        return false;
    out->n = n;
    out->slope = sxy / sxx;
    out->intercept = my - out->slope * mx;
    out->mean_x = mx;
    out->sxx = sxx;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - (out->intercept + out->slope * x[i]);
        ss += r * r;
    }
    out->residual_sd = sqrt(ss / (double)(n - 2));
    return true;
}

double stats_t975(size_t df)
{
    /* Exact table for small samples, where the normal value would be too narrow. */
    static const double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                   2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                   2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                   2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0)
        return INFINITY;
    if (df < sizeof table / sizeof table[0])
        return table[df];
    /* Beyond 30 degrees of freedom: the Cornish-Fisher expansion is accurate to 1e-3. */
    double z = 1.959964, d = (double)df;
    return z + (z * z * z + z) / (4 * d) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

double stats_forecast(const struct trend *t, double x, double *half_width)
{
    double se = t->residual_sd *
                sqrt(1.0 + 1.0 / (double)t->n + (x - t->mean_x) * (x - t->mean_x) / t->sxx);
    if (half_width)
        *half_width = stats_t975(t->n - 2) * se;
    return t->intercept + t->slope * x;
}

double stats_normal_p(double z)
{
    return erfc(fabs(z) / sqrt(2.0));
}

static struct rate_comparison from_log_ratio(double log_ratio, double se)
{
    struct rate_comparison c = {0};
    c.valid = true;
    c.ratio = exp(log_ratio);
    c.low = exp(log_ratio - 1.959964 * se);
    c.high = exp(log_ratio + 1.959964 * se);
    c.p = stats_normal_p(log_ratio / se);
    return c;
}

struct rate_comparison stats_compare_rates(double a, double pa, double b, double pb)
{
    if (a <= 0 || b <= 0 || pa <= 0 || pb <= 0)
        return (struct rate_comparison){0};
    return from_log_ratio(log((b / pb) / (a / pa)), sqrt(1.0 / a + 1.0 / b));
}

struct rate_comparison stats_ratio_of_ratios(double t_before, double pt_before, double t_after,
                                             double pt_after, double c_before, double pc_before,
                                             double c_after, double pc_after)
{
    if (t_before <= 0 || t_after <= 0 || c_before <= 0 || c_after <= 0 || pt_before <= 0 ||
        pt_after <= 0 || pc_before <= 0 || pc_after <= 0)
        return (struct rate_comparison){0};
    double log_ratio = log((t_after / pt_after) / (t_before / pt_before)) -
                       log((c_after / pc_after) / (c_before / pc_before));
    double se = sqrt(1.0 / t_before + 1.0 / t_after + 1.0 / c_before + 1.0 / c_after);
    return from_log_ratio(log_ratio, se);
}
