/* fgcd demo-data [--seed N] [--until YYYY-MM-DD] [--check]: loads deterministic synthetic data. */
#include "cli.h"
#include "demo_date.h"
#include "demo_gen.h"
#include "demo_load.h"
#include "demo_status.h"
#include "demo_status_load.h"
#include "demo_training.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Everything loaded is synthetic: no real person is represented (see demo_names.h). The same
 * seed and end date always give the same rows, loaded in one transaction.
 */

/* Serialises concurrent loads; any constant will do. */
#define DEMO_LOCK_KEY "7401020302"

/* How the audit log shows who wrote the rows. */
#define DEMO_CTX "{\"user_id\":null,\"username\":\"demo-data\",\"role\":\"admin\"}"

/* Tables the demo data needs: their absence means the database is not migrated. */
static const char *const required_tables[] = {"fgc.teams",
                                              "fgc.users",
                                              "fgc.areas",
                                              "fgc.area_populations",
                                              "fgc.children",
                                              "fgc.network_members",
                                              "fgc.referrals",
                                              "fgc.referral_children",
                                              "fgc.referral_events",
                                              "fgc.conferences",
                                              "fgc.conference_attendees",
                                              "fgc.plans",
                                              "fgc.plan_actions"};

static int usage(void)
{
    fputs("usage: fgcd demo-data [--seed N] [--until YYYY-MM-DD] [--scale N] [--check]\n"
          "  --seed N       the data set to make (default 1); the same seed and end date\n"
          "                 always give the same data\n"
          "  --until DATE   the last day of the three years of referrals (default today)\n"
          "  --scale N      statutory status histories for N authorities: the demo one and\n"
          "                 N-1 synthetic Leeds-sized ones (default 1; about 70 is England)\n"
          "  --check        exit 0 if the demo data is loaded, 1 if it is not\n",
          stderr);
    return 2;
}

static bool parse_seed(const char *text, uint64_t *out)
{
    if (!text || !*text || text[0] == '-' || text[0] == '+')
        return false;
    for (const char *p = text; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end)
        return false;
    *out = (uint64_t)v;
    return true;
}

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

/* 1 when the schema is there, 0 when a table is missing (named in *missing), -1 on error. */
static int schema_ready(PGconn *conn, const char **missing)
{
    for (size_t i = 0; i < sizeof required_tables / sizeof required_tables[0]; i++) {
        const char *params[] = {required_tables[i]};
        PGresult *res = PQexecParams(conn, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, params,
                                     NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
            PQclear(res);
            return -1;
        }
        bool present = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        PQclear(res);
        if (!present) {
            *missing = required_tables[i];
            return 0;
        }
    }
    return 1;
}

