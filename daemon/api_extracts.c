/* Extracts: checked and audited by a SQL "begin" function, lines made in SQL, streamed out. */
#include "api_extracts.h"
#include "api_call.h"
#include "api_stream.h"
#include "routes.h"
#include "util.h"

#include <stdlib.h>

/* One kind of extract: the SQL that checks the request and the SQL that writes its lines. */
struct extract {
    const char *file;  /* download name, without the extension */
    const char *begin; /* api.<begin>(ctx, args): checks, audits, returns the resolved args */
    const char *lines; /* fgc.<lines>(args, format): one text line per row */
    const char *header;
};

static const struct extract records = {
    "records", "extract_records_begin", "extract_record_lines",
    "child,birth_month,sex,ethnicity,local_authority,cluster,record_type,start_date,end_date,"
    "code,end_reason,detail"};

static const struct extract indicators = {
    "indicators", "extract_indicators_begin", "extract_indicator_lines",
    "indicator,area_code,area_name,period_start,period_end,value,numerator,denominator,"
    "population_year,population_vintage,suppressed"};

static void run_extract(struct request *req, const struct extract *e, enum stream_format format)
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
    /* The begin function runs once, before any line: a refusal is still a proper problem. */
    char *sql = xasprintf("WITH a AS MATERIALIZED (SELECT api.%s($1::jsonb, $2::jsonb) AS args) "
                          "SELECT line FROM a, LATERAL fgc.%s(a.args, $3) AS line",
                          e->begin, e->lines);
    char *file = xasprintf("%s.%s", e->file, format == STREAM_CSV ? "csv" : "ndjson");
    const char *params[] = {ctx_text, args_text, format == STREAM_CSV ? "csv" : "json"};
    api_stream(req, format, file, format == STREAM_CSV ? e->header : NULL, sql, 3, params);
    free(file);
    free(sql);
    free(ctx_text);
    free(args_text);
}

void api_extract_records_csv(struct request *req)
{
    run_extract(req, &records, STREAM_CSV);
}

void api_extract_records_ndjson(struct request *req)
{
    run_extract(req, &records, STREAM_NDJSON);
}

void api_extract_indicators_csv(struct request *req)
{
    run_extract(req, &indicators, STREAM_CSV);
}

void api_extract_indicators_ndjson(struct request *req)
{
    run_extract(req, &indicators, STREAM_NDJSON);
}
