/* Integration-test helpers: env file, libcurl requests, problem+json checks, libpq counts. */
#define _GNU_SOURCE /* asprintf, vasprintf */
#include "http_client.h"

#include <curl/curl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- The environment file ---- */

#define ENV_MAX 64

static struct {
    char *key, *value;
} env_vars[ENV_MAX];
static int env_count;
static bool env_loaded;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("integration test: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void test_env_load(void)
{
    if (env_loaded)
        return;
    const char *path = getenv("FGCD_TEST_ENV_FILE");
    if (!path || !*path)
        die("FGCD_TEST_ENV_FILE is not set; run the integration tests through ctest, which "
            "starts the daemon first (fixture_start)");
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot read %s: the test environment was not started (see fixture_start)", path);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *eq = strchr(line, '=');
        if (!eq || env_count == ENV_MAX)
            continue;
        *eq = '\0';
        env_vars[env_count].key = strdup(line);
        env_vars[env_count].value = strdup(eq + 1);
        env_count++;
    }
    fclose(f);
    env_loaded = true;
    if (!test_env("FGCD_TEST_URL") || !test_env("FGCD_TEST_DATABASE_URL"))
        die("%s lacks FGCD_TEST_URL or FGCD_TEST_DATABASE_URL", path);
}

const char *test_env(const char *key)
{
    test_env_load();
    for (int i = 0; i < env_count; i++)
        if (strcmp(env_vars[i].key, key) == 0)
            return env_vars[i].value;
    return NULL;
}

const char *token_of(const char *who)
{
    char key[64];
    int n = snprintf(key, sizeof key, "FGCD_TEST_TOKEN_");
    for (const char *p = who; *p && n < (int)sizeof key - 1; p++)
        key[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    key[n] = '\0';
    const char *token = test_env(key);
    if (!token)
        die("the test environment has no %s", key);
    return token;
}

/* ---- Scratch memory ---- */

struct scratch {
    void *p;
    void (*free_fn)(void *);
    struct scratch *next;
};
static struct scratch *scratch_list;

void *scratch_keep(void *p, void (*free_fn)(void *))
{
    struct scratch *s = malloc(sizeof *s);
    if (!s)
        abort();
    s->p = p;
    s->free_fn = free_fn;
    s->next = scratch_list;
    scratch_list = s;
    return p;
}

const char *tfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = NULL;
    if (vasprintf(&out, fmt, ap) < 0)
        abort();
    va_end(ap);
    return scratch_keep(out, free);
}

static void json_free(void *p)
{
    json_decref(p);
}

json_t *jkeep(json_t *value)
{
    if (value)
        scratch_keep(value, json_free);
    return value;
}

const char *jtext(json_t *value)
{
    if (!value)
        fail_msg("jtext: no JSON value (a json_pack format error?)");
    char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(value);
    return scratch_keep(text, free);
}

void scratch_free_all(void)
{
    while (scratch_list) {
        struct scratch *s = scratch_list;
        scratch_list = s->next;
        s->free_fn(s->p);
        free(s);
    }
}

int scratch_teardown(void **state)
{
    scratch_free_all();
    return 0;
}

/* ---- HTTP ---- */

static CURL *curl;

struct buffer {
    char *data;
    size_t len, cap;
};

static void buffer_add(struct buffer *b, const char *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->data = realloc(b->data, cap);
        if (!b->data)
            abort();
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    buffer_add(arg, data, size * n);
    return size * n;
}

static void response_free(void *p)
{
    struct http_response *r = p;
    json_decref(r->json);
    free(r->body);
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    free(r->what);
    free(r);
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    struct http_response *r = arg;
    size_t len = size * n;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        /* A new status line (after "100 Continue"): forget the headers before it. */
        for (size_t i = 0; i < r->nheaders; i++) {
            free(r->headers[i].name);
            free(r->headers[i].value);
        }
        r->nheaders = 0;
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name_len = (size_t)(colon - data);
    const char *v = colon + 1;
    const char *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    r->headers = realloc(r->headers, (r->nheaders + 1) * sizeof *r->headers);
    if (!r->headers)
        abort();
    r->headers[r->nheaders].name = strndup(data, name_len);
    r->headers[r->nheaders].value = strndup(v, (size_t)(end - v));
    r->nheaders++;
    return len;
}

