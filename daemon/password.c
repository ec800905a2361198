/* argon2id with libsodium's interactive limits, the level meant for online sign-in. */
#include "password.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

char *password_hash(const char *password)
{
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return NULL;
    return xstrdup(out);
}

/* A hash of a random password nobody knows, made once, for unknown usernames. */
static char dummy_hash[crypto_pwhash_STRBYTES];

void password_init(void)
{
    unsigned char secret[32];
    randombytes_buf(secret, sizeof secret);
    if (crypto_pwhash_str_alg(
            dummy_hash, (const char *)secret, sizeof secret, crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        abort();
}

bool password_verify(const char *password, const char *hash)
{
    if (!hash) {
        /* The answer is always no; only the time spent matters. */
        volatile int ignored = crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
        (void)ignored;
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *password_problem(const char *password)
{
    size_t len = strlen(password);
    if (len < PASSWORD_MIN_LENGTH)
        return "The password must be at least 12 characters long.";
    if (len > PASSWORD_MAX_LENGTH)
        return "The password must be 256 characters or fewer.";
    return NULL;
}
