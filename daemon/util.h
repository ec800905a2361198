/* Small allocation and string helpers that abort on out-of-memory. */
#ifndef FGCD_UTIL_H
#define FGCD_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Makes room for need elements of size bytes in *array, whose capacity is *cap, doubling
 * it as needed; new elements are zeroed.
 */
void xgrow(void **array, int *cap, int need, size_t size);

/* Appends a zeroed element to s->arr (counted by s->n_arr, capacity s->cap_arr); evaluates
 * to its index. */
#define XPUSH(s, arr)                                                                              \
    (xgrow((void **)&(s)->arr, &(s)->cap_##arr, (s)->n_##arr + 1, sizeof *(s)->arr), (s)->n_##arr++)

/* Monotonic clock in milliseconds. */
long long now_ms(void);

#endif
