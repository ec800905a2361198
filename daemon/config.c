/* Settings: one table of every key (section, name, type, default, limits, reloadable). */
#include "config.h"
#include "log.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FGC_MIGRATIONS_DIR
#define FGC_MIGRATIONS_DIR "migrations"
#endif
#ifndef FGC_WEB_ROOT
#define FGC_WEB_ROOT "clients/web/dist"
#endif

struct settings settings;

enum key_type { KEY_STRING, KEY_LONG, KEY_BOOL, KEY_LOG_LEVEL, KEY_LISTEN };

struct config_key {
    const char *section;
    const char *name;
    enum key_type type;
    size_t offset;
    const char *default_value;
    long min, max;
    bool reloadable;
};

#define OFF(field) offsetof(struct settings, field)

static const struct config_key keys[] = {
    {"server", "listen", KEY_LISTEN, OFF(listen), "127.0.0.1:8080", 0, 0, false},
    {"server", "max_body_bytes", KEY_LONG, OFF(max_body_bytes), "1048576", 1024, 1L << 30, true},
    {"server", "max_header_bytes", KEY_LONG, OFF(max_header_bytes), "16384", 1024, 1L << 20, true},
    {"server", "timeout_seconds", KEY_LONG, OFF(timeout_seconds), "30", 1, 3600, true},
    {"server", "shutdown_timeout_seconds", KEY_LONG, OFF(shutdown_timeout_seconds), "30", 1, 3600,
     true},
    {"server", "log_level", KEY_LOG_LEVEL, OFF(log_level), "info", 0, 0, true},
    {"server", "timezone", KEY_STRING, OFF(timezone), "Europe/London", 0, 0, false},
    {"database", "url", KEY_STRING, OFF(database_url), "dbname=fgcd", 0, 0, false},
    {"database", "pool_size", KEY_LONG, OFF(pool_size), "4", 1, 256, false},
    {"database", "bulk_pool_size", KEY_LONG, OFF(bulk_pool_size), "2", 1, 64, false},
    {"database", "queue_max", KEY_LONG, OFF(queue_max), "512", 1, 1000000, true},
    {"database", "queue_timeout_ms", KEY_LONG, OFF(queue_timeout_ms), "5000", 1, 600000, true},
    {"database", "statement_timeout_ms", KEY_LONG, OFF(statement_timeout_ms), "30000", 0, 86400000,
     false},
    {"database", "migrations_dir", KEY_STRING, OFF(migrations_dir), FGC_MIGRATIONS_DIR, 0, 0,
     false},
    {"auth", "token_cache_seconds", KEY_LONG, OFF(token_cache_seconds), "30", 0, 3600, true},
    {"auth", "session_idle_minutes", KEY_LONG, OFF(session_idle_minutes), "30", 1, 1440, true},
    {"auth", "session_absolute_hours", KEY_LONG, OFF(session_absolute_hours), "12", 1, 168, true},
    {"auth", "sign_in_max_failures", KEY_LONG, OFF(sign_in_max_failures), "5", 1, 100, true},
    {"auth", "sign_in_lockout_minutes", KEY_LONG, OFF(sign_in_lockout_minutes), "15", 1, 1440,
     true},
    {"auth", "cookie_secure", KEY_BOOL, OFF(cookie_secure), "false", 0, 0, true},
    {"web", "root", KEY_STRING, OFF(web_root), FGC_WEB_ROOT, 0, 0, false},
    /* Defaults and their sources: docs/indicators.md, "Unit costs". */
    {"costs", "cin_week", KEY_LONG, OFF(cost_cin_week), "76", 0, 100000, true},
    {"costs", "cpp_week", KEY_LONG, OFF(cost_cpp_week), "76", 0, 100000, true},
    {"costs", "cla_week", KEY_LONG, OFF(cost_cla_week), "646", 0, 100000, true},
};

int config_split_listen(const char *listen, char **host, int *port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return -1;
    char *end;
    errno = 0;
    long p = strtol(colon + 1, &end, 10);
    if (errno || *end || end == colon + 1 || p < 1 || p > 65535)
        return -1;
    if (host) {
        *host = strndup(listen, (size_t)(colon - listen));
        if (!*host)
            abort();
    }
    if (port)
        *port = (int)p;
    return 0;
}

