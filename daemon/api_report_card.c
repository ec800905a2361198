/* OBA report cards (series from SQL, arithmetic in C), indicator targets, FGC cost-benefit. */
#include "api_report_card.h"
#include "api_call.h"
#include "config.h"
#include "log.h"
#include "report_card.h"
#include "routes.h"
#include "server.h"
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

static const char *const unavailable = "The database is unavailable. Try again shortly.";

/* ---- Reading the inputs ---- */

/* One period of a series, as read from api.indicator_report_card. */
struct rc_pt {
    const json_t *json; /* the point as the series gave it */
    long start, end;    /* days since 1970-01-01 */
    bool suppressed;
    double value, numerator, denominator; /* NAN when suppressed or unknown */
    double population;                    /* NAN when no estimate is loaded */
};

static double num_or_nan(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static struct rc_pt *read_points(const json_t *series, size_t *n_out)
{
    const json_t *points = json_object_get(series, "points");
    const json_t *pops = json_object_get(series, "populations");
    size_t n = json_array_size(points);
    struct rc_pt *pts = xcalloc(n ? n : 1, sizeof *pts);
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(points, i);
        pts[i].json = p;
        if (!rc_parse_date(json_string_value(json_object_get(p, "period_start")), &pts[i].start))
            pts[i].start = 0;
        if (!rc_parse_date(json_string_value(json_object_get(p, "period_end")), &pts[i].end))
            pts[i].end = pts[i].start;
        pts[i].suppressed = json_is_true(json_object_get(p, "suppressed"));
        pts[i].value = num_or_nan(json_object_get(p, "value"));
        pts[i].numerator = num_or_nan(json_object_get(p, "numerator"));
        pts[i].denominator = num_or_nan(json_object_get(p, "denominator"));
        pts[i].population = num_or_nan(json_array_get(pops, i));
    }
    *n_out = n;
    return pts;
}

/* ---- Writing the result ---- */

/* A number for the body (9 decimal places keep binary noise out), or null. */
static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(rc_round(x, 9)) : json_null();
}

static json_t *jdate(long days)
{
    char buf[11];
    rc_format_date(days, buf);
    return json_string(buf);
}

static void copy_member(json_t *to, const char *key, const json_t *from, const char *from_key)
{
    json_t *v = json_object_get(from, from_key ? from_key : key);
    json_object_set_new(to, key, v ? json_deep_copy(v) : json_null());
}

/* ---- The trend, the forecast and the turn ---- */

static const char *direction_words(enum rc_direction d)
{
    return d == RC_LOWER_BETTER    ? "lower is better"
           : d == RC_HIGHER_BETTER ? "higher is better"
                                   : "neither direction is better";
}

/* ---- Rate tests ---- */

struct test_windows {
    struct rc_window before, after;
    size_t straddling; /* periods containing the change date: in neither window */
};

/*
 * Sums a series into the windows before and after the change date. Events: a flow's count, or
 * for a snapshot its count at each period's end held for the period (child-years in the
 * state); for a percentage its numerator. Exposure: population x years (person-years), or
 * years alone when an estimate is missing, or for a percentage its denominator.
 */
static void sum_windows(const struct rc_pt *pts, size_t n, long change, bool percentage,
                        bool snapshot, bool use_population, struct test_windows *w)
{
    rc_window_init(&w->before);
    rc_window_init(&w->after);
    w->straddling = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rc_pt *p = &pts[i];
        if (p->start < change && p->end >= change) {
            w->straddling++;
            continue;
        }
        struct rc_window *win = p->end < change ? &w->before : &w->after;
        if (p->suppressed || !isfinite(p->numerator)) {
            win->skipped++;
            continue;
        }
        double years = (double)(p->end - p->start + 1) / 365.25;
        double events, exposure;
        if (percentage) {
            events = p->numerator;
            exposure = isfinite(p->denominator) ? p->denominator : 0;
        } else {
            events = snapshot ? p->numerator * years : p->numerator;
            exposure = use_population ? p->population * years : years;
        }
        rc_window_add(win, events, exposure, p->start, p->end);
    }
}

static bool populations_known(const struct rc_pt *pts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(pts[i].population > 0))
            return false;
    return n > 0;
}

