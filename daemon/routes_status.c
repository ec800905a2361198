/* Endpoints for status history: CIN episodes, child protection plans, looked-after episodes,
 * chronology. */
#include "routes.h"

const struct route status_routes[] = {
    ROUTES_END,
};
