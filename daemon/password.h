/* Password hashing for browser sign-in: argon2id through libsodium. */
#ifndef FGCD_PASSWORD_H
#define FGCD_PASSWORD_H

#include <stdbool.h>

#define PASSWORD_MIN_LENGTH 12
#define PASSWORD_MAX_LENGTH 256

/* Hashes a password (slow: about 0.1 s and 64 MiB). Returns a malloc'd hash or NULL. */
char *password_hash(const char *password);

/*
 * Checks a password against a stored hash. With hash NULL (no such user), it spends the
 * same effort on a fixed hash so that timing does not reveal which usernames exist.
 */
bool password_verify(const char *password, const char *hash);

/* Prepares what password_verify needs; call once at start-up, before any thread runs. */
void password_init(void);

/* NULL if acceptable, else the reason in British English. */
const char *password_problem(const char *password);

#endif
