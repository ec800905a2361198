/* Unit costs for the FGC cost-benefit analysis: the handlers, which add the configured defaults. */
#ifndef FGCD_API_UNIT_COSTS_H
#define FGCD_API_UNIT_COSTS_H

#include "request.h"

/* GET /api/v1/unit-costs: the cost in use for each status, stored or configured. */
void api_unit_cost_list(struct request *req);

/* PUT /api/v1/unit-costs/{status}: pounds_per_week is a number (pounds and pence), which the
 * field tables cannot describe; If-Match once a cost is stored. */
void api_unit_cost_put(struct request *req);

/* DELETE /api/v1/unit-costs/{status}: back to the configured default (If-Match). */
void api_unit_cost_delete(struct request *req);

#endif