struct http_response *http_request_raw(const char *method, const char *path, const char *token,
                                       const char *body, size_t body_len,
                                       const char *const *headers)
{
    test_env_load();
    if (!curl) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl = curl_easy_init();
        if (!curl)
            die("curl_easy_init failed");
    }
    curl_easy_reset(curl);

    struct http_response *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    if (asprintf(&r->what, "%s %s", method, path) < 0)
        abort();
    scratch_keep(r, response_free);

    char *url = NULL;
    if (asprintf(&url, "%s%s", test_env("FGCD_TEST_URL"), path) < 0)
        abort();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);

    struct curl_slist *list = NULL;
    bool has_type = false;
    for (size_t i = 0; headers && headers[i]; i++) {
        list = curl_slist_append(list, headers[i]);
        if (strncasecmp(headers[i], "Content-Type:", 13) == 0)
            has_type = true;
    }
    if (token) {
        char auth[600];
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        list = curl_slist_append(list, auth);
    }
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        if (!has_type)
            list = curl_slist_append(list, "Content-Type: application/json");
    } else if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
               strcmp(method, "PATCH") == 0) {
        /* No body at all: no Content-Type either (curl would add a form type). */
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        if (!has_type)
            list = curl_slist_append(list, "Content-Type:");
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);

    struct buffer b = {0};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);

    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    free(url);
    if (rc != CURLE_OK) {
        free(b.data);
        fail_msg("%s: %s", r->what, curl_easy_strerror(rc));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
    if (!b.data)
        buffer_add(&b, "", 0);
    r->body = b.data;
    r->body_len = b.len;
    if (b.len > 0)
        r->json = json_loadb(b.data, b.len, 0, NULL);
    return r;
}

struct http_response *http_request(const char *method, const char *path, const char *token,
                                   const char *body, ...)
{
    const char *headers[16];
    size_t n = 0;
    va_list ap;
    va_start(ap, body);
    const char *h;
    while ((h = va_arg(ap, const char *)) != NULL && n < 15)
        headers[n++] = h;
    va_end(ap);
    headers[n] = NULL;
    return http_request_raw(method, path, token, body, body ? strlen(body) : 0, headers);
}

const char *http_header(const struct http_response *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

json_t *body_get(const struct http_response *r, const char *key)
{
    return json_object_get(r->json, key);
}

const char *body_str(const struct http_response *r, const char *key)
{
    return json_string_value(json_object_get(r->json, key));
}

long long body_int(const struct http_response *r, const char *key)
{
    return (long long)json_integer_value(json_object_get(r->json, key));
}

/* ---- Assertions ---- */

static void failed_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void failed_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint_error(fmt, ap);
    va_end(ap);
    print_error("\n");
    _fail(file, line);
}

static const char *short_body(const struct http_response *r)
{
    static char out[1200];
    snprintf(out, sizeof out, "%.1100s%s", r->body ? r->body : "",
             r->body && strlen(r->body) > 1100 ? "..." : "");
    return out;
}

void expect_status_at(const struct http_response *r, long code, const char *file, int line)
{
    if (r->status != code)
        failed_at(file, line, "%s: expected HTTP %ld, got %ld: %s", r->what, code, r->status,
                  short_body(r));
}

