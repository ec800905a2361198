/* The pseudonymised record-level extract: checked and audited in SQL, streamed from it. */
#include "api_extracts.h"
#include "api_call.h"
#include "api_stream.h"
#include "routes.h"

#include <stdlib.h>

static const char *const records_sql =
    "WITH a AS MATERIALIZED (SELECT api.extract_records_begin($1::jsonb, $2::jsonb) AS args) "
    "SELECT line FROM a, LATERAL fgc.extract_record_lines(a.args, $3) AS line";

static const char *const records_header =
    "child,birth_month,sex,ethnicity,local_authority,cluster,record_type,start_date,end_date,"
    "code,end_reason,detail";

static void records_extract(struct request *req, enum stream_format format)
{
    json_t *errors = json_array();
    json_t *args = validate_query(&req->query, req->route->query, errors);
    if (!args) {
        reply_invalid(req, 422, "Correct the parameters listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    json_t *ctx = api_ctx_base(req);
    char *ctx_text = json_dumps(ctx, JSON_COMPACT);
    char *args_text = json_dumps(args, JSON_COMPACT);
    json_decref(ctx);
    json_decref(args);
    const char *params[] = {ctx_text, args_text, format == STREAM_CSV ? "csv" : "json"};
    api_stream(req, format, format == STREAM_CSV ? "records.csv" : "records.ndjson",
               format == STREAM_CSV ? records_header : NULL, records_sql, 3, params);
    free(ctx_text);
    free(args_text);
}

void api_extract_records_csv(struct request *req)
{
    records_extract(req, STREAM_CSV);
}

void api_extract_records_ndjson(struct request *req)
{
    records_extract(req, STREAM_NDJSON);
}
