/* fgc indicators, indicator and series: the OBA indicators' catalogue, values and series. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "table.h"
#include "text.h"

int cmd_indicators(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 0, 0);
    if (code != CLI_GO) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", "/api/v1/indicators", NULL, NULL, &r, NULL);
    if (code == EXIT_OK && s->json) {
        out_json(r.json);
    } else if (code == EXIT_OK) {
        static const char *const headers[] = {"ID", "NAME", "KIND", "UNIT", "YOU MAY READ"};
        struct table *t = table_new(5, headers);
        size_t i;
        json_t *ind;
        json_array_foreach(json_object_get(r.json, "items"), i, ind)
        {
            const char *row[] = {jget(ind, "id"), jget(ind, "name"), jget(ind, "kind"),
                                 jget(ind, "unit"), jget(ind, "readable")};
            table_add(t, row);
        }
        table_print(t, stdout, "");
        table_free(t);
    }
    reply_free(&r);
    return code;
}

/* "LS-ARM Armley cluster (cluster)" from an area label. */
static const char *area_words(const json_t *area)
{
    if (!json_is_object(area)) {
        return jtext(area);
    }
    const char *code = jget(area, "code");
    const char *name = jget(area, "name");
    const char *kind = jget(area, "kind");
    return text_fmt("%s%s%s%s%s%s", code ? code : "", code && name ? " " : "", name ? name : "",
                    kind ? " (" : "", kind ? kind : "", kind ? ")" : "");
}

static const char *population_words(const json_t *pop)
{
    if (!json_is_object(pop)) {
        return NULL;
    }
    return text_fmt("%s (mid-%s estimate, %s)", jget(pop, "value"), jget(pop, "year"),
                    jget(pop, "vintage"));
}

static void value_print(const json_t *body, const json_t *v, const char *label)
{
    const char *pairs[] = {label,
                           area_words(json_object_get(v, "area")),
                           "Value",
                           text_fmt("%s %s", jget(v, "value") ? jget(v, "value") : "-",
                                    jget(body, "unit") ? jget(body, "unit") : ""),
                           "Numerator",
                           jget(v, "numerator"),
                           "Denominator",
                           jget(v, "denominator"),
                           "Population",
                           population_words(json_object_get(v, "population")),
                           "Suppressed",
                           jget(v, "suppressed")};
    summary_print(stdout, pairs, 6);
}

static const struct field_alias indicator_aliases[] = {
    {"area", "--area"},     {"group", "--group"}, {"at", "--at"},
    {"year", "--year"},     {"from", "--from"},   {"to", "--to"},
    {"period", "--period"}, {"areas", "--areas"}, {NULL, NULL}};

/* Adds the options shared by indicator and series to q. */
static void common_query(struct query *q, struct opt *opts)
{
    query_add(q, "area", args_value(opts, "area"));
    query_add(q, "group", args_value(opts, "group"));
    query_add(q, "compare", args_given(opts, "compare-rest") ? "rest" : NULL);
    query_add(q, "from", args_value(opts, "from"));
    query_add(q, "to", args_value(opts, "to"));
    query_add(q, "suppress", args_given(opts, "suppress") ? "true" : NULL);
    query_add(q, "round10", args_given(opts, "round10") ? "true" : NULL);
}

#define COMMON_OPTIONS                                                                             \
    {"area", OPT_VALUE, "CODE", "a cluster or local authority", false, NULL, NULL, 0},             \
        {"group", OPT_VALUE, "GROUP", "an area group, by id or name", false, NULL, NULL, 0},       \
        {"compare-rest", OPT_FLAG, NULL, "also the rest of the local authority",                   \
         false,          NULL,     NULL, 0},                                                       \
        {"from", OPT_VALUE, "DATE", "start of the period", false, NULL, NULL, 0},                  \
        {"to", OPT_VALUE, "DATE", "end of the period", false, NULL, NULL, 0},                      \
        {"suppress", OPT_FLAG, NULL, "apply disclosure control (small numbers shown as c)",        \
         false,      NULL,     NULL, 0},                                                           \
    {                                                                                              \
        "round10", OPT_FLAG, NULL, "round counts to the nearest 10", false, NULL, NULL, 0          \
    }

