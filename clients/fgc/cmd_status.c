/* fgc cin, cpp, cla and pp: a child's status history (list, show, add, correct, retract). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "status_kinds.h"
#include "table.h"
#include "text.h"

#define MAX_COLUMNS 7
#define MAX_PAIRS 80

/* The fields shown in a list of each kind, after the id. */
static const char *const *list_columns(const struct sh_kind *k)
{
    static const char *const cin[] = {"referral_date", "referral_source", "primary_need",
                                      "closure_date",  "closure_reason",  NULL};
    static const char *const cpp[] = {"start_date",      "end_date",       "initial_category",
                                      "latest_category", "cin_episode_id", NULL};
    static const char *const cla[] = {"decom", "rne", "ls", "place", "dec", "rec", NULL};
    static const char *const pp[] = {"pp_start_date", "lbp_sent_date", "step_decision_date",
                                     "pp_outcome", NULL};
    switch (k->command[1]) {
    case 'i':
        return cin;
    case 'p':
        return k->command[0] == 'c' ? cpp : pp;
    default:
        return cla;
    }
}

/* "referral_date" -> "REFERRAL DATE". */
static const char *header_words(const char *field)
{
    char *h = strdup(field);
    for (char *p = h; p && *p; p++) {
        *p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    }
    return text_keep(h);
}

static void usage_of_kind(const struct sh_kind *k, FILE *out)
{
    fprintf(out,
            "Usage: fgc %s list CHILD_ID [--history]\n"
            "       fgc %s show ID\n"
            "       fgc %s add CHILD_ID --%s DATE [OPTIONS]\n"
            "       fgc %s correct ID [OPTIONS] [--clear FIELD]... --note TEXT\n"
            "       fgc %s retract ID --note TEXT\n\n"
            "Records of a child's %ss. A correction is a new version: fgc starts from the\n"
            "current one and changes what you give. Nothing recorded is ever removed.\n"
            "See docs/status-history.md for the fields and codes.\n\nOptions of add and "
            "correct:\n",
            k->command, k->command, k->command, k->fields[0].option, k->command, k->command,
            k->noun);
    struct opt *opts = sh_options(k, true);
    if (opts) {
        args_print_options(out, opts);
        free(opts);
    }
}

static int list(struct session *s, const struct command *c, const struct sh_kind *k, int argc,
                char **argv)
{
    struct opt opts[] = {{"history", OPT_FLAG, NULL, "include retracted records and every version",
                          false, NULL, NULL, 0},
                         {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct args a;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    long long child;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "CHILD_ID", &child)) != EXIT_OK) {
        return code;
    }
    struct query q;
    query_init(&q, text_fmt("/api/v1/children/%lld/%s", child, k->path));
    query_add(&q, "history", args_given(opts, "history") ? "true" : NULL);
    struct reply r;
    code = api_call(s, "GET", q.text, NULL, NULL, &r, NULL);
    query_free(&q);
    if (code == EXIT_OK && s->json) {
        out_json(r.json);
    } else if (code == EXIT_OK) {
        const char *const *columns = list_columns(k);
        const char *headers[MAX_COLUMNS + 2] = {"ID"};
        size_t n = 1;
        for (const char *const *col = columns; *col && n < MAX_COLUMNS; col++) {
            headers[n++] = header_words(*col);
        }
        headers[n++] = "RETRACTED";
        struct table *t = table_new(n, headers);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(r.json, "items"), i, item)
        {
            const char *row[MAX_COLUMNS + 2] = {jget(item, "id")};
            size_t m = 1;
            for (const char *const *col = columns; *col && m < MAX_COLUMNS; col++) {
                row[m++] = jget(item, *col);
            }
            row[m++] = jget(item, "retracted");
            table_add(t, row);
        }
        if (table_rows(t) == 0) {
            printf("No %ss are recorded for child %lld.\n", k->noun, child);
        } else {
            table_print(t, stdout, "");
        }
        table_free(t);
    }
    reply_free(&r);
    return code;
}

/* "referral_date" -> "Referral date". */
static const char *label_words(const char *field)
{
    char *l = strdup(field);
    for (char *p = l; p && *p; p++) {
        *p = *p == '_' ? ' ' : *p;
    }
    if (l && *l >= 'a' && *l <= 'z') {
        *l = (char)(*l - 32);
    }
    return text_keep(l);
}