static json_t *window_json(const struct rc_window *w)
{
    return json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:o}", "from",
                     w->first_day >= 0 ? jdate(w->first_day) : json_null(), "to",
                     w->last_day >= 0 ? jdate(w->last_day) : json_null(), "periods",
                     (json_int_t)w->periods, "periods_suppressed", (json_int_t)w->skipped, "events",
                     jnum(w->events), "exposure", jnum(w->exposure), "rate",
                     jnum(rc_window_rate(w)));
}

static void add_comparison(json_t *obj, const struct rate_comparison *c)
{
    json_object_set_new(obj, "ratio", c->valid ? jnum(c->ratio) : json_null());
    json_object_set_new(obj, "ci_low", c->valid ? jnum(c->low) : json_null());
    json_object_set_new(obj, "ci_high", c->valid ? jnum(c->high) : json_null());
    json_object_set_new(obj, "p", c->valid ? jnum(c->p) : json_null());
    json_object_set_new(obj, "significant", c->valid ? json_boolean(c->p < 0.05) : json_null());
    json_object_set_new(obj, "valid", json_boolean(c->valid));
}

static json_t *significance(const json_t *in, const struct rc_pt *pts, size_t n,
                            const struct rc_pt *rest, size_t nrest, const char *statistic,
                            const char *kind, long change)
{
    json_t *sig = json_object();
    if (strcmp(statistic, "median") == 0) {
        json_object_set_new(sig, "before_after", json_null());
        json_object_set_new(sig, "note",
                            json_string("A median is not a rate of events, so no rate "
                                        "test applies to it."));
        return sig;
    }
    if (strcmp(statistic, "mean") == 0 || strcmp(statistic, "percentage_of_target") == 0) {
        json_object_set_new(sig, "before_after", json_null());
        json_object_set_new(sig, "note",
                            json_string(strcmp(statistic, "mean") == 0
                                            ? "A mean is not a rate of events, so no rate test "
                                              "applies to it."
                                            : "Progress to a target is a running total, not a "
                                              "rate of events, so no rate test applies to it."));
        return sig;
    }
    bool percentage = strcmp(statistic, "percentage") == 0;
    bool snapshot = strcmp(kind, "snapshot") == 0;
    bool use_population =
        !percentage && populations_known(pts, n) && (!rest || populations_known(rest, nrest));
    const char *exposure_unit = percentage       ? "cases (the denominator)"
                                : use_population ? "person-years (population aged 0 to 17 x years)"
                                                 : "years (no population estimate for every "
                                                   "period, so time alone)";
    const char *event_unit = percentage ? "cases counted in the numerator"
                             : snapshot ? "child-years in the state (each period's count at its "
                                          "end, held for the period)"
                                        : "events counted in the periods";
    char when[40];
    rc_date_words(change, when, sizeof when);
    const char *name = json_string_value(json_object_get(
        json_object_get(json_array_get(json_object_get(in, "series"), 0), "area"), "name"));
    if (!name)
        name = "the area";

    struct test_windows w;
    sum_windows(pts, n, change, percentage, snapshot, use_population, &w);
    struct rate_comparison c =
        stats_compare_rates(w.before.events, w.before.exposure, w.after.events, w.after.exposure);
    json_t *ba = json_object();
    json_object_set_new(ba, "test",
                        json_string("Poisson rate ratio: rate after the change date "
                                    "divided by the rate before it"));
    json_object_set_new(ba, "area", json_string(name));
    json_object_set_new(ba, "change_date", jdate(change));
    json_object_set_new(ba, "events", json_string(event_unit));
    json_object_set_new(ba, "exposure", json_string(exposure_unit));
    json_object_set_new(ba, "before", window_json(&w.before));
    json_object_set_new(ba, "after", window_json(&w.after));
    json_object_set_new(ba, "periods_containing_change_date",
                        json_integer((json_int_t)w.straddling));
    add_comparison(ba, &c);
    char *sentence = rc_before_after_sentence(when, &c);
    json_object_set_new(ba, "summary", json_string(sentence));
    free(sentence);
    json_object_set_new(sig, "before_after", ba);

    if (rest) {
        struct test_windows r;
        sum_windows(rest, nrest, change, percentage, snapshot, use_population, &r);
        struct rate_comparison d = stats_ratio_of_ratios(
            w.before.events, w.before.exposure, w.after.events, w.after.exposure, r.before.events,
            r.before.exposure, r.after.events, r.after.exposure);
        double gpct = rc_percent_change(rc_window_rate(&w.before), rc_window_rate(&w.after));
        double rpct = rc_percent_change(rc_window_rate(&r.before), rc_window_rate(&r.after));
        const char *rest_name = json_string_value(json_object_get(
            json_object_get(json_array_get(json_object_get(in, "series"), 1), "area"), "name"));
        json_t *did = json_object();
        json_object_set_new(did, "test",
                            json_string("Difference in differences on the ratio scale: the "
                                        "targeted area's rate ratio (after / before) divided by "
                                        "the rest's"));
        json_object_set_new(did, "change_date", jdate(change));
        json_object_set_new(did, "events", json_string(event_unit));
        json_object_set_new(did, "exposure", json_string(exposure_unit));
        json_object_set_new(did, "targeted",
                            json_pack("{s:s, s:o, s:o, s:o}", "area", name, "before",
                                      window_json(&w.before), "after", window_json(&w.after),
                                      "change_percent", jnum(gpct)));
        json_object_set_new(did, "rest",
                            json_pack("{s:s, s:o, s:o, s:o}", "area",
                                      rest_name ? rest_name : "the rest", "before",
                                      window_json(&r.before), "after", window_json(&r.after),
                                      "change_percent", jnum(rpct)));
        add_comparison(did, &d);
        char *s = rc_did_sentence(name, gpct, rpct, &d);
        json_object_set_new(did, "summary", json_string(s));
        free(s);
        json_object_set_new(sig, "compared_with_rest", did);
    }
    return sig;
}

