/* OBA report cards, indicator targets and the FGC cost-benefit analysis: the handlers. */
#ifndef FGCD_API_REPORT_CARD_H
#define FGCD_API_REPORT_CARD_H

#include "request.h"

/* GET /api/v1/indicators/{indicator}/report-card */
void api_indicator_report_card(struct request *req);

/* POST /api/v1/indicator-targets and PATCH /api/v1/indicator-targets/{id} (target_value is a
 * number, which the field tables cannot describe). */
void api_indicator_target_write(struct request *req);

/* GET /api/v1/cost-benefit: the SQL call with the configured unit costs added. */
void api_cost_benefit(struct request *req);

/*
 * The report card from the inputs api.indicator_report_card returns (its body): baseline, trend,
 * forecast band, actual points, target line, whether the curve has turned and the rate tests.
 * Pure: no I/O. Returns a new object.
 */
json_t *report_card_from_inputs(const json_t *inputs);

#endif
