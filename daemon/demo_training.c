/* Demo restorative-practice training: two years of sessions, attendees, attendance and targets. */
#include "demo_training.h"
#include "demo_areas.h"
#include "demo_copy.h"
#include "demo_names.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The programme's courses, as seeded by migrations/0008_training.sql. */
enum { C_AR, C_DD, C_TTT, C_COUNT };
static const char *const course_codes[C_COUNT] = {"AWARENESS-RAISING", "DEEP-DIVE",
                                                  "TRAIN-THE-TRAINER"};
/* Sessions over the two years, and the people on each (attending or not, before cancellations):
 * about 350 x 20 x 0.9 x 0.95 (some attend twice) = 6,000 at Awareness Raising, 80 x 19.5 x 0.9 =
 * 1,400 at Deep Dive and 4 x 16.5 x 0.9 = 60 at Train the Trainer. */
static const int course_sessions[C_COUNT] = {350, 80, 4};
static const int course_min_people[C_COUNT] = {15, 15, 15};
static const int course_capacity[C_COUNT] = {30, 24, 18};
/* Start and end, minutes after midnight; Awareness Raising is a morning or an afternoon. */
static const int course_start[C_COUNT] = {9 * 60 + 30, 9 * 60 + 30, 9 * 60};
static const int course_end[C_COUNT] = {12 * 60 + 30, 16 * 60, 16 * 60 + 30};

enum { S_CCS, S_COUNCIL, S_SCHOOLS, S_NHS, S_POLICE, S_YOT, S_HOUSING, S_THIRD, S_OTHER, S_COUNT };
static const char *const sector_codes[S_COUNT] = {"council_childrens_services",
                                                  "council_other",
                                                  "schools",
                                                  "nhs",
                                                  "police",
                                                  "youth_offending",
                                                  "housing",
                                                  "third_sector",
                                                  "other"};
/* Per mille of the new people on each course by sector: Awareness Raising reached the whole
 * workforce and partners (schools about 800 and the third sector about 500 of 6,000); Deep Dive
 * and Train the Trainer were mostly for practitioners working with families. */
static const int sector_weights[C_COUNT][S_COUNT] = {
    {300, 100, 140, 120, 80, 40, 60, 90, 70},
    {450, 50, 150, 100, 50, 60, 40, 80, 20},
    {600, 0, 200, 0, 0, 100, 0, 100, 0},
};

static const char *const job_roles[S_COUNT][6] = {
    {"Social Worker", "Senior Social Worker", "Family Support Worker", "Team Manager",
     "Early Help Practitioner", "Personal Adviser"},
    {"Customer Services Officer", "Community Support Officer", "Adult Social Care Worker",
     "Business Support Officer", NULL, NULL},
    {"Teacher", "Learning Mentor", "Designated Safeguarding Lead", "Headteacher",
     "Teaching Assistant", "Attendance Officer"},
    {"Health Visitor", "School Nurse", "Midwife", "Mental Health Practitioner", "GP", NULL},
    {"Police Constable", "Police Community Support Officer", "Detective Sergeant",
     "Safeguarding Officer", NULL, NULL},
    {"Youth Justice Worker", "Case Manager", "Restorative Justice Officer", NULL, NULL, NULL},
    {"Housing Officer", "Tenancy Support Worker", "Housing Options Adviser", NULL, NULL, NULL},
    {"Family Support Worker", "Project Worker", "Volunteer Coordinator", "Youth Worker", NULL,
     NULL},
    {"Nursery Practitioner", "Childminder", "Faith Leader", "Sports Coach", NULL, NULL},
};

