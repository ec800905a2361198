/* Extracts for data teams, streamed as CSV or NDJSON: record-level (pseudonymised) and indicators.
 */
#ifndef FGCD_API_EXTRACTS_H
#define FGCD_API_EXTRACTS_H

#include "request.h"

/* GET /api/v1/extracts/records.csv and records.ndjson: the pseudonymised record-level extract. */
void api_extract_records_csv(struct request *req);
void api_extract_records_ndjson(struct request *req);

/* GET /api/v1/extracts/indicators.csv and indicators.ndjson: suppressed by default. */
void api_extract_indicators_csv(struct request *req);
void api_extract_indicators_ndjson(struct request *req);

#endif
