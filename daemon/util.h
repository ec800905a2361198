/* Small allocation and string helpers that abort on out-of-memory. */
#ifndef FGCD_UTIL_H
#define FGCD_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic clock in milliseconds. */
long long now_ms(void);

#endif
