/* Endpoints for extracts: large, streamed downloads for data teams. */
#include "api_extracts.h"
#include "routes.h"

static const struct field_spec record_filters[] = {{"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
                                                   {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
                                                   {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
                                                   {NULL}};

#define EXTRACT_ROLES (ROLE_DATA_ANALYST | ROLE_ADMIN)

/*
 * Indicator extracts: every role may ask (the SQL side checks each indicator's readers), with
 * disclosure control unless an administrator or data analyst asks for suppress=false.
 * indicators and areas are comma-separated lists, checked in SQL.
 */
static const char *const extract_periods[] = {"week", "month", "quarter", "year", NULL};
static const struct field_spec indicator_filters[] = {
    {"indicators", FT_STRING, 0, 0, 2000, NULL, NULL, NULL},
    {"areas", FT_STRING, 0, 0, 10000, NULL, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"period", FT_ENUM, 0, 0, 0, extract_periods, NULL, NULL},
    {"suppress", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"round10", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};

const struct route extract_routes[] = {
    {EVHTTP_REQ_GET, "/api/v1/extracts/records.csv", EXTRACT_ROLES, 0, api_extract_records_csv,
     NULL, NULL, record_filters},
    {EVHTTP_REQ_GET, "/api/v1/extracts/records.ndjson", EXTRACT_ROLES, 0,
     api_extract_records_ndjson, NULL, NULL, record_filters},
    {EVHTTP_REQ_GET, "/api/v1/extracts/indicators.csv", ROLES_ALL, 0, api_extract_indicators_csv,
     NULL, NULL, indicator_filters},
    {EVHTTP_REQ_GET, "/api/v1/extracts/indicators.ndjson", ROLES_ALL, 0,
     api_extract_indicators_ndjson, NULL, NULL, indicator_filters},
    ROUTES_END,
};
