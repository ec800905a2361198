/* Endpoints for extracts: large, streamed downloads for data teams. */
#include "api_extracts.h"
#include "routes.h"

static const struct field_spec record_filters[] = {{"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
                                                   {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
                                                   {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
                                                   {NULL}};

#define EXTRACT_ROLES (ROLE_DATA_ANALYST | ROLE_ADMIN)

const struct route extract_routes[] = {
    {EVHTTP_REQ_GET, "/api/v1/extracts/records.csv", EXTRACT_ROLES, 0, api_extract_records_csv,
     NULL, NULL, record_filters},
    {EVHTTP_REQ_GET, "/api/v1/extracts/records.ndjson", EXTRACT_ROLES, 0,
     api_extract_records_ndjson, NULL, NULL, record_filters},
    ROUTES_END,
};
