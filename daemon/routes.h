/* The route table: every endpoint's method, path, roles, input fields and SQL function. */
#ifndef FGCD_ROUTES_H
#define FGCD_ROUTES_H

#include "request.h"
#include "validate.h"

typedef void (*route_handler)(struct request *req);

#define ROUTE_IF_MATCH 1u /* the change needs If-Match with the current version */
#define ROUTE_PUBLIC 2u   /* no token needed */
#define ROUTE_NO_BODY 4u  /* POST without a body (a step with no fields) */
/* If-Match is read when sent, and the SQL decides when it is needed (an upsert: only once the
 * record exists) */
#define ROUTE_IF_MATCH_OPTIONAL 8u

struct route {
    enum evhttp_cmd_type method;
    const char *pattern; /* "/api/v1/referrals/{id}/accept" */
    unsigned roles;      /* roles allowed; ignored for ROUTE_PUBLIC */
    unsigned flags;
    route_handler handler;          /* bespoke handler, or NULL for the SQL call below */
    const char *fn;                 /* api.<fn>(ctx, args) */
    const struct field_spec *body;  /* fields of the JSON body */
    const struct field_spec *query; /* accepted query parameters */
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/*
 * Finds the route for method and path, filling req->route and its path parameters.
 * On ROUTE_NO_METHOD, allow holds the methods the path accepts ("GET, POST").
 */
enum route_match routes_match(struct request *req, char *allow, size_t allow_len);

/*
 * The tables, each terminated by a zero entry: one per part of the API, so that each part
 * keeps its endpoints beside its own code. route_tables lists them all (NULL-terminated).
 */
extern const struct route routes[];           /* routes.c: system, users, areas, FGC work */
extern const struct route status_routes[];    /* routes_status.c: status history */
extern const struct route import_routes[];    /* routes_import.c: statutory imports */
extern const struct route indicator_routes[]; /* routes_indicators.c: indicators */
extern const struct route extract_routes[];   /* routes_extracts.c: streamed extracts */
extern const struct route training_routes[];  /* routes_training.c: restorative-practice training */
extern const struct route report_card_routes[]; /* routes_report_cards.c: OBA report cards */
extern const struct route admin_routes[];       /* routes_admin.c: unit costs */
extern const struct route *const route_tables[];

/* Paging parameters shared by every list, for field tables. */
#define PAGING_FIELDS                                                                              \
    {"cursor", FT_STRING, 0, 0, 200, NULL, NULL, NULL},                                            \
    {                                                                                              \
        "limit", FT_INT, 0, 1, 200, NULL, NULL, NULL                                               \
    }

#define ROUTES_END                                                                                 \
    {                                                                                              \
        0, NULL, 0, 0, NULL, NULL, NULL, NULL                                                      \
    }

#endif
