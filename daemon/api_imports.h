/* Import endpoints: uploads are imported on a thread of their own and answered from the event loop.
 */
#ifndef FGCD_API_IMPORTS_H
#define FGCD_API_IMPORTS_H

#include "request.h"

/* POST /api/v1/imports/population (text/csv), /ssda903?area= (JSON with header_csv and
 * episodes_csv), /cin-census?area= (application/xml); strict=true to load nothing when a
 * row is rejected. 201 with the report, or 422 with the report. */
void api_import_population(struct request *req);
void api_import_ssda903(struct request *req);
void api_import_cin_census(struct request *req);

/*
 * For server_run once the loop has stopped: cancels the imports still running, waits for
 * their threads and answers their requests with 503 (nothing they did is kept).
 */
void api_imports_shutdown(void);

#endif
