/* Measures and cleans text for the terminal, and keeps strings for the length of a command. */
#include "text.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **pool;
static size_t pool_len, pool_cap;

/* The length of the UTF-8 sequence that starts at s, and its code point; 0 if it is not one. */
static size_t utf8_char(const unsigned char *s, unsigned long *cp)
{
    size_t n;
    unsigned long c;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        c = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        c = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past Unicode are not UTF-8. */
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

size_t text_width(const char *s)
{
    size_t width = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        size_t n = utf8_char(p, &cp);
        p += n ? n : 1;
        width++;
    }
    return width;
}

bool text_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        size_t n = utf8_char(p, &cp);
        if (n == 0) {
            return false;
        }
        p += n;
    }
    return true;
}

char *text_clean(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    if (!out) {
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        unsigned long cp;
        size_t n = utf8_char(p, &cp);
        if (n == 0) {
            *o++ = '?';
            p++;
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            *o++ = ' ';
            p++;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
                   cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                   (cp >= 0x2066 && cp <= 0x2069)) {
            /* Control characters, and the bidirectional overrides that can disguise text. */
            *o++ = '?';
            p += n;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

const char *text_keep(char *s)
{
    if (!s) {
        return NULL;
    }
    if (pool_len == pool_cap) {
        size_t cap = pool_cap ? pool_cap * 2 : 64;
        char **grown = realloc(pool, cap * sizeof *grown);
        if (!grown) {
            fputs("fgc: out of memory\n", stderr);
            exit(3);
        }
        pool = grown;
        pool_cap = cap;
    }
    pool[pool_len++] = s;
    return s;
}

const char *text_fmt(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s) {
        va_end(again);
        fputs("fgc: out of memory\n", stderr);
        exit(3);
    }
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return text_keep(s);
}

void text_pool_free(void)
{
    for (size_t i = 0; i < pool_len; i++) {
        free(pool[i]);
    }
    free(pool);
    pool = NULL;
    pool_len = pool_cap = 0;
}
