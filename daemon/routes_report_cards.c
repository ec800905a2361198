/* Endpoints for OBA report cards, their indicator targets and the FGC cost-benefit analysis. */
#include "api_report_card.h"
#include "routes.h"

static const char *const compare_values[] = {"rest", NULL};
static const char *const period_values[] = {"week", "month", "quarter", "year", NULL};

static const struct field_spec no_fields[] = {{NULL}};

/*
 * GET /api/v1/indicators/{indicator}/report-card. Every role may ask; the SQL side checks the
 * indicator's readers, as for values and series. target is a number, checked in SQL
 * (fgc.arg_numeric).
 */
static const struct field_spec report_card_query[] = {
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"compare", FT_ENUM, 0, 0, 0, compare_values, NULL, NULL},
    {"baseline_from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"baseline_to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"period", FT_ENUM, 0, 0, 0, period_values, NULL, NULL},
    {"target", FT_STRING, 0, 0, 40, NULL, NULL, NULL},
    {"target_date", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"change_date", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"turn_points", FT_INT, 0, 1, 52, NULL, NULL, NULL},
    {"suppress", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};

/* Indicator targets: target_value (a number) is checked by api_indicator_target_write. */
static const struct field_spec target_create_fields[] = {
    {"indicator", FT_STRING, F_REQUIRED, 0, 63, NULL, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"target_date", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec target_update_fields[] = {
    {"target_date", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec target_filters[] = {
    {"indicator", FT_STRING, 0, 0, 63, NULL, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    PAGING_FIELDS,
    {NULL}};

/* GET /api/v1/cost-benefit */
static const struct field_spec cost_benefit_query[] = {
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"window_weeks", FT_INT, 0, 1, 260, NULL, NULL, NULL},
    {NULL}};

#define COST_BENEFIT_READERS (ROLE_MANAGER | ROLE_DATA_ANALYST | ROLE_ADMIN)

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define PATCH EVHTTP_REQ_PATCH
#define DELETE EVHTTP_REQ_DELETE
#define V1 "/api/v1"

const struct route report_card_routes[] = {
    {GET, V1 "/indicators/{indicator}/report-card", ROLES_ALL, 0, api_indicator_report_card,
     "indicator_report_card", NULL, report_card_query},

    {GET, V1 "/indicator-targets", ROLES_CASE_READERS, 0, NULL, "indicator_target_list", NULL,
     target_filters},
    {POST, V1 "/indicator-targets", ROLE_ADMIN, 0, api_indicator_target_write,
     "indicator_target_create", target_create_fields, NULL},
    {GET, V1 "/indicator-targets/{id}", ROLES_CASE_READERS, 0, NULL, "indicator_target_get", NULL,
     no_fields},
    {PATCH, V1 "/indicator-targets/{id}", ROLE_ADMIN, ROUTE_IF_MATCH, api_indicator_target_write,
     "indicator_target_update", target_update_fields, NULL},
    {DELETE, V1 "/indicator-targets/{id}", ROLE_ADMIN, 0, NULL, "indicator_target_delete", NULL,
     no_fields},

    {GET, V1 "/cost-benefit", COST_BENEFIT_READERS, 0, api_cost_benefit, "cost_benefit", NULL,
     cost_benefit_query},
    ROUTES_END,
};