/* "2026-10-02, authorised 2026-10-10, factors 3A, 21" or "2026-10-03, ICPC 2026-10-20". */
static const char *item_words(enum sh_type type, const json_t *item)
{
    const char *start = jget(item, "start_date");
    if (type == SH_ASSESSMENTS) {
        const char *authorised = jget(item, "authorised_date");
        const char *factors = jget(item, "factors");
        return text_fmt("started %s%s%s%s%s", start ? start : "-",
                        authorised ? ", authorised " : "", authorised ? authorised : "",
                        factors ? ", factors " : "", factors ? factors : "");
    }
    const char *icpc = jget(item, "icpc_date");
    bool not_required = json_is_true(json_object_get(item, "icpc_not_required"));
    return text_fmt("started %s%s%s", start ? start : "-",
                    not_required ? ", no initial child protection conference needed"
                    : icpc       ? ", initial child protection conference "
                                 : "",
                    !not_required && icpc ? icpc : "");
}

static void record_print(const struct sh_kind *k, const json_t *rec)
{
    const char *pairs[MAX_PAIRS * 2];
    size_t n = 0;
    pairs[n++] = label_words(k->noun);
    pairs[n++] = jget(rec, "id");
    pairs[n++] = "Child";
    pairs[n++] = jget(rec, "child_id");
    for (const struct sh_field *f = k->fields; f->field && n < 2 * MAX_PAIRS - 6; f++) {
        const json_t *v = json_object_get(rec, f->field);
        if (f->type == SH_ASSESSMENTS || f->type == SH_SECTION47S) {
            size_t i;
            const json_t *item;
            json_array_foreach(v, i, item)
            {
                if (n >= 2 * MAX_PAIRS - 6) {
                    break;
                }
                pairs[n++] = text_fmt(
                    "%s %zu", f->type == SH_ASSESSMENTS ? "Assessment" : "Section 47", i + 1);
                pairs[n++] = item_words(f->type, item);
            }
        } else {
            pairs[n++] = label_words(f->field);
            pairs[n++] = jtext(v);
        }
    }
    pairs[n++] = "Version";
    pairs[n++] = jget(rec, "version");
    pairs[n++] = "Retracted";
    pairs[n++] = jget(rec, "retracted");
    summary_print(stdout, pairs, n / 2);
    const json_t *history = json_object_get(rec, "history");
    if (json_array_size(history) > 1) {
        out_heading("Versions");
        static const char *const headers[] = {"VERSION", "RECORDED AT", "BY USER",
                                              "SOURCE",  "RETRACTED",   "NOTE"};
        struct table *t = table_new(6, headers);
        size_t i;
        json_t *v;
        json_array_foreach(history, i, v)
        {
            const char *row[] = {jget(v, "record_id"),   jget(v, "recorded_at"),
                                 jget(v, "recorded_by"), jget(v, "source"),
                                 jget(v, "retracted"),   jget(v, "note")};
            table_add(t, row);
        }
        table_print(t, stdout, "  ");
        table_free(t);
    }
}

static int show(struct session *s, const struct command *c, const struct sh_kind *k, int argc,
                char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 1);
    long long id;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "ID", &id)) != EXIT_OK) {
        return code;
    }
    struct reply r;
    code = api_call(s, "GET", text_fmt("/api/v1/%s/%lld", k->path, id), NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            record_print(k, r.json);
        }
    }
    reply_free(&r);
    return code;
}

/* The aliases field -> --option of a kind, ended by NULL. The caller frees the array. */
static struct field_alias *aliases_of(const struct sh_kind *k)
{
    size_t n = 0;
    while (k->fields[n].field) {
        n++;
    }
    struct field_alias *aliases = calloc(2 * n + 1, sizeof *aliases);
    for (size_t i = 0; aliases && i < n; i++) {
        const struct sh_field *f = &k->fields[i];
        bool list = f->type == SH_DATES || f->type == SH_ASSESSMENTS || f->type == SH_SECTION47S;
        aliases[2 * i].field = list ? text_fmt("%s[]", f->field) : f->field;
        aliases[2 * i].option = text_fmt("--%s", f->option);
        aliases[2 * i + 1].field = f->field;
        aliases[2 * i + 1].option = aliases[2 * i].option;
    }
    return aliases;
}

