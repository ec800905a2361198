/* Endpoints for imports of statutory returns and population estimates. */
#include "api_imports.h"
#include "routes.h"

/* Data teams load history; administrators may too. See docs/imports.md. */
#define IMPORT_ROLES (ROLE_DATA_ANALYST | ROLE_ADMIN)

static const char *const import_kinds[] = {"population", "ssda903", "cin_census", NULL};
static const struct field_spec no_fields[] = {{NULL}};
static const struct field_spec run_filters[] = {
    {"kind", FT_ENUM, 0, 0, 0, import_kinds, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    PAGING_FIELDS,
    {NULL}};

/* The uploads validate their own query (area, strict, year) and media type. */
const struct route import_routes[] = {
    {EVHTTP_REQ_POST, "/api/v1/imports/population", IMPORT_ROLES, 0, api_import_population, NULL,
     NULL, NULL},
    {EVHTTP_REQ_POST, "/api/v1/imports/ssda903", IMPORT_ROLES, 0, api_import_ssda903, NULL, NULL,
     NULL},
    {EVHTTP_REQ_POST, "/api/v1/imports/cin-census", IMPORT_ROLES, 0, api_import_cin_census, NULL,
     NULL, NULL},
    {EVHTTP_REQ_GET, "/api/v1/imports", IMPORT_ROLES, 0, NULL, "import_run_list", NULL,
     run_filters},
    {EVHTTP_REQ_GET, "/api/v1/imports/{id}", IMPORT_ROLES, 0, NULL, "import_run_get", NULL,
     no_fields},
    ROUTES_END,
};
