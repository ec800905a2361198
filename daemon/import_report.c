/* Collecting an import's problems and counts, and writing the report as JSON or text. */
#include "import_report.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    return s;
}

void report_init(struct import_report *r, const char *kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->outcome = "imported";
}

void report_free(struct import_report *r)
{
    for (long i = 0; i < r->nproblems; i++) {
        free(r->problems[i].path);
        free(r->problems[i].field);
        free(r->problems[i].message);
    }
    free(r->problems);
    for (int i = 0; i < r->nfiles; i++)
        free(r->files[i].name);
    free(r->warnings);
    free(r->rejections);
    free(r->area);
    free(r->error);
    json_decref(r->details);
    memset(r, 0, sizeof *r);
}

int report_add_file(struct import_report *r, const char *name)
{
    if (r->nfiles == REPORT_MAX_FILES)
        abort();
    struct import_file *f = &r->files[r->nfiles];
    memset(f, 0, sizeof *f);
    f->name = xstrdup(name ? name : "input");
    return r->nfiles++;
}

static void count_kind(struct kind_count **list, int *n, const char *kind)
{
    for (int i = 0; i < *n; i++) {
        if (strcmp((*list)[i].kind, kind) == 0) {
            (*list)[i].count++;
            return;
        }
    }
    struct kind_count *grown = realloc(*list, (size_t)(*n + 1) * sizeof **list);
    if (!grown)
        abort();
    *list = grown;
    snprintf(grown[*n].kind, sizeof grown[*n].kind, "%s", kind);
    grown[*n].count = 1;
    (*n)++;
}

void report_problem(struct import_report *r, enum problem_severity severity, const char *kind,
                    int file, long line, const char *path, const char *field, const char *fmt, ...)
{
    if (severity == PROBLEM_WARNING)
        count_kind(&r->warnings, &r->nwarnings, kind);
    else
        count_kind(&r->rejections, &r->nrejections, kind);
    if (r->nproblems >= REPORT_MAX_PROBLEMS) {
        r->problems_dropped++;
        return;
    }
    if (r->nproblems == r->problems_cap) {
        r->problems_cap = r->problems_cap ? r->problems_cap * 2 : 64;
        struct import_problem *p = realloc(r->problems, (size_t)r->problems_cap * sizeof *p);
        if (!p)
            abort();
        r->problems = p;
    }
    struct import_problem *p = &r->problems[r->nproblems];
    memset(p, 0, sizeof *p);
    p->severity = severity;
    snprintf(p->kind, sizeof p->kind, "%s", kind);
    p->file = file;
    p->line = line;
    p->path = path ? xstrdup(path) : NULL;
    p->field = field ? xstrdup(field) : NULL;
    va_list ap;
    va_start(ap, fmt);
    p->message = vformat(fmt, ap);
    va_end(ap);
    p->seq = r->nproblems++;
}

void report_fail(struct import_report *r, const char *fmt, ...)
{
    free(r->error);
    va_list ap;
    va_start(ap, fmt);
    r->error = vformat(fmt, ap);
    va_end(ap);
}

