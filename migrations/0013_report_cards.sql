-- OBA report cards (stored targets and the series the daemon's arithmetic works on), the FGC cost-benefit comparison, and streamed indicator extracts.
--
-- How it fits together (docs/indicators.md, "Report cards", "Cost-benefit" and "Indicator
-- extracts", has the methods in words):
--
--   fgc.indicator_targets        targets set by administrators for an indicator in an area or
--                                group, by a date; drawn on report cards.
--   api.indicator_report_card    the inputs of a report card: the series from the start of the
--                                baseline to the end (api.indicator_series), each period's
--                                population (for exposures), the target and the options. The
--                                daemon (daemon/api_report_card.c) fits the trend, forecasts,
--                                decides whether the curve has turned and runs the rate tests.
--   api.cost_benefit             weeks in the social care system after an FGC against a
--                                comparison of referred families who had no FGC, costed.
--   api.extract_indicators_begin the checks and audit row of an indicator extract;
--   fgc.extract_indicator_lines  its rows as CSV or JSON lines, streamed by the daemon.

-- ---------------------------------------------------------------------------
-- Targets
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.indicator_targets (
    id bigserial PRIMARY KEY,
    indicator_id text NOT NULL REFERENCES fgc.indicators,
    -- For one area (an authority or a cluster) or one area group, never both.
    area_id bigint REFERENCES fgc.areas,
    group_id bigint REFERENCES fgc.area_groups,
    -- In the indicator's own unit (a count, a rate per 10,000, a percentage, days).
    target_value numeric NOT NULL CHECK (target_value >= 0 AND target_value < 1e12),
    target_date date NOT NULL,
    note text CHECK (length(note) <= 2000),
    set_by bigint REFERENCES fgc.users, -- who last set it; NULL for the command line
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((area_id IS NULL) <> (group_id IS NULL))
);

CREATE UNIQUE INDEX indicator_targets_scope_idx
    ON fgc.indicator_targets (indicator_id, area_id, group_id, target_date) NULLS NOT DISTINCT;

CREATE TRIGGER indicator_targets_version BEFORE UPDATE ON fgc.indicator_targets
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

SELECT audit.enable('fgc.indicator_targets');

CREATE FUNCTION fgc.indicator_target_json(t fgc.indicator_targets)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', t.id,
        'indicator', t.indicator_id,
        'area', (SELECT a.code FROM fgc.areas a WHERE a.id = t.area_id),
        'group', (SELECT jsonb_build_object('id', g.id, 'name', g.name)
                    FROM fgc.area_groups g WHERE g.id = t.group_id),
        'target_value', t.target_value,
        'target_date', t.target_date,
        'note', t.note,
        'set_by', (SELECT u.username FROM fgc.users u WHERE u.id = t.set_by),
        'version', t.version,
        'created_at', t.created_at,
        'updated_at', t.updated_at)
$$;

-- A number from args (a JSON number, or text that reads as one); FG422 on field otherwise.
CREATE FUNCTION fgc.arg_numeric(args jsonb, key text)
RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    v text := btrim($1->>$2);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v !~ '^-?[0-9]{1,15}(\.[0-9]{1,15})?([eE][-+]?[0-9]{1,3})?$' THEN
        PERFORM fgc.field_error($2, format('%s must be a number, such as 85 or 12.5.', fgc.field_label($2)));
    END IF;
    RETURN v::numeric;
END
$$;

-- Checks a target's value and date against its indicator (FG422).
CREATE FUNCTION fgc.check_indicator_target(t fgc.indicator_targets)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_ind fgc.indicators;
    v_errs jsonb := '[]';
BEGIN
    SELECT * INTO v_ind FROM fgc.indicators WHERE id = t.indicator_id;
    IF t.target_value IS NULL THEN
        v_errs := fgc.err(v_errs, 'target_value', 'Enter the value to reach, in the indicator''s own unit.');
    ELSIF t.target_value < 0 OR t.target_value >= 1e12 THEN
        v_errs := fgc.err(v_errs, 'target_value', 'The target must be 0 or more.');
    ELSIF v_ind.statistic = 'percentage' AND t.target_value > 100 THEN
        v_errs := fgc.err(v_errs, 'target_value', 'A percentage target must be between 0 and 100.');
    END IF;
    IF t.target_date IS NULL THEN
        v_errs := fgc.err(v_errs, 'target_date', 'Enter the date by which the target should be reached.');
    END IF;
    IF length(t.note) > 2000 THEN
        v_errs := fgc.err(v_errs, 'note', 'A note has at most 2,000 characters.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
END
$$;

-- args: indicator, area (code) or group (id or name), target_value, target_date, note.
CREATE FUNCTION api.indicator_target_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_t fgc.indicator_targets;
    v_errs jsonb := '[]';
    v_code text := upper(fgc.arg_text(args, 'area'));
    v_group text := fgc.arg_text(args, 'group');
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'set indicator targets');
    v_t.indicator_id := fgc.arg_text(args, 'indicator');
    IF v_t.indicator_id IS NULL OR NOT EXISTS (SELECT 1 FROM fgc.indicators i WHERE i.id = v_t.indicator_id) THEN
        v_errs := fgc.err(v_errs, 'indicator', 'Choose an indicator from GET /api/v1/indicators.');
    END IF;
    IF (v_code IS NULL) = (v_group IS NULL) THEN
        v_errs := fgc.err(v_errs, 'area', 'Give either an area (a local authority or cluster code) or a group, not both.');
    ELSIF v_code IS NOT NULL THEN
        SELECT a.id INTO v_t.area_id FROM fgc.areas a WHERE a.code = v_code;
        IF v_t.area_id IS NULL THEN
            v_errs := fgc.err(v_errs, 'area', format('There is no area with the code %s.', v_code));
        END IF;
    ELSE
        v_t.group_id := (fgc.resolve_area_group(v_group, 'group')).id;
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    v_t.target_value := fgc.arg_numeric(args, 'target_value');
    v_t.target_date := fgc.arg_date(args, 'target_date');
    v_t.note := fgc.arg_text(args, 'note');
    PERFORM fgc.check_indicator_target(v_t);
    INSERT INTO fgc.indicator_targets (indicator_id, area_id, group_id, target_value, target_date, note, set_by)
    VALUES (v_t.indicator_id, v_t.area_id, v_t.group_id, v_t.target_value, v_t.target_date, v_t.note,
            fgc.ctx_user_id(ctx))
    ON CONFLICT DO NOTHING
    RETURNING * INTO v_t;
    IF v_t.id IS NULL THEN
        PERFORM api.fail('FG409', 'There is already a target for this indicator and area on that date; change it instead.');
    END IF;
    RETURN api.ok(fgc.indicator_target_json(v_t), 201, '/api/v1/indicator-targets/' || v_t.id);
END
$$;

-- args: indicator, area, group (filters); cursor, limit.
CREATE FUNCTION api.indicator_target_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_indicator text := fgc.arg_text(args, 'indicator');
    v_code text := upper(fgc.arg_text(args, 'area'));
    v_group bigint;
    v_items jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst', 'fgc_coordinator', 'social_worker'],
                             'see indicator targets');
    IF fgc.arg_text(args, 'group') IS NOT NULL THEN
        v_group := (fgc.resolve_area_group(fgc.arg_text(args, 'group'), 'group')).id;
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT t.id, fgc.indicator_target_json(t) AS j
              FROM fgc.indicator_targets t
             WHERE (v_after IS NULL OR t.id > v_after)
               AND (v_indicator IS NULL OR t.indicator_id = v_indicator)
               AND (v_code IS NULL OR t.area_id = (SELECT a.id FROM fgc.areas a WHERE a.code = v_code))
               AND (v_group IS NULL OR t.group_id = v_group)
             ORDER BY t.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.indicator_target_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_t fgc.indicator_targets;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst', 'fgc_coordinator', 'social_worker'],
                             'see indicator targets');
    SELECT * INTO v_t FROM fgc.indicator_targets WHERE id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such indicator target.');
    END IF;
    RETURN api.ok(fgc.indicator_target_json(v_t));
