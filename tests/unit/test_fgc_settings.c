/* Unit tests of clients/fgc/settings.c and settings_file.c: parsing, precedence, the 0600 file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"

static void parses_keys_comments_and_quotes(void **state)
{
    struct settings s;
    char err[100];
    assert_int_equal(settings_parse("# fgc\n\n  FGC_URL = https://fgc.example.gov.uk/ \r\n"
                                    "FGC_TOKEN=\"fgc_abc\"\nOTHER=ignored\n",
                                    &s, err, sizeof err),
                     0);
    assert_string_equal(s.url, "https://fgc.example.gov.uk");
    assert_string_equal(s.token, "fgc_abc");
    assert_int_equal(settings_parse("FGC_URL=http://x\nnonsense\n", &s, err, sizeof err), -1);
    assert_string_equal(err, "line 2 is not KEY=VALUE");
    assert_int_equal(settings_parse("", &s, err, sizeof err), 0);
    assert_string_equal(s.url, "");
}

static void environment_wins_over_the_file(void **state)
{
    struct settings file, out;
    char err[100];
    settings_parse("FGC_URL=http://file:1\nFGC_TOKEN=fgc_file\n", &file, err, sizeof err);
    settings_resolve(&out, &file, "http://env:2/", "fgc_env");
    assert_string_equal(out.url, "http://env:2");
    assert_string_equal(out.token, "fgc_env");
    settings_resolve(&out, &file, "", NULL);
    assert_string_equal(out.url, "http://file:1");
    assert_string_equal(out.token, "fgc_file");
    memset(&file, 0, sizeof file);
    settings_resolve(&out, &file, NULL, NULL);
    assert_string_equal(out.url, FGC_DEFAULT_URL);
    assert_string_equal(out.token, "");
}

static void tokens_and_addresses(void **state)
{
    assert_true(settings_token_ok("fgc_9fQk3V0cR2"));
    assert_false(settings_token_ok(""));
    assert_false(settings_token_ok("fgc_a b"));
    assert_false(settings_token_ok("fgc_a\r\nX-Evil: 1"));
    char long_token[600];
    memset(long_token, 'a', sizeof long_token - 1);
    long_token[sizeof long_token - 1] = '\0';
    assert_false(settings_token_ok(long_token));
    assert_true(settings_url_ok("http://127.0.0.1:8080"));
    assert_true(settings_url_ok("https://fgc.example.gov.uk/base"));
    assert_false(settings_url_ok("ftp://x"));
    assert_false(settings_url_ok("http://"));
    assert_false(settings_url_ok("http://a b"));
    assert_false(settings_url_ok("127.0.0.1:8080"));
}

static void the_file_is_private(void **state)
{
    char dir[] = "/tmp/fgc-settings-test.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[200];
    snprintf(path, sizeof path, "%s/nested/fgc/config", dir);
    struct settings s = {.url = "http://127.0.0.1:9", .token = "fgc_secret"};
    char err[300];
    assert_int_equal(settings_save(path, &s, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char parent[220];
    snprintf(parent, sizeof parent, "%s/nested/fgc", dir);
    assert_int_equal(stat(parent, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    struct settings back;
    assert_int_equal(settings_load(path, &back, err, sizeof err), 0);
    assert_string_equal(back.url, "http://127.0.0.1:9");
    assert_string_equal(back.token, "fgc_secret");
    /* Saving again replaces the file; without a token there is no FGC_TOKEN line. */
    memset(s.token, 0, sizeof s.token);
    assert_int_equal(settings_save(path, &s, err, sizeof err), 0);
    assert_int_equal(settings_load(path, &back, err, sizeof err), 0);
    assert_string_equal(back.token, "");
    /* A missing file is no error. */
    char missing[220];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(settings_load(missing, &back, err, sizeof err), 0);
    unlink(path);
    rmdir(parent);
    snprintf(parent, sizeof parent, "%s/nested", dir);
    rmdir(parent);
    rmdir(dir);
}

static void path_follows_xdg(void **state)
{
    char path[300];
    setenv("XDG_CONFIG_HOME", "/xdg", 1);
    assert_int_equal(settings_path(path, sizeof path), 0);
    assert_string_equal(path, "/xdg/fgc/config");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/priya", 1);
    assert_int_equal(settings_path(path, sizeof path), 0);
    assert_string_equal(path, "/home/priya/.config/fgc/config");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_keys_comments_and_quotes),
        cmocka_unit_test(environment_wins_over_the_file),
        cmocka_unit_test(tokens_and_addresses),
        cmocka_unit_test(the_file_is_private),
        cmocka_unit_test(path_follows_xdg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
