/* Writes generated status histories with COPY, one authority at a time, optionally in bulk. */
#include "demo_status_load.h"
#include "demo_copy.h"
#include "demo_date.h"
#include "demo_status.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record tables and their current tables. */
static const struct {
    const char *records, *current;
} kinds[] = {
    {"fgc.cin_episode_records", "fgc.cin_episodes"},
    {"fgc.cpp_records", "fgc.cpp_plans"},
    {"fgc.cla_episode_records", "fgc.cla_episodes"},
    {"fgc.pre_proceedings_records", "fgc.pre_proceedings"},
};
enum { K_CIN, K_CPP, K_CLA, K_PP, K_COUNT };

/* The current tables filled from the records as the insert triggers would (migrations/0004,
 * and the set-based versions that replace them): one statement per table for the rows of
 * this load (ids from $1 on, source 'demo'; each a new episode, none a correction). */
static const char *const fill_current[K_COUNT] = {
    "INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date, "
    "referral_source, primary_need, referral_nfa, closure_date, closure_reason, domestic_abuse, "
    "source, area_id, local_authority_id) "
    "SELECT r.episode_id, r.id, r.child_id, r.referral_date, r.referral_source, r.primary_need, "
    "r.referral_nfa, r.closure_date, r.closure_reason, "
    "EXISTS (SELECT 1 FROM jsonb_array_elements(r.assessments) AS a, "
    "jsonb_array_elements_text(COALESCE(a->'factors', '[]')) AS f WHERE f IN ('3A', '3B', '3C')), "
    "r.source, ch.area_id, ch.local_authority_id FROM fgc.cin_episode_records r "
    "JOIN fgc.children ch ON ch.id = r.child_id "
    "WHERE r.id >= $1::bigint AND r.source = 'demo' AND NOT r.retracted ORDER BY r.id",
    "INSERT INTO fgc.cpp_plans (episode_id, record_id, child_id, cin_episode_id, start_date, "
    "end_date, icpc_date, initial_category, latest_category, number_of_previous_cpp, source, "
    "area_id, local_authority_id) "
    "SELECT r.episode_id, r.id, r.child_id, r.cin_episode_id, r.start_date, r.end_date, "
    "r.icpc_date, r.initial_category, r.latest_category, r.number_of_previous_cpp, r.source, "
    "ch.area_id, ch.local_authority_id "
    "FROM fgc.cpp_records r JOIN fgc.children ch ON ch.id = r.child_id "
    "WHERE r.id >= $1::bigint AND r.source = 'demo' AND NOT r.retracted ORDER BY r.id",
    "INSERT INTO fgc.cla_episodes (episode_id, record_id, child_id, decom, rne, ls, cin, place, "
    "place_provider, dec, rec, short_break, source, area_id, local_authority_id) "
    "SELECT r.episode_id, r.id, r.child_id, r.decom, r.rne, r.ls, r.cin, r.place, "
    "r.place_provider, r.dec, r.rec, r.ls IN ('V3', 'V4'), r.source, ch.area_id, "
    "ch.local_authority_id "
    "FROM fgc.cla_episode_records r JOIN fgc.children ch ON ch.id = r.child_id "
    "WHERE r.id >= $1::bigint AND r.source = 'demo' AND NOT r.retracted ORDER BY r.id",
    "INSERT INTO fgc.pre_proceedings (episode_id, record_id, child_id, pp_start_date, "
    "fgdm_meeting_offer, fgdm_meeting_facilitated, step_decision_date, pp_outcome, "
    "court_app_date) "
    "SELECT r.episode_id, r.id, r.child_id, r.pp_start_date, r.fgdm_meeting_offer, "
    "r.fgdm_meeting_facilitated, r.step_decision_date, r.pp_outcome, r.court_app_date "
    "FROM fgc.pre_proceedings_records r "
    "WHERE r.id >= $1::bigint AND r.source = 'demo' AND NOT r.retracted ORDER BY r.id",
};

static bool exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType status = PQresultStatus(res);
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