END
$$;

-- args: id; any of target_value, target_date, note (null to clear). If-Match. The indicator
-- and area of a target are what it is; a target for something else is a new target.
CREATE FUNCTION api.indicator_target_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_t fgc.indicator_targets;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change indicator targets');
    SELECT * INTO v_t FROM fgc.indicator_targets WHERE id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such indicator target.');
    END IF;
    PERFORM fgc.check_version(ctx, v_t.version);
    IF args ? 'target_value' THEN v_t.target_value := fgc.arg_numeric(args, 'target_value'); END IF;
    IF args ? 'target_date' THEN v_t.target_date := fgc.arg_date(args, 'target_date'); END IF;
    IF args ? 'note' THEN v_t.note := fgc.arg_text(args, 'note'); END IF;
    PERFORM fgc.check_indicator_target(v_t);
    IF EXISTS (SELECT 1 FROM fgc.indicator_targets o
                WHERE o.indicator_id = v_t.indicator_id AND o.area_id IS NOT DISTINCT FROM v_t.area_id
                  AND o.group_id IS NOT DISTINCT FROM v_t.group_id AND o.target_date = v_t.target_date
                  AND o.id <> v_t.id) THEN
        PERFORM api.fail('FG409', 'There is already a target for this indicator and area on that date.');
    END IF;
    UPDATE fgc.indicator_targets
       SET target_value = v_t.target_value, target_date = v_t.target_date, note = v_t.note,
           set_by = fgc.ctx_user_id(ctx)
     WHERE id = v_t.id
    RETURNING * INTO v_t;
    RETURN api.ok(fgc.indicator_target_json(v_t));
END
$$;

-- args: id. The audit log keeps the row as it was.
CREATE FUNCTION api.indicator_target_delete(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'remove indicator targets');
    DELETE FROM fgc.indicator_targets WHERE id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such indicator target.');
    END IF;
    RETURN api.ok('{}'::jsonb, 204);
END
$$;

-- ---------------------------------------------------------------------------
-- Report cards
-- ---------------------------------------------------------------------------