/* ---- The report card ---- */

static json_t *target_json(const json_t *tg, const struct rc_pt *pts, size_t n, size_t nb,
                           enum rc_direction dir)
{
    if (!json_is_object(tg))
        return json_null();
    json_t *t = json_deep_copy(tg);
    double target = num_or_nan(json_object_get(tg, "value"));
    long target_day;
    if (!rc_parse_date(json_string_value(json_object_get(tg, "date")), &target_day) ||
        !isfinite(target))
        return t;
    size_t last = nb;
    for (size_t i = 0; i < nb; i++)
        if (isfinite(pts[i].value))
            last = i;
    if (last == nb) {
        json_object_set_new(t, "start", json_null());
        json_object_set_new(t, "line", json_array());
        json_object_set_new(t, "note",
                            json_string("There is no baseline value to draw the target "
                                        "line from (all are suppressed or unknown)."));
        return t;
    }
    double start = pts[last].value;
    long start_day = pts[last].end;
    json_object_set_new(t, "start",
                        json_pack("{s:o, s:o}", "date", jdate(start_day), "value", jnum(start)));
    json_t *line = json_array();
    json_t *latest = json_null();
    for (size_t i = nb; i < n; i++) {
        double v = rc_target_line(start, start_day, target, target_day, pts[i].end);
        json_array_append_new(
            line, json_pack("{s:o, s:o}", "period_end", jdate(pts[i].end), "value", jnum(v)));
        if (isfinite(pts[i].value)) {
            double tol = 1e-9 * fmax(1.0, fabs(v));
            json_t *on_track = dir == RC_LOWER_BETTER    ? json_boolean(pts[i].value <= v + tol)
                               : dir == RC_HIGHER_BETTER ? json_boolean(pts[i].value >= v - tol)
                                                         : json_null();
            json_decref(latest);
            latest = json_pack("{s:o, s:o, s:o, s:o}", "period_end", jdate(pts[i].end), "value",
                               jnum(pts[i].value), "target_line", jnum(v), "on_track", on_track);
        }
    }
    json_object_set_new(t, "line", line);
    json_object_set_new(t, "latest", latest);
    return t;
}

