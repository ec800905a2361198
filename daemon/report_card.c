/* Report-card arithmetic, pure: trend, forecast band, turning the curve, target line, sentences. */
#include "report_card.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Dates (proleptic Gregorian; days since 1970-01-01) ---- */

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool rc_parse_date(const char *s, long *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    long m = (s[5] - '0') * 10 + (s[6] - '0');
    long d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *days = days_from_civil(y, m, d);
    long y2, m2, d2;
    civil_from_days(*days, &y2, &m2, &d2);
    return y2 == y && m2 == m && d2 == d; /* 31 April and the like do not round-trip */
}

void rc_format_date(long days, char out[11])
{
    long y, m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[64];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y % 10000, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

void rc_date_words(long days, char *out, size_t len)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    long y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, len, "%ld %s %ld", d, months[m - 1], y);
}

/* ---- Trend and forecast ---- */

bool rc_fit_baseline(const double *values, const bool *present, size_t n, struct trend *out)
{
    double *x = xmalloc((n > 0 ? n : 1) * sizeof *x), *y = xmalloc((n > 0 ? n : 1) * sizeof *y);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!present[i] || !isfinite(values[i]))
            continue;
        x[used] = (double)i;
        y[used] = values[i];
        used++;
    }
    bool ok = stats_fit_trend(x, y, used, out);
    free(x);
    free(y);
    return ok;
}

enum rc_position rc_position(double value, double forecast, double half_width)
{
    if (!isfinite(value) || !isfinite(forecast))
        return RC_MISSING;
    /* A perfect baseline has a band of zero width; a value on the line is within it even when
     * the arithmetic leaves a trace of rounding. */
    double tol = 1e-9 * fmax(1.0, fabs(forecast));
    if (value > forecast + half_width + tol)
        return RC_ABOVE;
    if (value < forecast - half_width - tol)
        return RC_BELOW;
    return RC_WITHIN;
}

const char *rc_position_name(enum rc_position p, int lower_is_better)
{
    switch (p) {
    case RC_WITHIN:
        return "within";
    case RC_MISSING:
        return "not known";
    case RC_ABOVE:
        return lower_is_better < 0 ? "above" : lower_is_better ? "worse" : "better";
    case RC_BELOW:
        return lower_is_better < 0 ? "below" : lower_is_better ? "better" : "worse";
    }
    return "not known";
}

