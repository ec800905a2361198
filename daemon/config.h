/* Settings of the daemon: defaults, the INI configuration file and environment overrides. */
#ifndef FGCD_CONFIG_H
#define FGCD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct settings {
    /* [server] */
    char *listen;          /* host:port */
    long max_body_bytes;   /* larger request bodies get 413 */
    long max_header_bytes; /* larger request headers get 400 (from evhttp) */
    long timeout_seconds;  /* read/write timeout of an HTTP connection */
    long shutdown_timeout_seconds;
    char *log_level;
    char *timezone; /* whose "today" dates are checked against (IANA name) */
    /* [database] */
    char *database_url; /* libpq conninfo or URI */
    long pool_size;
    long bulk_pool_size;   /* separate connections for extracts, so they never hold up writes */
    long queue_max;        /* requests waiting for a connection before 503 */
    long queue_timeout_ms; /* longest wait for a connection before 503 */
    long statement_timeout_ms;
    char *migrations_dir;
    /* [auth] */
    long token_cache_seconds; /* how long a checked token is trusted without the database */
    long session_idle_minutes;
    long session_absolute_hours;
    long sign_in_max_failures; /* failures in the lockout window before 429 */
    long sign_in_lockout_minutes;
    bool cookie_secure; /* always mark the session cookie Secure */
    /* [web] */
    char *web_root; /* the built web app (clients/web/dist) */
    /* [costs]: unit costs per child per week in whole pounds, for the cost-benefit analysis */
    long cost_cin_week;
    long cost_cpp_week;
    long cost_cla_week;
};

extern struct settings settings;

/* Sets every key to its default. */
void config_defaults(struct settings *s);

/*
 * Reads an INI file into s. Returns 0, or -1 with *cause set to "file:line: reason"
 * (malloc'd). With reloading set, keys that cannot change at run time are left alone.
 */
int config_load(struct settings *s, const char *path, bool reloading, char **cause);

/* Applies FGCD_DATABASE_URL, FGCD_LISTEN, FGCD_MIGRATIONS_DIR, FGCD_LOG_LEVEL. */
int config_apply_env(struct settings *s, char **cause);

void config_free(struct settings *s);

/* Splits "host:port"; returns -1 when malformed. host is malloc'd. */
int config_split_listen(const char *listen, char **host, int *port);

#endif