json_t *report_card_from_inputs(const json_t *in)
{
    const json_t *ind = json_object_get(in, "indicator");
    const char *statistic = json_string_value(json_object_get(ind, "statistic"));
    const char *kind = json_string_value(json_object_get(ind, "kind"));
    if (!statistic)
        statistic = "count";
    if (!kind)
        kind = "flow";
    const json_t *lib = json_object_get(ind, "lower_is_better");
    enum rc_direction dir = json_is_true(lib)    ? RC_LOWER_BETTER
                            : json_is_false(lib) ? RC_HIGHER_BETTER
                                                 : RC_NO_DIRECTION;
    int lib_int = dir == RC_LOWER_BETTER ? 1 : dir == RC_HIGHER_BETTER ? 0 : -1;
    long bto = 0, change = 0;
    rc_parse_date(json_string_value(json_object_get(in, "baseline_to")), &bto);
    if (!rc_parse_date(json_string_value(json_object_get(in, "change_date")), &change))
        change = bto + 1;
    json_int_t turn_points = json_integer_value(json_object_get(in, "turn_points"));
    size_t required = turn_points > 0 ? (size_t)turn_points : 3;
    const json_t *series = json_object_get(in, "series");
    bool compare = json_is_true(json_object_get(in, "compare")) && json_array_size(series) > 1;

    size_t n = 0, nrest = 0;
    struct rc_pt *pts = read_points(json_array_get(series, 0), &n);
    struct rc_pt *rest = compare ? read_points(json_array_get(series, 1), &nrest) : NULL;
    size_t nb = 0;
    while (nb < n && pts[nb].end <= bto)
        nb++;

    json_t *out = json_object();
    copy_member(out, "indicator", ind, "id");
    copy_member(out, "name", ind, NULL);
    copy_member(out, "unit", ind, NULL);
    copy_member(out, "statistic", ind, NULL);
    copy_member(out, "kind", ind, NULL);
    copy_member(out, "lower_is_better", ind, NULL);
    copy_member(out, "period", in, NULL);
    copy_member(out, "area", json_array_get(series, 0), NULL);
    if (compare) {
        copy_member(out, "compare_area", json_array_get(series, 1), "area");
        copy_member(out, "local_authority", in, "whole");
    }
    copy_member(out, "disclosure_control", in, NULL);

    /* The baseline and its trend. */
    double *values = xcalloc(nb ? nb : 1, sizeof *values);
    bool *present = xcalloc(nb ? nb : 1, sizeof *present);
    size_t used = 0;
    for (size_t i = 0; i < nb; i++) {
        values[i] = pts[i].value;
        present[i] = isfinite(pts[i].value);
        used += present[i];
    }
    struct trend tr;
    bool fitted = rc_fit_baseline(values, present, nb, &tr);
    free(values);
    free(present);

    json_t *base_points = json_array();
    for (size_t i = 0; i < nb; i++) {
        json_t *p = json_deep_copy(pts[i].json);
        json_object_set_new(p, "trend",
                            fitted ? jnum(tr.intercept + tr.slope * (double)i) : json_null());
        json_array_append_new(base_points, p);
    }
    json_t *baseline = json_object();
    copy_member(baseline, "from", in, "baseline_from");
    copy_member(baseline, "to", in, "baseline_to");
    json_object_set_new(baseline, "points", base_points);
    json_object_set_new(out, "baseline", baseline);

    if (fitted) {
        json_object_set_new(
            out, "trend",
            json_pack("{s:s, s:o, s:o, s:o, s:I, s:I, s:o}", "method",
                      "ordinary least squares of the baseline values on the period number (the "
                      "first baseline period is 0); 95% prediction interval from Student's t",
                      "slope_per_period", jnum(tr.slope), "intercept", jnum(tr.intercept),
                      "residual_sd", jnum(tr.residual_sd), "points_used", (json_int_t)used,
                      "degrees_of_freedom", (json_int_t)(used - 2), "t_975",
                      jnum(stats_t975(used - 2))));
    } else {
        json_object_set_new(out, "trend", json_null());
        char *note = xasprintf("The baseline has %zu usable %s (suppressed and unknown values are "
                               "left out); a trend needs at least 3, so no forecast is drawn.",
                               used, used == 1 ? "value" : "values");
        json_object_set_new(out, "trend_note", json_string(note));
        free(note);
    }

    /* The forecast and the actual points after the baseline. */
    json_t *forecast = json_array(), *actual = json_array();
    size_t na = n - nb;
    enum rc_position *pos = xcalloc(na ? na : 1, sizeof *pos);
    double *f = xcalloc(na ? na : 1, sizeof *f), *hw = xcalloc(na ? na : 1, sizeof *hw);
    for (size_t i = nb; i < n; i++) {
        size_t k = i - nb;
        f[k] = hw[k] = NAN;
        if (fitted)
            f[k] = stats_forecast(&tr, (double)i, &hw[k]);
        pos[k] = fitted ? rc_position(pts[i].value, f[k], hw[k]) : RC_MISSING;
        json_array_append_new(forecast, json_pack("{s:o, s:o, s:o, s:o, s:o}", "period_start",
                                                  jdate(pts[i].start), "period_end",
                                                  jdate(pts[i].end), "value", jnum(f[k]), "low",
                                                  jnum(f[k] - hw[k]), "high", jnum(f[k] + hw[k])));
        json_t *p = json_deep_copy(pts[i].json);
        json_object_set_new(p, "forecast", jnum(f[k]));
        json_object_set_new(p, "low", jnum(f[k] - hw[k]));
        json_object_set_new(p, "high", jnum(f[k] + hw[k]));
        json_object_set_new(p, "position", json_string(rc_position_name(pos[k], lib_int)));
        json_array_append_new(actual, p);
    }
    json_object_set_new(out, "forecast", forecast);
    json_object_set_new(out, "actual", actual);

    json_object_set_new(out, "target", target_json(json_object_get(in, "target"), pts, n, nb, dir));

    /* Has the curve turned? */
    json_t *turn = json_object();
    json_object_set_new(turn, "rule",
                        json_string("The curve has turned when the latest values lie outside the "
                                    "forecast's 95% prediction interval on the better side for "
                                    "at least the required number of consecutive periods."));
    json_object_set_new(turn, "direction", json_string(direction_words(dir)));
    json_object_set_new(turn, "points_required", json_integer((json_int_t)required));
    json_object_set_new(turn, "actual_points", json_integer((json_int_t)na));
    if (!fitted) {
        json_object_set_new(turn, "turned", json_null());
        json_object_set_new(turn, "consecutive", json_null());
        json_object_set_new(turn, "deciding_points", json_array());
        json_object_set_new(turn, "summary",
                            json_string("There is no trend to forecast from (too few baseline "
                                        "values), so whether the curve has turned cannot be "
                                        "judged."));
    } else {
        struct rc_turn t = rc_turned(pos, na, dir, required);
        json_object_set_new(turn, "turned", t.turned < 0 ? json_null() : json_boolean(t.turned));
        json_object_set_new(turn, "consecutive", json_integer((json_int_t)t.consecutive));
        json_t *deciding = json_array();
        size_t first = na > required ? na - required : 0;
        if (t.consecutive > na - first)
            first = na - t.consecutive;
        for (size_t k = first; k < na; k++) {
            const struct rc_pt *p = &pts[nb + k];
            json_array_append_new(deciding,
                                  json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "period_start",
                                            jdate(p->start), "period_end", jdate(p->end), "value",
                                            jnum(p->value), "forecast", jnum(f[k]), "low",
                                            jnum(f[k] - hw[k]), "high", jnum(f[k] + hw[k]),
                                            "position", rc_position_name(pos[k], lib_int)));
        }
        json_object_set_new(turn, "deciding_points", deciding);
        char *s = rc_turn_sentence(&t, dir);
        json_object_set_new(turn, "summary", json_string(s));
        free(s);
    }
    json_object_set_new(out, "turn", turn);
    free(pos);
    free(f);
    free(hw);

    json_object_set_new(out, "significance",
                        significance(in, pts, n, rest, nrest, statistic, kind, change));
    free(pts);
    free(rest);
    return out;
}