struct rc_turn rc_turned(const enum rc_position *positions, size_t n, enum rc_direction direction,
                         size_t required)
{
    struct rc_turn t = {0};
    t.required = required;
    t.available = n;
    t.side = RC_WITHIN;
    if (direction == RC_LOWER_BETTER)
        t.side = RC_BELOW;
    else if (direction == RC_HIGHER_BETTER)
        t.side = RC_ABOVE;
    else if (n > 0 && (positions[n - 1] == RC_ABOVE || positions[n - 1] == RC_BELOW))
        t.side = positions[n - 1];
    if (t.side != RC_WITHIN)
        for (size_t i = n; i > 0 && positions[i - 1] == t.side; i--)
            t.consecutive++;
    if (direction == RC_NO_DIRECTION)
        t.turned = -1;
    else
        t.turned = required > 0 && t.consecutive >= required;
    return t;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

char *rc_turn_sentence(const struct rc_turn *t, enum rc_direction direction)
{
    const char *side = t->side == RC_ABOVE ? "above" : "below";
    if (direction == RC_NO_DIRECTION) {
        if (t->consecutive == 0)
            return xstrdup("Neither direction is better for this indicator, so whether the curve "
                           "has turned is not judged; the latest value is within the 95% "
                           "prediction interval of the baseline's trend.");
        return xasprintf("Neither direction is better for this indicator, so whether the curve "
                         "has turned is not judged; the latest %zu %s %s the 95%% prediction "
                         "interval of the baseline's trend.",
                         t->consecutive, plural(t->consecutive, "value lies", "values lie"), side);
    }
    const char *rule = direction == RC_LOWER_BETTER ? "lower is better" : "higher is better";
    if (t->turned == 1)
        return xasprintf("The curve has turned: the latest %zu %s %s the 95%% prediction interval "
                         "of the baseline's trend, and %zu in a row are needed (%s).",
                         t->consecutive, plural(t->consecutive, "value lies", "values lie"), side,
                         t->required, rule);
    if (t->available < t->required && t->consecutive == t->available && t->available > 0)
        return xasprintf("The curve has not turned yet: all %zu %s after the baseline %s %s the "
                         "95%% prediction interval of the baseline's trend, but %zu in a row are "
                         "needed (%s).",
                         t->available, plural(t->available, "value", "values"),
                         plural(t->available, "lies", "lie"), side, t->required, rule);
    if (t->available == 0)
        return xasprintf("The curve cannot be judged yet: there are no values after the baseline "
                         "(%zu in a row %s the 95%% prediction interval are needed; %s).",
                         t->required, side, rule);
    if (t->consecutive == 0)
        return xasprintf("The curve has not turned: the latest value is not %s the 95%% "
                         "prediction interval of the baseline's trend (%zu in a row are needed; "
                         "%s).",
                         side, t->required, rule);
    return xasprintf("The curve has not turned yet: only the latest %zu %s %s the 95%% "
                     "prediction interval of the baseline's trend, and %zu in a row are needed "
                     "(%s).",
                     t->consecutive, plural(t->consecutive, "value lies", "values lie"), side,
                     t->required, rule);
}

double rc_target_line(double start_value, long start_day, double target, long target_day, long day)
{
    if (day >= target_day || target_day <= start_day)
        return target;
    if (day <= start_day)
        return start_value;
    return start_value +
           (target - start_value) * (double)(day - start_day) / (double)(target_day - start_day);
}

/* ---- Rate tests ---- */

void rc_window_init(struct rc_window *w)
{
    memset(w, 0, sizeof *w);
    w->first_day = -1;
    w->last_day = -1;
}

void rc_window_add(struct rc_window *w, double events, double exposure, long start_day,
                   long end_day)
{
    w->events += events;
    w->exposure += exposure;
    w->periods++;
    if (w->first_day < 0 || start_day < w->first_day)
        w->first_day = start_day;
    if (end_day > w->last_day)
        w->last_day = end_day;
}

double rc_window_rate(const struct rc_window *w)
{
    if (w->exposure <= 0)
        return NAN;
    return w->events / w->exposure;
}

double rc_percent_change(double rate_before, double rate_after)
{
    if (!isfinite(rate_before) || !isfinite(rate_after) || rate_before <= 0)
        return NAN;
    return (rate_after / rate_before - 1.0) * 100.0;
}

void rc_format_p(double p, char *out, size_t len)
{
    if (!isfinite(p))
        snprintf(out, len, "p not known");
    else if (p < 0.001)
        snprintf(out, len, "p < 0.001");
    else if (p < 0.01)
        snprintf(out, len, "p = %.3f", p);
    else
        snprintf(out, len, "p = %.2f", p);
}

char *rc_before_after_sentence(const char *change_date_words, const struct rate_comparison *c)
{
    if (!c->valid)
        return xasprintf("The rates before and after %s cannot be compared: at least one of them "
                         "rests on no events.",
                         change_date_words);
    char p[32];
    rc_format_p(c->p, p, sizeof p);
    double change = (c->ratio - 1.0) * 100.0;
    const char *significance = c->p < 0.05 ? "" : "not ";
    if (fabs(change) < 0.05)
        return xasprintf("After %s the rate was the same as before (rate ratio %.2f, 95%% "
                         "confidence interval %.2f to %.2f); the change is %sstatistically "
                         "significant (%s).",
                         change_date_words, c->ratio, c->low, c->high, significance, p);
    return xasprintf("After %s the rate was %.1f%% %s than before (rate ratio %.2f, 95%% "
                     "confidence interval %.2f to %.2f); the change is %sstatistically "
                     "significant (%s).",
                     change_date_words, fabs(change), change < 0 ? "lower" : "higher", c->ratio,
                     c->low, c->high, significance, p);
}

static void change_verb(double pct, char *out, size_t len)
{
    if (fabs(pct) < 0.05)
        snprintf(out, len, "did not change");
    else
        snprintf(out, len, "%s %.1f%%", pct < 0 ? "fell" : "rose", fabs(pct));
}

static void change_noun(double pct, char *out, size_t len)
{
    if (fabs(pct) < 0.05)
        snprintf(out, len, "no change");
    else
        snprintf(out, len, "a %s of %.1f%%", pct < 0 ? "fall" : "rise", fabs(pct));
}

char *rc_did_sentence(const char *group_name, double group_change_pct, double rest_change_pct,
                      const struct rate_comparison *c)
{
    if (!isfinite(group_change_pct) || !isfinite(rest_change_pct))
        return xasprintf("The changes in %s and in the rest of the authority cannot be compared: "
                         "at least one rate rests on no events.",
                         group_name);
    char verb[64], noun[64], p[32];
    change_verb(group_change_pct, verb, sizeof verb);
    change_noun(rest_change_pct, noun, sizeof noun);
    if (!c->valid)
        return xasprintf("The rate in %s %s, against %s in the rest of the authority; there are "
                         "too few events to test the difference.",
                         group_name, verb, noun);
    rc_format_p(c->p, p, sizeof p);
    return xasprintf("The rate in %s %s, against %s in the rest of the authority; the difference "
                     "is %sstatistically significant (%s).",
                     group_name, verb, noun, c->p < 0.05 ? "" : "not ", p);
}

double rc_round(double x, int places)
{
    if (!isfinite(x))
        return x;
    double f = pow(10.0, places);
    double r = round(x * f) / f;
    return r == 0 ? 0 : r; /* no "-0" */
}
