/* Integration-test helpers: env file, HTTP with libcurl, SQL row counts, scratch memory. */
#ifndef FGCD_TEST_HTTP_CLIENT_H
#define FGCD_TEST_HTTP_CLIENT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>

/* ---- The test environment (BUILD_DIR/test-env/env, named by FGCD_TEST_ENV_FILE) ---- */

/* Reads the environment file once; exits with a message when it cannot. */
void test_env_load(void);
/* A value from the file (FGCD_TEST_URL, FGCD_TEST_DATABASE_URL, ...), or NULL. */
const char *test_env(const char *key);
/* The API token of one of the fixture's users: "admin", "sw1", "sw2", "coord1", "manager1",
 * "analyst1" or "trainer1". */
const char *token_of(const char *who);

/* ---- Scratch memory: everything below is freed by scratch_teardown after each test ---- */

void *scratch_keep(void *p, void (*free_fn)(void *));
/* printf into a string that lives until the end of the test. */
const char *tfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Keeps a JSON value until the end of the test (the caller's reference is taken). */
json_t *jkeep(json_t *value);
/* Compact JSON text of value (the reference is taken). */
const char *jtext(json_t *value);
void scratch_free_all(void);
/* For cmocka: frees the scratch memory after each test. */
int scratch_teardown(void **state);
/* cmocka_unit_test with scratch_teardown. */
#define TEST(fn) cmocka_unit_test_teardown(fn, scratch_teardown)

/* ---- HTTP ---- */

struct http_header {
    char *name;
    char *value;
};

struct http_response {
    long status;
    json_t *json; /* the body parsed as JSON, or NULL */
    char *body;   /* the body as received, NUL-terminated */
    size_t body_len;
    struct http_header *headers;
    size_t nheaders;
    char *what; /* "METHOD /path", for messages */
};

/*
 * Sends one request and returns the response (freed after the test). token may be NULL (no
 * Authorization header); body may be NULL (no body). The extra headers ("Name: value") end
 * with NULL. A body is sent as application/json unless an extra header sets Content-Type.
 * Fails the test when the daemon cannot be reached.
 */
struct http_response *http_request(const char *method, const char *path, const char *token,
                                   const char *body, ...);
/* As http_request with a body of body_len bytes (which may hold NUL) and a header array. */
struct http_response *http_request_raw(const char *method, const char *path, const char *token,
                                       const char *body, size_t body_len,
                                       const char *const *headers);
/* http(method, path, token, body[, header...]): http_request with the NULL added. */
#define http(...) http_request(__VA_ARGS__, (const char *)NULL)

/* A response header (case-insensitive name), or NULL. */
const char *http_header(const struct http_response *r, const char *name);

/* The body member key as text / whole number / JSON; NULL or 0 when absent. */
const char *body_str(const struct http_response *r, const char *key);
long long body_int(const struct http_response *r, const char *key);
json_t *body_get(const struct http_response *r, const char *key);

/* ---- Assertions on responses ---- */

#define expect_status(r, code) expect_status_at((r), (code), __FILE__, __LINE__)
void expect_status_at(const struct http_response *r, long code, const char *file, int line);

/* An RFC 9457 problem: the status, application/problem+json, title/status/detail/request_id. */
#define expect_problem(r, code) expect_problem_at((r), (code), __FILE__, __LINE__)
void expect_problem_at(const struct http_response *r, long code, const char *file, int line);

/* A 422 (or the status given) whose errors list names field; returns that error's message. */
#define expect_field_error(r, code, field)                                                         \
    expect_field_error_at((r), (code), (field), __FILE__, __LINE__)
const char *expect_field_error_at(const struct http_response *r, long code, const char *field,
                                  const char *file, int line);

/* No audit row carries this response's request id, so the request changed nothing. */
#define expect_nothing_written(r) expect_nothing_written_at((r), __FILE__, __LINE__)
void expect_nothing_written_at(const struct http_response *r, const char *file, int line);

/* ---- The database (for checks only; every change goes through the API) ---- */

/* Runs a query returning one number, with text parameters ending in NULL. */
long long db_number(const char *sql, ...);
#define db_count(...) db_number(__VA_ARGS__, (const char *)NULL)
/* Runs a query returning one text value (or NULL), with text parameters ending in NULL. */
const char *db_text_list(const char *sql, ...);
#define db_text(...) db_text_list(__VA_ARGS__, (const char *)NULL)
/* Runs a statement; used only to repair set-up around a defect (see fixtures.c). */
void db_exec_list(const char *sql, ...);
#define db_exec(...) db_exec_list(__VA_ARGS__, (const char *)NULL)

/* Closes the connections; call at the end of main. */
void test_cleanup(void);

#endif
