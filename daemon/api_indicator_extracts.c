/* Indicator extracts: checked, audited and made into lines in SQL, streamed by api_stream. */
#include "api_indicator_extracts.h"
#include "api_call.h"
#include "api_stream.h"
#include "routes.h"

#include <stdlib.h>

static const char *const indicators_sql =
    "WITH a AS MATERIALIZED (SELECT api.extract_indicators_begin($1::jsonb, $2::jsonb) AS args) "
    "SELECT line FROM a, LATERAL fgc.extract_indicator_lines(a.args, $3) AS line";

static const char *const indicators_header =
    "indicator,area_code,area_name,period_start,period_end,value,numerator,denominator,"
    "population_year,population_vintage,suppressed";

static void indicators_extract(struct request *req, enum stream_format format)
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
    api_stream(req, format, format == STREAM_CSV ? "indicators.csv" : "indicators.ndjson",
               format == STREAM_CSV ? indicators_header : NULL, indicators_sql, 3, params);
    free(ctx_text);
    free(args_text);
}

void api_extract_indicators_csv(struct request *req)
{
    indicators_extract(req, STREAM_CSV);
}

void api_extract_indicators_ndjson(struct request *req)
{
    indicators_extract(req, STREAM_NDJSON);
}
