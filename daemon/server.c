/* fgcd serve: binds the HTTP listener, routes requests, reloads on SIGHUP, drains on SIGTERM. */
#include "server.h"
#include "api_call.h"
#include "api_imports.h"
#include "auth.h"
#include "config.h"
#include "log.h"
#include "routes.h"
#include "static_files.h"
#include "password.h"
#include "worker.h"
#include "util.h"

#include <event2/buffer.h>
#include <event2/thread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define ALLOWED_METHODS                                                                            \
    (EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |    \
     EVHTTP_REQ_HEAD | EVHTTP_REQ_OPTIONS)

static void apply_http_limits(struct server *srv)
{
    evhttp_set_max_headers_size(srv->http, (ev_ssize_t)settings.max_header_bytes);
    evhttp_set_max_body_size(srv->http, (ev_ssize_t)settings.max_body_bytes);
    evhttp_set_timeout(srv->http, (int)settings.timeout_seconds);
    db_pool_set_limits(srv->db, (int)settings.queue_max, settings.queue_timeout_ms);
    db_pool_set_limits(srv->bulk_db, (int)settings.queue_max, settings.queue_timeout_ms);
    enum log_level level;
    if (log_parse_level(settings.log_level, &level) == 0)
        log_set_level(level);
}

static void route_begin(struct request *req)
{
    if (req->route->handler)
        req->route->handler(req);
    else
        api_route(req);
}

static void handle_request(struct evhttp_request *ev, void *arg)
{
    struct server *srv = arg;
    struct request *req = request_new(srv, ev);
    if (!req)
        return;
    if (srv->shutting_down) {
        reply_problem(req, 503, "Service unavailable", "The service is shutting down.");
        return;
    }
    char allow[128];
    switch (routes_match(req, allow, sizeof allow)) {
    case ROUTE_NO_PATH:
        if (!static_serve(req))
            reply_problem(req, 404, "Not found", "There is nothing at this address.");
        return;
    case ROUTE_NO_METHOD:
        reply_add_header(req, "Allow", allow);
        reply_problem(req, 405, "Method not allowed", "This address does not accept that method.");
        return;
    case ROUTE_FOUND:
        break;
    }
    if (req->route->flags & ROUTE_PUBLIC)
        route_begin(req);
    else
        auth_request(req, route_begin);
}

/* Stops the loop once every request is answered and every answer written out. */
static void maybe_finish_shutdown(struct server *srv)
{
    if (!srv->shutting_down || srv->in_flight > 0)
        return;
    if (srv->unflushed == 0) {
        log_info("all requests finished; stopping");
        event_base_loopexit(srv->base, NULL);
        return;
    }
    /* A client that stops reading must not hold the shutdown for long. */
    struct timeval grace = {2, 0};
    event_base_loopexit(srv->base, &grace);
}

static void reply_flushed(struct evhttp_request *ev, void *arg)
{
    struct server *srv = arg;
    srv->unflushed--;
    maybe_finish_shutdown(srv);
}

void server_reply_starting(struct server *srv, struct evhttp_request *ev)
{
    /* Without a connection the client has gone, and evhttp frees the request unsent. */
    if (!evhttp_request_get_connection(ev))
        return;
    srv->unflushed++;
    evhttp_request_set_on_complete_cb(ev, reply_flushed, srv);
}

void server_request_done(struct server *srv)
{
    srv->in_flight--;
    maybe_finish_shutdown(srv);
}

static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    log_warning("shutdown timeout reached with %d requests unfinished; stopping", srv->in_flight);
    event_base_loopexit(srv->base, NULL);
}

static void shutdown_cb(evutil_socket_t sig, short what, void *arg)
{
    struct server *srv = arg;
    if (srv->shutting_down) {
        log_warning("second signal: stopping now");
        event_base_loopexit(srv->base, NULL);
        return;
    }
    srv->shutting_down = true;
    log_info("signal %d: no longer accepting connections; finishing %d requests", (int)sig,
             srv->in_flight);
    if (srv->listener) {
        evhttp_del_accept_socket(srv->http, srv->listener);
        srv->listener = NULL;
    }
    struct timeval tv = {settings.shutdown_timeout_seconds, 0};
    srv->deadline = evtimer_new(srv->base, deadline_cb, srv);
    evtimer_add(srv->deadline, &tv);
    maybe_finish_shutdown(srv);
}