/* add, correct and retract. */
static int change(struct session *s, const struct command *c, const struct sh_kind *k,
                  const char *sub, int argc, char **argv)
{
    bool adding = strcmp(sub, "add") == 0, retracting = strcmp(sub, "retract") == 0;
    struct opt retract_opts[] = {
        {"note", OPT_VALUE, "TEXT", "why it is withdrawn (required)", false, NULL, NULL, 0},
        {NULL, OPT_FLAG, NULL, NULL, false, NULL, NULL, 0}};
    struct opt *opts = retracting ? retract_opts : sh_options(k, !adding);
    struct field_alias *aliases = aliases_of(k);
    struct args a;
    struct reply current = {0}, r = {0};
    json_t *body = NULL;
    long long id;
    int code = cli_parse(s, c, opts, argc, argv, &a, 1, 1);
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], adding ? "CHILD_ID" : "ID", &id))) {
        goto done;
    }
    const char *path;
    const char *version = NULL;
    char err[300];
    if (adding) {
        path = text_fmt("/api/v1/children/%lld/%s", id, k->path);
        body = sh_body(k, opts, NULL, err, sizeof err);
    } else {
        path =
            text_fmt("/api/v1/%s/%lld/%s", k->path, id, retracting ? "retractions" : "corrections");
        if ((code = api_call(s, "GET", text_fmt("/api/v1/%s/%lld", k->path, id), NULL, NULL,
                             &current, NULL)) != EXIT_OK) {
            goto done;
        }
        version = *current.etag ? current.etag : jget(current.json, "version");
        if (retracting) {
            if (!args_given(opts, "note")) {
                code = cli_usage(c, "--note is required: say why the record is withdrawn");
                goto done;
            }
            body = json_pack("{s:s}", "note", args_value(opts, "note"));
        } else {
            body = sh_body(k, opts, current.json, err, sizeof err);
        }
    }
    if (!body) {
        code = cli_usage(c, "%s", err);
        goto done;
    }
    code = api_call(s, "POST", path, body, version, &r, aliases);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            const char *done_words = adding ? "Recorded" : retracting ? "Retracted" : "Corrected";
            printf("%s %s %s for child %s (version %s).\n", done_words, k->noun, jget(r.json, "id"),
                   jget(r.json, "child_id"), jget(r.json, "version"));
        }
    } else if (r.status == 412) {
        fprintf(stderr,
                "Someone else changed %s %lld while you were working on it. Check it with "
                "`fgc %s show %lld` and try again.\n",
                k->noun, id, k->command, id);
    }
done:
    args_free(opts);
    if (!retracting) {
        free(opts);
    }
    free(aliases);
    json_decref(body);
    reply_free(&current);
    reply_free(&r);
    return code;
}

int cmd_status(struct session *s, const struct command *c, int argc, char **argv)
{
    const struct sh_kind *k = sh_kind_find(c->name);
    if (argc == 0 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
        strcmp(argv[0], "help") == 0) {
        usage_of_kind(k, argc == 0 ? stderr : stdout);
        return argc == 0 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[0];
    static const struct {
        const char *name, *args, *summary;
    } subs[] = {
        {"list", "CHILD_ID [--history]", "list a child's records"},
        {"show", "ID", "show one record and its versions"},
        {"add", "CHILD_ID [OPTIONS]", "record a new one"},
        {"correct", "ID [OPTIONS] [--clear FIELD]... --note TEXT", "record a corrected version"},
        {"retract", "ID --note TEXT", "withdraw a record recorded in error"},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(sub, subs[i].name) != 0) {
            continue;
        }
        struct command one = *c;
        one.name = text_fmt("%s %s", c->name, sub);
        one.args = subs[i].args;
        one.summary = text_fmt("%s: %s", k->noun, subs[i].summary);
        one.details = NULL;
        if (strcmp(sub, "list") == 0) {
            return list(s, &one, k, argc - 1, argv + 1);
        }
        if (strcmp(sub, "show") == 0) {
            return show(s, &one, k, argc - 1, argv + 1);
        }
        return change(s, &one, k, sub, argc - 1, argv + 1);
    }
    fprintf(stderr, "fgc %s: there is no %s %s; it is list, show, add, correct or retract.\n",
            c->name, c->name, sub);
    return EXIT_USAGE;
}