void expect_problem_at(const struct http_response *r, long code, const char *file, int line)
{
    expect_status_at(r, code, file, line);
    const char *type = http_header(r, "Content-Type");
    if (!type || strncmp(type, "application/problem+json", 24) != 0)
        failed_at(file, line, "%s: expected application/problem+json, got %s", r->what,
                  type ? type : "(no Content-Type)");
    if (!json_is_object(r->json))
        failed_at(file, line, "%s: the problem is not a JSON object: %s", r->what, short_body(r));
    if (json_integer_value(json_object_get(r->json, "status")) != code)
        failed_at(file, line, "%s: the problem's status is not %ld", r->what, code);
    const char *title = body_str(r, "title"), *detail = body_str(r, "detail");
    if (!title || !*title || !detail || !*detail)
        failed_at(file, line, "%s: the problem lacks a title or detail: %s", r->what,
                  short_body(r));
    const char *id = http_header(r, "X-Request-Id");
    const char *body_id = body_str(r, "request_id");
    if (!id || !body_id || strcmp(id, body_id) != 0)
        failed_at(file, line, "%s: the problem's request_id does not match X-Request-Id", r->what);
}

const char *expect_field_error_at(const struct http_response *r, long code, const char *field,
                                  const char *file, int line)
{
    expect_problem_at(r, code, file, line);
    json_t *errors = body_get(r, "errors");
    if (!json_is_array(errors))
        failed_at(file, line, "%s: no errors list: %s", r->what, short_body(r));
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *m = json_string_value(json_object_get(e, "message"));
        if (f && strcmp(f, field) == 0) {
            if (!m || !*m)
                failed_at(file, line, "%s: the error on %s has no message", r->what, field);
            return m;
        }
    }
    failed_at(file, line, "%s: no error on the field %s: %s", r->what, field, short_body(r));
    return NULL;
}

void expect_nothing_written_at(const struct http_response *r, const char *file, int line)
{
    const char *id = http_header(r, "X-Request-Id");
    if (!id)
        failed_at(file, line, "%s: no X-Request-Id", r->what);
    long long n = db_count("SELECT count(*) FROM audit.events WHERE request_id = $1", id);
    if (n != 0)
        failed_at(file, line, "%s (HTTP %ld) wrote %lld audited rows", r->what, r->status, n);
}

/* ---- The database ---- */

static PGconn *db;

static PGresult *db_query(const char *sql, va_list ap)
{
    test_env_load();
    if (!db) {
        db = PQconnectdb(test_env("FGCD_TEST_DATABASE_URL"));
        if (PQstatus(db) != CONNECTION_OK)
            fail_msg("cannot connect to the test database: %s", PQerrorMessage(db));
    }
    const char *params[16];
    int n = 0;
    const char *p;
    while ((p = va_arg(ap, const char *)) != NULL && n < 16)
        params[n++] = p;
    PGresult *res = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        char message[1024];
        snprintf(message, sizeof message, "%s", PQresultErrorMessage(res));
        PQclear(res);
        fail_msg("SQL failed: %s: %s", sql, message);
    }
    return res;
}

long long db_number(const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    PGresult *res = db_query(sql, ap);
    va_end(ap);
    if (PQntuples(res) != 1 || PQnfields(res) != 1 || PQgetisnull(res, 0, 0)) {
        PQclear(res);
        fail_msg("SQL returned no single number: %s", sql);
    }
    long long v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}

const char *db_text_list(const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    PGresult *res = db_query(sql, ap);
    va_end(ap);
    const char *out = NULL;
    if (PQntuples(res) >= 1 && !PQgetisnull(res, 0, 0))
        out = scratch_keep(strdup(PQgetvalue(res, 0, 0)), free);
    PQclear(res);
    return out;
}

void db_exec_list(const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    PGresult *res = db_query(sql, ap);
    va_end(ap);
    PQclear(res);
}

void test_cleanup(void)
{
    scratch_free_all();
    if (curl) {
        curl_easy_cleanup(curl);
        curl_global_cleanup();
        curl = NULL;
    }
    if (db) {
        PQfinish(db);
        db = NULL;
    }
    for (int i = 0; i < env_count; i++) {
        free(env_vars[i].key);
        free(env_vars[i].value);
    }
    env_count = 0;
    env_loaded = false;
}