/* ---- HTTP ---- */

static void report_card_reply(const struct db_reply *reply, void *arg)
{
    struct request *req = arg;
    if (reply->outcome == DB_UNAVAILABLE) {
        reply_problem(req, 503, "Service unavailable", unavailable);
        return;
    }
    if (reply->outcome == DB_SQL_ERROR) {
        api_reply_sql_error(req, reply->res);
        return;
    }
    json_t *result =
        PQntuples(reply->res) == 1 ? json_loads(PQgetvalue(reply->res, 0, 0), 0, NULL) : NULL;
    const json_t *inputs = json_object_get(result, "body");
    if (!json_is_object(inputs)) {
        json_decref(result);
        log_error("[%s] indicator_report_card returned no body", req->id);
        reply_problem(req, 500, "Internal error", "Something went wrong on our side.");
        return;
    }
    json_t *card = report_card_from_inputs(inputs);
    json_decref(result);
    /* 15 significant digits: enough for every figure, and 0.1 is written as 0.1. */
    char *text = json_dumps(card, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
    json_decref(card);
    if (!text) {
        reply_problem(req, 500, "Internal error", "The response could not be encoded.");
        return;
    }
    size_t len = strlen(text);
    char *withnl = xmalloc(len + 2);
    memcpy(withnl, text, len);
    withnl[len] = '\n';
    reply_raw(req, 200, "application/json", withnl, len + 1);
    free(withnl);
    free(text);
}

void api_indicator_report_card(struct request *req)
{
    json_t *errors = json_array();
    json_t *args = validate_query(&req->query, req->route->query, errors);
    if (!args) {
        reply_invalid(req, 422, "Correct the parameters listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    api_add_path_params(req, args);
    json_t *ctx = api_ctx_base(req);
    char *ctx_text = json_dumps(ctx, JSON_COMPACT);
    char *args_text = json_dumps(args, JSON_COMPACT);
    json_decref(ctx);
    json_decref(args);
    const char *params[] = {ctx_text, args_text};
    int rc = db_pool_query(req->srv->db,
                           "SELECT api.dispatch('indicator_report_card', $1::jsonb, $2::jsonb)", 2,
                           params, report_card_reply, req);
    free(ctx_text);
    free(args_text);
    if (rc != 0)
        reply_problem(req, 503, "Service unavailable", unavailable);
}

void api_indicator_target_write(struct request *req)
{
    if (TAILQ_FIRST(&req->query)) {
        reply_problem(req, 400, "Bad request", "This request takes no query parameters.");
        return;
    }
    json_t *body = api_read_body(req, false);
    if (!body)
        return;
    bool create = req->method == EVHTTP_REQ_POST;
    json_t *errors = json_array();
    json_t *others = json_copy(body);
    json_t *value = json_object_get(body, "target_value");
    json_object_del(others, "target_value");
    static const struct field_spec nothing[] = {{NULL}};
    validate_object(others, req->route->body ? req->route->body : nothing,
                    create ? VALIDATE_CREATE : VALIDATE_FILTER, NULL, errors);
    json_decref(others);
    if (!value) {
        if (create)
            json_array_append_new(
                errors, json_pack("{s:s, s:s}", "field", "target_value", "message", "Is required"));
        else if (json_object_size(body) == 0)
            json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "(body)", "message",
                                                    "Give at least one field to change"));
    } else if (!json_is_number(value) || !isfinite(json_number_value(value)) ||
               json_number_value(value) < 0 || json_number_value(value) >= 1e12) {
        json_array_append_new(errors,
                              json_pack("{s:s, s:s}", "field", "target_value", "message",
                                        "Must be a number of 0 or more, for example 85 or 12.5"));
    } else {
        /* Sent on as text with 15 significant digits, so 0.1 arrives as 0.1 and not as the
         * nearest binary fraction. */
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", json_number_value(value));
        json_object_set_new(body, "target_value", json_string(buf));
    }
    if (json_array_size(errors) > 0) {
        json_decref(body);
        reply_invalid(req, 422, "Correct the fields listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    api_add_path_params(req, body);
    api_call(req, req->route->fn, body);
}

void api_cost_benefit(struct request *req)
{
    json_t *errors = json_array();
    json_t *args = validate_query(&req->query, req->route->query, errors);
    if (!args) {
        reply_invalid(req, 422, "Correct the parameters listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    json_object_set_new(args, "unit_costs",
                        json_pack("{s:I, s:I, s:I}", "cin_week", (json_int_t)settings.cost_cin_week,
                                  "cpp_week", (json_int_t)settings.cost_cpp_week, "cla_week",
                                  (json_int_t)settings.cost_cla_week));
    api_call(req, "cost_benefit", args);
}