/* Organisations named after public bodies; schools, charities and nurseries get invented names. */
static const struct {
    int sector;
    const char *name;
    const char *domain;
} fixed_orgs[] = {
    {S_CCS, "Leeds City Council Children and Families", "leeds-council.example"},
    {S_COUNCIL, "Leeds City Council Adults and Health", "leeds-council.example"},
    {S_COUNCIL, "Leeds City Council Communities", "leeds-council.example"},
    {S_COUNCIL, "Leeds City Council Resources", "leeds-council.example"},
    {S_NHS, "Community Healthcare NHS Trust (demo)", "nhs.example"},
    {S_NHS, "Teaching Hospitals NHS Trust (demo)", "nhs.example"},
    {S_NHS, "Mental Health Partnership NHS Trust (demo)", "nhs.example"},
    {S_POLICE, "West Yorkshire Police", "police.example"},
    {S_YOT, "Leeds Youth Justice Service", "leeds-council.example"},
    {S_HOUSING, "Housing Leeds", "leeds-council.example"},
    {S_HOUSING, "Leeds Housing Options", "leeds-council.example"},
};
#define GENERATED_SCHOOLS 120
#define GENERATED_CHARITIES 40
#define GENERATED_OTHERS 30

static const char *const venues[] = {
    "Civic Hall, Committee Room 3",  "Merrion House, Room 6.12", "St George's Centre",
    "Leeds Town Hall, Albert Room",  "Thoresby House, Room 2",   "Compton Centre",
    "Reginald Centre, Meeting Room", "Dewsbury Road One Stop",   "Kirkstall Community Hub"};
#define N_VENUES ((int)(sizeof venues / sizeof venues[0]))

/* Name origins of the adult workforce, per mille (English, South Asian, African, Caribbean, East
 * European, Chinese). */
static const int origin_weights[DEMO_ORIGIN_COUNT] = {760, 120, 45, 30, 35, 10};
/* Feedback scores 1 to 5, per mille: mostly 4 or 5. */
static const int feedback_weights[5] = {10, 40, 100, 400, 450};

struct org {
    int sector;
    char name[96];
    char domain[64];
};

struct person {
    int org;
    int sector;
    int cluster; /* index into clusters, or -1 */
    const char *job;
    char name[72];
    char email[160]; /* empty for none */
    demo_day first_seen;
    int last_session; /* the session being filled when last booked, to avoid booking twice */
    bool ar_attended, dd_attended;
};

struct session {
    int course;
    demo_day day;
    int start, end; /* minutes after midnight */
    int capacity;
    int trainer; /* index, or -1 */
    int venue;   /* index, or -1 for online */
    long long id;
};

struct booking {
    int session;
    int person;
    char status;  /* a attended, d did not attend, c cancelled, b booked */
    int feedback; /* 0 for none */
    demo_day made_on;
};

struct ints {
    int *v;
    int n, cap;
};

struct gen {
    struct demo_rng *rng;
    demo_day start, until;
    struct org *orgs;
    int n_orgs;
    int orgs_by_sector[S_COUNT][GENERATED_SCHOOLS + 8];
    int n_orgs_by_sector[S_COUNT];
    long long *clusters;
    int n_clusters;
    long long *trainers;
    int n_trainers;
    long long course_ids[C_COUNT];
    struct session *sessions;
    int n_sessions;
    struct person *people;
    int n_people, cap_people;
    struct booking *bookings;
    int n_bookings, cap_bookings;
    /* Pools of people for later courses and second attempts. */
    struct ints ar_retry, dd_retry, ar_done, dd_done, ar_all;
    /* E-mail addresses given so far (open addressing), so that none repeats. */
    char **emails;
    size_t email_slots;
};

static void grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return;
    int cap2 = *cap ? *cap * 2 : 256;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(*p, (size_t)cap2 * size);
    if (!q)
        abort();
    *p = q;
    *cap = cap2;
}

static void push(struct ints *a, int x)
{
    grow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v);
    a->v[a->n++] = x;
}