-- The inputs of a report card; the daemon does the arithmetic (daemon/api_report_card.c) and
-- this function is only ever called by it.
--
-- args: indicator; area or group [compare=rest]; baseline_from, baseline_to; to (default
-- today); period (default month); target and target_date (else the stored target for the area
-- or group with the earliest date after the baseline); change_date (default the day after the
-- baseline); turn_points (default 3); suppress.
--
-- Returns the indicator's catalogue entry, the periods (whole: baseline_from is moved back to
-- the start of its period, baseline_to and to forward to the end of theirs), one series per
-- bucket (the area or group, then the rest with compare=rest) with each period's population
-- aged 0 to 17 in "populations" (null where no estimate is loaded), the target and the options.
CREATE FUNCTION api.indicator_report_card(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_ind fgc.indicators := fgc.indicator_for_reading(ctx, args);
    v_period text := COALESCE(fgc.arg_text(args, 'period'), 'month');
    v_bfrom date := fgc.arg_date(args, 'baseline_from');
    v_bto date := fgc.arg_date(args, 'baseline_to');
    v_to date := COALESCE(fgc.arg_date(args, 'to'), fgc.today());
    v_target numeric := fgc.arg_numeric(args, 'target');
    v_target_date date := fgc.arg_date(args, 'target_date');
    v_change date := fgc.arg_date(args, 'change_date');
    v_turn integer := COALESCE(fgc.arg_int(args, 'turn_points'), 3);
    v_code text := upper(fgc.arg_text(args, 'area'));
    v_group_ref text := fgc.arg_text(args, 'group');
    v_errs jsonb := '[]';
    v_nbase integer;
    v_series_args jsonb;
    v_series jsonb;
    v_list jsonb;
    v_scope record;
    v_pops jsonb;
    v_stored fgc.indicator_targets;
    v_target_json jsonb;
BEGIN
    IF v_period NOT IN ('week', 'month', 'quarter', 'year') THEN
        v_errs := fgc.err(v_errs, 'period', 'Period must be week, month, quarter or year.');
    END IF;
    IF v_bfrom IS NULL THEN
        v_errs := fgc.err(v_errs, 'baseline_from', 'Give the first day of the baseline (baseline_from).');
    END IF;
    IF v_bto IS NULL THEN
        v_errs := fgc.err(v_errs, 'baseline_to', 'Give the last day of the baseline (baseline_to).');
    END IF;
    IF v_turn < 1 OR v_turn > 52 THEN
        v_errs := fgc.err(v_errs, 'turn_points', 'Turn points must be between 1 and 52.');
    END IF;
    IF v_target IS NOT NULL AND v_target_date IS NULL THEN
        v_errs := fgc.err(v_errs, 'target_date', 'Give the date by which the target should be reached.');
    ELSIF v_target IS NULL AND v_target_date IS NOT NULL THEN
        v_errs := fgc.err(v_errs, 'target', 'Give the target value to reach by the target date.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    IF v_bto < v_bfrom THEN
        PERFORM fgc.field_error('baseline_to', 'The baseline must not end before it starts.');
    END IF;

    v_bfrom := fgc.period_start(v_period, v_bfrom, v_bfrom);
    v_bto := fgc.period_end(v_period, fgc.period_start(v_period, v_bto, v_bto));
    v_to := fgc.period_end(v_period, fgc.period_start(v_period, v_to, v_to));
    SELECT count(*) INTO v_nbase FROM fgc.periods(v_period, v_bfrom, v_bto);
    IF v_nbase < 3 THEN
        PERFORM fgc.field_error('baseline_from', format(
            'The baseline covers %s %s%s; a trend needs at least 3.', v_nbase, v_period,
            CASE WHEN v_nbase = 1 THEN '' ELSE 's' END));
    END IF;
    IF v_to <= v_bto THEN
        PERFORM fgc.field_error('to', format(
            'The report card must run past the end of the baseline (%s).', fgc.date_words(v_bto)));
    END IF;
    IF v_target_date IS NOT NULL AND v_target_date <= v_bto THEN
        PERFORM fgc.field_error('target_date', format(
            'The target date must be after the end of the baseline (%s).', fgc.date_words(v_bto)));
    END IF;
    v_change := COALESCE(v_change, v_bto + 1);
    IF v_change <= v_bfrom OR v_change > v_to THEN
        PERFORM fgc.field_error('change_date', format(
            'The change date must fall after %s and on or before %s.', fgc.date_words(v_bfrom),
            fgc.date_words(v_to)));
    END IF;

    -- The series itself, with the engine's own checks (area, group, 1,100 periods at most).
    v_series_args := jsonb_strip_nulls(jsonb_build_object(
        'indicator', v_ind.id, 'area', args->'area', 'group', args->'group',
        'compare', args->'compare', 'period', v_period, 'from', v_bfrom, 'to', v_to,
        'suppress', args->'suppress'));
    v_series := api.indicator_series(ctx, v_series_args)->'body';
    v_list := COALESCE(v_series->'series',
                       jsonb_build_array(jsonb_build_object('area', v_series->'area',
                                                            'points', v_series->'points')));

    -- Each bucket's population in each period (for exposures), in the series' order: looked
    -- up once per bucket and mid-year wanted, not once per period.
    v_scope := fgc.indicator_scope(v_series_args);
    WITH b AS (
        SELECT u.ord, u.pop_plus, u.pop_minus
          FROM unnest(v_scope.buckets) WITH ORDINALITY AS u(bucket, label, pop_plus, pop_minus, ord)
    ), p AS (
        SELECT q.period_start, fgc.reporting_year_end(q.period_end) - 1 AS want
          FROM fgc.periods(v_period, v_bfrom, v_to) AS q
    ), pops AS (
        SELECT b.ord, w.want, pp.population
          FROM b
         CROSS JOIN (SELECT DISTINCT p.want FROM p) AS w
          LEFT JOIN LATERAL fgc.population_for(b.pop_plus, b.pop_minus, w.want) AS pp ON true
    )
    SELECT jsonb_agg(x.pops ORDER BY x.ord) INTO v_pops
      FROM (SELECT b.ord, jsonb_agg(pops.population ORDER BY p.period_start) AS pops
              FROM b
             CROSS JOIN p
              LEFT JOIN pops ON pops.ord = b.ord AND pops.want = p.want
             GROUP BY b.ord) x;

    IF v_target IS NOT NULL THEN
        v_target_json := jsonb_build_object('value', v_target, 'date', v_target_date, 'source', 'request');
    ELSE
        SELECT t.* INTO v_stored
          FROM fgc.indicator_targets t
         WHERE t.indicator_id = v_ind.id
           AND ((v_code IS NOT NULL AND t.area_id = (SELECT a.id FROM fgc.areas a WHERE a.code = v_code))
                OR (v_group_ref IS NOT NULL AND t.group_id = (fgc.resolve_area_group(v_group_ref, 'group')).id))
           AND t.target_date > v_bto
         ORDER BY t.target_date
         LIMIT 1;
        IF v_stored.id IS NOT NULL THEN
            v_target_json := jsonb_build_object('value', v_stored.target_value, 'date', v_stored.target_date,
                                                'source', 'stored', 'id', v_stored.id, 'note', v_stored.note);
        END IF;
    END IF;

    RETURN api.ok(jsonb_build_object(
        'indicator', jsonb_build_object('id', v_ind.id, 'name', v_ind.name, 'unit', v_ind.unit,
                                        'statistic', v_ind.statistic, 'kind', v_ind.kind,
                                        'lower_is_better', v_ind.lower_is_better,
                                        'rounding', v_ind.rounding, 'factor', v_ind.factor),
        'period', v_period,
        'baseline_from', v_bfrom,
        'baseline_to', v_bto,
        'to', v_to,
        'disclosure_control', v_series->'disclosure_control',
        'compare', (v_scope.target).mode = 'compare',
        'whole', v_scope.whole,
        'target', v_target_json,
        'change_date', v_change,
        'turn_points', v_turn,
        'series', (SELECT jsonb_agg(e.s || jsonb_build_object('populations', v_pops->(e.n::integer - 1))
                                    ORDER BY e.n)
                     FROM jsonb_array_elements(v_list) WITH ORDINALITY AS e(s, n))));
END
$$;

-- ---------------------------------------------------------------------------
-- Cost-benefit of FGCs
-- ---------------------------------------------------------------------------

-- The number of days a multirange of dates covers (every range bounded).
CREATE FUNCTION fgc.multirange_days(m datemultirange)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(sum(upper(r) - lower(r)), 0)::integer FROM unnest($1) AS r
$$;

-- A child's time in the social care system from p_from (inclusive) to p_to (exclusive): the
-- union of their open episodes of need (not those that ended in no further action), child
-- protection plans and looked-after episodes (not short breaks), so each day counts once. Each
-- day is attributed to the most intensive status the child had that day: looked after, else on
-- a plan, else in need. Episodes whose end is before their start (data errors) are left out.
CREATE FUNCTION fgc.child_system_days(p_child bigint, p_from date, p_to date,
                                      OUT cin_days integer, OUT cpp_days integer,
                                      OUT cla_days integer, OUT all_days integer,
                                      OUT spans datemultirange)
LANGUAGE sql STABLE AS $$
    WITH w AS (
        SELECT datemultirange(daterange($2, $3)) AS win
    ), cin AS (
        SELECT COALESCE(range_agg(daterange(e.referral_date, e.closure_date)), '{}'::datemultirange) AS m
          FROM fgc.cin_episodes e
         WHERE e.child_id = $1 AND NOT e.referral_nfa
           AND (e.closure_date IS NULL OR e.closure_date > e.referral_date)
           AND e.referral_date < $3 AND (e.closure_date IS NULL OR e.closure_date > $2)
    ), cpp AS (
        SELECT COALESCE(range_agg(daterange(e.start_date, e.end_date)), '{}'::datemultirange) AS m
          FROM fgc.cpp_plans e
         WHERE e.child_id = $1
           AND (e.end_date IS NULL OR e.end_date > e.start_date)
           AND e.start_date < $3 AND (e.end_date IS NULL OR e.end_date > $2)
    ), cla AS (
        SELECT COALESCE(range_agg(daterange(e.decom, e.dec)), '{}'::datemultirange) AS m
          FROM fgc.cla_episodes e
         WHERE e.child_id = $1 AND NOT e.short_break
           AND (e.dec IS NULL OR e.dec > e.decom)
           AND e.decom < $3 AND (e.dec IS NULL OR e.dec > $2)
    )
    SELECT fgc.multirange_days((cin.m - cpp.m - cla.m) * w.win),
           fgc.multirange_days((cpp.m - cla.m) * w.win),
           fgc.multirange_days(cla.m * w.win),
           fgc.multirange_days((cin.m + cpp.m + cla.m) * w.win),
           (cin.m + cpp.m + cla.m) * w.win
      FROM w, cin, cpp, cla
$$;

-- The families of the cost-benefit comparison for the children of la (narrowed to area_ids):
-- one row per FGC referral, placed in the primary child's area.
--   fgc         referrals with an initial conference; the index date is the first one.
--   comparison  referrals that ended (declined or closed) without a conference, none of whose
--               children was ever in a referral with a conference; the index date is the
--               referral date plus the median wait from referral to first conference of the
--               FGC referrals of the same stratum (else of all of them), so that both groups
--               are followed from the same point of a family's journey.
-- The stratum is the referral stage (NULL as 'unknown') and the reporting year of the referral.
CREATE FUNCTION fgc.cost_benefit_families(la bigint, area_ids bigint[])
RETURNS TABLE(referral_id bigint, arm text, stage text, year integer, referred_on date, index_date date)
LANGUAGE sql STABLE AS $$
    WITH members AS (
        SELECT r.id AS referral_id, r.child_id FROM fgc.referrals r
        UNION
        SELECT rc.referral_id, rc.child_id FROM fgc.referral_children rc
    ), firsts AS (
        SELECT k.referral_id, min(k.held_on) AS held_on
          FROM fgc.conferences k
         WHERE k.kind = 'initial'
         GROUP BY k.referral_id
    ), refs AS (
        SELECT r.id, r.referred_on, COALESCE(r.referral_stage, 'unknown') AS stage,
               fgc.reporting_year_end(r.referred_on) AS year, r.status, f.held_on
          FROM fgc.referrals r
          JOIN fgc.children c ON c.id = r.child_id
          LEFT JOIN firsts f ON f.referral_id = r.id
         WHERE c.local_authority_id = $1
           AND ($2 IS NULL OR c.area_id = ANY ($2))
    ), waits AS (
        SELECT x.stage, x.year, percentile_cont(0.5) WITHIN GROUP (ORDER BY x.held_on - x.referred_on) AS wait
          FROM refs x WHERE x.held_on IS NOT NULL
         GROUP BY x.stage, x.year
    ), overall AS (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x.held_on - x.referred_on) AS wait
          FROM refs x WHERE x.held_on IS NOT NULL
    )
    SELECT x.id, 'fgc', x.stage, x.year, x.referred_on, x.held_on
      FROM refs x
     WHERE x.held_on IS NOT NULL
    UNION ALL
    SELECT x.id, 'comparison', x.stage, x.year, x.referred_on,
           x.referred_on + round(COALESCE(w.wait, o.wait, 0))::integer
      FROM refs x
      LEFT JOIN waits w ON w.stage = x.stage AND w.year = x.year
     CROSS JOIN overall o
     WHERE x.held_on IS NULL
       AND x.status IN ('declined', 'closed')
       AND NOT EXISTS (SELECT 1
                         FROM members m
                         JOIN members m2 ON m2.child_id = m.child_id
                         JOIN firsts f2 ON f2.referral_id = m2.referral_id
                        WHERE m.referral_id = x.id)
$$;

-- args: area (code) or group (id or name); from, to (index dates; default: the year of index
-- dates up to the last whose window has ended); window_weeks (default 52); unit_costs
-- {cin_week, cpp_week, cla_week} in pounds, added by the daemon from its configuration.
CREATE FUNCTION api.cost_benefit(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_weeks integer := COALESCE(fgc.arg_int(args, 'window_weeks'), 52);
    v_days integer;
    v_to date := fgc.arg_date(args, 'to');
    v_from date := fgc.arg_date(args, 'from');
    v_costs jsonb := args->'unit_costs';
    v_cin numeric;
    v_cpp numeric;
    v_cla numeric;
    v_scope record;
    v_body jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst'], 'see the cost-benefit analysis');
    IF v_weeks < 1 OR v_weeks > 260 THEN
        PERFORM fgc.field_error('window_weeks', 'The window is from 1 to 260 weeks.');
    END IF;
    IF fgc.arg_text(args, 'compare') IS NOT NULL OR fgc.arg_text(args, 'areas') IS NOT NULL THEN
        PERFORM fgc.field_error('area', 'The cost-benefit analysis is for one area or group.');
    END IF;
    v_cin := (v_costs->>'cin_week')::numeric;
    v_cpp := (v_costs->>'cpp_week')::numeric;
    v_cla := (v_costs->>'cla_week')::numeric;
    IF v_cin IS NULL OR v_cpp IS NULL OR v_cla IS NULL THEN
        RAISE EXCEPTION 'api.cost_benefit: unit costs missing from args';
    END IF;
    v_days := v_weeks * 7;
    v_to := COALESCE(v_to, fgc.today() - v_days);
    v_from := COALESCE(v_from, v_to - 364);
    IF v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    v_scope := fgc.indicator_scope(args);

    WITH fam AS (
        SELECT f.*, f.index_date + v_days <= fgc.today() AS complete
          FROM fgc.cost_benefit_families((v_scope.target).la_id, (v_scope.target).area_ids) f
         WHERE f.index_date BETWEEN v_from AND v_to
    ), members AS (
        SELECT r.id AS referral_id, r.child_id FROM fgc.referrals r
        UNION
        SELECT rc.referral_id, rc.child_id FROM fgc.referral_children rc
    ), per_family AS (
        SELECT f.referral_id, f.arm, f.stage, f.year, count(*) AS children,
               sum(d.cin_days) AS cin, sum(d.cpp_days) AS cpp, sum(d.cla_days) AS cla,
               sum(d.all_days) AS child_days,
               fgc.multirange_days(range_agg(d.spans)) AS family_days
          FROM fam f
          JOIN members m ON m.referral_id = f.referral_id
         CROSS JOIN LATERAL fgc.child_system_days(m.child_id, f.index_date, f.index_date + v_days) d
         WHERE f.complete
         GROUP BY f.referral_id, f.arm, f.stage, f.year
    ), metrics AS (
        -- One row per family and measure, so every measure is averaged the same way.
        SELECT p.referral_id, p.arm, p.stage, p.year, m.metric, m.value
          FROM per_family p
         CROSS JOIN LATERAL (VALUES
             ('children', p.children::numeric),
             ('weeks_in_system', p.family_days / 7.0),
             ('child_weeks_cin', p.cin / 7.0),
             ('child_weeks_cpp', p.cpp / 7.0),
             ('child_weeks_cla', p.cla / 7.0),
             ('child_weeks_total', p.child_days / 7.0),
             ('cost_cin', p.cin * v_cin / 7.0),
             ('cost_cpp', p.cpp * v_cpp / 7.0),
             ('cost_cla', p.cla * v_cla / 7.0),
             ('cost_total', (p.cin * v_cin + p.cpp * v_cpp + p.cla * v_cla) / 7.0)) AS m(metric, value)
    ), cell AS (
        SELECT x.stage, x.year, x.arm, x.metric, count(*) AS n, avg(x.value) AS mean
          FROM metrics x
         GROUP BY x.stage, x.year, x.arm, x.metric
    ), strata AS (
        SELECT c.stage, c.year,
               COALESCE(max(c.n) FILTER (WHERE c.arm = 'fgc'), 0) AS n_fgc,
               COALESCE(max(c.n) FILTER (WHERE c.arm = 'comparison'), 0) AS n_cmp
          FROM cell c
         GROUP BY c.stage, c.year
    ), standardised AS (
        -- Each arm's stratum means weighted by the number of FGC families in the stratum, over
        -- the strata that have both: the comparison as if it had the FGC families' mix.
        SELECT c.arm, c.metric, sum(s.n_fgc * c.mean) / sum(s.n_fgc) AS mean
          FROM cell c
          JOIN strata s ON s.stage = c.stage AND s.year = c.year
         WHERE s.n_fgc > 0 AND s.n_cmp > 0
         GROUP BY c.arm, c.metric
    ), unadjusted AS (
        SELECT x.arm, x.metric, avg(x.value) AS mean
          FROM metrics x
         GROUP BY x.arm, x.metric
    )
    SELECT jsonb_build_object(
        'cohort', jsonb_build_object(
            'fgc_families', (SELECT count(*) FROM per_family p WHERE p.arm = 'fgc'),
            'fgc_children', (SELECT COALESCE(sum(p.children), 0) FROM per_family p WHERE p.arm = 'fgc'),
            'comparison_families', (SELECT count(*) FROM per_family p WHERE p.arm = 'comparison'),
            'comparison_children', (SELECT COALESCE(sum(p.children), 0) FROM per_family p WHERE p.arm = 'comparison'),
            'fgc_families_matched', (SELECT COALESCE(sum(s.n_fgc), 0) FROM strata s WHERE s.n_fgc > 0 AND s.n_cmp > 0),
            'comparison_families_matched', (SELECT COALESCE(sum(s.n_cmp), 0) FROM strata s WHERE s.n_fgc > 0 AND s.n_cmp > 0),
            'fgc_families_unmatched', (SELECT COALESCE(sum(s.n_fgc), 0) FROM strata s WHERE s.n_cmp = 0),
            'window_not_yet_complete', jsonb_build_object(
                'fgc', (SELECT count(*) FROM fam f WHERE f.arm = 'fgc' AND NOT f.complete),
                'comparison', (SELECT count(*) FROM fam f WHERE f.arm = 'comparison' AND NOT f.complete))),
        'fgc', (SELECT fgc.cost_benefit_summary(jsonb_object_agg(s.metric, s.mean))
                  FROM standardised s WHERE s.arm = 'fgc'),
        'comparison', (SELECT fgc.cost_benefit_summary(jsonb_object_agg(s.metric, s.mean))
                         FROM standardised s WHERE s.arm = 'comparison'),
        'fgc_unadjusted', (SELECT fgc.cost_benefit_summary(jsonb_object_agg(u.metric, u.mean))
                             FROM unadjusted u WHERE u.arm = 'fgc'),
        'comparison_unadjusted', (SELECT fgc.cost_benefit_summary(jsonb_object_agg(u.metric, u.mean))
                                    FROM unadjusted u WHERE u.arm = 'comparison'),
        'weeks_saved_per_family', (SELECT round(sum(CASE s.arm WHEN 'comparison' THEN s.mean ELSE -s.mean END), 1)
                                     FROM standardised s WHERE s.metric = 'weeks_in_system'),
        'saving_per_family', (SELECT round(sum(CASE s.arm WHEN 'comparison' THEN s.mean ELSE -s.mean END))
                                FROM standardised s WHERE s.metric = 'cost_total'),
        'strata', COALESCE((SELECT jsonb_agg(jsonb_build_object('referral_stage', s.stage, 'referral_year', s.year,
                                                                'fgc_families', s.n_fgc,
                                                                'comparison_families', s.n_cmp,
                                                                'matched', s.n_fgc > 0 AND s.n_cmp > 0)
                                             ORDER BY s.year, s.stage)
                              FROM strata s), '[]'::jsonb))
      INTO v_body;

    v_body := v_body || jsonb_build_object(
        'area', CASE WHEN (v_scope.buckets)[1] IS NULL THEN NULL ELSE ((v_scope.buckets)[1]).label END,
        'from', v_from, 'to', v_to, 'window_weeks', v_weeks,
        'unit_costs', jsonb_build_object('cin_week', v_cin, 'cpp_week', v_cpp, 'cla_week', v_cla,
                                         'currency', 'GBP'),
        'total_saving', CASE WHEN v_body->>'saving_per_family' IS NOT NULL
                             THEN (v_body->>'saving_per_family')::numeric
                                  * (v_body->'cohort'->>'fgc_families_matched')::numeric END,
        'method', fgc.cost_benefit_method(v_weeks));
    RETURN api.ok(v_body);
END
$$;

-- One arm's means as the response shows them: weeks to 1 decimal place, pounds whole.
CREATE FUNCTION fgc.cost_benefit_summary(m jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN $1 IS NULL THEN NULL ELSE jsonb_build_object(
        'children_per_family', round(($1->>'children')::numeric, 2),
        'weeks_in_system_per_family', round(($1->>'weeks_in_system')::numeric, 1),
        'child_weeks_per_family', jsonb_build_object(
            'cin', round(($1->>'child_weeks_cin')::numeric, 1),
            'cpp', round(($1->>'child_weeks_cpp')::numeric, 1),
            'cla', round(($1->>'child_weeks_cla')::numeric, 1),
            'total', round(($1->>'child_weeks_total')::numeric, 1)),
        'cost_per_family', jsonb_build_object(
            'cin', round(($1->>'cost_cin')::numeric),
            'cpp', round(($1->>'cost_cpp')::numeric),
            'cla', round(($1->>'cost_cla')::numeric),
            'total', round(($1->>'cost_total')::numeric)))
    END
$$;

CREATE FUNCTION fgc.cost_benefit_method(window_weeks integer)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format(
        'Families (FGC referrals) are followed for %s weeks. FGC families are those whose referral '
        'had an initial conference, followed from the first one. The comparison is families referred '
        'for an FGC whose referral was declined or closed without a conference (and none of whose '
        'children ever had one), followed from the referral date plus the median wait from referral '
        'to conference of FGC families referred at the same stage in the same year. A child is in the '
        'social care system on a day when they have an open episode of need, a child protection plan '
        'or a looked-after episode (not short breaks); each day counts once, at the most intensive '
        'status (looked after, then plan, then need), and is costed at that status''s weekly unit '
        'cost. Families are compared within strata of referral stage and reporting year of referral; '
        'the comparison''s means are weighted to the FGC families'' mix of strata, and strata with no '
        'comparison family are left out. Only families whose window has ended are counted. The '
        'comparison group is not randomised: families whose FGC was declined or did not happen may '
        'differ in need and engagement, so the saving is an estimate of association, not proof of '
        'effect (docs/indicators.md, Cost-benefit).', $1)
$$;

-- ---------------------------------------------------------------------------
-- Indicator extracts
-- ---------------------------------------------------------------------------

-- Checks who asks and for what, records the extract in the audit log, and returns the resolved
-- arguments for fgc.extract_indicator_lines. Run once per extract.
--
-- args: indicators (comma-separated ids); areas: all-clusters (with area = an authority, or
-- every authority's clusters), all-authorities, or comma-separated area codes; from, to, period
-- (default: weeks, the 52 weeks to today); suppress (default true; false only for
-- administrators and data analysts); round10.
--
-- Every figure is suppressed as it would be in the whole set it belongs to, however it is
-- asked for: a cluster among its authority's clusters and the children known only at authority
-- level, an authority among all the authorities. So listing a few clusters cannot undo the
-- secondary suppression that protects a small count.
CREATE FUNCTION api.extract_indicators_begin(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_role text := fgc.ctx_role(ctx);
    v_ids text[];
    v_missing text;
    v_denied text;
    v_period text := COALESCE(fgc.arg_text(args, 'period'), 'week');
    v_to date := COALESCE(fgc.arg_date(args, 'to'), fgc.today());
    v_from date := COALESCE(fgc.arg_date(args, 'from'), fgc.arg_date(args, 'to') - 363, fgc.today() - 363);
    v_suppress boolean := COALESCE(fgc.arg_bool(args, 'suppress'), true);
    v_round10 boolean := COALESCE(fgc.arg_bool(args, 'round10'), false);
    v_areas text := fgc.arg_text(args, 'areas');
    v_area text := upper(fgc.arg_text(args, 'area'));
    v_codes text[];
    v_la fgc.areas;
    v_sets jsonb;
    v_count integer;
BEGIN
    PERFORM set_config('fgcd.ctx', ctx::text, true);
    SELECT array_agg(u.i ORDER BY u.n) INTO v_ids
      FROM (SELECT btrim(x) AS i, min(n) AS n
              FROM unnest(string_to_array(lower(COALESCE(fgc.arg_text(args, 'indicators'), '')), ','))
                   WITH ORDINALITY AS t(x, n)
             WHERE btrim(x) <> ''
             GROUP BY btrim(x)) u;
    IF v_ids IS NULL THEN
        PERFORM fgc.field_error('indicators', 'Give the indicators to extract, separated by commas (GET /api/v1/indicators lists them).');
    END IF;
    IF array_length(v_ids, 1) > 50 THEN
        PERFORM fgc.field_error('indicators', 'An extract has at most 50 indicators.');
    END IF;
    SELECT string_agg(i, ', ' ORDER BY i) INTO v_missing
      FROM unnest(v_ids) AS i WHERE NOT EXISTS (SELECT 1 FROM fgc.indicators x WHERE x.id = i);
    IF v_missing IS NOT NULL THEN
        PERFORM fgc.field_error('indicators', format('There is no indicator called %s.', v_missing));
    END IF;
    SELECT string_agg(x.id, ', ' ORDER BY x.id) INTO v_denied
      FROM fgc.indicators x WHERE x.id = ANY (v_ids) AND (v_role IS NULL OR NOT v_role = ANY (x.readers));
    IF v_denied IS NOT NULL THEN
        PERFORM api.fail('FG403', format('As %s you may not read the values of %s.', fgc.role_phrase(v_role), v_denied));
    END IF;
    IF NOT v_suppress AND (v_role IS NULL OR v_role NOT IN ('admin', 'data_analyst')) THEN
        PERFORM api.fail('FG403', format(
            'As %s you may not turn off disclosure control: extracts are suppressed except for administrators and data analysts.',
            fgc.role_phrase(v_role)));
    END IF;

    IF v_period NOT IN ('week', 'month', 'quarter', 'year') THEN
        PERFORM fgc.field_error('period', 'Period must be week, month, quarter or year.');
    END IF;
    IF v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    v_from := fgc.period_start(v_period, v_from, v_from);
    v_to := fgc.period_end(v_period, fgc.period_start(v_period, v_to, v_to));
    SELECT count(*) INTO v_count FROM fgc.periods(v_period, v_from, v_to);
    IF v_count > 1100 THEN
        PERFORM fgc.field_error('from', format('That is %s periods; ask for 1,100 or fewer (21 years of weeks).', v_count));
    END IF;

    IF v_areas IS NULL THEN
        PERFORM fgc.field_error('areas', 'Give the areas: all-clusters, all-authorities, or area codes separated by commas.');
    ELSIF v_areas = 'all-clusters' THEN
        IF v_area IS NOT NULL THEN
            SELECT * INTO v_la FROM fgc.areas WHERE code = v_area;
            IF v_la.id IS NULL OR v_la.kind <> 'local_authority' THEN
                PERFORM fgc.field_error('area', 'With areas=all-clusters, area is the code of a local authority.');
            END IF;
        END IF;
        SELECT jsonb_agg(jsonb_build_object('area', a.code, 'areas', 'all-clusters') ORDER BY a.code) INTO v_sets
          FROM fgc.areas a
         WHERE a.kind = 'local_authority' AND (v_la.id IS NULL OR a.id = v_la.id);
    ELSIF v_areas = 'all-authorities' THEN
        IF v_area IS NOT NULL THEN
            PERFORM fgc.field_error('area', 'Leave out area with areas=all-authorities.');
        END IF;
        v_sets := jsonb_build_array(jsonb_build_object('areas', 'all-authorities'));
    ELSE
        IF v_area IS NOT NULL THEN
            PERFORM fgc.field_error('area', 'Leave out area when areas lists area codes.');
        END IF;
        SELECT array_agg(u.c ORDER BY u.n) INTO v_codes
          FROM (SELECT upper(btrim(x)) AS c, min(n) AS n
                  FROM unnest(string_to_array(v_areas, ',')) WITH ORDINALITY AS t(x, n)
                 WHERE btrim(x) <> ''
                 GROUP BY upper(btrim(x))) u;
        SELECT string_agg(c, ', ' ORDER BY c) INTO v_missing
          FROM unnest(v_codes) AS c WHERE NOT EXISTS (SELECT 1 FROM fgc.areas a WHERE a.code = c);
        IF v_codes IS NULL OR v_missing IS NOT NULL THEN
            PERFORM fgc.field_error('areas', format('There is no area with the code %s. Give all-clusters, all-authorities or area codes.',
                                                    COALESCE(v_missing, '(none given)')));
        END IF;
        IF array_length(v_codes, 1) > 500 THEN
            PERFORM fgc.field_error('areas', 'List at most 500 areas.');
        END IF;
        IF v_suppress THEN
            -- Clusters within their authority's set, authorities within the set of all.
            SELECT jsonb_agg(s.spec ORDER BY s.ord) INTO v_sets
              FROM (SELECT min(u.n) AS ord,
                           jsonb_build_object('area', la.code, 'areas', 'all-clusters',
                                              'keep', jsonb_agg(a.code ORDER BY u.n)) AS spec
                      FROM unnest(v_codes) WITH ORDINALITY AS u(c, n)
                      JOIN fgc.areas a ON a.code = u.c AND a.kind = 'cluster'
                      JOIN fgc.areas la ON la.id = a.parent_id
                     GROUP BY la.code
                    UNION ALL
                    SELECT min(u.n),
                           jsonb_build_object('areas', 'all-authorities', 'keep', jsonb_agg(a.code ORDER BY u.n))
                      FROM unnest(v_codes) WITH ORDINALITY AS u(c, n)
                      JOIN fgc.areas a ON a.code = u.c AND a.kind = 'local_authority'
                    HAVING count(*) > 0) s;
        ELSE
            SELECT jsonb_agg(jsonb_build_object('area', u.c) ORDER BY u.n) INTO v_sets
              FROM unnest(v_codes) WITH ORDINALITY AS u(c, n);
        END IF;
    END IF;

    PERFORM audit.record_read('extract_indicators', jsonb_build_object(
        'indicators', to_jsonb(v_ids), 'areas', v_areas, 'area', v_area, 'from', v_from, 'to', v_to,
        'period', v_period, 'suppress', v_suppress, 'round10', v_round10)::text);
    RETURN jsonb_build_object('indicators', to_jsonb(v_ids), 'sets', COALESCE(v_sets, '[]'::jsonb),
                              'period', v_period, 'from', v_from, 'to', v_to,
                              'suppress', v_suppress, 'round10', v_round10);
END
$$;

-- The extract rows, one per indicator, area and period, in that order: indicator, area_code,
-- area_name, period_start, period_end, value, numerator, denominator, population_year,
-- population_vintage, suppressed. A suppressed figure is "c" (as in DfE's tables); an unknown
-- one is empty (CSV) or null (JSON).
CREATE FUNCTION fgc.extract_indicator_lines(args jsonb, format text)
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
                   CASE WHEN r.suppressed AND i.statistic IN ('percentage', 'median') THEN 'c'
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