/* Checks and stores one value; returns a malloc'd reason on error. */
static char *set_value(struct settings *s, const struct config_key *k, const char *value)
{
    char *base = (char *)s;
    switch (k->type) {
    case KEY_LONG: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || *end || end == value)
            return xasprintf("%s must be a whole number, not \"%s\"", k->name, value);
        if (v < k->min || v > k->max)
            return xasprintf("%s must be between %ld and %ld, not %ld", k->name, k->min, k->max, v);
        *(long *)(base + k->offset) = v;
        return NULL;
    }
    case KEY_BOOL:
        if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
            *(bool *)(base + k->offset) = strcmp(value, "true") == 0;
            return NULL;
        }
        return xasprintf("%s must be true or false, not \"%s\"", k->name, value);
    case KEY_LOG_LEVEL: {
        enum log_level level;
        if (log_parse_level(value, &level) != 0)
            return xasprintf("log_level must be debug, info, warning or error, not \"%s\"", value);
        break;
    }
    case KEY_LISTEN:
        if (config_split_listen(value, NULL, NULL) != 0)
            return xasprintf("listen must be host:port with a port from 1 to 65535, not \"%s\"",
                             value);
        break;
    case KEY_STRING:
        if (*value == '\0')
            return xasprintf("%s must not be empty", k->name);
        break;
    }
    char **slot = (char **)(base + k->offset);
    free(*slot);
    *slot = strdup(value);
    if (!*slot)
        abort();
    return NULL;
}

void config_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *err = set_value(s, &keys[i], keys[i].default_value);
        if (err)
            abort(); /* a default that fails its own check is a programming error */
    }
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

static const struct config_key *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

static bool known_section(const char *section)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].section, section) == 0)
            return true;
    return false;
}

int config_load(struct settings *s, const char *path, bool reloading, char **cause)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *cause = xasprintf("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (reloading) {
        /* A key removed from the file goes back to its default, as at start-up. */
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (keys[i].reloadable && set_value(s, &keys[i], keys[i].default_value) != NULL)
                abort();
    }
    char section[64] = "";
    char buf[4096];
    int lineno = 0;
    int rc = 0;
    while (fgets(buf, sizeof buf, f)) {
        lineno++;
        if (!strchr(buf, '\n') && !feof(f)) {
            *cause = xasprintf("%s:%d: line is longer than %zu characters", path, lineno,
                               sizeof buf - 2);
            rc = -1;
            break;
        }
        char *line = trim(buf);
        if (*line == '\0' || *line == '#' || *line == ';')
            continue;
        if (*line == '[') {
            char *close = strchr(line, ']');
            if (!close || close[1] != '\0') {
                *cause = xasprintf("%s:%d: a section header must look like [name]", path, lineno);
                rc = -1;
                break;
            }
            *close = '\0';
            char *name = trim(line + 1);
            if (!known_section(name) || strlen(name) >= sizeof section) {
                *cause = xasprintf("%s:%d: unknown section [%s]", path, lineno, name);
                rc = -1;
                break;
            }
            strcpy(section, name);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            *cause = xasprintf("%s:%d: expected key = value", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *name = trim(line), *value = trim(eq + 1);
        if (*section == '\0') {
            *cause = xasprintf("%s:%d: key \"%s\" is outside any section", path, lineno, name);
            rc = -1;
            break;
        }
        const struct config_key *k = find_key(section, name);
        if (!k) {
            *cause =
                xasprintf("%s:%d: unknown key \"%s\" in section [%s]", path, lineno, name, section);
            rc = -1;
            break;
        }
        if (reloading && !k->reloadable)
            continue;
        char *err = set_value(s, k, value);
        if (err) {
            *cause = xasprintf("%s:%d: %s", path, lineno, err);
            free(err);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

int config_apply_env(struct settings *s, char **cause)
{
    static const struct {
        const char *env, *section, *name;
    } overrides[] = {
        {"FGCD_DATABASE_URL", "database", "url"},
        {"FGCD_LISTEN", "server", "listen"},
        {"FGCD_MIGRATIONS_DIR", "database", "migrations_dir"},
        {"FGCD_LOG_LEVEL", "server", "log_level"},
        {"FGCD_WEB_ROOT", "web", "root"},
    };
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        const char *v = getenv(overrides[i].env);
        if (!v)
            continue;
        char *err = set_value(s, find_key(overrides[i].section, overrides[i].name), v);
        if (err) {
            *cause = xasprintf("%s: %s", overrides[i].env, err);
            free(err);
            return -1;
        }
    }
    return 0;
}

void config_free(struct settings *s)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (keys[i].type == KEY_LONG || keys[i].type == KEY_BOOL)
            continue;
        char **slot = (char **)((char *)s + keys[i].offset);
        free(*slot);
        *slot = NULL;
    }
}