static void reload_cb(evutil_socket_t sig, short what, void *arg)
{
    struct server *srv = arg;
    if (!srv->config_path) {
        log_info("SIGHUP: no configuration file to reload");
        return;
    }
    /* Load into a copy first so that a bad file changes nothing. */
    struct settings next;
    config_defaults(&next);
    char *cause = NULL;
    if (config_load(&next, srv->config_path, false, &cause) != 0 ||
        config_apply_env(&next, &cause) != 0) {
        log_error("SIGHUP: configuration not reloaded: %s", cause);
        free(cause);
        config_free(&next);
        return;
    }
    config_free(&next);
    if (config_load(&settings, srv->config_path, true, &cause) != 0) {
        log_error("SIGHUP: configuration not reloaded: %s", cause);
        free(cause);
        return;
    }
    /* The environment still overrides the file, as it did at start-up. */
    if (config_apply_env(&settings, &cause) != 0) {
        log_error("SIGHUP: %s", cause);
        free(cause);
    }
    apply_http_limits(srv);
    token_cache_clear(srv->tokens);
    log_info("SIGHUP: configuration reloaded from %s", srv->config_path);
}

int server_run(const char *config_path)
{
    struct server srv;
    memset(&srv, 0, sizeof srv);
    srv.config_path = config_path;
    signal(SIGPIPE, SIG_IGN);

    char *host = NULL;
    int port = 0;
    config_split_listen(settings.listen, &host, &port);

    /* Imports run on threads of their own and post their results back to this base. */
    evthread_use_pthreads();
    srv.base = event_base_new();
    srv.http = evhttp_new(srv.base);
    srv.tokens = token_cache_new();
    password_init();
    srv.workers = worker_pool_new(srv.base, 2);
    srv.db = db_pool_new(srv.base, settings.database_url, (int)settings.pool_size,
                         settings.statement_timeout_ms);
    /* Extracts may run for minutes: no statement timeout, and their own connections. */
    srv.bulk_db = db_pool_new(srv.base, settings.database_url, (int)settings.bulk_pool_size, 0);
    evhttp_set_allowed_methods(srv.http, ALLOWED_METHODS);
    evhttp_set_default_content_type(srv.http, "application/json");
    apply_http_limits(&srv);
    evhttp_set_gencb(srv.http, handle_request, &srv);

    srv.listener = evhttp_bind_socket_with_handle(srv.http, host, (ev_uint16_t)port);
    if (!srv.listener) {
        log_error("cannot listen on %s", settings.listen);
        free(host);
        worker_pool_free(srv.workers);
        db_pool_free(srv.bulk_db);
        db_pool_free(srv.db);
        evhttp_free(srv.http);
        event_base_free(srv.base);
        token_cache_free(srv.tokens);
        return 1;
    }
    free(host);

    srv.sig_term = evsignal_new(srv.base, SIGTERM, shutdown_cb, &srv);
    srv.sig_int = evsignal_new(srv.base, SIGINT, shutdown_cb, &srv);
    srv.sig_hup = evsignal_new(srv.base, SIGHUP, reload_cb, &srv);
    evsignal_add(srv.sig_term, NULL);
    evsignal_add(srv.sig_int, NULL);
    evsignal_add(srv.sig_hup, NULL);

    log_info("fgcd listening on http://%s", settings.listen);
    event_base_dispatch(srv.base);
    api_imports_shutdown();

    /* Workers first (their results may reply), then the pools: statements still queued are
     * answered 503 while evhttp still exists. */
    worker_pool_free(srv.workers);
    db_pool_free(srv.bulk_db);
    db_pool_free(srv.db);
    evhttp_free(srv.http);
    event_free(srv.sig_term);
    event_free(srv.sig_int);
    event_free(srv.sig_hup);
    if (srv.deadline)
        event_free(srv.deadline);
    token_cache_free(srv.tokens);
    event_base_free(srv.base);
    log_info("fgcd stopped");
    return 0;
}
