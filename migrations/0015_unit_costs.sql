-- Unit costs per child per week for the FGC cost-benefit analysis, set by administrators; the configuration's [costs] stay the defaults.
--
-- How it fits together (docs/indicators.md, "Unit costs"; docs/api.md, "Unit costs"):
--
--   fgc.unit_costs          one row per status (cin, cpp, cla) that an administrator has set,
--                           with where the figure comes from; audited and versioned.
--   api.unit_cost_list      the cost in use for each status: the stored one, else the
--                           configured default the daemon passes in args.defaults.
--   api.unit_cost_put       sets a status's cost (If-Match when one is stored already).
--   api.unit_cost_delete    removes the stored cost, so that the configured default is used.
--   api.cost_benefit        now uses the stored cost where there is one, and says in
--                           unit_costs.used which figure it used and where it came from. The
--                           calculation itself is unchanged: it is the function of
--                           migrations/0013_report_cards.sql, moved to fgc.cost_benefit_at_costs.

CREATE TABLE fgc.unit_costs (
    -- cin: a child in need (not on a plan, not looked after); cpp: on a child protection plan;
    -- cla: looked after.
    status text PRIMARY KEY CHECK (status IN ('cin', 'cpp', 'cla')),
    -- Pounds per child per week, to the penny.
    pounds_per_week numeric NOT NULL
        CHECK (pounds_per_week >= 0 AND pounds_per_week <= 100000 AND scale(pounds_per_week) <= 2),
    -- Where the figure comes from, so that a reader of the analysis can judge it.
    source text NOT NULL CHECK (btrim(source) <> '' AND length(source) <= 500),
    updated_by bigint REFERENCES fgc.users, -- who last set it; NULL for the command line
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER unit_costs_version BEFORE UPDATE ON fgc.unit_costs
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

SELECT audit.enable('fgc.unit_costs');

-- The statuses in the order they are shown, with the key of each in the configuration
-- ([costs] cin_week, ...) and in the cost-benefit answer (unit_costs.cin_week, ...).
CREATE FUNCTION fgc.unit_cost_statuses()
RETURNS TABLE(status text, key text, name text, sort_order integer)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('cin', 'cin_week', 'Child in need', 1),
           ('cpp', 'cpp_week', 'Child protection plan', 2),
           ('cla', 'cla_week', 'Looked after', 3)
$$;

-- The cost in use for one status: the stored row when there is one, else the configured
-- default (defaults: {"cin_week": 76, ...} from the daemon's configuration).
CREATE FUNCTION fgc.unit_cost_json(p_status text, defaults jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'status', s.status,
        'key', s.key,
        'name', s.name,
        'pounds_per_week', COALESCE(c.pounds_per_week, (defaults->>s.key)::numeric),
        'from', CASE WHEN c.status IS NULL THEN 'configuration' ELSE 'stored' END,
        'source', COALESCE(c.source, format('The default in fgcd''s configuration ([costs] %s)', s.key)),
        'configured_pounds_per_week', (defaults->>s.key)::numeric,
        'updated_by', (SELECT u.username FROM fgc.users u WHERE u.id = c.updated_by),
        'updated_at', c.updated_at,
        'version', c.version)
      FROM fgc.unit_cost_statuses() s
      LEFT JOIN fgc.unit_costs c ON c.status = s.status
     WHERE s.status = p_status
$$;

-- A status from the path ("cin", "CPP"); FG404 for anything else.
CREATE FUNCTION fgc.unit_cost_status(args jsonb)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_status text := lower(fgc.arg_text(args, 'status'));
BEGIN
    IF v_status IS NULL OR NOT EXISTS (SELECT 1 FROM fgc.unit_cost_statuses() s WHERE s.status = v_status) THEN
        PERFORM api.fail('FG404', 'There is no such unit cost: the unit costs are cin, cpp and cla.');
    END IF;
    RETURN v_status;
END
$$;

-- The daemon always passes the configured defaults; a call without them is a fault.
CREATE FUNCTION fgc.unit_cost_defaults(args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_defaults jsonb := args->'defaults';
BEGIN
    IF jsonb_typeof(v_defaults) IS DISTINCT FROM 'object'
       OR NOT (v_defaults ? 'cin_week' AND v_defaults ? 'cpp_week' AND v_defaults ? 'cla_week') THEN
        RAISE EXCEPTION 'unit costs: the configured defaults are missing from args';
    END IF;
    RETURN v_defaults;
END
$$;

-- args: defaults (added by the daemon). The cost-benefit readers may see them: every
-- cost-benefit answer shows them too.
CREATE FUNCTION api.unit_cost_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_defaults jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst'], 'see the unit costs');
    v_defaults := fgc.unit_cost_defaults(args);
    RETURN api.ok(jsonb_build_object(
        'items', (SELECT jsonb_agg(fgc.unit_cost_json(s.status, v_defaults) ORDER BY s.sort_order)
                    FROM fgc.unit_cost_statuses() s),
        'currency', 'GBP',
        'next_cursor', NULL));
END
$$;

-- args: status, pounds_per_week (a number, or text that reads as one), source, defaults.
-- The first time a status is set there is nothing to match; after that If-Match must name the
-- stored version (FG428 without it, FG412 when stale). 201 when first set, 200 after.
CREATE FUNCTION api.unit_cost_put(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
    v_defaults jsonb;
    v_pounds numeric;
    v_source text := fgc.arg_text(args, 'source');
    v_errs jsonb := '[]';
    v_row fgc.unit_costs;
    v_created boolean := false;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'set unit costs');
    v_status := fgc.unit_cost_status(args);
    v_defaults := fgc.unit_cost_defaults(args);
    v_pounds := fgc.arg_numeric(args, 'pounds_per_week');
    IF v_pounds IS NULL THEN
        v_errs := fgc.err(v_errs, 'pounds_per_week', 'Enter the cost per child per week in pounds.');
    ELSIF v_pounds < 0 OR v_pounds > 100000 THEN
        v_errs := fgc.err(v_errs, 'pounds_per_week', 'The cost per week must be between £0 and £100,000.');
    ELSIF v_pounds <> round(v_pounds, 2) THEN
        v_errs := fgc.err(v_errs, 'pounds_per_week', 'The cost per week must be in pounds and pence, such as 76 or 645.50.');
    END IF;
    IF v_source IS NULL THEN
        v_errs := fgc.err(v_errs, 'source', 'Enter where the figure comes from, such as the report or budget it is taken from.');
    ELSIF length(v_source) > 500 THEN
        v_errs := fgc.err(v_errs, 'source', 'The source must be 500 characters or fewer.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    v_pounds := trim_scale(round(v_pounds, 2));

    SELECT * INTO v_row FROM fgc.unit_costs c WHERE c.status = v_status FOR UPDATE;
    IF FOUND THEN
        IF NULLIF(btrim(ctx->>'if_match'), '') IS NULL AND NOT fgc.is_cli(ctx) THEN
            PERFORM api.fail('FG428', format(
                'A cost is stored for this status already (version %s): send If-Match with that version, so that nobody else''s change is overwritten.',
                v_row.version));
        END IF;
        PERFORM fgc.check_version(ctx, v_row.version);
        UPDATE fgc.unit_costs
           SET pounds_per_week = v_pounds, source = v_source, updated_by = fgc.ctx_user_id(ctx)
         WHERE status = v_status
        RETURNING * INTO v_row;
    ELSE
        -- If-Match names a stored version that is not there any more: someone went back to
        -- the configured default meanwhile.
        IF NULLIF(btrim(ctx->>'if_match'), '') IS NOT NULL THEN
            PERFORM api.fail('FG412',
                'The cost has changed since you loaded it (it now uses the configured default). Reload it and try again.');
        END IF;
        INSERT INTO fgc.unit_costs (status, pounds_per_week, source, updated_by)
        VALUES (v_status, v_pounds, v_source, fgc.ctx_user_id(ctx))
        ON CONFLICT (status) DO NOTHING
        RETURNING * INTO v_row;
        IF v_row.status IS NULL THEN
            PERFORM api.fail('FG412',
                'Someone else set this cost while you were changing it. Reload it and try again.');
        END IF;
        v_created := true;
    END IF;
    RETURN api.ok(fgc.unit_cost_json(v_status, v_defaults),
                  CASE WHEN v_created THEN 201 ELSE 200 END,
                  CASE WHEN v_created THEN '/api/v1/unit-costs/' || v_status END);
END
$$;

-- args: status, defaults. If-Match. Removes the stored cost (the audit log keeps it), so the
-- configured default is used again; answers with the cost now in use.
CREATE FUNCTION api.unit_cost_delete(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
    v_defaults jsonb;
    v_row fgc.unit_costs;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change unit costs');
    v_status := fgc.unit_cost_status(args);
    v_defaults := fgc.unit_cost_defaults(args);
    SELECT * INTO v_row FROM fgc.unit_costs c WHERE c.status = v_status FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'No cost is stored for this status: the configured default is already used.');
    END IF;
    IF NULLIF(btrim(ctx->>'if_match'), '') IS NULL AND NOT fgc.is_cli(ctx) THEN
        PERFORM api.fail('FG428', format(
            'Send If-Match with the version of the stored cost (%s), so that nobody else''s change is lost.',
            v_row.version));
    END IF;
    PERFORM fgc.check_version(ctx, v_row.version);
    DELETE FROM fgc.unit_costs c WHERE c.status = v_status;
    RETURN api.ok(fgc.unit_cost_json(v_status, v_defaults));
END
$$;

-- ---------------------------------------------------------------------------
-- The cost-benefit analysis at the costs in use
-- ---------------------------------------------------------------------------

-- The calculation of 0013 is kept as it is, out of reach of api.dispatch, and given the costs
-- to use by the new api.cost_benefit below.
ALTER FUNCTION api.cost_benefit(jsonb, jsonb) RENAME TO cost_benefit_at_costs;
ALTER FUNCTION api.cost_benefit_at_costs(jsonb, jsonb) SET SCHEMA fgc;

COMMENT ON FUNCTION fgc.cost_benefit_at_costs(jsonb, jsonb) IS
    'The cost-benefit analysis at the unit costs in args.unit_costs; called by api.cost_benefit.';

-- args: as before (area or group, from, to, window_weeks), with unit_costs {cin_week, cpp_week,
-- cla_week} added by the daemon from its configuration: those are now the defaults, and a cost
-- stored in fgc.unit_costs wins. The answer's unit_costs.used says, for each, whether the
-- stored or the configured figure was used and where it comes from.
CREATE FUNCTION api.cost_benefit(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_configured jsonb := args->'unit_costs';
    v_items jsonb;
    v_costs jsonb;
    v_used jsonb;
    v_result jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst'], 'see the cost-benefit analysis');
    IF jsonb_typeof(v_configured) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'api.cost_benefit: unit costs missing from args';
    END IF;
    SELECT jsonb_agg(fgc.unit_cost_json(s.status, v_configured) ORDER BY s.sort_order)
      INTO v_items
      FROM fgc.unit_cost_statuses() s;
    SELECT jsonb_object_agg(i->>'key', i->'pounds_per_week'),
           jsonb_object_agg(i->>'key', jsonb_build_object(
               'from', i->'from',
               'source', i->'source',
               'configured', i->'configured_pounds_per_week',
               'updated_by', i->'updated_by',
               'updated_at', i->'updated_at'))
      INTO v_costs, v_used
      FROM jsonb_array_elements(v_items) AS i;
    v_result := fgc.cost_benefit_at_costs(ctx, args || jsonb_build_object('unit_costs', v_costs));
    RETURN jsonb_set(v_result, '{body,unit_costs,used}', v_used);
END
$$;
