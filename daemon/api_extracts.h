/* Record-level extracts for data teams, streamed as CSV or JSON. */
#ifndef FGCD_API_EXTRACTS_H
#define FGCD_API_EXTRACTS_H

#include "request.h"

/* GET /api/v1/extracts/records.csv and records.ndjson: the pseudonymised record-level extract. */
void api_extract_records_csv(struct request *req);
void api_extract_records_ndjson(struct request *req);

#endif
