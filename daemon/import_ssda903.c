/* fgcd import ssda903: children looked after (SSDA903 header and episodes CSV files) into
 * fgc.children and fgc.cla_episode_records. */
#include "csv.h"
#include "import.h"
#include "import_db.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- Columns ---- */

enum { H_CHILD, H_SEX, H_DOB, H_ETHNIC, H_UPN, H_MOTHER, H_MC_DOB, H_COUNT };
static const char *const header_columns[] = {"CHILD", "SEX",    "DOB",    "ETHNIC",
                                             "UPN",   "MOTHER", "MC_DOB", NULL};
static const bool header_required[] = {true, true, true, false, false, false, false};

enum {
    E_CHILD,
    E_DECOM,
    E_RNE,
    E_LS,
    E_CIN,
    E_PLACE,
    E_PLACE_PROVIDER,
    E_DEC,
    E_REC,
    E_REASON_PLACE_CHANGE,
    E_HOME_POST,
    E_PL_POST,
    E_URN,
    E_COUNT
};
static const char *const episode_columns[] = {
    "CHILD",     "DECOM",          "RNE", "LS",  "CIN",
    "PLACE",     "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
    "HOME_POST", "PL_POST",        "URN", NULL};
static const bool episode_required[] = {true,  true,  true,  true,  false, false, false,
                                        false, false, false, false, false, false};

/* The text fields of an episode, in the order of the staging table. */
enum {
    T_RNE,
    T_LS,
    T_CIN,
    T_PLACE,
    T_PROVIDER,
    T_REC,
    T_RPC,
    T_HOME_POST,
    T_PL_POST,
    T_URN,
    T_COUNT
};
static const int text_column[T_COUNT] = {
    E_RNE,       E_LS,      E_CIN, E_PLACE, E_PLACE_PROVIDER, E_REC, E_REASON_PLACE_CHANGE,
    E_HOME_POST, E_PL_POST, E_URN};
/* The code list each text field is checked against (fgc.status_codes.list), or NULL. */
static const char *const text_list[T_COUNT] = {"rne", "ls", "cin", "place", "place_provider",
                                               "rec", NULL, NULL,  NULL,    NULL};
static const char *const text_what[T_COUNT] = {"reason for new episode",
                                               "legal status",
                                               "category of need",
                                               "placement type",
                                               "placement provider",
                                               "reason episode ceased",
                                               NULL,
                                               NULL,
                                               NULL,
                                               NULL};

#define MAX_VALUE 100 /* longest value of a text field */

/* ---- What was read ---- */

enum header_state { HS_MISSING, HS_OK, HS_REJECTED };
static const char *const header_state_names[] = {"missing", "ok", "rejected"};

struct child {
    const char *id; /* CHILD */
    enum header_state state;
    long header_line; /* 0 when not in the header */
    long first_episode_line;
    import_day dob;
    int sex;
    const char *ethnicity; /* NULL when missing or unknown */
    const char *upn;
    long latest; /* the kept episode with the latest DECOM, or -1 */
};

enum episode_state { EP_KEPT, EP_REJECTED, EP_DUPLICATE };

struct episode {
    long line;
    long child;
    import_day decom, dec;
    bool has_dec;
    enum episode_state state;
    const char *text[T_COUNT]; /* NULL when empty */
};

struct ssda903 {
    struct import_report *r;
    const struct code_lists *codes;
    struct arena arena;
    struct child *children;
    long nchildren, children_cap;
    struct strmap child_index;
    struct strmap upns;
    struct episode *episodes;
    long nepisodes, episodes_cap;
    int header_file, episode_file;
};

static long child_for(struct ssda903 *s, const char *id, bool *created)
{
    long i = strmap_get(&s->child_index, id);
    *created = i < 0;
    if (i >= 0)
        return i;
    if (s->nchildren == s->children_cap) {
        s->children_cap = s->children_cap ? s->children_cap * 2 : 1024;
        struct child *grown = realloc(s->children, (size_t)s->children_cap * sizeof *grown);
        if (!grown)
            abort();
        s->children = grown;
    }
    struct child *c = &s->children[s->nchildren];
    memset(c, 0, sizeof *c);
    c->id = arena_strdup(&s->arena, id, strlen(id));
    c->latest = -1;
    strmap_put(&s->child_index, id, s->nchildren);
    return s->nchildren++;
}