int cmd_indicator(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {
        COMMON_OPTIONS,
        {"at", OPT_VALUE, "DATE", "a snapshot's date (default today)", false, NULL, NULL, 0},
        {"year", OPT_VALUE, "YEAR", "the reporting year ending 31 March YEAR", false, NULL, NULL,
         0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    if (code != CLI_GO) {
        return code;
    }
    long long year;
    if (args_given(opts, "year") && !parse_int(args_value(opts, "year"), 1900, 2200, &year)) {
        return cli_usage(c, "--year is a year such as 2025");
    }
    struct query q;
    query_init(&q, "/api/v1/indicators");
    query_segment(&q, a.pos[0]);
    common_query(&q, opts);
    query_add(&q, "at", args_value(opts, "at"));
    query_add(&q, "year", args_value(opts, "year"));
    struct reply r;
    code = api_call(s, "GET", q.text, NULL, NULL, &r, indicator_aliases);
    query_free(&q);
    if (code == EXIT_OK && s->json) {
        out_json(r.json);
    } else if (code == EXIT_OK) {
        printf("%s (%s)\n", jget(r.json, "name"), jget(r.json, "indicator"));
        const json_t *period = json_object_get(r.json, "period");
        if (jget(r.json, "at")) {
            printf("At %s\n\n", jget(r.json, "at"));
        } else if (period) {
            printf("From %s to %s\n\n", jget(period, "from"), jget(period, "to"));
        }
        value_print(r.json, r.json, "Area");
        const json_t *compare = json_object_get(r.json, "compare");
        if (compare) {
            putchar('\n');
            value_print(r.json, compare, "Compared with");
        }
    }
    reply_free(&r);
    return code;
}

static void points_print(const json_t *points, const char *indent)
{
    static const char *const headers[] = {"FROM", "TO", "VALUE", "NUMERATOR", "DENOMINATOR"};
    struct table *t = table_new(5, headers);
    size_t i;
    json_t *p;
    json_array_foreach(points, i, p)
    {
        const char *row[] = {jget(p, "period_start"), jget(p, "period_end"), jget(p, "value"),
                             jget(p, "numerator"), jget(p, "denominator")};
        table_add(t, row);
    }
    table_print(t, stdout, indent);
    table_free(t);
}

int cmd_series(struct session *s, const struct command *c, int argc, char **argv)
{
    struct opt opts[] = {COMMON_OPTIONS,
                         {"period", OPT_VALUE, "PERIOD",
                          "week, month, quarter or year (default week)", false, NULL, NULL, 0},
                         {"areas", OPT_VALUE, "WHICH",
                          "all-clusters (of --area) or all-authorities", false, NULL, NULL, 0},
                         {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    if (code != CLI_GO) {
        return code;
    }
    struct query q;
    query_init(&q, "/api/v1/indicators");
    query_segment(&q, a.pos[0]);
    query_segment(&q, "series");
    common_query(&q, opts);
    query_add(&q, "period", args_value(opts, "period"));
    query_add(&q, "areas", args_value(opts, "areas"));
    struct reply r;
    code = api_call(s, "GET", q.text, NULL, NULL, &r, indicator_aliases);
    query_free(&q);
    if (code == EXIT_OK && s->json) {
        out_json(r.json);
    } else if (code == EXIT_OK) {
        printf("%s (%s), by %s from %s to %s, %s\n", jget(r.json, "name"),
               jget(r.json, "indicator"), jget(r.json, "period"), jget(r.json, "from"),
               jget(r.json, "to"), jget(r.json, "unit"));
        const json_t *points = json_object_get(r.json, "points");
        if (points) {
            printf("Area: %s\n\n", area_words(json_object_get(r.json, "area")));
            points_print(points, "");
        } else {
            size_t i;
            json_t *one;
            json_array_foreach(json_object_get(r.json, "series"), i, one)
            {
                out_heading(area_words(json_object_get(one, "area")));
                points_print(json_object_get(one, "points"), "  ");
            }
        }
    }
    reply_free(&r);
    return code;
}
