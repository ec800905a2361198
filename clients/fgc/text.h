/* Text for the terminal: display width, removing control characters, and kept strings. */
#ifndef FGC_TEXT_H
#define FGC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The number of characters (UTF-8 code points) in s: its width on a terminal. */
size_t text_width(const char *s);
/*
 * A copy of s that is safe to print: tabs and line breaks become spaces, other control
 * characters (which could move the cursor or recolour the terminal) and bytes that are not
 * UTF-8 become '?'. The caller frees it.
 */
char *text_clean(const char *s);
/* Whether s is valid UTF-8 (what JSON strings must be). */
bool text_is_utf8(const char *s);
/* Keeps s (from malloc) until text_pool_free, and returns it. NULL stays NULL. */
const char *text_keep(char *s);
/* printf into a string kept until text_pool_free. */
const char *text_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Frees every kept string. */
void text_pool_free(void);

#endif
