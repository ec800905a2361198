/* OBA report-card arithmetic: trend and forecast band, turning the curve, targets, rate tests. */
#ifndef FGCD_REPORT_CARD_H
#define FGCD_REPORT_CARD_H

#include "stats.h"

#include <stdbool.h>
#include <stddef.h>

/* Dates as days since 1970-01-01; parse accepts YYYY-MM-DD only. */
bool rc_parse_date(const char *s, long *days);
void rc_format_date(long days, char out[11]);
/* "1 May 2024", for sentences. */
void rc_date_words(long days, char *out, size_t len);

/*
 * Least squares of the baseline values on their period index (0, 1, 2, ...). present[i] is false
 * for a value that cannot be used (suppressed or unknown); such periods keep their index. Returns
 * false with fewer than 3 usable values.
 */
bool rc_fit_baseline(const double *values, const bool *present, size_t n, struct trend *out);

/* Where a value lies against a forecast and its 95% prediction interval. */
enum rc_position { RC_WITHIN, RC_ABOVE, RC_BELOW, RC_MISSING };
enum rc_position rc_position(double value, double forecast, double half_width);
const char *rc_position_name(enum rc_position p, int lower_is_better);

/* An indicator's direction: lower is better, higher is better, or neither (catalogue NULL). */
enum rc_direction { RC_LOWER_BETTER, RC_HIGHER_BETTER, RC_NO_DIRECTION };

/*
 * Has the curve turned? The latest values (positions of the actual points, oldest first) must lie
 * outside the prediction interval on the better side for at least `required` consecutive points.
 * consecutive counts the trailing run on the better side (with no direction: on one side, the
 * side of the last point). turned is 1 or 0, or -1 when the indicator has no better direction.
 */
struct rc_turn {
    int turned;
    size_t consecutive;
    size_t required;
    size_t available; /* actual points */
    enum rc_position side;
};
struct rc_turn rc_turned(const enum rc_position *positions, size_t n, enum rc_direction direction,
                         size_t required);
/* The sentence that explains the decision; malloc'd. */
char *rc_turn_sentence(const struct rc_turn *t, enum rc_direction direction);

/*
 * The target line: a straight line from start_value on start_day to target on target_day, then
 * level at the target.
 */
double rc_target_line(double start_value, long start_day, double target, long target_day, long day);

/* Events and exposure summed over the periods of a window of a rate test. */
struct rc_window {
    double events, exposure;
    size_t periods, skipped;
    long first_day, last_day; /* first period's start, last period's end; -1 when none */
};
void rc_window_init(struct rc_window *w);
void rc_window_add(struct rc_window *w, double events, double exposure, long start_day,
                   long end_day);
/* events / exposure, or NAN. */
double rc_window_rate(const struct rc_window *w);

/* (after / before - 1) x 100: the percentage change of a rate. */
double rc_percent_change(double rate_before, double rate_after);

/* "p = 0.21", "p = 0.006", "p < 0.001". */
void rc_format_p(double p, char *out, size_t len);

/* "After 1 May 2024 the rate was 18.4% higher than before (rate ratio 1.18, ...) ..."; malloc'd. */
char *rc_before_after_sentence(const char *change_date_words, const struct rate_comparison *c);

/*
 * "The rate in Targeted clusters fell 6.5%, against a fall of 1.2% in the rest of the
 * authority; the difference is not statistically significant (p = 0.21)."; malloc'd.
 */
char *rc_did_sentence(const char *group_name, double group_change_pct, double rest_change_pct,
                      const struct rate_comparison *c);

/* Rounds to `places` decimal places (for output: keeps JSON free of binary noise). */
double rc_round(double x, int places);

#endif
