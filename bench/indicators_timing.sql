-- Timing helpers for bench/indicators_bench.sh: run an API operation or a query several times and report the fastest and the median run, in milliseconds.

\set ON_ERROR_STOP 1

-- Runs api.dispatch(fn, ctx, args) runs times (after one warm-up run) and returns the fastest
-- and median times and the size of the JSON result.
CREATE FUNCTION pg_temp.time_api(fn text, args jsonb, runs integer DEFAULT 5)
RETURNS TABLE(best_ms numeric, median_ms numeric, result_bytes integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_ctx jsonb := '{"user_id": null, "username": "cli", "role": "admin", "request_id": "bench"}';
    v_t timestamptz;
    v_times numeric[] := '{}';
    v_result jsonb;
BEGIN
    v_result := api.dispatch(fn, v_ctx, args);
    FOR i IN 1 .. runs LOOP
        v_t := clock_timestamp();
        v_result := api.dispatch(fn, v_ctx, args);
        v_times := v_times || (extract(epoch FROM clock_timestamp() - v_t) * 1000)::numeric;
    END LOOP;
    RETURN QUERY
    SELECT round(min(t), 1), round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t))::numeric, 1),
           length(v_result::text)
      FROM unnest(v_times) AS t;
END
$$;

-- Runs a query runs times (after one warm-up run); returns the fastest and median times.
CREATE FUNCTION pg_temp.time_sql(query text, runs integer DEFAULT 5)
RETURNS TABLE(best_ms numeric, median_ms numeric, result_bytes integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_t timestamptz;
    v_times numeric[] := '{}';
    v_rows bigint;
BEGIN
    EXECUTE query;
    FOR i IN 1 .. runs LOOP
        v_t := clock_timestamp();
        EXECUTE query;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_times := v_times || (extract(epoch FROM clock_timestamp() - v_t) * 1000)::numeric;
    END LOOP;
    RETURN QUERY
    SELECT round(min(t), 1), round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t))::numeric, 1), NULL::integer
      FROM unnest(v_times) AS t;
END
$$;
