-- Two more statistics for the indicator engine, and the training measures that needed them: the mean feedback score and progress to target.
--
-- What changes (docs/indicators.md, "Statistics"; docs/training.md, "In the indicator catalogue"):
--
--   mean                   value = the sum of the measure's values over the rows in the
--                          denominator / the number of those values, rounded half up to the
--                          row's rounding. The numerator shown is the sum (a whole number: the
--                          measures averaged are scores; NULL if a sum were not whole), the
--                          denominator the number of values. Disclosure control treats the
--                          denominator as a percentage's (1 to 5 values: suppressed); the sum is
--                          not a count of anyone and is not tested itself.
--   percentage_of_target   value = the numerator / a target x 100. The numerator is the measure's
--                          count as for any count (a snapshot measure gives a cumulative count at
--                          each period's end); the denominator is the target for the bucket on
--                          that period's end, from the function in the row's target_measure. A
--                          target is a number set by the service, not a count of people: it is
--                          never suppressed nor rounded to 10. No target: no value.
--   fgc.indicator_compute  returns two more columns, total (the sum of the values in the
--                          denominator) and n_values (how many values); it is dropped and created
--                          again with them. Counts, rates, percentages and medians are worked out
--                          exactly as before.
--   catalogue              training_feedback_mean (mean), training_target_progress_pct
--                          (Awareness Raising) and training_deep_dive_progress_pct (Deep Dive),
--                          both percentage_of_target over a snapshot of people trained.

-- ---------------------------------------------------------------------------
-- The catalogue: the new statistics and their rules
-- ---------------------------------------------------------------------------

-- For percentage_of_target: the function giving each bucket's target,
-- f(pop_plus bigint[], pop_minus bigint[], period_end date, range_to date) -> bigint, where
-- pop_plus and pop_minus are the bucket's areas (fgc.indicator_bucket), period_end the day the
-- value is at and range_to the last day asked for (a series' last period end). NULL: no target.
ALTER TABLE fgc.indicators ADD COLUMN target_measure regprocedure;

-- The checks of 0007 that name statistic were created without names; drop them by what they say.
DO $$
DECLARE
    v_name name;
BEGIN
    FOR v_name IN
        SELECT c.conname FROM pg_constraint c
         WHERE c.conrelid = 'fgc.indicators'::regclass AND c.contype = 'c'
           AND pg_get_constraintdef(c.oid) LIKE '%statistic%'
    LOOP
        EXECUTE format('ALTER TABLE fgc.indicators DROP CONSTRAINT %I', v_name);
    END LOOP;
END
$$;

ALTER TABLE fgc.indicators
    ADD CONSTRAINT indicators_statistic_check
        CHECK (statistic IN ('count', 'rate', 'percentage', 'median', 'mean', 'percentage_of_target')),
    ADD CONSTRAINT indicators_count_rounding_check CHECK ((statistic = 'count') = (rounding IS NULL)),
    ADD CONSTRAINT indicators_count_factor_check CHECK (statistic <> 'count' OR factor = 1),
    ADD CONSTRAINT indicators_rate_factor_check CHECK (statistic <> 'rate' OR factor = 10000),
    ADD CONSTRAINT indicators_percentage_check
        CHECK (statistic NOT IN ('percentage', 'percentage_of_target') OR (factor = 100 AND denominator IS NOT NULL)),
    ADD CONSTRAINT indicators_mean_check CHECK (statistic <> 'mean' OR (factor = 1 AND denominator IS NOT NULL)),
    ADD CONSTRAINT indicators_target_measure_check
        CHECK ((statistic = 'percentage_of_target') = (target_measure IS NOT NULL));

-- ---------------------------------------------------------------------------
-- The engine
-- ---------------------------------------------------------------------------

-- As in 0007, with total and n_values: for a flow measure, the sum and the number of the values
-- (not NULL) of the rows in the denominator, for means; NULL for a snapshot measure.
DROP FUNCTION fgc.indicator_compute(regprocedure, text, fgc.indicator_target, bigint[], text, date, date);

CREATE FUNCTION fgc.indicator_compute(p_measure regprocedure, p_kind text, p_target fgc.indicator_target,
                                      p_buckets bigint[], p_period text, p_from date, p_to date)
RETURNS TABLE(bucket bigint, period_start date, period_end date, numerator bigint,
              denominator bigint, median numeric, total numeric, n_values bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_fn text;
    v_bucket text;
    v_filter text := '';
BEGIN
    SELECT format('%I.%I', n.nspname, p.proname) INTO v_fn
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.oid = p_measure;
    v_bucket := CASE p_target.mode
        WHEN 'one' THEN '0::bigint'
        WHEN 'area' THEN 'm.area_id'
        WHEN 'authority' THEN 'm.local_authority_id'
        WHEN 'compare' THEN 'CASE WHEN m.area_id = ANY ($6) THEN 1::bigint ELSE 2::bigint END'
    END;
    IF v_fn IS NULL OR v_bucket IS NULL THEN
        RAISE EXCEPTION 'fgc.indicator_compute: bad measure or mode %', p_target.mode;
    END IF;
    IF p_target.mode = 'one' THEN
        v_filter := 'AND ($6 IS NULL OR (m.area_id = ANY ($6)) <> $7)';
    END IF;

    IF p_kind = 'snapshot' THEN
        RETURN QUERY EXECUTE format($q$
            WITH e AS (
                SELECT %2$s AS bucket, m.child_id, m.start_date, m.end_date
                  FROM %1$s($1, $2, $3) AS m
                 WHERE ($1 IS NULL OR m.local_authority_id = $1) %3$s
                   AND m.start_date <= $3 AND (m.end_date IS NULL OR m.end_date > $2)
            ), o AS (
                SELECT e.bucket, e.start_date, e.end_date,
                       max(COALESCE(e.end_date, 'infinity'::date)) OVER w1 AS prev_end
                  FROM e
                WINDOW w1 AS (PARTITION BY e.child_id ORDER BY e.start_date
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            ), parts AS MATERIALIZED (
                -- See 0007: the part of each episode not covered by the child's earlier ones.
                SELECT o.bucket,
                       CASE WHEN greatest(o.start_date, o.prev_end) <= $3
                            THEN fgc.period_start($4, greatest(o.start_date, o.prev_end, $2), $2) END AS ps1,
                       CASE WHEN o.end_date <= $3
                            THEN fgc.period_start($4, o.end_date, $2) END AS ps2
                  FROM o
                 WHERE o.prev_end IS NULL OR COALESCE(o.end_date, 'infinity'::date) > o.prev_end
            ), agg AS (
                SELECT x.bucket, x.ps, sum(x.delta) AS delta
                  FROM (SELECT parts.bucket, parts.ps1 AS ps, count(*) AS delta
                          FROM parts WHERE parts.ps1 IS NOT NULL GROUP BY 1, 2
                        UNION ALL
                        SELECT parts.bucket, parts.ps2, -count(*)
                          FROM parts WHERE parts.ps2 IS NOT NULL GROUP BY 1, 2) x
                 GROUP BY x.bucket, x.ps
            )
            SELECT b.bucket, p.period_start, p.period_end,
                   (sum(COALESCE(agg.delta, 0)) OVER (PARTITION BY b.bucket ORDER BY p.period_start))::bigint,
                   NULL::bigint, NULL::numeric, NULL::numeric, NULL::bigint
              FROM unnest($5) AS b(bucket)
             CROSS JOIN fgc.periods($4, $2, $3) AS p
              LEFT JOIN agg ON agg.bucket = b.bucket AND agg.ps = p.period_start
             ORDER BY 1, 2
        $q$, v_fn, v_bucket, v_filter)
        USING p_target.la_id, p_from, p_to, p_period, p_buckets, p_target.area_ids,
              COALESCE(p_target.negate, false);
    ELSE
        RETURN QUERY EXECUTE format($q$
            WITH e AS (
                SELECT %2$s AS bucket, fgc.period_start($4, m.on_date, $2) AS ps, m.unit_id,
                       m.in_numerator, m.in_denominator, m.value
                  FROM %1$s($1, $2, $3) AS m
                 WHERE ($1 IS NULL OR m.local_authority_id = $1) %3$s
                   AND m.on_date BETWEEN $2 AND $3
            ), agg AS (
                SELECT e.bucket, e.ps,
                       count(DISTINCT e.unit_id) FILTER (WHERE e.in_numerator) AS num,
                       count(DISTINCT e.unit_id) FILTER (WHERE e.in_denominator) AS den,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.value)
                           FILTER (WHERE e.in_denominator AND e.value IS NOT NULL) AS med,
                       sum(e.value) FILTER (WHERE e.in_denominator) AS tot,
                       count(e.value) FILTER (WHERE e.in_denominator) AS nv
                  FROM e
                 GROUP BY e.bucket, e.ps
            )
            SELECT b.bucket, p.period_start, p.period_end, COALESCE(agg.num, 0)::bigint,
                   COALESCE(agg.den, 0)::bigint, agg.med::numeric, agg.tot::numeric,
                   COALESCE(agg.nv, 0)::bigint
              FROM unnest($5) AS b(bucket)
             CROSS JOIN fgc.periods($4, $2, $3) AS p
              LEFT JOIN agg ON agg.bucket = b.bucket AND agg.ps = p.period_start
             ORDER BY 1, 2
        $q$, v_fn, v_bucket, v_filter)
        USING p_target.la_id, p_from, p_to, p_period, p_buckets, p_target.area_ids,
              COALESCE(p_target.negate, false);
    END IF;
END
$fn$;

-- A bucket's target from an indicator's target_measure (see above); NULL when fn is NULL.
CREATE FUNCTION fgc.indicator_target_value(fn regprocedure, pop_plus bigint[], pop_minus bigint[],
                                           period_end date, range_to date)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_fn text;
    v_value bigint;
BEGIN
    IF fn IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT format('%I.%I', n.nspname, p.proname) INTO v_fn
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.oid = fn;
    EXECUTE format('SELECT %s($1, $2, $3, $4)', v_fn) INTO v_value
      USING pop_plus, pop_minus, period_end, range_to;
    RETURN v_value;
END
$$;

-- As in 0007, with mean and percentage_of_target:
--   mean                  numerator the sum of the values (as a whole number; NULL if not
--                         whole), denominator the number of values, value sum / number rounded
--                         half up (fgc.ratio_half_up; exact numeric rounding for a sum that is not
--                         whole). Primary suppression: 1 to 5 values.
--   percentage_of_target  numerator the count, denominator the bucket's target at the period's
--                         end (fgc.indicator_target_value), value count / target x 100 rounded half
--                         up. Primary suppression: a count of 1 to 5; the target is always shown.
CREATE OR REPLACE FUNCTION fgc.indicator_results(p_ind fgc.indicators, p_target fgc.indicator_target,
                                                 p_buckets fgc.indicator_bucket[], p_period text,
                                                 p_from date, p_to date, p_suppress boolean, p_round10 boolean)
RETURNS TABLE(bucket bigint, period_start date, period_end date, numerator bigint,
              denominator bigint, value numeric, pop_year integer, pop_vintage text,
              pop_value bigint, suppressed boolean)
LANGUAGE sql STABLE AS $$
    WITH b AS (
        SELECT u.bucket, u.label->>'code' AS code, u.pop_plus, u.pop_minus FROM unnest(p_buckets) AS u
    ), r AS (
        SELECT c.*,
               CASE WHEN p_ind.statistic = 'percentage_of_target'
                    THEN fgc.indicator_target_value(p_ind.target_measure, b.pop_plus, b.pop_minus,
                                                    c.period_end, p_to) END AS target_value
          FROM fgc.indicator_compute(p_ind.measure, p_ind.kind, p_target,
                                     ARRAY(SELECT b.bucket FROM b), p_period, p_from, p_to) c
          JOIN b ON b.bucket = c.bucket
    ), wanted AS (
        SELECT DISTINCT r.bucket, fgc.reporting_year_end(r.period_end) - 1 AS want
          FROM r
         WHERE p_ind.statistic = 'rate'
    ), pops AS (
        SELECT w.bucket, w.want, pp.year, pp.population, pp.vintage
          FROM wanted w
          JOIN b ON b.bucket = w.bucket
          LEFT JOIN LATERAL fgc.population_for(b.pop_plus, b.pop_minus, w.want) pp ON true
    ), v AS (
        SELECT r.bucket, b.code, r.period_start, r.period_end,
               CASE p_ind.statistic
                   WHEN 'median' THEN NULL
                   WHEN 'mean' THEN CASE WHEN r.total = trunc(r.total) THEN r.total::bigint END
                   ELSE r.numerator END AS num,
               CASE p_ind.statistic WHEN 'rate' THEN pops.population
                                    WHEN 'count' THEN NULL
                                    WHEN 'mean' THEN r.n_values
                                    WHEN 'percentage_of_target' THEN r.target_value
                                    ELSE r.denominator END AS den,
               CASE p_ind.statistic
                   WHEN 'count' THEN r.numerator::numeric
                   WHEN 'rate' THEN fgc.ratio_half_up(r.numerator, pops.population, p_ind.factor, p_ind.rounding)
                   WHEN 'percentage' THEN fgc.ratio_half_up(r.numerator, r.denominator, p_ind.factor, p_ind.rounding)
                   WHEN 'median' THEN round(r.median, p_ind.rounding)
                   WHEN 'mean' THEN
                       CASE WHEN r.n_values = 0 THEN NULL
                            WHEN r.total = trunc(r.total)
                            THEN fgc.ratio_half_up(r.total::bigint, r.n_values, 1, p_ind.rounding)
                            ELSE round(r.total / r.n_values, p_ind.rounding) END
                   WHEN 'percentage_of_target' THEN
                       fgc.ratio_half_up(r.numerator, r.target_value, p_ind.factor, p_ind.rounding)
               END AS val,
               pops.year, pops.vintage, pops.population
          FROM r
          JOIN b ON b.bucket = r.bucket
          LEFT JOIN pops ON pops.bucket = r.bucket
                        AND pops.want = fgc.reporting_year_end(r.period_end) - 1
    ), f AS (
        SELECT v.*,
               COALESCE((p_ind.statistic <> 'mean' AND v.num BETWEEN 1 AND 5)
                        OR (p_ind.statistic IN ('percentage', 'median', 'mean') AND v.den BETWEEN 1 AND 5),
                        false) AS primary_s,
               CASE WHEN p_ind.statistic = 'mean' THEN COALESCE(v.den, 0)
                    WHEN p_ind.statistic = 'percentage_of_target' THEN COALESCE(v.num, 0)
                    ELSE COALESCE(v.num, v.den, 0) END AS size
          FROM v
         WHERE p_suppress
    ), g AS (
        SELECT f.*,
               count(*) FILTER (WHERE f.primary_s) OVER (PARTITION BY f.period_start) AS n_primary,
               count(*) OVER (PARTITION BY f.period_start) AS n_set,
               row_number() OVER (PARTITION BY f.period_start, f.primary_s
                                  ORDER BY (f.size = 0), f.size, f.code, f.bucket) AS rank_s
          FROM f
    ), s AS (
        SELECT g.bucket, g.period_start, g.period_end, g.num, g.den, g.val, g.year, g.vintage,
               g.population, g.primary_s OR (g.n_primary = 1 AND g.n_set > 1 AND g.rank_s = 1) AS supp
          FROM g
        UNION ALL
        SELECT v.bucket, v.period_start, v.period_end, v.num, v.den, v.val, v.year, v.vintage,
               v.population, false
          FROM v
         WHERE NOT p_suppress
    )
    SELECT s.bucket, s.period_start, s.period_end,
           CASE WHEN s.supp THEN NULL WHEN p_round10 THEN fgc.round10(s.num) ELSE s.num END,
           CASE WHEN s.supp AND p_ind.statistic NOT IN ('rate', 'percentage_of_target') THEN NULL
                WHEN p_round10 AND p_ind.statistic NOT IN ('rate', 'percentage_of_target') THEN fgc.round10(s.den)
                ELSE s.den END,
           CASE WHEN s.supp THEN NULL
                WHEN p_round10 AND p_ind.statistic = 'count' THEN fgc.round10(s.num)::numeric
                ELSE s.val END,
           s.year, s.vintage, s.population, s.supp
      FROM s
$$;

-- As in 0007, with a mean's denominator (its number of values) shown as "c" when suppressed,
-- like a percentage's and a median's.
CREATE OR REPLACE FUNCTION fgc.indicator_point(period_start date, period_end date, statistic text,
                                               numerator bigint, denominator bigint, value numeric,
                                               pop_year integer, pop_vintage text, pop_value bigint,
                                               suppressed boolean)
RETURNS json
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN $3 = 'rate' THEN
        json_build_object(
            'period_start', $1, 'period_end', $2,
            'value', CASE WHEN $10 THEN '"c"'::json ELSE to_json($6) END,
            'numerator', CASE WHEN $10 THEN '"c"'::json ELSE to_json($4) END,
            'denominator', $5,
            'suppressed', $10,
            'population', CASE WHEN $7 IS NULL THEN NULL
                               ELSE json_build_object('year', $7, 'vintage', $8, 'value', $9) END)
    ELSE
        json_build_object(
            'period_start', $1, 'period_end', $2,
            'value', CASE WHEN $10 THEN '"c"'::json ELSE to_json($6) END,
            'numerator', CASE WHEN $10 AND $3 <> 'median' THEN '"c"'::json ELSE to_json($4) END,
            'denominator', CASE WHEN $10 AND $3 IN ('percentage', 'median', 'mean') THEN '"c"'::json ELSE to_json($5) END,
            'suppressed', $10)
    END
$$;

-- As in 0007, with the target measure in the catalogue's JSON.
CREATE OR REPLACE FUNCTION fgc.indicator_json(i fgc.indicators, ctx jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', i.id, 'name', i.name, 'definition', i.definition, 'source', i.source,
        'kind', i.kind, 'statistic', i.statistic, 'numerator', i.numerator,
        'denominator', i.denominator, 'factor', i.factor, 'rounding', i.rounding,
        'lower_is_better', i.lower_is_better, 'unit', i.unit,
        'measure', i.measure::text,
        'target_measure', i.target_measure::text,
        'readable', COALESCE(fgc.ctx_role(ctx) = ANY (i.readers), false))
$$;

-- As in 0013, with a mean's denominator shown as "c" when suppressed (see fgc.indicator_point).
CREATE OR REPLACE FUNCTION fgc.extract_indicator_lines(args jsonb, format text)
RETURNS SETOF text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN format = 'csv' THEN
               fgc.csv_line(x.indicator, x.area_code, x.area_name, x.period_start::text,
                            x.period_end::text, x.value, x.numerator, x.denominator,
                            x.pop_year::text, x.pop_vintage, x.suppressed::text)
           ELSE
               -- row_to_json keeps the columns in order and writes compact JSON.
               (SELECT row_to_json(j)::text
                  FROM (SELECT x.indicator, x.area_code, x.area_name, x.period_start, x.period_end,
                               CASE WHEN x.suppressed THEN to_json('c'::text) ELSE to_json(x.value_n) END AS value,
                               CASE WHEN x.numerator = 'c' THEN to_json('c'::text) ELSE to_json(x.numerator_n) END AS numerator,
                               CASE WHEN x.denominator = 'c' THEN to_json('c'::text) ELSE to_json(x.denominator_n) END AS denominator,
                               x.pop_year AS population_year, x.pop_vintage AS population_vintage,
                               x.suppressed) j)
           END
      FROM (SELECT i.id AS indicator, b.label->>'code' AS area_code, b.label->>'name' AS area_name,
                   r.period_start, r.period_end,
                   CASE WHEN r.suppressed THEN 'c' ELSE r.value::text END AS value,
                   r.value AS value_n,
                   CASE WHEN r.suppressed AND i.statistic <> 'median' THEN 'c' ELSE r.numerator::text END AS numerator,
                   r.numerator AS numerator_n,
                   CASE WHEN r.suppressed AND i.statistic IN ('percentage', 'median', 'mean') THEN 'c'
                        ELSE r.denominator::text END AS denominator,
                   r.denominator AS denominator_n,
                   CASE WHEN i.statistic = 'rate' THEN r.pop_year END AS pop_year,
                   CASE WHEN i.statistic = 'rate' THEN r.pop_vintage END AS pop_vintage,
                   r.suppressed,
                   ii.n AS ind_ord, ss.n AS set_ord,
                   -- Areas listed by code come in the order given; a whole set in code order.
                   COALESCE((SELECT k.n FROM jsonb_array_elements_text(ss.spec->'keep')
                                             WITH ORDINALITY AS k(code, n)
                              WHERE jsonb_typeof(ss.spec->'keep') = 'array'
                                AND k.code = b.label->>'code'), b.n) AS b_ord
              FROM jsonb_array_elements_text(args->'indicators') WITH ORDINALITY AS ii(id, n)
              JOIN fgc.indicators i ON i.id = ii.id
             CROSS JOIN jsonb_array_elements(args->'sets') WITH ORDINALITY AS ss(spec, n)
             CROSS JOIN LATERAL fgc.indicator_scope(ss.spec) AS sc
             CROSS JOIN LATERAL fgc.indicator_results(i, sc.target, sc.buckets, args->>'period',
                                                      (args->>'from')::date, (args->>'to')::date,
                                                      (args->>'suppress')::boolean,
                                                      (args->>'round10')::boolean) AS r
              JOIN LATERAL unnest(sc.buckets) WITH ORDINALITY AS b(bucket, label, pop_plus, pop_minus, n)
                ON b.bucket = r.bucket
             WHERE jsonb_typeof(ss.spec->'keep') IS DISTINCT FROM 'array'
                OR (ss.spec->'keep') ? (b.label->>'code')) x
     ORDER BY x.ind_ord, x.set_ord, x.b_ord, x.period_start
$$;

-- ---------------------------------------------------------------------------
-- Training: mean feedback and progress to target in the catalogue
--
-- Progress to target is a cumulative count: the people trained on a course from its target's
-- start, each counted from their first attended session in the target's period. As a snapshot
-- measure each such person has an "episode" that starts on that first attendance and never ends
-- (their training does not lapse), so the engine's count at each period end is the number
-- trained from the start to that day, capped at the deadline (no episode starts after it).
--
-- Which target: the engine has no per-indicator parameters, so there is one catalogue row per
-- course with a target, each with its own pair of functions (measure and target). The target is
-- the course's main one: the target for the whole course (every sector, every cluster; sector
-- and cluster targets are parts of it) whose period contains the last day asked for (a single
-- value: its date; a series: its last period's end), else the one with the latest deadline, as
-- fgc.training_target_for chooses. Its number is the denominator for a local authority (and,
-- with fgcd's usual single authority, the whole service); a cluster, group or "rest" has no
-- share of it, so its value is empty (its numerator, the people trained there, is still shown).
-- Before the target starts there is no value either.
-- ---------------------------------------------------------------------------

-- People trained on the course towards its main target at to_date (see above), as episodes that
-- start on their first attendance in the target's period and never end. A person is placed as in
-- fgc.training_outcomes (0008): their cluster and its authority, or the only authority.
CREATE FUNCTION fgc.training_progress_episodes(course_code text, la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT f.person_id, COALESCE(f.area_id, d.la), COALESCE(a.parent_id, d.la), f.first_on, NULL::date
      FROM fgc.training_courses c
     CROSS JOIN LATERAL fgc.training_target_for(c.id, NULL, NULL, $4) t
     CROSS JOIN LATERAL fgc.training_first_attended(c.id, t.starts_on, least(t.deadline, $4)) f
      LEFT JOIN fgc.areas a ON a.id = f.area_id
     CROSS JOIN (SELECT fgc.training_default_la() AS la) d
     WHERE c.code = $1
       AND t.id IS NOT NULL
       AND ($2 IS NULL OR COALESCE(a.parent_id, d.la) = $2)
$$;

-- The main target's number for a bucket that is one whole local authority, on period_end (NULL
-- before the target starts, for other buckets, and without a target).
CREATE FUNCTION fgc.training_progress_target(course_code text, pop_plus bigint[], pop_minus bigint[],
                                             period_end date, range_to date)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT t.target_people::bigint
      FROM fgc.training_courses c
     CROSS JOIN LATERAL fgc.training_target_for(c.id, NULL, NULL, $5) t
     WHERE c.code = $1
       AND t.id IS NOT NULL
       AND $4 >= t.starts_on
       AND cardinality($2) = 1 AND cardinality(COALESCE($3, '{}')) = 0
       AND EXISTS (SELECT 1 FROM fgc.areas a WHERE a.id = $2[1] AND a.kind = 'local_authority')
$$;

CREATE FUNCTION fgc.measure_training_progress_awareness(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT * FROM fgc.training_progress_episodes('AWARENESS-RAISING', $1, $2, $3)
$$;

CREATE FUNCTION fgc.target_training_progress_awareness(pop_plus bigint[], pop_minus bigint[],
                                                       period_end date, range_to date)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT fgc.training_progress_target('AWARENESS-RAISING', $1, $2, $3, $4)
$$;

CREATE FUNCTION fgc.measure_training_progress_deep_dive(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT * FROM fgc.training_progress_episodes('DEEP-DIVE', $1, $2, $3)
$$;

CREATE FUNCTION fgc.target_training_progress_deep_dive(pop_plus bigint[], pop_minus bigint[],
                                                       period_end date, range_to date)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT fgc.training_progress_target('DEEP-DIVE', $1, $2, $3, $4)
$$;

UPDATE fgc.indicators
   SET definition = 'Of the people who attended a session held in the period and gave a feedback score (1 to 5), the percentage who gave 4 or 5, rounded half up to 1 decimal place. The mean score is training_feedback_mean.'
 WHERE id = 'training_feedback_good_pct';

INSERT INTO fgc.indicators (id, position, name, definition, source, kind, measure, statistic,
                            numerator, denominator, factor, rounding, lower_is_better, unit, readers,
                            target_measure) VALUES
('training_feedback_mean', 335, 'Training feedback score (mean)',
 'The mean feedback score (1 = poor to 5 = very good) given by the people who attended a session held in the period and gave one: the sum of the scores divided by the number of scores, rounded half up to 1 decimal place. 5, 4 and 4 give 13 / 3 = 4.33 -> 4.3. The numerator is the sum of the scores, the denominator their number; 1 to 5 scores are suppressed like a percentage''s denominator.',
 'fgcd training records (local performance measure: how well did we do it?; mean feedback).',
 'fgc', 'fgc.measure_training_feedback(bigint,date,date)', 'mean',
 'Sum of the feedback scores', 'Feedback scores given', 1, 1, false, 'score (1 to 5)',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer'], NULL),
('training_target_progress_pct', 340, 'Progress to the Awareness Raising target',
 'People trained on Awareness Raising (each counted once, from their first attended session) from the start of the course''s main target (the target for every sector and cluster whose period contains the date, else the one with the latest deadline) to the date (capped at its deadline), as a percentage of the number in the target, rounded half up to 1 decimal place. Cumulative: a value at each period''s end. The target is for the whole authority, so clusters and groups show the people trained but no percentage; no value before the target starts.',
 'fgcd training records and targets (local performance measure: progress to target in %). Family Valued, Leeds City Council: Awareness Raising, 5,913 people against a target of 4,500.',
 'snapshot', 'fgc.measure_training_progress_awareness(bigint,date,date)', 'percentage_of_target',
 'People trained towards the target by the date', 'The number of people in the target', 100, 1, false, '%',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer'],
 'fgc.target_training_progress_awareness(bigint[],bigint[],date,date)'),
('training_deep_dive_progress_pct', 350, 'Progress to the Deep Dive target',
 'As training_target_progress_pct for the Deep Dive course: people trained on Deep Dive from the start of its main target to the date (capped at its deadline), as a percentage of the number in the target, rounded half up to 1 decimal place.',
 'fgcd training records and targets (local performance measure: progress to target in %). Family Valued, Leeds City Council: Deep Dive, 1,392 people against a target of 1,500.',
 'snapshot', 'fgc.measure_training_progress_deep_dive(bigint,date,date)', 'percentage_of_target',
 'People trained towards the target by the date', 'The number of people in the target', 100, 1, false, '%',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer'],
 'fgc.target_training_progress_deep_dive(bigint[],bigint[],date,date)');