/* 1 for a date, 0 for an empty field, -1 for something that is not a date. */
static int read_date(struct ssda903 *s, int file, long line, const char *field, const char *v,
                     import_day *out)
{
    if (!*v)
        return 0;
    if (date_parse_dmy(v, out))
        return 1;
    if (date_parse_iso(v, out)) {
        report_warn(s->r, "date_format", file, line, field,
                    "%s \"%s\" is written as YYYY-MM-DD rather than dd/mm/yyyy; it was read as "
                    "that date.",
                    field, v);
        return 1;
    }
    return -1;
}

static void fmt_dmy(import_day d, char out[11])
{
    date_format_dmy(d, out);
}

/* ---- The header file ---- */

static void read_header_row(struct ssda903 *s, const struct csv_record *rec, const int *idx)
{
    struct import_report *r = s->r;
    int f = s->header_file;
    long line = rec->line;
    char *id = import_field(rec, idx[H_CHILD]);
    char *sex = import_field(rec, idx[H_SEX]);
    char *dob = import_field(rec, idx[H_DOB]);
    char *ethnic = import_upper(import_field(rec, idx[H_ETHNIC]));
    char *upn = import_field(rec, idx[H_UPN]);

    if (!*id) {
        report_reject(r, "missing_field", f, line, "CHILD",
                      "CHILD is empty, so the row cannot be matched to any episode; it was not "
                      "imported.");
        r->children_rejected++;
        return;
    }
    if (strlen(id) > 64) {
        report_reject(r, "invalid_value", f, line, "CHILD",
                      "CHILD is longer than 64 characters; the row was not imported.");
        r->children_rejected++;
        return;
    }
    bool ok = true;
    int sex_value = 0;
    if (!*sex) {
        report_reject(r, "missing_field", f, line, "SEX", "SEX is empty for child %s.", id);
        ok = false;
    } else if (strcmp(sex, "1") == 0 || strcmp(sex, "2") == 0) {
        sex_value = sex[0] - '0';
    } else {
        report_reject(r, "invalid_value", f, line, "SEX",
                      "SEX \"%s\" for child %s is not 1 (male) or 2 (female).", sex, id);
        ok = false;
    }
    import_day dob_value = 0;
    int d = read_date(s, f, line, "DOB", dob, &dob_value);
    if (d == 0) {
        report_reject(r, "missing_field", f, line, "DOB", "DOB is empty for child %s.", id);
        ok = false;
    } else if (d < 0) {
        report_reject(r, "invalid_date", f, line, "DOB",
                      "DOB \"%s\" for child %s is not a date written as dd/mm/yyyy.", dob, id);
        ok = false;
    }
    const char *ethnicity = NULL;
    if (ok && !*ethnic && idx[H_ETHNIC] >= 0) {
        report_warn(r, "missing_field", f, line, "ETHNIC",
                    "ETHNIC is empty for child %s; a new child is recorded as NOBT (information "
                    "not yet obtained).",
                    id);
    } else if (ok && *ethnic) {
        if (code_known(s->codes, "ethnicity", ethnic))
            ethnicity = ethnic;
        else
            report_warn(r, "unknown_code", f, line, "ETHNIC",
                        "ETHNIC \"%s\" for child %s is not a DfE ethnicity code; a new child is "
                        "recorded as NOBT (information not yet obtained), a known child keeps "
                        "the ethnicity recorded.",
                        ethnic, id);
    }
    char upn_value[14] = "";
    if (ok && *upn) {
        if (!import_normalise_upn(upn, upn_value)) {
            report_warn(r, "invalid_value", f, line, "UPN",
                        "UPN \"%s\" for child %s is not a unique pupil number (a letter, 11 "
                        "digits, then a digit or a letter); it was not stored.",
                        upn, id);
            upn_value[0] = '\0';
        } else {
            long other = strmap_put(&s->upns, upn_value, line);
            if (other != line) {
                report_warn(r, "duplicate_upn", f, line, "UPN",
                            "UPN %s for child %s is also given on line %ld; it was not stored "
                            "for this child.",
                            upn_value, id, other);
                upn_value[0] = '\0';
            }
        }
    }

    bool created;
    long ci = child_for(s, id, &created);
    struct child *c = &s->children[ci];
    if (!created) {
        bool same = c->state == HS_OK && ok && c->sex == sex_value && c->dob == dob_value &&
                    ((!c->ethnicity && !ethnicity) ||
                     (c->ethnicity && ethnicity && strcmp(c->ethnicity, ethnicity) == 0));
        if (same) {
            report_warn(r, "duplicate_row", f, line, "CHILD",
                        "Child %s is already given on line %ld with the same details; the row "
                        "was read once.",
                        id, c->header_line);
            r->children_unchanged++;
        } else {
            report_reject(r, "conflicting_duplicate", f, line, "CHILD",
                          "Child %s is already given on line %ld; this row differs and was not "
                          "imported.",
                          id, c->header_line);
            r->children_rejected++;
        }
        return;
    }
    c->header_line = line;
    if (!ok) {
        c->state = HS_REJECTED;
        r->children_rejected++;
        return;
    }
    c->state = HS_OK;
    c->sex = sex_value;
    c->dob = dob_value;
    c->ethnicity = ethnicity ? arena_strdup(&s->arena, ethnicity, strlen(ethnicity)) : NULL;
    c->upn = upn_value[0] ? arena_strdup(&s->arena, upn_value, strlen(upn_value)) : NULL;
}