static int by_place(const void *a, const void *b)
{
    const struct import_problem *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static long count_of(const json_t *counts, const char *name)
{
    return (long)json_integer_value(json_object_get(counts, name));
}

void report_add_counts(struct import_report *r, const json_t *counts)
{
    r->inserted += count_of(counts, "new");
    r->updated += count_of(counts, "updated");
    r->unchanged += count_of(counts, "unchanged");
    r->rejected += count_of(counts, "rejected");
}

void report_add_children_counts(struct import_report *r, const json_t *counts)
{
    r->children_new += count_of(counts, "new");
    r->children_updated += count_of(counts, "updated");
    r->children_unchanged += count_of(counts, "unchanged");
}

void report_sort(struct import_report *r)
{
    if (r->nproblems > 1)
        qsort(r->problems, (size_t)r->nproblems, sizeof *r->problems, by_place);
}

static json_t *counts_json(const struct kind_count *list, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(o, list[i].kind, json_integer(list[i].count));
    return o;
}

static json_t *problem_json(const struct import_report *r, const struct import_problem *p)
{
    json_t *o =
        json_pack("{s:s, s:s}", "severity",
                  p->severity == PROBLEM_REJECTED ? "rejected" : "warning", "kind", p->kind);
    if (p->file >= 0 && p->file < r->nfiles)
        json_object_set_new(o, "file", json_string(r->files[p->file].name));
    if (p->line > 0)
        json_object_set_new(o, "line", json_integer(p->line));
    if (p->path)
        json_object_set_new(o, "path", json_string(p->path));
    if (p->field)
        json_object_set_new(o, "field", json_string(p->field));
    json_object_set_new(o, "message", json_string(p->message));
    return o;
}

json_t *report_json(const struct import_report *r, long max_problems)
{
    json_t *o = json_object();
    if (r->run_id > 0)
        json_object_set_new(o, "import_run_id", json_integer(r->run_id));
    json_object_set_new(o, "kind", json_string(r->kind));
    json_object_set_new(o, "area", r->area ? json_string(r->area) : json_null());
    json_object_set_new(o, "strict", json_boolean(r->strict));
    json_object_set_new(o, "outcome", json_string(r->outcome));
    if (r->error)
        json_object_set_new(o, "error", json_string(r->error));

    json_t *files = json_array();
    for (int i = 0; i < r->nfiles; i++)
        json_array_append_new(files,
                              json_pack("{s:s, s:s, s:I, s:I}", "name", r->files[i].name, "sha256",
                                        r->files[i].sha256, "bytes", (json_int_t)r->files[i].bytes,
                                        "rows", (json_int_t)r->files[i].rows));
    json_object_set_new(o, "files", files);

    if (r->collection_year) {
        char from[24], to[24];
        /* Plain arithmetic: the year runs from 1 April of the year before. */
        snprintf(from, sizeof from, "%04d-04-01", (r->collection_year - 1) % 10000);
        snprintf(to, sizeof to, "%04d-03-31", r->collection_year % 10000);
        json_object_set_new(o, "collection_year",
                            json_pack("{s:i, s:s, s:s, s:b}", "ending", r->collection_year, "from",
                                      from, "to", to, "inferred", r->year_inferred));
    }

    json_t *summary =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "read", (json_int_t)r->read, "imported",
                  (json_int_t)(r->inserted + r->updated), "new", (json_int_t)r->inserted, "updated",
                  (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged, "rejected",
                  (json_int_t)r->rejected);
    json_object_set_new(summary, "warnings", counts_json(r->warnings, r->nwarnings));
    json_object_set_new(summary, "rejections", counts_json(r->rejections, r->nrejections));
    json_object_set_new(o, "summary", summary);

    if (r->has_children)
        json_object_set_new(
            o, "children",
            json_pack("{s:I, s:I, s:I, s:I, s:I}", "read", (json_int_t)r->children_read, "new",
                      (json_int_t)r->children_new, "updated", (json_int_t)r->children_updated,
                      "unchanged", (json_int_t)r->children_unchanged, "rejected",
                      (json_int_t)r->children_rejected));
    if (r->has_areas)
        json_object_set_new(o, "areas",
                            json_pack("{s:I, s:I}", "new", (json_int_t)r->areas_new, "updated",
                                      (json_int_t)r->areas_updated));

    if (r->details)
        json_object_update(o, r->details);

    json_t *problems = json_array();
    long shown = 0;
    for (long i = 0; i < r->nproblems && (max_problems < 0 || shown < max_problems); i++, shown++)
        json_array_append_new(problems, problem_json(r, &r->problems[i]));
    json_object_set_new(o, "problems", problems);
    json_object_set_new(o, "problems_omitted",
                        json_integer((json_int_t)(r->nproblems - shown + r->problems_dropped)));
    return o;
}

static void print_counts(FILE *out, const char *title, const struct kind_count *list, int n)
{
    if (n == 0)
        return;
    fprintf(out, "  %s:\n", title);
    for (int i = 0; i < n; i++)
        fprintf(out, "    %-28s %8ld\n", list[i].kind, list[i].count);
}

void report_print(const struct import_report *r, FILE *out)
{
    for (long i = 0; i < r->nproblems; i++) {
        const struct import_problem *p = &r->problems[i];
        const char *file = p->file >= 0 && p->file < r->nfiles ? r->files[p->file].name : "";
        if (p->path)
            fprintf(out, "%s:%ld: %s: %s [%s] %s\n", file, p->line, p->path,
                    p->severity == PROBLEM_REJECTED ? "rejected" : "warning", p->kind, p->message);
        else
            fprintf(out, "%s:%ld: %s [%s] %s\n", file, p->line,
                    p->severity == PROBLEM_REJECTED ? "rejected" : "warning", p->kind, p->message);
    }
    if (r->problems_dropped)
        fprintf(out, "(%ld more problems were counted but not listed)\n", r->problems_dropped);
    if (r->nproblems || r->problems_dropped)
        fputc('\n', out);

    fprintf(out, "Import");
    if (r->run_id > 0)
        fprintf(out, " %lld", r->run_id);
    fprintf(out, " (%s", r->kind);
    if (r->area)
        fprintf(out, ", %s", r->area);
    if (r->collection_year)
        fprintf(out, ", collection year %d-%02d%s", r->collection_year - 1,
                r->collection_year % 100, r->year_inferred ? " (inferred from the file)" : "");
    fprintf(out, "): %s\n",
            strcmp(r->outcome, "imported") == 0      ? "imported"
            : strcmp(r->outcome, "rolled_back") == 0 ? "rolled back, nothing imported (--strict)"
            : strcmp(r->outcome, "not_read") == 0    ? "the input could not be read"
                                                     : "failed, nothing imported");
    if (r->error)
        fprintf(out, "  %s\n", r->error);
    if (strcmp(r->outcome, "imported") != 0 && strcmp(r->outcome, "rolled_back") != 0)
        return; /* nothing was read or loaded: the counts would mean nothing */
    for (int i = 0; i < r->nfiles; i++)
        fprintf(out, "  file %s: %lld bytes, %ld rows, sha256 %s\n", r->files[i].name,
                r->files[i].bytes, r->files[i].rows, r->files[i].sha256);
    fprintf(out, "  rows read        %10ld\n", r->read);
    fprintf(out, "  %-16s %10ld  (%ld new, %ld updated)\n",
            strcmp(r->outcome, "rolled_back") == 0 ? "to import" : "imported",
            r->inserted + r->updated, r->inserted, r->updated);
    fprintf(out, "  unchanged        %10ld\n", r->unchanged);
    fprintf(out, "  rejected         %10ld\n", r->rejected);
    if (r->has_children)
        fprintf(out,
                "  children         %10ld  (%ld new, %ld updated, %ld unchanged, %ld rejected)\n",
                r->children_read, r->children_new, r->children_updated, r->children_unchanged,
                r->children_rejected);
    if (r->has_areas)
        fprintf(out, "  areas            %10s  (%ld new, %ld renamed)\n", "", r->areas_new,
                r->areas_updated);
    json_t *records = json_object_get(r->details, "records");
    const char *key;
    json_t *part;
    json_object_foreach(records, key, part)
    {
        fprintf(out, "    %-24s (%lld new, %lld updated, %lld unchanged, %lld rejected)\n", key,
                (long long)json_integer_value(json_object_get(part, "new")),
                (long long)json_integer_value(json_object_get(part, "updated")),
                (long long)json_integer_value(json_object_get(part, "unchanged")),
                (long long)json_integer_value(json_object_get(part, "rejected")));
    }
    print_counts(out, "warnings by kind", r->warnings, r->nwarnings);
    print_counts(out, "rejections by kind", r->rejections, r->nrejections);
}