/* 1 when the demo local authority exists, 0 when not, -1 on error. */
static int demo_loaded(PGconn *conn)
{
    const char *params[] = {DEMO_LA_CODE};
    PGresult *res = PQexecParams(conn, "SELECT EXISTS (SELECT 1 FROM fgc.areas WHERE code = $1)", 1,
                                 NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int loaded = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return loaded;
}

static int check(PGconn *conn)
{
    const char *missing = NULL;
    int ready = schema_ready(conn, &missing);
    if (ready < 0)
        return 2;
    if (ready == 0) {
        printf("demo data is not loaded (the database has no %s; run fgcd migrate)\n", missing);
        return 1;
    }
    int loaded = demo_loaded(conn);
    if (loaded < 0)
        return 2;
    if (loaded)
        printf("demo data is loaded (the local authority %s exists)\n", DEMO_LA_CODE);
    else
        printf("demo data is not loaded\n");
    return loaded ? 0 : 1;
}

/* True (after saying which) when a demo username is already someone's; the load would fail. */
static bool usernames_taken(PGconn *conn, const struct demo_data *data)
{
    size_t size = 2;
    for (int i = 0; i < data->n_users; i++)
        size += strlen(data->users[i].username) + 1;
    char *list = xmalloc(size);
    char *p = list;
    *p++ = '{';
    for (int i = 0; i < data->n_users; i++) {
        size_t n = strlen(data->users[i].username);
        memcpy(p, data->users[i].username, n);
        p += n;
        *p++ = i + 1 < data->n_users ? ',' : '}';
    }
    *p = '\0';
    const char *params[] = {list};
    PGresult *res = PQexecParams(conn,
                                 "SELECT string_agg(username, ', ' ORDER BY username) "
                                 "FROM fgc.users WHERE username = ANY ($1::text[])",
                                 1, NULL, params, NULL, NULL, 0);
    free(list);
    bool taken = true;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    } else if (PQgetisnull(res, 0, 0)) {
        taken = false;
    } else {
        fprintf(stderr,
                "fgcd: the database already has users named %s, which the demo data would "
                "create; nothing was changed. Load it into an empty database.\n",
                PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return taken;
}

static int load(PGconn *conn, uint64_t seed, demo_day until, int scale)
{
    const char *missing = NULL;
    int ready = schema_ready(conn, &missing);
    if (ready <= 0) {
        if (ready == 0)
            fprintf(stderr, "fgcd: the database has no %s; run fgcd migrate first\n", missing);
        return 1;
    }

    long long started = now_ms();
    struct demo_data data;
    demo_generate(&data, seed, until);
    long long generated = now_ms();

    if (!exec_ok(conn, "BEGIN") || !exec_ok(conn, "SET LOCAL TIME ZONE 'Europe/London'") ||
        !exec_ok(conn, "SELECT set_config('fgcd.ctx', '" DEMO_CTX "', true)") ||
        !exec_ok(conn, "SELECT pg_advisory_xact_lock(" DEMO_LOCK_KEY ")")) {
        demo_data_free(&data);
        return 1;
    }
    int loaded = demo_loaded(conn);
    if (loaded != 0) {
        if (loaded > 0)
            fprintf(stderr,
                    "fgcd: demo data is already loaded (the local authority %s exists); "
                    "nothing was changed. Load it into an empty database.\n",
                    DEMO_LA_CODE);
        exec_ok(conn, "ROLLBACK");
        demo_data_free(&data);
        return 1;
    }

    if (usernames_taken(conn, &data)) {
        exec_ok(conn, "ROLLBACK");
        demo_data_free(&data);
        return 1;
    }

    long counts[DEMO_T_COUNT];
    struct demo_rng training_rng; /* training draws from its own stream ("TRAIN") */
    struct demo_training_counts training;
    demo_rng_seed(&training_rng, seed, UINT64_C(0x545241494E));
    struct demo_status_counts status;
    if (demo_load(conn, &data, counts) != 0 ||
        demo_training_load(conn, &training_rng, data.until, &training) != 0 ||
        demo_status_load(conn, &data, seed, scale, &status) != 0) {
        exec_ok(conn, "ROLLBACK");
        fputs("fgcd: demo data was not loaded; nothing was changed\n", stderr);
        demo_data_free(&data);
        return 1;
    }
    if (!exec_ok(conn, "COMMIT")) {
        fputs("fgcd: demo data was not loaded; nothing was changed\n", stderr);
        demo_data_free(&data);
        return 1;
    }
    long long finished = now_ms();

    char from[11], to[11];
    demo_day_format(data.start, from);
    demo_day_format(data.until, to);
    fprintf(stderr, "fgcd: demo data loaded (seed %llu, referrals from %s to %s)\n",
            (unsigned long long)seed, from, to);
    long total = 0;
    for (int t = 0; t < DEMO_T_COUNT; t++) {
        if (t == DEMO_T_AREA_GROUPS && counts[t] == 0)
            continue; /* the schema has no area groups */
        fprintf(stderr, "  %-26s %7ld\n", demo_table_names[t], counts[t]);
        total += counts[t];
    }
    fprintf(stderr, "  %-26s %7ld sessions, %ld people, %ld bookings, %ld targets\n",
            "training (two years)", training.sessions, training.people, training.bookings,
            training.targets);
    total += training.sessions + training.people + training.bookings + training.targets;
    fprintf(stderr, "  status histories of %d %s (%s):\n", status.authorities,
            status.authorities == 1 ? "authority" : "authorities",
            status.bulk ? "in bulk" : "through the tables' triggers");
    if (status.areas)
        fprintf(stderr, "  %-26s %7ld (and %ld population rows)\n", "fgc.areas (synthetic)",
                status.areas, status.populations);
    fprintf(stderr, "  %-26s %7ld (and %ld FGC children)\n", "fgc.children (no names)",
            status.children, status.fgc_children);
    fprintf(stderr, "  %-26s %7ld\n  %-26s %7ld\n  %-26s %7ld\n  %-26s %7ld\n",
            "fgc.cin_episode_records", status.cin, "fgc.cpp_records", status.cpp,
            "fgc.cla_episode_records", status.cla, "fgc.pre_proceedings_records", status.pp);
    fprintf(stderr, "  %-26s generated in %.2f s, copied in %.2f s", "",
            (double)status.generate_ms / 1000.0, (double)status.load_ms / 1000.0);
    if (status.bulk)
        fprintf(stderr, ", current tables and foreign keys in %.2f s",
                (double)status.current_ms / 1000.0);
    fputs("\n", stderr);
    total += status.areas + status.populations + status.children + status.cin + status.cpp +
             status.cla + status.pp;
    fprintf(stderr, "  %-26s %7ld rows in %.2f s (generated in %.2f s)\n", "total", total,
            (double)(finished - started) / 1000.0, (double)(generated - started) / 1000.0);
    demo_data_free(&data);
    return 0;
}

/* Today in England, as the database sees it (fgc.today() does the same), so that the data
 * never holds a date the API would call "in the future". */
static bool england_today(PGconn *conn, demo_day *out)
{
    PGresult *res =
        PQexec(conn, "SELECT to_char(now() AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')");
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
              demo_day_parse(PQgetvalue(res, 0, 0), out);
    if (!ok)
        fprintf(stderr, "fgcd: cannot read today's date from the database: %s",
                PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

int cmd_demo_data(int argc, char **argv)
{
    uint64_t seed = 1;
    const char *until_text = NULL;
    demo_day until = 0;
    bool check_only = false;
    int scale = 1;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            if (!parse_seed(argv[++i], &seed)) {
                fprintf(stderr, "fgcd: --seed takes a whole number (0 or more), not \"%s\"\n",
                        argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--until") == 0 && i + 1 < argc) {
            until_text = argv[++i];
            if (!demo_day_parse(until_text, &until)) {
                fprintf(stderr,
                        "fgcd: --until takes a real date written as YYYY-MM-DD, not \"%s\"\n",
                        until_text);
                return 2;
            }
            if (until < demo_day_from_ymd(2010, 1, 1)) {
                fputs("fgcd: --until must be 2010-01-01 or later\n", stderr);
                return 2;
            }
        } else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            uint64_t n = 0;
            if (!parse_seed(argv[++i], &n) || n < 1 || n > DEMO_STATUS_MAX_SCALE) {
                fprintf(stderr, "fgcd: --scale takes a whole number from 1 to %d, not \"%s\"\n",
                        DEMO_STATUS_MAX_SCALE, argv[i]);
                return 2;
            }
            scale = (int)n;
        } else if (strcmp(argv[i], "--check") == 0) {
            check_only = true;
        } else {
            return usage();
        }
    }

    PGconn *conn = cli_connect();
    if (!conn)
        return check_only ? 2 : 1;
    int rc;
    if (check_only) {
        rc = check(conn);
    } else {
        demo_day today;
        if (!england_today(conn, &today)) {
            rc = 1;
        } else if (until_text && until > today) {
            fprintf(stderr, "fgcd: --until must not be after today: the data would hold dates "
                            "in the future\n");
            rc = 2;
        } else {
            rc = load(conn, seed, until_text ? until : today, scale);
        }
    }
    PQfinish(conn);
    return rc;
}
