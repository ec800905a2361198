/* Endpoints for indicators, report cards, cost-benefit and extracts. */
#include "routes.h"

const struct route indicator_routes[] = {
    ROUTES_END,
};