/* ---- The episodes file ---- */

static struct episode *new_episode(struct ssda903 *s)
{
    if (s->nepisodes == s->episodes_cap) {
        s->episodes_cap = s->episodes_cap ? s->episodes_cap * 2 : 4096;
        struct episode *grown = realloc(s->episodes, (size_t)s->episodes_cap * sizeof *grown);
        if (!grown)
            abort();
        s->episodes = grown;
    }
    struct episode *e = &s->episodes[s->nepisodes];
    memset(e, 0, sizeof *e);
    return e;
}

/* Checks one episode row; false when it is rejected. */
static bool read_episode_row(struct ssda903 *s, const struct csv_record *rec, const int *idx)
{
    struct import_report *r = s->r;
    int f = s->episode_file;
    long line = rec->line;
    char *id = import_field(rec, idx[E_CHILD]);
    if (!*id) {
        report_reject(r, "missing_field", f, line, "CHILD",
                      "CHILD is empty, so the episode belongs to no child; it was not imported.");
        return false;
    }
    if (strlen(id) > 64) {
        report_reject(r, "invalid_value", f, line, "CHILD",
                      "CHILD is longer than 64 characters; the episode was not imported.");
        return false;
    }
    struct episode *e = new_episode(s);
    e->line = line;
    bool ok = true;

    char *decom = import_field(rec, idx[E_DECOM]);
    int d = read_date(s, f, line, "DECOM", decom, &e->decom);
    if (d == 0) {
        report_reject(r, "missing_field", f, line, "DECOM",
                      "DECOM (the date the episode started) is empty; the episode was not "
                      "imported.");
        ok = false;
    } else if (d < 0) {
        report_reject(r, "invalid_date", f, line, "DECOM",
                      "DECOM \"%s\" is not a date written as dd/mm/yyyy; the episode was not "
                      "imported.",
                      decom);
        ok = false;
    }
    char *dec = import_field(rec, idx[E_DEC]);
    d = read_date(s, f, line, "DEC", dec, &e->dec);
    if (d < 0) {
        report_reject(r, "invalid_date", f, line, "DEC",
                      "DEC \"%s\" is not a date written as dd/mm/yyyy; the episode was not "
                      "imported.",
                      dec);
        ok = false;
    }
    e->has_dec = d > 0;

    char *values[T_COUNT];
    for (int t = 0; t < T_COUNT; t++) {
        values[t] = import_field(rec, idx[text_column[t]]);
        if (text_list[t])
            import_upper(values[t]);
        const char *name = episode_columns[text_column[t]];
        if (strlen(values[t]) > MAX_VALUE) {
            report_reject(r, "invalid_value", f, line, name,
                          "%s is longer than %d characters; the episode was not imported.", name,
                          MAX_VALUE);
            ok = false;
        }
    }
    if (!*values[T_RNE]) {
        report_reject(r, "missing_field", f, line, "RNE",
                      "RNE (the reason for the new episode) is empty; the episode was not "
                      "imported.");
        ok = false;
    }
    if (!*values[T_LS]) {
        report_reject(r, "missing_field", f, line, "LS",
                      "LS (the legal status) is empty; the episode was not imported.");
        ok = false;
    }
    if (ok && e->has_dec && e->dec < e->decom) {
        char a[11], b[11];
        fmt_dmy(e->dec, a);
        fmt_dmy(e->decom, b);
        report_reject(r, "ceased_before_start", f, line, "DEC",
                      "DEC %s is before DECOM %s; the episode was not imported.", a, b);
        ok = false;
    }
    if (!ok)
        return false;

    for (int t = 0; t < T_COUNT; t++) {
        if (text_list[t] && *values[t] && !code_known(s->codes, text_list[t], values[t]))
            report_warn(r, "unknown_code", f, line, episode_columns[text_column[t]],
                        "%s \"%s\" is not a known %s code; it was stored as given.",
                        episode_columns[text_column[t]], values[t], text_what[t]);
    }
    if (*values[T_REC] && !e->has_dec) {
        report_warn(r, "rec_without_dec", f, line, "REC",
                    "REC \"%s\" is given but DEC is empty; the episode was read as still open and "
                    "REC was not stored.",
                    values[T_REC]);
        values[T_REC][0] = '\0';
    }
    for (int t = 0; t < T_COUNT; t++)
        e->text[t] = *values[t] ? arena_strdup(&s->arena, values[t], strlen(values[t])) : NULL;

    bool created;
    e->child = child_for(s, id, &created);
    struct child *c = &s->children[e->child];
    if (c->first_episode_line == 0)
        c->first_episode_line = line;
    e->state = EP_KEPT;
    s->nepisodes++;
    return true;
}

