/* Endpoints for what administrators set for the whole service: the cost-benefit unit costs. */
#include "api_unit_costs.h"
#include "routes.h"

/* Every cost-benefit answer shows the costs it used, so its readers may list them too. */
#define UNIT_COST_READERS (ROLE_MANAGER | ROLE_DATA_ANALYST | ROLE_ADMIN)

static const struct field_spec no_fields[] = {{NULL}};

/* PUT /api/v1/unit-costs/{status}: pounds_per_week (a number) is checked by api_unit_cost_put. */
static const struct field_spec unit_cost_fields[] = {
    {"source", FT_STRING, F_REQUIRED, 0, 500, NULL, NULL, NULL}, {NULL}};

#define GET EVHTTP_REQ_GET
#define PUT EVHTTP_REQ_PUT
#define DELETE EVHTTP_REQ_DELETE
#define V1 "/api/v1"

const struct route admin_routes[] = {
    {GET, V1 "/unit-costs", UNIT_COST_READERS, 0, api_unit_cost_list, "unit_cost_list", NULL,
     no_fields},
    /* If-Match only once a cost is stored for the status (the first PUT creates it). */
    {PUT, V1 "/unit-costs/{status}", ROLE_ADMIN, ROUTE_IF_MATCH_OPTIONAL, api_unit_cost_put,
     "unit_cost_put", unit_cost_fields, NULL},
    {DELETE, V1 "/unit-costs/{status}", ROLE_ADMIN, ROUTE_IF_MATCH_OPTIONAL, api_unit_cost_delete,
     "unit_cost_delete", NULL, no_fields},
    ROUTES_END,
};