/* Removes and returns a random element. */
static int take(struct gen *g, struct ints *a)
{
    int i = (int)demo_rng_range(g->rng, 0, a->n - 1);
    int x = a->v[i];
    a->v[i] = a->v[--a->n];
    return x;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* True when email was free (and is now taken). */
static bool claim_email(struct gen *g, const char *email)
{
    size_t i = (size_t)(hash(email) % g->email_slots);
    while (g->emails[i]) {
        if (strcmp(g->emails[i], email) == 0)
            return false;
        i = (i + 1) % g->email_slots;
    }
    g->emails[i] = xstrdup(email);
    return true;
}

/* Lower-case letters and digits of s, appended to out. */
static void slug(char *out, size_t size, const char *s)
{
    size_t n = strlen(out);
    for (; *s && n + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

static void add_org(struct gen *g, int sector, const char *name, const char *domain)
{
    struct org *o = &g->orgs[g->n_orgs];
    o->sector = sector;
    snprintf(o->name, sizeof o->name, "%s", name);
    snprintf(o->domain, sizeof o->domain, "%s", domain);
    g->orgs_by_sector[sector][g->n_orgs_by_sector[sector]++] = g->n_orgs++;
}

static void make_orgs(struct gen *g)
{
    static const char *const school_kinds[] = {"Primary School", "Primary School", "Academy",
                                               "High School", "Church of England Primary School"};
    static const char *const charity_kinds[] = {"Family Support", "Community Trust",
                                                "Young People's Project", "Parents' Network"};
    int total = (int)(sizeof fixed_orgs / sizeof fixed_orgs[0]) + GENERATED_SCHOOLS +
                GENERATED_CHARITIES + GENERATED_OTHERS;
    g->orgs = xcalloc((size_t)total, sizeof *g->orgs);
    for (size_t i = 0; i < sizeof fixed_orgs / sizeof fixed_orgs[0]; i++)
        add_org(g, fixed_orgs[i].sector, fixed_orgs[i].name, fixed_orgs[i].domain);
    char surname[40], name[96], domain[64];
    for (int i = 0; i < GENERATED_SCHOOLS + GENERATED_CHARITIES + GENERATED_OTHERS; i++) {
        demo_surname(g->rng, surname, sizeof surname);
        int sector;
        domain[0] = '\0';
        slug(domain, sizeof domain, surname);
        if (i < GENERATED_SCHOOLS) {
            sector = S_SCHOOLS;
            snprintf(name, sizeof name, "%s %s", surname,
                     school_kinds[demo_rng_range(g->rng, 0, 4)]);
            strcat(domain, ".sch.example");
        } else if (i < GENERATED_SCHOOLS + GENERATED_CHARITIES) {
            sector = S_THIRD;
            snprintf(name, sizeof name, "%s %s", surname,
                     charity_kinds[demo_rng_range(g->rng, 0, 3)]);
            strcat(domain, ".org.example");
        } else {
            sector = S_OTHER;
            snprintf(name, sizeof name, "%s Day Nursery", surname);
            strcat(domain, "-nursery.example");
        }
        add_org(g, sector, name, domain);
    }
}

static int new_person(struct gen *g, int course, demo_day on)
{
    grow((void **)&g->people, &g->cap_people, g->n_people + 1, sizeof *g->people);
    struct person *p = &g->people[g->n_people];
    memset(p, 0, sizeof *p);
    p->sector = demo_rng_weighted(g->rng, sector_weights[course], S_COUNT);
    int n_orgs = g->n_orgs_by_sector[p->sector];
    p->org = g->orgs_by_sector[p->sector][demo_rng_range(g->rng, 0, n_orgs - 1)];
    int n_jobs = 0;
    while (n_jobs < 6 && job_roles[p->sector][n_jobs])
        n_jobs++;
    p->job = job_roles[p->sector][demo_rng_range(g->rng, 0, n_jobs - 1)];
    /* Partners working across the city are often recorded without a cluster. */
    bool citywide = p->sector == S_NHS || p->sector == S_POLICE || p->sector == S_OTHER;
    p->cluster = g->n_clusters == 0 || demo_rng_chance(g->rng, citywide ? 200 : 30)
                     ? -1
                     : (int)demo_rng_range(g->rng, 0, g->n_clusters - 1);
    int sex = demo_rng_chance(g->rng, 700) ? 2 : 1;
    enum demo_name_origin origin =
        (enum demo_name_origin)demo_rng_weighted(g->rng, origin_weights, DEMO_ORIGIN_COUNT);
    const char *first = demo_first_name(g->rng, origin, sex, true);
    char surname[40];
    demo_surname(g->rng, surname, sizeof surname);
    snprintf(p->name, sizeof p->name, "%s %s", first, surname);
    if (demo_rng_chance(g->rng, 920)) {
        char local[80] = "";
        slug(local, sizeof local, first);
        strcat(local, ".");
        slug(local, sizeof local, surname);
        for (int k = 1;; k++) {
            if (k == 1)
                snprintf(p->email, sizeof p->email, "%s@%s", local, g->orgs[p->org].domain);
            else
                snprintf(p->email, sizeof p->email, "%s%d@%s", local, k, g->orgs[p->org].domain);
            if (claim_email(g, p->email))
                break;
        }
    }
    p->first_seen = on;
    p->last_session = -1;
    return g->n_people++;
}

/* Someone to book on session s of course c; never someone already on s. */
static int pick_person(struct gen *g, int s, int c, demo_day made_on)
{
    int p = -1;
    for (int attempt = 0; attempt < 3 && p < 0; attempt++) {
        int candidate = -1;
        if (c == C_AR) {
            if (g->ar_retry.n && demo_rng_chance(g->rng, 250))
                candidate = take(g, &g->ar_retry);
            else if (g->ar_all.n && demo_rng_chance(g->rng, 20)) /* a second time, as a refresher */
                candidate = g->ar_all.v[demo_rng_range(g->rng, 0, g->ar_all.n - 1)];
        } else if (c == C_DD) {
            if (g->dd_retry.n && demo_rng_chance(g->rng, 200))
                candidate = take(g, &g->dd_retry);
            else if (g->ar_done.n && demo_rng_chance(g->rng, 800))
                candidate = take(g, &g->ar_done);
        } else if (g->dd_done.n) {
            candidate = take(g, &g->dd_done);
        }
        if (candidate >= 0 && g->people[candidate].last_session != s)
            p = candidate;
    }
    if (p < 0)
        p = new_person(g, c, made_on);
    g->people[p].last_session = s;
    return p;
}

static void add_booking(struct gen *g, int s, int p, char status, demo_day made_on)
{
    grow((void **)&g->bookings, &g->cap_bookings, g->n_bookings + 1, sizeof *g->bookings);
    struct booking *b = &g->bookings[g->n_bookings++];
    b->session = s;
    b->person = p;
    b->status = status;
    b->made_on = made_on;
    b->feedback = status == 'a' && demo_rng_chance(g->rng, 700)
                      ? 1 + demo_rng_weighted(g->rng, feedback_weights, 5)
                      : 0;
}

/* What happened to a booking, and who goes back in which pool. */
static void record_outcome(struct gen *g, int c, int p, char status)
{
    struct person *person = &g->people[p];
    if (c == C_AR) {
        if (status == 'a' && !person->ar_attended) {
            person->ar_attended = true;
            push(&g->ar_done, p);
            push(&g->ar_all, p);
        } else if ((status == 'd' || status == 'c') && !person->ar_attended &&
                   demo_rng_chance(g->rng, 500)) {
            push(&g->ar_retry, p);
        }
    } else if (c == C_DD) {
        if (status == 'a' && !person->dd_attended) {
            person->dd_attended = true;
            if (demo_rng_chance(g->rng, 150))
                push(&g->dd_done, p);
        } else if ((status == 'd' || status == 'c') && !person->dd_attended &&
                   demo_rng_chance(g->rng, 500)) {
            push(&g->dd_retry, p);
        }
    }
}

static demo_day weekday_on_or_before(demo_day d)
{
    while (demo_day_weekday(d) > 5)
        d--;
    return d;
}

static int by_day(const void *a, const void *b)
{
    const struct session *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->course - y->course;
}

static void add_session(struct gen *g, int c, demo_day day)
{
    struct session *s = &g->sessions[g->n_sessions++];
    s->course = c;
    s->day = day;
    s->start = course_start[c];
    s->end = course_end[c];
    if (c == C_AR && demo_rng_chance(g->rng, 400)) { /* an afternoon session */
        s->start = 13 * 60 + 30;
        s->end = 16 * 60 + 30;
    }
    static const int ar_capacities[] = {20, 24, 25, 30, 30};
    s->capacity = c == C_AR ? ar_capacities[demo_rng_range(g->rng, 0, 4)] : course_capacity[c];
    if (s->capacity < course_min_people[c])
        s->capacity = course_min_people[c];
    s->trainer = g->n_trainers ? (int)demo_rng_range(g->rng, 0, g->n_trainers - 1) : -1;
    s->venue = demo_rng_chance(g->rng, 200) ? -1 : (int)demo_rng_range(g->rng, 0, N_VENUES - 1);
}

static void make_sessions(struct gen *g)
{
    int total = 0;
    for (int c = 0; c < C_COUNT; c++)
        total += course_sessions[c];
    total += 6; /* booked ahead, after until */
    g->sessions = xcalloc((size_t)total, sizeof *g->sessions);
    int span = g->until - g->start + 1;
    for (int c = 0; c < C_COUNT; c++) {
        int n = course_sessions[c];
        for (int i = 0; i < n; i++) {
            demo_day d = g->start + (int)(((long)i * span + span / 2) / n) +
                         (int)demo_rng_range(g->rng, -3, 3);
            if (d < g->start)
                d = g->start;
            if (d > g->until)
                d = g->until;
            d = demo_day_next_weekday(d);
            if (d > g->until)
                d = weekday_on_or_before(g->until);
            add_session(g, c, d);
        }
    }
    /* The next few weeks' sessions, with people booked but no register yet. */
    static const int ahead[][2] = {{C_AR, 7},  {C_AR, 14}, {C_AR, 21},
                                   {C_AR, 28}, {C_DD, 10}, {C_DD, 24}};
    for (size_t i = 0; i < sizeof ahead / sizeof ahead[0]; i++)
        add_session(g, ahead[i][0], demo_day_next_weekday(g->until + ahead[i][1]));
    qsort(g->sessions, (size_t)g->n_sessions, sizeof *g->sessions, by_day);
}

static void fill_sessions(struct gen *g)
{
    for (int s = 0; s < g->n_sessions; s++) {
        struct session *session = &g->sessions[s];
        int c = session->course;
        bool held = session->day <= g->until;
        int places = (int)demo_rng_range(g->rng, course_min_people[c], session->capacity);
        for (int k = 0; k < places; k++) {
            demo_day made_on = session->day - (int)demo_rng_range(g->rng, 3, 45);
            int p = pick_person(g, s, c, made_on);
            char status = !held ? 'b' : demo_rng_chance(g->rng, 105) ? 'd' : 'a';
            add_booking(g, s, p, status, made_on);
            if (held)
                record_outcome(g, c, p, status);
            /* Now and then someone else booked and cancelled, freeing a place. */
            if (demo_rng_chance(g->rng, 55)) {
                int q = pick_person(g, s, c, made_on);
                add_booking(g, s, q, 'c', made_on);
                if (held)
                    record_outcome(g, c, q, 'c');
            }
        }
    }
}

/* Runs a query and reads its first column as ids. Returns the count, or -1. */
static int query_ids(PGconn *conn, const char *sql, int nparams, const char *const *params,
                     long long **out)
{
    PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: demo training: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int n = PQntuples(res);
    *out = xcalloc((size_t)(n ? n : 1), sizeof **out);
    for (int i = 0; i < n; i++)
        (*out)[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return n;
}

/* n new ids from a sequence, in increasing order. */
static long long *reserve_ids(PGconn *conn, const char *sequence, int n)
{
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[] = {sequence, count};
    long long *ids = NULL;
    int got = query_ids(conn,
                        "SELECT nextval($1::regclass) AS id FROM generate_series(1, $2::integer) "
                        "ORDER BY id",
                        2, params, &ids);
    if (got != n) {
        free(ids);
        return NULL;
    }
    return ids;
}

static void copy_time(struct demo_copy *c, int minutes)
{
    char t[16];
    snprintf(t, sizeof t, "%02d:%02d", minutes / 60, minutes % 60);
    demo_copy_text(c, t);
}

static int write_rows(PGconn *conn, struct gen *g, struct demo_training_counts *counts)
{
    long long *session_ids = reserve_ids(conn, "fgc.training_sessions_id_seq", g->n_sessions);
    long long *person_ids = reserve_ids(conn, "fgc.training_people_id_seq", g->n_people);
    int rc = -1;
    if (!session_ids || !person_ids)
        goto out;

    struct demo_copy c;
    if (demo_copy_begin(
            &c, conn,
            "fgc.training_sessions (id, course_id, held_on, starts_at, ends_at, online, "
            "venue, trainer_id, capacity, created_at, updated_at)") != 0)
        goto out;
    for (int i = 0; i < g->n_sessions; i++) {
        struct session *s = &g->sessions[i];
        demo_copy_long(&c, session_ids[i]);
        demo_copy_long(&c, g->course_ids[s->course]);
        demo_copy_date(&c, s->day);
        copy_time(&c, s->start);
        copy_time(&c, s->end);
        demo_copy_bool(&c, s->venue < 0);
        demo_copy_text(&c, s->venue < 0 ? NULL : venues[s->venue]);
        if (s->trainer < 0)
            demo_copy_null(&c);
        else
            demo_copy_long(&c, g->trainers[s->trainer]);
        demo_copy_long(&c, s->capacity);
        demo_copy_timestamp(&c, s->day - 60, 10 * 60);
        demo_copy_timestamp(&c, s->day - 60, 10 * 60);
        demo_copy_row_end(&c);
    }
    if ((counts->sessions = demo_copy_finish(&c)) < 0)
        goto out;

    if (demo_copy_begin(&c, conn,
                        "fgc.training_people (id, full_name, work_email, organisation, sector, "
                        "area_id, job_role, created_at, updated_at)") != 0)
        goto out;
    for (int i = 0; i < g->n_people; i++) {
        struct person *p = &g->people[i];
        demo_copy_long(&c, person_ids[i]);
        demo_copy_text(&c, p->name);
        demo_copy_text(&c, p->email[0] ? p->email : NULL);
        demo_copy_text(&c, g->orgs[p->org].name);
        demo_copy_text(&c, sector_codes[p->sector]);
        if (p->cluster < 0)
            demo_copy_null(&c);
        else
            demo_copy_long(&c, g->clusters[p->cluster]);
        demo_copy_text(&c, p->job);
        demo_copy_timestamp(&c, p->first_seen, 9 * 60 + i % 480);
        demo_copy_timestamp(&c, p->first_seen, 9 * 60 + i % 480);
        demo_copy_row_end(&c);
    }
    if ((counts->people = demo_copy_finish(&c)) < 0)
        goto out;

    if (demo_copy_begin(&c, conn,
                        "fgc.training_bookings (session_id, person_id, status, feedback_score, "
                        "source, created_at, updated_at)") != 0)
        goto out;
    for (int i = 0; i < g->n_bookings; i++) {
        struct booking *b = &g->bookings[i];
        struct session *s = &g->sessions[b->session];
        demo_copy_long(&c, session_ids[b->session]);
        demo_copy_long(&c, person_ids[b->person]);
        demo_copy_text(&c, b->status == 'a'   ? "attended"
                           : b->status == 'd' ? "did_not_attend"
                           : b->status == 'c' ? "cancelled"
                                              : "booked");
        if (b->feedback)
            demo_copy_long(&c, b->feedback);
        else
            demo_copy_null(&c);
        demo_copy_text(&c, "demo");
        demo_copy_timestamp(&c, b->made_on, 9 * 60 + i % 480);
        /* Attendance is recorded the day after the session. */
        if (b->status == 'a' || b->status == 'd')
            demo_copy_timestamp(&c, s->day + 1, 10 * 60);
        else
            demo_copy_timestamp(&c, b->made_on, 9 * 60 + i % 480);
        demo_copy_row_end(&c);
    }
    if ((counts->bookings = demo_copy_finish(&c)) < 0)
        goto out;
    rc = 0;
out:
    free(session_ids);
    free(person_ids);
    return rc;
}

/* The programme's targets: by the deadline, 4,500 people through Awareness Raising (schools 800,
 * third sector 500) and 1,500 through Deep Dive, counted from the start of the two years. */
static int write_targets(PGconn *conn, struct gen *g, struct demo_training_counts *counts)
{
    static const struct {
        int course;
        const char *sector;
        const char *people;
        const char *name;
    } targets[] = {
        {C_AR, NULL, "4500", "Awareness Raising: whole workforce and partners"},
        {C_AR, "schools", "800", "Awareness Raising: schools"},
        {C_AR, "third_sector", "500", "Awareness Raising: third sector"},
        {C_DD, NULL, "1500", "Deep Dive: practitioners"},
    };
    char starts_on[11], deadline[11];
    demo_day_format(g->start, starts_on);
    demo_day_format(g->until + 91, deadline);
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char course[24];
        snprintf(course, sizeof course, "%lld", g->course_ids[targets[i].course]);
        const char *params[] = {course,    targets[i].sector, targets[i].people,
                                starts_on, deadline,          targets[i].name};
        PGresult *res = PQexecParams(conn,
                                     "INSERT INTO fgc.training_targets (course_id, sector, "
                                     "target_people, starts_on, deadline, name) "
                                     "VALUES ($1, $2, $3, $4, $5, $6)",
                                     6, NULL, params, NULL, NULL, 0);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "fgcd: demo training targets: %s", PQresultErrorMessage(res));
        PQclear(res);
        if (!ok)
            return -1;
        counts->targets++;
    }
    return 0;
}

static void free_gen(struct gen *g)
{
    for (size_t i = 0; i < g->email_slots; i++)
        free(g->emails[i]);
    free(g->emails);
    free(g->orgs);
    free(g->clusters);
    free(g->trainers);
    free(g->sessions);
    free(g->people);
    free(g->bookings);
    free(g->ar_retry.v);
    free(g->dd_retry.v);
    free(g->ar_done.v);
    free(g->dd_done.v);
    free(g->ar_all.v);
}

int demo_training_load(PGconn *conn, struct demo_rng *rng, demo_day until,
                       struct demo_training_counts *counts)
{
    memset(counts, 0, sizeof *counts);
    PGresult *res = PQexec(conn, "SELECT to_regclass('fgc.training_bookings') IS NOT NULL");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "fgcd: demo training: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    bool present = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!present)
        return 0;

    struct gen g;
    memset(&g, 0, sizeof g);
    g.rng = rng;
    g.until = until;
    g.start = until - 729; /* two years, until included */
    g.email_slots = 32768;
    g.emails = xcalloc(g.email_slots, sizeof *g.emails);
    int rc = -1;

    for (int c = 0; c < C_COUNT; c++) {
        long long *id = NULL;
        const char *params[] = {course_codes[c]};
        int n =
            query_ids(conn, "SELECT id FROM fgc.training_courses WHERE code = $1", 1, params, &id);
        if (n == 1)
            g.course_ids[c] = id[0];
        free(id);
        if (n != 1) {
            if (n == 0)
                fprintf(stderr, "fgcd: demo training: the course %s is missing\n", course_codes[c]);
            goto out;
        }
    }
    const char *la[] = {DEMO_LA_CODE};
    g.n_clusters = query_ids(conn,
                             "SELECT a.id FROM fgc.areas a WHERE a.kind = 'cluster' AND "
                             "(a.parent_id = (SELECT l.id FROM fgc.areas l WHERE l.code = $1) "
                             " OR NOT EXISTS (SELECT 1 FROM fgc.areas l WHERE l.code = $1)) "
                             "ORDER BY a.code",
                             1, la, &g.clusters);
    g.n_trainers = query_ids(conn,
                             "SELECT id FROM fgc.users WHERE role = 'trainer' AND active "
                             "ORDER BY id",
                             0, NULL, &g.trainers);
    if (g.n_clusters < 0 || g.n_trainers < 0)
        goto out;

    make_orgs(&g);
    make_sessions(&g);
    fill_sessions(&g);
    if (write_rows(conn, &g, counts) != 0 || write_targets(conn, &g, counts) != 0)
        goto out;
    rc = 0;
out:
    free_gen(&g);
    return rc;
}
