/* The HTTP server: evhttp with safe limits, signal handling and graceful shutdown. */
#ifndef FGCD_SERVER_H
#define FGCD_SERVER_H

#include <event2/event.h>
#include <event2/http.h>
#include <stdbool.h>

#include "db_pool.h"

struct token_cache;

struct server {
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *listener;
    struct db_pool *db;
    struct db_pool *bulk_db; /* long-running reads (extracts) */
    struct token_cache *tokens;
    struct worker_pool *workers; /* password hashing and other CPU-heavy work */
    const char *config_path;     /* NULL when running on defaults and environment only */
    int in_flight;               /* requests received and not yet answered */
    int unflushed;               /* answers handed to evhttp and not yet fully written */
    bool shutting_down;
    struct event *sig_term, *sig_int, *sig_hup, *deadline;
};

/* Runs `fgcd serve` until SIGTERM or SIGINT; returns the process exit status. */
int server_run(const char *config_path);

/* Called by the request layer just before it hands an answer to evhttp. */
void server_reply_starting(struct server *srv, struct evhttp_request *ev);

/* Called by the request layer when a request has been answered. */
void server_request_done(struct server *srv);

#endif
