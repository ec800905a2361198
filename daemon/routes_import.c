/* Endpoints for imports of statutory returns and population estimates. */
#include "routes.h"

const struct route import_routes[] = {
    ROUTES_END,
};
