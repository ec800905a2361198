/* Unit tests of daemon/config.c: defaults, "file:line: reason" errors, env overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* Writes text to a new temporary file and returns its malloc'd path. */
static char *write_config(const char *text)
{
    char *path = strdup("/tmp/fgcd-test-config-XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Loads text as a configuration file that must fail with exactly "PATH:LINE: reason". */
static void expect_failure(const char *text, int line, const char *reason)
{
    struct settings s;
    config_defaults(&s);
    char *path = write_config(text);
    char *cause = NULL;
    assert_int_equal(config_load(&s, path, false, &cause), -1);
    assert_non_null(cause);
    char expected[1024];
    snprintf(expected, sizeof expected, "%s:%d: %s", path, line, reason);
    assert_string_equal(cause, expected);
    free(cause);
    unlink(path);
    free(path);
    config_free(&s);
}

static void test_defaults(void **state)
{
    struct settings s;
    config_defaults(&s);
    assert_string_equal(s.listen, "127.0.0.1:8080");
    assert_int_equal(s.max_body_bytes, 1048576);
    assert_int_equal(s.max_header_bytes, 16384);
    assert_int_equal(s.timeout_seconds, 30);
    assert_int_equal(s.shutdown_timeout_seconds, 30);
    assert_string_equal(s.log_level, "info");
    assert_string_equal(s.database_url, "dbname=fgcd");
    assert_int_equal(s.pool_size, 4);
    assert_int_equal(s.queue_max, 512);
    assert_int_equal(s.queue_timeout_ms, 5000);
    assert_int_equal(s.statement_timeout_ms, 30000);
    assert_non_null(s.migrations_dir);
    assert_true(strlen(s.migrations_dir) > 0);
    assert_int_equal(s.token_cache_seconds, 30);
    config_free(&s);
    assert_null(s.listen);
    assert_null(s.database_url);
}

static void test_good_file(void **state)
{
    struct settings s;
    config_defaults(&s);
    char *path = write_config("# fgcd settings\n"
                              "; another comment style\n"
                              "\n"
                              "[server]\n"
                              "listen = 0.0.0.0:9090\n"
                              "  max_body_bytes=2048  \n"
                              "log_level = debug\n"
                              "\n"
                              "[ database ]\n"
                              "url = host=/tmp dbname=other user=me\n"
                              "pool_size = 16\n"
                              "statement_timeout_ms = 0\n"
                              "migrations_dir = /opt/fgcd/migrations\n"
                              "[auth]\n"
                              "token_cache_seconds = 0\n");
    char *cause = NULL;
    assert_int_equal(config_load(&s, path, false, &cause), 0);
    assert_null(cause);
    assert_string_equal(s.listen, "0.0.0.0:9090");
    assert_int_equal(s.max_body_bytes, 2048);
    assert_string_equal(s.log_level, "debug");
    /* A value keeps its inner spaces: a libpq conninfo string has them. */
    assert_string_equal(s.database_url, "host=/tmp dbname=other user=me");
    assert_int_equal(s.pool_size, 16);
    assert_int_equal(s.statement_timeout_ms, 0);
    assert_string_equal(s.migrations_dir, "/opt/fgcd/migrations");
    assert_int_equal(s.token_cache_seconds, 0);
    /* Keys the file does not name keep their defaults. */
    assert_int_equal(s.timeout_seconds, 30);
    assert_int_equal(s.queue_max, 512);
    unlink(path);
    free(path);
    config_free(&s);
}

static void test_empty_file(void **state)
{
    struct settings s;
    config_defaults(&s);
    char *path = write_config("");
    char *cause = NULL;
    assert_int_equal(config_load(&s, path, false, &cause), 0);
    assert_string_equal(s.listen, "127.0.0.1:8080");
    unlink(path);
    free(path);
    config_free(&s);
}

static void test_missing_file(void **state)
{
    struct settings s;
    config_defaults(&s);
    char *cause = NULL;
    assert_int_equal(config_load(&s, "/nonexistent/fgcd.conf", false, &cause), -1);
    assert_non_null(cause);
    assert_non_null(strstr(cause, "/nonexistent/fgcd.conf: cannot open"));
    free(cause);
    config_free(&s);
}

static void test_unknown_key(void **state)
{
    expect_failure("[server]\n"
                   "listen = 127.0.0.1:1\n"
                   "\n"
                   "colour = blue\n",
                   4, "unknown key \"colour\" in section [server]");
}

static void test_key_in_wrong_section(void **state)
{
    /* pool_size exists, but in [database], not [server]. */
    expect_failure("[server]\npool_size = 4\n", 2, "unknown key \"pool_size\" in section [server]");
}

static void test_bad_value(void **state)
{
    expect_failure("[database]\n"
                   "# the size of the pool\n"
                   "pool_size = four\n",
                   3, "pool_size must be a whole number, not \"four\"");
    expect_failure("[server]\nmax_body_bytes = 12kB\n", 2,
                   "max_body_bytes must be a whole number, not \"12kB\"");
    expect_failure("[server]\ntimeout_seconds =\n", 2,
                   "timeout_seconds must be a whole number, not \"\"");
    expect_failure("[server]\n\n\nlog_level = loud\n", 4,
                   "log_level must be debug, info, warning or error, not \"loud\"");
    expect_failure("[server]\nlisten = localhost\n", 2,
                   "listen must be host:port with a port from 1 to 65535, not \"localhost\"");
    expect_failure("[server]\nlisten = localhost:70000\n", 2,
                   "listen must be host:port with a port from 1 to 65535, not \"localhost:70000\"");
    expect_failure("[database]\nurl =\n", 2, "url must not be empty");
}

static void test_out_of_range(void **state)
{
    expect_failure("[database]\npool_size = 0\n", 2, "pool_size must be between 1 and 256, not 0");
    expect_failure("[database]\n\npool_size = 257\n", 3,
                   "pool_size must be between 1 and 256, not 257");
    expect_failure("[server]\nmax_body_bytes = 1023\n", 2,
                   "max_body_bytes must be between 1024 and 1073741824, not 1023");
    expect_failure("[auth]\ntoken_cache_seconds = -1\n", 2,
                   "token_cache_seconds must be between 0 and 3600, not -1");
    expect_failure("[server]\ntimeout_seconds = 99999999999999999999999\n", 2,
                   "timeout_seconds must be a whole number, not \"99999999999999999999999\"");
}

static void test_key_outside_section(void **state)
{
    expect_failure("# no section yet\n"
                   "listen = 127.0.0.1:8080\n",
                   2, "key \"listen\" is outside any section");
}

static void test_unknown_section(void **state)
{
    expect_failure("[server]\n"
                   "listen = 127.0.0.1:8080\n"
                   "[logging]\n"
                   "level = info\n",
                   3, "unknown section [logging]");
}

static void test_malformed_lines(void **state)
{
    expect_failure("[server\n", 1, "a section header must look like [name]");
    expect_failure("[server] extra\n", 1, "a section header must look like [name]");
    expect_failure("[server]\njust some words\n", 2, "expected key = value");
}

static void test_error_stops_at_first_bad_line(void **state)
{
    /* The line number is the first bad line, not a later one. */
    expect_failure("[server]\n"
                   "timeout_seconds = 0\n"
                   "colour = blue\n",
                   2, "timeout_seconds must be between 1 and 3600, not 0");
}

static void test_reloading_skips_fixed_keys(void **state)
{
    struct settings s;
    config_defaults(&s);
    char *path = write_config("[server]\n"
                              "listen = 10.0.0.1:81\n"
                              "max_body_bytes = 4096\n"
                              "[database]\n"
                              "url = dbname=elsewhere\n"
                              "pool_size = 9\n"
                              "queue_max = 7\n");
    char *cause = NULL;
    assert_int_equal(config_load(&s, path, true, &cause), 0);
    /* Reloadable keys change; the listener, database and pool do not. */
    assert_int_equal(s.max_body_bytes, 4096);
    assert_int_equal(s.queue_max, 7);
    assert_string_equal(s.listen, "127.0.0.1:8080");
    assert_string_equal(s.database_url, "dbname=fgcd");
    assert_int_equal(s.pool_size, 4);
    unlink(path);
    free(path);
    config_free(&s);
}

static void clear_env(void)
{
    unsetenv("FGCD_DATABASE_URL");
    unsetenv("FGCD_LISTEN");
    unsetenv("FGCD_MIGRATIONS_DIR");
    unsetenv("FGCD_LOG_LEVEL");
}

static void test_env_overrides(void **state)
{
    clear_env();
    struct settings s;
    config_defaults(&s);
    char *cause = NULL;
    assert_int_equal(config_apply_env(&s, &cause), 0);
    assert_string_equal(s.listen, "127.0.0.1:8080"); /* nothing set, nothing changed */

    setenv("FGCD_DATABASE_URL", "postgresql://fgcd@/fgcd?host=/tmp/x", 1);
    setenv("FGCD_LISTEN", "127.0.0.1:18080", 1);
    setenv("FGCD_MIGRATIONS_DIR", "/srv/migrations", 1);
    setenv("FGCD_LOG_LEVEL", "warning", 1);
    assert_int_equal(config_apply_env(&s, &cause), 0);
    assert_null(cause);
    assert_string_equal(s.database_url, "postgresql://fgcd@/fgcd?host=/tmp/x");
    assert_string_equal(s.listen, "127.0.0.1:18080");
    assert_string_equal(s.migrations_dir, "/srv/migrations");
    assert_string_equal(s.log_level, "warning");
    clear_env();
    config_free(&s);
}

static void test_env_override_beats_file(void **state)
{
    clear_env();
    struct settings s;
    config_defaults(&s);
    char *path = write_config("[server]\nlisten = 127.0.0.1:7000\n");
    char *cause = NULL;
    assert_int_equal(config_load(&s, path, false, &cause), 0);
    setenv("FGCD_LISTEN", "127.0.0.1:7001", 1);
    assert_int_equal(config_apply_env(&s, &cause), 0);
    assert_string_equal(s.listen, "127.0.0.1:7001");
    clear_env();
    unlink(path);
    free(path);
    config_free(&s);
}

static void test_env_bad_values(void **state)
{
    clear_env();
    struct settings s;
    config_defaults(&s);
    char *cause = NULL;
    setenv("FGCD_LISTEN", "nowhere", 1);
    assert_int_equal(config_apply_env(&s, &cause), -1);
    assert_string_equal(cause, "FGCD_LISTEN: listen must be host:port with a port from 1 to 65535, "
                               "not \"nowhere\"");
    free(cause);
    cause = NULL;
    clear_env();

    setenv("FGCD_LOG_LEVEL", "verbose", 1);
    assert_int_equal(config_apply_env(&s, &cause), -1);
    assert_string_equal(cause, "FGCD_LOG_LEVEL: log_level must be debug, info, warning or error, "
                               "not \"verbose\"");
    free(cause);
    cause = NULL;
    clear_env();

    setenv("FGCD_DATABASE_URL", "", 1);
    assert_int_equal(config_apply_env(&s, &cause), -1);
    assert_string_equal(cause, "FGCD_DATABASE_URL: url must not be empty");
    free(cause);
    clear_env();
    /* A refused value leaves the setting as it was. */
    assert_string_equal(s.database_url, "dbname=fgcd");
    assert_string_equal(s.listen, "127.0.0.1:8080");
    config_free(&s);
}

static void test_split_listen(void **state)
{
    char *host = NULL;
    int port = 0;
    assert_int_equal(config_split_listen("127.0.0.1:8080", &host, &port), 0);
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 8080);
    free(host);

    assert_int_equal(config_split_listen("localhost:1", &host, &port), 0);
    assert_string_equal(host, "localhost");
    assert_int_equal(port, 1);
    free(host);

    assert_int_equal(config_split_listen("0.0.0.0:65535", &host, &port), 0);
    assert_string_equal(host, "0.0.0.0");
    assert_int_equal(port, 65535);
    free(host);

    /* The port is after the last colon, so an IPv6 host keeps its own colons. */
    assert_int_equal(config_split_listen("::1:8443", &host, &port), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 8443);
    free(host);

    /* host and port may be NULL when only checking. */
    assert_int_equal(config_split_listen("example.org:80", NULL, NULL), 0);

    static const char *const bad[] = {
        "",           "8080",    ":8080",    "host:",    "host:0",
        "host:65536", "host:-1", "host:80x", "host:8 0", "host:99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        host = NULL;
        port = -7;
        if (config_split_listen(bad[i], &host, &port) != -1)
            fail_msg("config_split_listen accepted \"%s\"", bad[i]);
        assert_null(host);
        assert_int_equal(port, -7);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_key_in_wrong_section),
        cmocka_unit_test(test_bad_value),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_key_outside_section),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_error_stops_at_first_bad_line),
        cmocka_unit_test(test_reloading_skips_fixed_keys),
        cmocka_unit_test(test_env_overrides),
        cmocka_unit_test(test_env_override_beats_file),
        cmocka_unit_test(test_env_bad_values),
        cmocka_unit_test(test_split_listen),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