/* ---- Checks across rows ---- */

/* A sort key per episode: qsort has no context argument, and imports run on several threads. */
struct episode_key {
    long child;
    import_day decom;
    long line;
    long index;
};

static int by_child_decom(const void *a, const void *b)
{
    const struct episode_key *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    if (x->decom != y->decom)
        return x->decom < y->decom ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_episode(const struct episode *x, const struct episode *y)
{
    if (x->has_dec != y->has_dec || (x->has_dec && x->dec != y->dec))
        return false;
    for (int t = 0; t < T_COUNT; t++)
        if (!same_text(x->text[t], y->text[t]))
            return false;
    return true;
}

/* The collection year most episodes belong to (by their latest date). */
static int infer_year(const struct ssda903 *s)
{
    long counts[201] = {0};
    for (long i = 0; i < s->nepisodes; i++) {
        const struct episode *e = &s->episodes[i];
        if (e->state != EP_KEPT)
            continue;
        int y = collection_year_of(e->has_dec && e->dec > e->decom ? e->dec : e->decom);
        if (y >= 1900 && y <= 2100)
            counts[y - 1900]++;
    }
    int best = 0;
    for (int y = 0; y <= 200; y++)
        if (counts[y] > 0 && counts[y] >= counts[best])
            best = y;
    return counts[best] > 0 ? best + 1900 : 0;
}

static void check_year(struct ssda903 *s, const struct episode *e, int year)
{
    import_day start = collection_year_start(year), end = collection_year_end(year);
    char a[11], b[11];
    if (e->decom > end) {
        fmt_dmy(e->decom, a);
        fmt_dmy(end, b);
        report_warn(s->r, "outside_collection_year", s->episode_file, e->line, "DECOM",
                    "DECOM %s is after the end of the collection year (%s).", a, b);
    }
    if (e->has_dec && e->dec > end) {
        fmt_dmy(e->dec, a);
        fmt_dmy(end, b);
        report_warn(s->r, "outside_collection_year", s->episode_file, e->line, "DEC",
                    "DEC %s is after the end of the collection year (%s).", a, b);
    } else if (e->has_dec && e->dec < start) {
        fmt_dmy(e->dec, a);
        fmt_dmy(start, b);
        report_warn(s->r, "outside_collection_year", s->episode_file, e->line, "DEC",
                    "The episode ceased on %s, before the collection year began (%s).", a, b);
    }
}

/* One child's episodes, sorted by DECOM: duplicates, DEC without REC, overlaps. */
static void check_child(struct ssda903 *s, const long *order, long n)
{
    struct import_report *r = s->r;
    int f = s->episode_file;
    char a[11], b[11];
    /* Repeated (child, DECOM): the same row twice is read once; differing rows are refused.
     * The first row of each DECOM (the lowest line) is the one kept. */
    long group = 0;
    for (long i = 1; i < n; i++) {
        struct episode *e = &s->episodes[order[i]];
        struct episode *p = &s->episodes[order[group]];
        if (p->decom != e->decom) {
            group = i;
            continue;
        }
        fmt_dmy(e->decom, a);
        if (same_episode(p, e)) {
            report_warn(r, "duplicate_row", f, e->line, "DECOM",
                        "The episode of child %s starting %s repeats line %ld; it was read once.",
                        s->children[e->child].id, a, p->line);
            e->state = EP_DUPLICATE;
            r->unchanged++;
        } else {
            report_reject(r, "conflicting_duplicate", f, e->line, "DECOM",
                          "Line %ld already has an episode of child %s starting %s; this row "
                          "differs from it and was not imported.",
                          p->line, s->children[e->child].id, a);
            e->state = EP_REJECTED;
            r->rejected++;
        }
    }
    /* DEC without REC: X1 when the next episode starts that day, otherwise refused. */
    for (long i = 0; i < n; i++) {
        struct episode *e = &s->episodes[order[i]];
        if (e->state != EP_KEPT || !e->has_dec || e->text[T_REC])
            continue;
        long next = i + 1;
        while (next < n && s->episodes[order[next]].state != EP_KEPT)
            next++;
        fmt_dmy(e->dec, a);
        if (next < n && s->episodes[order[next]].decom == e->dec) {
            report_warn(r, "dec_without_rec", f, e->line, "REC",
                        "REC is empty but DEC is %s and the next episode (line %ld) starts that "
                        "day, so REC was taken as X1 (episode ends, next starts the same day).",
                        a, s->episodes[order[next]].line);
            e->text[T_REC] = "X1";
        } else {
            report_reject(r, "dec_without_rec", f, e->line, "REC",
                          "DEC is %s but REC (the reason the episode ceased) is empty, and no "
                          "episode starts that day; the episode was not imported (an episode "
                          "that has ceased needs its reason).",
                          a);
            e->state = EP_REJECTED;
            r->rejected++;
        }
    }
    /* Overlaps and several open episodes: both episodes are kept, the later one flagged. */
    const struct episode *open = NULL;    /* an earlier episode still open */
    const struct episode *longest = NULL; /* the earlier closed episode ending last */
    struct child *c = &s->children[s->episodes[order[0]].child];
    for (long i = 0; i < n; i++) {
        struct episode *e = &s->episodes[order[i]];
        if (e->state != EP_KEPT)
            continue;
        fmt_dmy(e->decom, a);
        if (open && !e->has_dec) {
            fmt_dmy(open->decom, b);
            report_warn(r, "several_open_episodes", f, e->line, "DEC",
                        "Child %s has more than one open episode: this one (from %s) and the one "
                        "from %s (line %ld). Both are kept.",
                        c->id, a, b, open->line);
        } else if (open) {
            fmt_dmy(open->decom, b);
            report_warn(r, "overlapping_episodes", f, e->line, "DECOM",
                        "This episode of child %s starts on %s while the episode from %s (line "
                        "%ld) is still open. Both are kept.",
                        c->id, a, b, open->line);
        } else if (longest && e->decom < longest->dec) {
            fmt_dmy(longest->decom, b);
            char end[11];
            fmt_dmy(longest->dec, end);
            report_warn(r, "overlapping_episodes", f, e->line, "DECOM",
                        "This episode of child %s starts on %s, before the episode from %s "
                        "(line %ld) ceased on %s. Both are kept.",
                        c->id, a, b, longest->line, end);
        }
        if (!e->has_dec) {
            if (!open)
                open = e;
        } else if (!longest || e->dec > longest->dec) {
            longest = e;
        }
        c->latest = order[i];
    }
}

static void check_episodes(struct ssda903 *s, int year)
{
    long n = s->nepisodes;
    struct episode_key *keys = xcalloc((size_t)(n ? n : 1), sizeof *keys);
    for (long i = 0; i < n; i++)
        keys[i] = (struct episode_key){s->episodes[i].child, s->episodes[i].decom,
                                       s->episodes[i].line, i};
    qsort(keys, (size_t)n, sizeof *keys, by_child_decom);
    long *order = xcalloc((size_t)(n ? n : 1), sizeof *order);
    for (long i = 0; i < n; i++)
        order[i] = keys[i].index;
    free(keys);
    for (long i = 0; i < n;) {
        long j = i + 1;
        while (j < n && s->episodes[order[j]].child == s->episodes[order[i]].child)
            j++;
        check_child(s, order + i, j - i);
        i = j;
    }
    free(order);
    if (year)
        for (long i = 0; i < n; i++)
            if (s->episodes[i].state == EP_KEPT)
                check_year(s, &s->episodes[i], year);
}

/* "LS12 3AB", "LS12 3", "ls123ab" -> "LS12 3"; false when no sector can be read. */
static bool postcode_sector(const char *post, char out[12])
{
    char outward[8], inward[4];
    size_t no = 0, ni = 0;
    bool in_inward = false, seen = false;
    for (const char *p = post; *p; p++) {
        if (*p == ' ') {
            if (seen)
                in_inward = true;
            continue;
        }
        if (!isalnum((unsigned char)*p))
            return false;
        char ch = (char)toupper((unsigned char)*p);
        seen = true;
        if (in_inward) {
            if (ni == 3)
                return false;
            inward[ni++] = ch;
        } else {
            if (no == 7)
                return false;
            outward[no++] = ch;
        }
    }
    outward[no] = '\0';
    inward[ni] = '\0';
    char digit;
    if (ni > 0) {
        digit = inward[0];
    } else if (no >= 5 && isalpha((unsigned char)outward[no - 1]) &&
               isalpha((unsigned char)outward[no - 2]) && isdigit((unsigned char)outward[no - 3])) {
        digit = outward[no - 3]; /* a full postcode written without its space */
        outward[no - 3] = '\0';
        no -= 3;
    } else if (no >= 3 && isdigit((unsigned char)outward[no - 1])) {
        digit = outward[no - 1]; /* a sector written without its space */
        outward[--no] = '\0';
    } else {
        return false;
    }
    if (!isdigit((unsigned char)digit) || no < 2 || no > 4 || !isalpha((unsigned char)outward[0]))
        return false;
    snprintf(out, 12, "%s %c", outward, digit);
    return true;
}

/* ---- Loading ---- */

static int stage_children(struct ssda903 *s, PGconn *conn)
{
    struct stage st;
    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_children (ref, la_child_id, header_state, date_of_birth, "
                    "sex, ethnicity, upn, sector) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < s->nchildren; i++) {
        const struct child *c = &s->children[i];
        stage_int(&st, c->state == HS_MISSING ? c->first_episode_line : c->header_line);
        stage_text(&st, c->id);
        stage_text(&st, header_state_names[c->state]);
        bool ok = c->state == HS_OK;
        stage_date(&st, c->dob, ok);
        if (ok)
            stage_int(&st, c->sex);
        else
            stage_null(&st);
        stage_text(&st, ok ? c->ethnicity : NULL);
        stage_text(&st, ok ? c->upn : NULL);
        char sector[12];
        const struct episode *latest = c->latest >= 0 ? &s->episodes[c->latest] : NULL;
        if (latest && latest->text[T_HOME_POST] &&
            postcode_sector(latest->text[T_HOME_POST], sector))
            stage_text(&st, sector);
        else
            stage_null(&st);
        stage_end_row(&st);
    }
    return stage_finish(&st);
}

static int stage_episodes(struct ssda903 *s, PGconn *conn)
{
    struct stage st;
    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_episodes (ref, la_child_id, decom, rne, ls, cin, place, "
                    "place_provider, rec, reason_place_change, home_post, pl_post, urn, dec) "
                    "FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < s->nepisodes; i++) {
        const struct episode *e = &s->episodes[i];
        if (e->state != EP_KEPT)
            continue;
        stage_int(&st, e->line);
        stage_text(&st, s->children[e->child].id);
        stage_date(&st, e->decom, true);
        for (int t = 0; t < T_COUNT; t++)
            stage_text(&st, e->text[t]);
        stage_date(&st, e->dec, e->has_dec);
        stage_end_row(&st);
    }
    return stage_finish(&st);
}

static void ssda903_free(struct ssda903 *s)
{
    arena_free(&s->arena);
    free(s->children);
    free(s->episodes);
    strmap_free(&s->child_index);
    strmap_free(&s->upns);
}

/* Reads one CSV input with its header row; false when it cannot be read. */
static bool read_csv(struct ssda903 *s, const struct import_input *in, int file,
                     const char *const *names, const bool *required, int *idx, bool episodes)
{
    struct import_report *r = s->r;
    struct import_csv csv;
    if (!import_csv_open(&csv, r, file, in, names, required, idx))
        return false;
    struct csv_record rec;
    long rows = 0;
    while (import_csv_next(&csv, &rec)) {
        rows++;
        if (episodes)
            r->read++;
        else
            r->children_read++;
        if (!import_check_row(r, file, &rec, csv.ncolumns)) {
            if (episodes)
                r->rejected++;
            else
                r->children_rejected++;
            continue;
        }
        if (episodes) {
            if (!read_episode_row(s, &rec, idx))
                r->rejected++;
        } else {
            read_header_row(s, &rec, idx);
        }
    }
    return import_csv_close(&csv, rows);
}

enum import_status import_ssda903(PGconn *conn, const struct import_input *header,
                                  const struct import_input *episodes,
                                  const struct import_options *opts, struct import_report *r)
{
    r->strict = opts->strict;
    r->has_children = true;
    struct ssda903 s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.header_file = report_add_file(r, header->name);
    s.episode_file = report_add_file(r, episodes->name);
    strmap_init(&s.child_index, 1024);
    strmap_init(&s.upns, 1024);

    import_phase(NULL);
    char *error = NULL;
    struct code_lists *codes = code_lists_load(conn, &error);
    if (!codes) {
        report_fail(r, "%s", error);
        free(error);
        ssda903_free(&s);
        r->outcome = "failed";
        return IMPORT_FAILED;
    }
    s.codes = codes;
    int hidx[H_COUNT], eidx[E_COUNT];
    bool readable =
        read_csv(&s, header, s.header_file, header_columns, header_required, hidx, false) &&
        read_csv(&s, episodes, s.episode_file, episode_columns, episode_required, eidx, true);
    code_lists_free(codes);
    s.codes = NULL;
    if (!readable) {
        ssda903_free(&s);
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    r->collection_year = opts->year ? opts->year : infer_year(&s);
    r->year_inferred = opts->year == 0 && r->collection_year != 0;
    import_phase("read and check the files");
    check_episodes(&s, r->collection_year);
    import_phase("checks across rows");

    enum import_status st = import_run_begin(conn, r, opts);
    if (st != IMPORT_OK) {
        ssda903_free(&s);
        r->outcome = "failed";
        return st;
    }
    if (stage_children(&s, conn) != 0 || stage_episodes(&s, conn) != 0) {
        ssda903_free(&s);
        return import_run_fail(conn, r, "The rows could not be staged");
    }
    ssda903_free(&s);
    import_phase("stage (COPY)");
    char id[24];
    snprintf(id, sizeof id, "%lld", r->run_id);
    char *counts = import_query(conn, r, "SELECT fgc.import_ssda903($1::bigint)", id, NULL);
    if (!counts)
        return import_run_fail(conn, r, "The episodes could not be loaded");
    import_phase("merge (fgc.import_ssda903)");
    json_t *c = json_loads(counts, 0, NULL);
    free(counts);
    report_add_counts(r, c);
    report_add_children_counts(r, json_object_get(c, "children"));
    json_decref(c);
    if (import_read_problems(conn, r, NULL, NULL) != 0)
        return import_run_fail(conn, r, "The problems found could not be read");
    enum import_status end = import_run_end(conn, r, opts);
    import_phase("problems, report, commit");
    return end;
}
