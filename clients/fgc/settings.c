/* Parses, merges and formats fgc's settings (the file's contents, not the file itself). */
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set(char *dst, size_t size, const char *src, size_t len)
{
    if (len >= size) {
        len = size - 1;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static void strip_slashes(char *url)
{
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/') {
        url[--len] = '\0';
    }
}

int settings_parse(const char *text, struct settings *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    int line_no = 0;
    const char *line = text;
    while (line && *line) {
        line_no++;
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *next = end ? end + 1 : NULL;
        while (len > 0 &&
               (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) {
            len--;
        }
        while (len > 0 && (*line == ' ' || *line == '\t')) {
            line++;
            len--;
        }
        if (len == 0 || *line == '#') {
            line = next;
            continue;
        }
        const char *eq = memchr(line, '=', len);
        if (!eq) {
            snprintf(err, errlen, "line %d is not KEY=VALUE", line_no);
            return -1;
        }
        size_t key_len = (size_t)(eq - line);
        while (key_len > 0 && (line[key_len - 1] == ' ' || line[key_len - 1] == '\t')) {
            key_len--;
        }
        const char *value = eq + 1;
        size_t value_len = len - (size_t)(value - line);
        while (value_len > 0 && (*value == ' ' || *value == '\t')) {
            value++;
            value_len--;
        }
        if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"') {
            value++;
            value_len -= 2;
        }
        if (key_len == 7 && strncmp(line, "FGC_URL", 7) == 0) {
            set(s->url, sizeof s->url, value, value_len);
            strip_slashes(s->url);
        } else if (key_len == 9 && strncmp(line, "FGC_TOKEN", 9) == 0) {
            set(s->token, sizeof s->token, value, value_len);
        }
        line = next;
    }
    return 0;
}

void settings_resolve(struct settings *out, const struct settings *file, const char *env_url,
                      const char *env_token)
{
    memset(out, 0, sizeof *out);
    const char *url = env_url && *env_url ? env_url : file->url;
    if (!*url) {
        url = FGC_DEFAULT_URL;
    }
    set(out->url, sizeof out->url, url, strlen(url));
    strip_slashes(out->url);
    const char *token = env_token && *env_token ? env_token : file->token;
    set(out->token, sizeof out->token, token, strlen(token));
}

bool settings_token_ok(const char *token)
{
    size_t len = strlen(token);
    if (len == 0 || len > 512) {
        return false;
    }
    for (const char *p = token; *p; p++) {
        if (*p <= ' ' || *p > '~') {
            return false;
        }
    }
    return true;
}

bool settings_url_ok(const char *url)
{
    const char *rest;
    if (strncmp(url, "http://", 7) == 0) {
        rest = url + 7;
    } else if (strncmp(url, "https://", 8) == 0) {
        rest = url + 8;
    } else {
        return false;
    }
    if (!*rest || *rest == '/') {
        return false;
    }
    for (const char *p = url; *p; p++) {
        if (*p <= ' ' || *p > '~') {
            return false;
        }
    }
    return true;
}

char *settings_format(const struct settings *s)
{
    const char *head = "# fgc settings, written by `fgc login`. Keep this file private: it holds "
                       "your API token.\n";
    size_t size = strlen(head) + strlen(s->url) + strlen(s->token) + 32;
    char *text = malloc(size);
    if (!text) {
        return NULL;
    }
    int n = snprintf(text, size, "%sFGC_URL=%s\n", head, s->url);
    if (*s->token) {
        snprintf(text + n, size - (size_t)n, "FGC_TOKEN=%s\n", s->token);
    }
    return text;
}
