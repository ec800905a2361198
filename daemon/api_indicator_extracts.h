/* Indicator extracts for data teams, streamed as CSV or NDJSON, suppressed by default. */
#ifndef FGCD_API_INDICATOR_EXTRACTS_H
#define FGCD_API_INDICATOR_EXTRACTS_H

#include "request.h"

/* GET /api/v1/extracts/indicators.csv and indicators.ndjson */
void api_extract_indicators_csv(struct request *req);
void api_extract_indicators_ndjson(struct request *req);

#endif
