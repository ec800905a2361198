/* Unit tests of daemon/auth.c: token format and the SHA-256 hex digest that is stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

static int setup(void **state)
{
    return sodium_init() < 0 ? -1 : 0;
}

static bool url_safe(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static void test_token_format(void **state)
{
    char *token = token_generate();
    assert_non_null(token);
    /* "fgc_" and 43 URL-safe base64 characters: 256 random bits, no padding. */
    assert_int_equal(strlen(token), 4 + 43);
    assert_memory_equal(token, "fgc_", 4);
    for (size_t i = 4; i < strlen(token); i++)
        if (!url_safe(token[i]))
            fail_msg("token character %zu is '%c', not URL-safe", i, token[i]);
    free(token);
}

static void test_tokens_differ(void **state)
{
    enum { N = 64 };
    char *tokens[N];
    for (int i = 0; i < N; i++)
        tokens[i] = token_generate();
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            assert_string_not_equal(tokens[i], tokens[j]);
    for (int i = 0; i < N; i++)
        free(tokens[i]);
}

static void test_hash_known_vectors(void **state)
{
    char out[65];
    /* FIPS 180-2 test vector. */
    token_hash_hex("abc", out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    token_hash_hex("", out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    token_hash_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_hash_format(void **state)
{
    char *token = token_generate();
    char a[65], b[65];
    token_hash_hex(token, a);
    token_hash_hex(token, b);
    /* Lower-case hex, 64 digits (what the database's CHECK expects), and stable. */
    assert_int_equal(strlen(a), 64);
    for (int i = 0; i < 64; i++)
        assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));
    assert_string_equal(a, b);
    /* One character more gives a different hash. */
    size_t len = strlen(token);
    char *longer = malloc(len + 2);
    memcpy(longer, token, len);
    longer[len] = 'x';
    longer[len + 1] = '\0';
    token_hash_hex(longer, b);
    assert_string_not_equal(a, b);
    free(longer);
    free(token);
}

static void test_token_cache_lifecycle(void **state)
{
    struct token_cache *cache = token_cache_new();
    assert_non_null(cache);
    token_cache_clear(cache);
    token_cache_free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_format),          cmocka_unit_test(test_tokens_differ),
        cmocka_unit_test(test_hash_known_vectors),    cmocka_unit_test(test_hash_format),
        cmocka_unit_test(test_token_cache_lifecycle),
    };
    return cmocka_run_group_tests_name("auth", tests, setup, NULL);
}