/* One value of a one-row query with text parameters, or NULL (after saying why). */
static char *query_value(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    char *value = NULL;
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    else if (!PQgetisnull(res, 0, 0))
        value = xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return value;
}

/* n values of the sequence of table.id (or of a named sequence), ascending. */
static long long *take_ids(PGconn *conn, const char *table, const char *sequence, int n)
{
    long long *ids = xcalloc((size_t)(n > 0 ? n : 1), sizeof *ids);
    if (n == 0)
        return ids;
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[] = {sequence ? sequence : table, count};
    PGresult *res = PQexecParams(
        conn,
        sequence ? "SELECT v FROM (SELECT nextval($1::regclass) AS v "
                   "FROM generate_series(1, $2::integer)) s ORDER BY v"
                 : "SELECT v FROM (SELECT nextval(pg_get_serial_sequence($1, 'id')) AS v "
                   "FROM generate_series(1, $2::integer)) s ORDER BY v",
        2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != n) {
        fprintf(stderr, "fgcd: cannot take ids for %s: %s", table, PQresultErrorMessage(res));
        PQclear(res);
        free(ids);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return ids;
}

/* The first of n consecutive values of a sequence that nobody else can draw from now (the
 * record tables are locked by ALTER TABLE, and their sequences serve only them), or -1. */
static long long take_block(PGconn *conn, const char *sequence, long n)
{
    if (n == 0)
        return 0;
    char count[24];
    snprintf(count, sizeof count, "%ld", n);
    const char *params[] = {sequence, count};
    char *last = query_value(
        conn, "SELECT setval($1::regclass, nextval($1::regclass) + $2::bigint - 1)", 2, params);
    if (!last)
        return -1;
    long long first = strtoll(last, NULL, 10) - n + 1;
    free(last);
    return first;
}

static void copy_day(struct demo_copy *c, demo_day day)
{
    demo_copy_date_or_null(c, day, day != DEMO_NO_DAY);
}

/* When a record was written: the latest day it mentions, during the working day. */
static void copy_recorded(struct demo_copy *c, demo_day day, long index)
{
    demo_copy_timestamp(c, day, 8 * 60 + 30 + (int)(index * 37 % 540));
}

static demo_day later(demo_day a, demo_day b)
{
    return a == DEMO_NO_DAY ? b : b == DEMO_NO_DAY ? a : a > b ? a : b;
}

static void json_day(char *buf, size_t size, size_t *len, const char *key, demo_day day)
{
    char d[16];
    if (day == DEMO_NO_DAY) {
        *len += (size_t)snprintf(buf + *len, size - *len, "\"%s\": null", key);
        return;
    }
    demo_day_format(day, d);
    *len += (size_t)snprintf(buf + *len, size - *len, "\"%s\": \"%s\"", key, d);
}

/* Assessments and section 47 enquiries as jsonb text, in the shape the API stores them. */
static void cin_json(const struct demo_cin_episode *e, char *assessments, size_t a_size, char *s47s,
                     size_t s_size)
{
    size_t len = 0;
    if (!e->assessed) {
        snprintf(assessments, a_size, "[]");
    } else {
        len += (size_t)snprintf(assessments, a_size, "[{");
        json_day(assessments, a_size, &len, "start_date", e->assessment_start);
        len += (size_t)snprintf(assessments + len, a_size - len, ", ");
        json_day(assessments, a_size, &len, "authorised_date", e->assessment_authorised);
        len += (size_t)snprintf(assessments + len, a_size - len, ", \"factors\": [");
        for (int f = 0; f < e->n_factors; f++)
            len += (size_t)snprintf(assessments + len, a_size - len, "%s\"%s\"", f ? ", " : "",
                                    e->factors[f]);
        snprintf(assessments + len, a_size - len, "]}]");
    }
    len = 0;
    if (!e->section47) {
        snprintf(s47s, s_size, "[]");
    } else {
        len += (size_t)snprintf(s47s, s_size, "[{");
        json_day(s47s, s_size, &len, "start_date", e->s47_start);
        len += (size_t)snprintf(s47s + len, s_size - len, ", \"icpc_not_required\": %s, ",
                                e->icpc_not_required ? "true" : "false");
        json_day(s47s, s_size, &len, "icpc_date", e->icpc_date);
        snprintf(s47s + len, s_size - len, "}]");
    }
}

struct loader {
    PGconn *conn;
    bool bulk;
    long long first_record[K_COUNT]; /* the first record id of this load, per table */
    struct demo_status_counts *counts;
    /* Authority 0: its area ids and the ids of the FGC children (by demo_data index). */
    long long la0_area;
    long long la0_clusters[DEMO_CLUSTER_COUNT];
    long long *fgc_child_ids;
    int n_fgc_children;
};

static long long child_id(const struct loader *l, const long long *ids, int who)
{
    return DEMO_STATUS_IS_FGC(who) ? l->fgc_child_ids[DEMO_STATUS_FGC_INDEX(who)] : ids[who];
}

/* Ends a COPY; -1 on failure. */
static int finish(struct demo_copy *c, long *count)
{
    long rows = demo_copy_finish(c);
    if (rows < 0)
        return -1;
    *count += rows;
    return 0;
}

/* The demo authority's areas and FGC children, loaded by demo_load in this transaction. */
static int find_demo_authority(struct loader *l, const struct demo_data *fgc,
                               const struct demo_history *st)
{
    const char *params[] = {DEMO_LA_CODE};
    PGresult *res = PQexecParams(l->conn,
                                 "SELECT a.id, a.code, a.parent_id IS NULL FROM fgc.areas a "
                                 "WHERE a.code = $1 OR a.parent_id = "
                                 "(SELECT id FROM fgc.areas WHERE code = $1)",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int found = 0;
    for (int i = 0; i < PQntuples(res); i++) {
        long long id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        if (strcmp(PQgetvalue(res, i, 2), "t") == 0) {
            l->la0_area = id;
            continue;
        }
        for (int c = 0; c < DEMO_CLUSTER_COUNT; c++)
            if (strcmp(PQgetvalue(res, i, 1), st->cluster_codes[c]) == 0) {
                l->la0_clusters[c] = id;
                found++;
            }
    }
    PQclear(res);
    if (!l->la0_area || found != DEMO_CLUSTER_COUNT) {
        fprintf(stderr, "fgcd: the demo authority %s and its clusters are not there\n",
                DEMO_LA_CODE);
        return -1;
    }
    /* demo_load gave the children ascending ids in the order of their index. */
    char la[24];
    snprintf(la, sizeof la, "%lld", l->la0_area);
    const char *p2[] = {la};
    res = PQexecParams(l->conn,
                       "SELECT c.id FROM fgc.children c JOIN fgc.areas a ON a.id = c.area_id "
                       "WHERE a.parent_id = $1::bigint AND c.la_child_id IS NULL ORDER BY c.id",
                       1, NULL, p2, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != fgc->n_children) {
        fprintf(stderr, "fgcd: cannot find the %d demo children: %s", fgc->n_children,
                PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    l->n_fgc_children = fgc->n_children;
    l->fgc_child_ids = xcalloc((size_t)fgc->n_children + 1, sizeof *l->fgc_child_ids);
    for (int i = 0; i < fgc->n_children; i++)
        l->fgc_child_ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return 0;
}

/* A synthetic authority: its row, 25 clusters and five years of populations. */
static int create_authority(struct loader *l, const struct demo_history *st, long long *la_id,
                            long long *cluster_ids)
{
    long long *ids = take_ids(l->conn, "fgc.areas", NULL, DEMO_CLUSTER_COUNT + 1);
    if (!ids)
        return -1;
    demo_day setup = st->window.records_from;
    struct demo_copy c;
    int rc = demo_copy_begin(&c, l->conn,
                             "fgc.areas (id, code, name, parent_id, kind, created_at, updated_at)");
    if (rc == 0) {
        demo_copy_long(&c, ids[0]);
        demo_copy_text(&c, st->la_code);
        demo_copy_text(&c, st->la_name);
        demo_copy_null(&c);
        demo_copy_text(&c, "local_authority");
        demo_copy_timestamp(&c, setup, 8 * 60);
        demo_copy_timestamp(&c, setup, 8 * 60);
        demo_copy_row_end(&c);
        for (int k = 0; k < DEMO_CLUSTER_COUNT; k++) {
            demo_copy_long(&c, ids[k + 1]);
            demo_copy_text(&c, st->cluster_codes[k]);
            demo_copy_text(&c, st->cluster_names[k]);
            demo_copy_long(&c, ids[0]);
            demo_copy_text(&c, "cluster");
            demo_copy_timestamp(&c, setup, 8 * 60 + 1);
            demo_copy_timestamp(&c, setup, 8 * 60 + 1);
            demo_copy_row_end(&c);
        }
        rc = finish(&c, &l->counts->areas);
    }
    if (rc == 0)
        rc = demo_copy_begin(&c, l->conn,
                             "fgc.area_populations (area_id, year, population_0_17, vintage, "
                             "loaded_at)");
    if (rc == 0) {
        for (int a = -1; a < DEMO_CLUSTER_COUNT; a++)
            for (int year = DEMO_FIRST_POP_YEAR; year <= DEMO_LAST_POP_YEAR; year++) {
                demo_copy_long(&c, ids[a + 1]);
                demo_copy_long(&c, year);
                demo_copy_long(&c, demo_population(&st->areas, a, year));
                demo_copy_text(&c, DEMO_POP_VINTAGE);
                demo_copy_timestamp(&c, setup, 8 * 60 + 5);
                demo_copy_row_end(&c);
            }
        rc = finish(&c, &l->counts->populations);
    }
    *la_id = ids[0];
    for (int k = 0; k < DEMO_CLUSTER_COUNT; k++)
        cluster_ids[k] = ids[k + 1];
    free(ids);
    return rc;
}

static int load_children(struct loader *l, const struct demo_history *st, long long la_id,
                         const long long *cluster_ids, long long **ids_out)
{
    long long *ids = take_ids(l->conn, "fgc.children", NULL, st->n_children);
    if (!ids)
        return -1;
    *ids_out = ids;
    struct demo_copy c;
    if (demo_copy_begin(&c, l->conn,
                        "fgc.children (id, first_name, last_name, date_of_birth, sex, ethnicity, "
                        "area_id, local_authority_id, la_child_id, created_at, updated_at)") != 0)
        return -1;
    for (int i = 0; i < st->n_children; i++) {
        const struct demo_status_child *ch = &st->children[i];
        demo_day first = ch->first_day != DEMO_NO_DAY ? ch->first_day : st->window.records_from;
        demo_copy_long(&c, ids[i]);
        demo_copy_null(&c);
        demo_copy_null(&c);
        demo_copy_date(&c, ch->date_of_birth);
        demo_copy_long(&c, ch->sex);
        demo_copy_text(&c, ch->ethnicity);
        demo_copy_long(&c, cluster_ids[ch->cluster]);
        demo_copy_long(&c, la_id);
        demo_copy_text(&c, ch->la_child_id);
        demo_copy_timestamp(&c, first, 8 * 60 + 30 + i % 480);
        demo_copy_timestamp(&c, first, 8 * 60 + 30 + i % 480);
        demo_copy_row_end(&c);
    }
    return finish(&c, &l->counts->children);
}

/* Ids for n records of a kind: a block in bulk mode (ids and episode ids), or none when the
 * table's own default and trigger give them. */
static int record_ids(struct loader *l, int kind, int n, long long *first_id,
                      long long *first_episode)
{
    *first_id = *first_episode = 0;
    if (!l->bulk || n == 0)
        return 0;
    char seq[96];
    snprintf(seq, sizeof seq, "%s_id_seq", kinds[kind].records);
    *first_id = take_block(l->conn, seq, n);
    *first_episode = take_block(l->conn, "fgc.episode_ids", n);
    if (*first_id < 0 || *first_episode < 0)
        return -1;
    if (!l->first_record[kind])
        l->first_record[kind] = *first_id;
    return 0;
}

/* After a COPY through the triggers: the episode ids the trigger gave, in row order. */
static long long *episode_ids_given(struct loader *l, const char *table, long long after, int n)
{
    char *sql = xasprintf("SELECT episode_id FROM %s WHERE id > $1::bigint AND source = 'demo' "
                          "ORDER BY id",
                          table);
    char from[24];
    snprintf(from, sizeof from, "%lld", after);
    const char *params[] = {from};
    PGresult *res = PQexecParams(l->conn, sql, 1, NULL, params, NULL, NULL, 0);
    free(sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != n) {
        fprintf(stderr, "fgcd: cannot read back the episode ids of %s: %s", table,
                PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    long long *ids = xcalloc((size_t)(n > 0 ? n : 1), sizeof *ids);
    for (int i = 0; i < n; i++)
        ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return ids;
}

static long long max_id(struct loader *l, const char *table)
{
    char *sql = xasprintf("SELECT COALESCE(max(id), 0) FROM %s", table);
    char *v = query_value(l->conn, sql, 0, NULL);
    free(sql);
    if (!v)
        return -1;
    long long id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

static int load_records(struct loader *l, const struct demo_history *st, const long long *kids)
{
    struct demo_copy c;
    long long first_id, first_episode;
    struct demo_status_counts *counts = l->counts;

    /* Episodes of need. */
    long long before = l->bulk ? 0 : max_id(l, kinds[K_CIN].records);
    if (before < 0 || record_ids(l, K_CIN, st->n_cin, &first_id, &first_episode) != 0)
        return -1;
    if (demo_copy_begin(&c, l->conn,
                        l->bulk
                            ? "fgc.cin_episode_records (id, episode_id, child_id, "
                              "referral_date, referral_source, primary_need, referral_nfa, "
                              "closure_date, closure_reason, assessments, section47s, source, "
                              "recorded_at)"
                            : "fgc.cin_episode_records (episode_id, child_id, referral_date, "
                              "referral_source, primary_need, referral_nfa, closure_date, "
                              "closure_reason, assessments, section47s, source, recorded_at)") != 0)
        return -1;
    for (int i = 0; i < st->n_cin; i++) {
        const struct demo_cin_episode *e = &st->cin[i];
        char assessments[256], s47s[160];
        cin_json(e, assessments, sizeof assessments, s47s, sizeof s47s);
        if (l->bulk)
            demo_copy_long(&c, first_id + i);
        demo_copy_long(&c, l->bulk ? first_episode + i : 0); /* the trigger gives it */
        demo_copy_long(&c, child_id(l, kids, e->who));
        demo_copy_date(&c, e->referral_date);
        demo_copy_text(&c, e->referral_source);
        demo_copy_text(&c, e->primary_need);
        demo_copy_bool(&c, e->referral_nfa);
        copy_day(&c, e->closure_date);
        demo_copy_text(&c, e->closure_reason);
        demo_copy_text(&c, assessments);
        demo_copy_text(&c, s47s);
        demo_copy_text(&c, "demo");
        demo_day last = later(later(e->referral_date, e->closure_date),
                              later(e->assessment_authorised, e->icpc_date));
        copy_recorded(&c, last, i);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts->cin) != 0)
        return -1;
    long long *cin_episode = NULL;
    if (l->bulk) {
        cin_episode = xcalloc((size_t)st->n_cin + 1, sizeof *cin_episode);
        for (int i = 0; i < st->n_cin; i++)
            cin_episode[i] = first_episode + i;
    } else if (!(cin_episode = episode_ids_given(l, kinds[K_CIN].records, before, st->n_cin))) {
        return -1;
    }

    /* Child protection plans. */
    int rc = record_ids(l, K_CPP, st->n_cpp, &first_id, &first_episode);
    if (rc == 0)
        rc = demo_copy_begin(
            &c, l->conn,
            l->bulk ? "fgc.cpp_records (id, episode_id, child_id, cin_episode_id, start_date, "
                      "end_date, icpc_date, initial_category, latest_category, "
                      "number_of_previous_cpp, review_dates, source, recorded_at)"
                    : "fgc.cpp_records (episode_id, child_id, cin_episode_id, start_date, "
                      "end_date, icpc_date, initial_category, latest_category, "
                      "number_of_previous_cpp, review_dates, source, recorded_at)");
    if (rc == 0) {
        for (int i = 0; i < st->n_cpp; i++) {
            const struct demo_cpp_plan *p = &st->cpp[i];
            char reviews[16 * DEMO_STATUS_MAX_REVIEWS + 4];
            size_t len = (size_t)snprintf(reviews, sizeof reviews, "{");
            for (int k = 0; k < p->n_reviews; k++) {
                char d[16];
                demo_day_format(p->reviews[k], d);
                len +=
                    (size_t)snprintf(reviews + len, sizeof reviews - len, "%s%s", k ? "," : "", d);
            }
            snprintf(reviews + len, sizeof reviews - len, "}");
            if (l->bulk)
                demo_copy_long(&c, first_id + i);
            demo_copy_long(&c, l->bulk ? first_episode + i : 0);
            demo_copy_long(&c, child_id(l, kids, p->who));
            demo_copy_long(&c, cin_episode[p->cin]);
            demo_copy_date(&c, p->start_date);
            copy_day(&c, p->end_date);
            copy_day(&c, p->icpc_date);
            demo_copy_text(&c, p->initial_category);
            demo_copy_text(&c, p->latest_category);
            demo_copy_long(&c, p->previous);
            demo_copy_text(&c, reviews);
            demo_copy_text(&c, "demo");
            demo_day last = later(p->start_date, p->end_date);
            if (p->n_reviews)
                last = later(last, p->reviews[p->n_reviews - 1]);
            copy_recorded(&c, last, i);
            demo_copy_row_end(&c);
        }
        rc = finish(&c, &counts->cpp);
    }
    free(cin_episode);
    if (rc != 0)
        return -1;

    /* Looked-after episodes. */
    if (record_ids(l, K_CLA, st->n_cla, &first_id, &first_episode) != 0 ||
        demo_copy_begin(&c, l->conn,
                        l->bulk ? "fgc.cla_episode_records (id, episode_id, child_id, decom, rne, "
                                  "ls, cin, place, place_provider, dec, rec, reason_place_change, "
                                  "source, recorded_at)"
                                : "fgc.cla_episode_records (episode_id, child_id, decom, rne, ls, "
                                  "cin, place, place_provider, dec, rec, reason_place_change, "
                                  "source, recorded_at)") != 0)
        return -1;
    for (int i = 0; i < st->n_cla; i++) {
        const struct demo_cla_episode *e = &st->cla[i];
        if (l->bulk)
            demo_copy_long(&c, first_id + i);
        demo_copy_long(&c, l->bulk ? first_episode + i : 0);
        demo_copy_long(&c, child_id(l, kids, e->who));
        demo_copy_date(&c, e->decom);
        demo_copy_text(&c, e->rne);
        demo_copy_text(&c, e->ls);
        demo_copy_text(&c, e->cin);
        demo_copy_text(&c, e->place);
        demo_copy_text(&c, e->place_provider);
        copy_day(&c, e->dec);
        demo_copy_text(&c, e->rec);
        demo_copy_text(&c, e->reason_place_change);
        demo_copy_text(&c, "demo");
        copy_recorded(&c, later(e->decom, e->dec), i);
        demo_copy_row_end(&c);
    }
    if (finish(&c, &counts->cla) != 0)
        return -1;

    /* Pre-proceedings. */
    if (record_ids(l, K_PP, st->n_pp, &first_id, &first_episode) != 0 ||
        demo_copy_begin(&c, l->conn,
                        l->bulk ? "fgc.pre_proceedings_records (id, episode_id, child_id, "
                                  "pp_start_date, lbp_sent_date, fgdm_meeting_offer, "
                                  "fgdm_meeting_facilitated, initial_pp_meeting_date, "
                                  "review_meetings_count, step_decision_date, pp_outcome, "
                                  "court_app_date, letter_init_cp_date, source, recorded_at)"
                                : "fgc.pre_proceedings_records (episode_id, child_id, "
                                  "pp_start_date, lbp_sent_date, fgdm_meeting_offer, "
                                  "fgdm_meeting_facilitated, initial_pp_meeting_date, "
                                  "review_meetings_count, step_decision_date, pp_outcome, "
                                  "court_app_date, letter_init_cp_date, source, recorded_at)") != 0)
        return -1;
    for (int i = 0; i < st->n_pp; i++) {
        const struct demo_pre_proceedings *p = &st->pp[i];
        if (l->bulk)
            demo_copy_long(&c, first_id + i);
        demo_copy_long(&c, l->bulk ? first_episode + i : 0);
        demo_copy_long(&c, child_id(l, kids, p->who));
        demo_copy_date(&c, p->pp_start_date);
        copy_day(&c, p->lbp_sent_date);
        demo_copy_bool(&c, p->fgdm_meeting_offer);
        demo_copy_bool(&c, p->fgdm_meeting_facilitated);
        copy_day(&c, p->initial_meeting_date);
        demo_copy_long(&c, p->review_meetings);
        copy_day(&c, p->step_decision_date);
        demo_copy_text(&c, p->outcome);
        copy_day(&c, p->court_app_date);
        copy_day(&c, p->letter_init_cp_date);
        demo_copy_text(&c, "demo");
        demo_day last = later(later(p->pp_start_date, p->step_decision_date),
                              later(p->court_app_date, p->initial_meeting_date));
        copy_recorded(&c, last, i);
        demo_copy_row_end(&c);
    }
    return finish(&c, &counts->pp);
}

/* The tables a bulk load writes with COPY. */
#define BULK_TABLES                                                                                \
    "{fgc.children,fgc.cin_episode_records,fgc.cpp_records,fgc.cla_episode_records,"               \
    "fgc.pre_proceedings_records}"
/* ... and those it fills with INSERT ... SELECT. */
#define CURRENT_TABLES "{fgc.cin_episodes,fgc.cpp_plans,fgc.cla_episodes,fgc.pre_proceedings}"

/*
 * Gets the tables ready for a bulk load; *undo collects the statements that put them back.
 *
 * The insert triggers of the tables written with COPY are disabled: the record tables' give
 * each record its episode id (taken here in blocks instead) and keep the current tables (filled
 * here by one INSERT ... SELECT per table instead); the children's set the child's authority
 * (given in the rows here) and write an audit event per child (one event for the whole load
 * instead). Their update and delete triggers (append-only, audit) stay as they are.
 *
 * Foreign keys are checked row by row by internal triggers that only a superuser may disable,
 * and at millions of rows they cost twice what the rows themselves do. So the foreign keys of
 * all these tables are dropped and added again at the end exactly as they were
 * (pg_get_constraintdef): adding one checks every row of the table in a single query, so
 * nothing goes unchecked. Everything is in the caller's transaction: a failure restores it all.
 */
static int bulk_prepare(PGconn *conn, char ***undo, int *n_undo)
{
    const char *params[] = {BULK_TABLES, CURRENT_TABLES};
    PGresult *res = PQexecParams(
        conn,
        "SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', t.tgrelid::regclass, t.tgname), "
        "format('ALTER TABLE %s ENABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) "
        "FROM pg_trigger t WHERE t.tgrelid = ANY ($1::regclass[]) AND NOT t.tgisinternal "
        "AND t.tgenabled <> 'D' AND (t.tgtype & 4) <> 0 "
        "UNION ALL "
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname), "
        "format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, "
        "pg_get_constraintdef(c.oid)) "
        "FROM pg_constraint c WHERE c.contype = 'f' "
        "AND (c.conrelid = ANY ($1::regclass[]) OR c.conrelid = ANY ($2::regclass[]))",
        2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int n = PQntuples(res);
    *undo = xcalloc((size_t)n + 1, sizeof **undo);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (!exec_ok(conn, PQgetvalue(res, i, 0)))
            rc = -1;
        else
            (*undo)[(*n_undo)++] = xstrdup(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return rc;
}

/* The one audit event of a bulk load, in place of one per child. */
static int audit_bulk_load(PGconn *conn, const struct demo_status_counts *counts, int scale)
{
    char *after = xasprintf("{\"demo_data\": \"status histories, bulk load\", \"scale\": %d, "
                            "\"authorities\": %d, \"children\": %ld, \"fgc_children\": %ld, "
                            "\"cin_episode_records\": %ld, \"cpp_records\": %ld, "
                            "\"cla_episode_records\": %ld, \"pre_proceedings_records\": %ld}",
                            scale, counts->authorities, counts->children, counts->fgc_children,
                            counts->cin, counts->cpp, counts->cla, counts->pp);
    const char *params[] = {after};
    PGresult *res = PQexecParams(
        conn,
        "INSERT INTO audit.events (actor_id, actor_username, actor_role, request_id, action, "
        "entity, entity_id, before, after) "
        "SELECT fgc.ctx_user_id(c), c->>'username', c->>'role', c->>'request_id', 'insert', "
        "'children', NULL, NULL, $1::jsonb FROM fgc.current_ctx() AS c",
        1, NULL, params, NULL, NULL, 0);
    free(after);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "fgcd: cannot record the bulk load in the audit log: %s",
                PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

int demo_status_load(PGconn *conn, const struct demo_data *fgc, uint64_t seed, int scale,
                     struct demo_status_counts *counts)
{
    memset(counts, 0, sizeof *counts);
    struct loader l = {.conn = conn, .bulk = scale > 1, .counts = counts};
    counts->bulk = l.bulk;
    int rc = -1;
    char **undo = NULL;
    int n_undo = 0;
    if (l.bulk && bulk_prepare(conn, &undo, &n_undo) != 0)
        goto out;

    for (int la = 0; la < scale; la++) {
        long long started = now_ms();
        struct demo_history st;
        demo_status_generate(&st, seed, fgc->until, la, la == 0 ? fgc : NULL);
        long long generated = now_ms();
        counts->generate_ms += generated - started;
        long long la_id, clusters[DEMO_CLUSTER_COUNT], *kids = NULL;
        int ok;
        if (la == 0) {
            ok = find_demo_authority(&l, fgc, &st) == 0;
            la_id = l.la0_area;
            memcpy(clusters, l.la0_clusters, sizeof clusters);
            counts->fgc_children = st.fgc_children_linked;
        } else {
            ok = create_authority(&l, &st, &la_id, clusters) == 0;
        }
        ok = ok && load_children(&l, &st, la_id, clusters, &kids) == 0 &&
             load_records(&l, &st, kids) == 0;
        free(kids);
        demo_status_free(&st);
        counts->load_ms += now_ms() - generated;
        if (!ok)
            goto out;
        counts->authorities++;
    }

    if (l.bulk) {
        long long started = now_ms();
        for (int k = 0; k < K_COUNT; k++) {
            if (!l.first_record[k])
                continue;
            char first[24];
            snprintf(first, sizeof first, "%lld", l.first_record[k]);
            const char *params[] = {first};
            PGresult *res = PQexecParams(conn, fill_current[k], 1, NULL, params, NULL, NULL, 0);
            bool filled = PQresultStatus(res) == PGRES_COMMAND_OK;
            if (!filled)
                fprintf(stderr, "fgcd: cannot fill %s: %s", kinds[k].current,
                        PQresultErrorMessage(res));
            PQclear(res);
            if (!filled)
                goto out;
        }
        for (int i = 0; i < n_undo; i++)
            if (!exec_ok(conn, undo[i]))
                goto out;
        if (audit_bulk_load(conn, counts, scale) != 0)
            goto out;
        counts->current_ms = now_ms() - started;
    }
    rc = 0;
out:
    for (int i = 0; i < n_undo; i++)
        free(undo[i]);
    free(undo);
    free(l.fgc_child_ids);
    return rc;
}
