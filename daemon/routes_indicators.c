/* Endpoints for indicators (catalogue, values, series) and the area groups they are compared by. */
#include "routes.h"

/*
 * Every role may read the catalogue and ask for values; the SQL side then checks the indicator's
 * readers (fgc.indicators.readers), so a trainer sees the catalogue but not case indicators.
 * Indicator ids are text ("cla_count"), so the path parameter is {indicator}: a name ending in
 * "id" would be parsed as a number by the router.
 */
#define GROUP_READERS ROLES_CASE_READERS

static const char *const compare_values[] = {"rest", NULL};
static const char *const areas_values[] = {"all-clusters", "all-authorities", NULL};
static const char *const period_values[] = {"week", "month", "quarter", "year", NULL};

static const struct field_spec no_fields[] = {{NULL}};

/* GET /api/v1/indicators/{indicator} */
static const struct field_spec value_query[] = {
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"compare", FT_ENUM, 0, 0, 0, compare_values, NULL, NULL},
    {"at", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"year", FT_INT, 0, 1972, 2100, NULL, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"suppress", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"round10", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};

/* GET /api/v1/indicators/{indicator}/series */
static const struct field_spec series_query[] = {
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"compare", FT_ENUM, 0, 0, 0, compare_values, NULL, NULL},
    {"areas", FT_ENUM, 0, 0, 0, areas_values, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"period", FT_ENUM, 0, 0, 0, period_values, NULL, NULL},
    {"suppress", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"round10", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};

/* Area groups */
static const struct field_spec group_create_fields[] = {
    {"name", FT_STRING, F_REQUIRED, 0, 200, NULL, NULL, NULL},
    {"description", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {"cluster_ids", FT_IDS, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec group_update_fields[] = {
    {"name", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"description", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {"cluster_ids", FT_IDS, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec group_filters[] = {PAGING_FIELDS, {NULL}};

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define PATCH EVHTTP_REQ_PATCH
#define V1 "/api/v1"

const struct route indicator_routes[] = {
    {GET, V1 "/indicators", ROLES_ALL, 0, NULL, "indicator_list", NULL, no_fields},
    {GET, V1 "/indicators/{indicator}", ROLES_ALL, 0, NULL, "indicator_value", NULL, value_query},
    {GET, V1 "/indicators/{indicator}/series", ROLES_ALL, 0, NULL, "indicator_series", NULL,
     series_query},

    {GET, V1 "/area-groups", GROUP_READERS, 0, NULL, "area_group_list", NULL, group_filters},
    {POST, V1 "/area-groups", ROLE_ADMIN, 0, NULL, "area_group_create", group_create_fields, NULL},
    {GET, V1 "/area-groups/{id}", GROUP_READERS, 0, NULL, "area_group_get", NULL, no_fields},
    {PATCH, V1 "/area-groups/{id}", ROLE_ADMIN, ROUTE_IF_MATCH, NULL, "area_group_update",
     group_update_fields, NULL},
    ROUTES_END,
};
