-- Imports of statutory returns (SSDA903, CIN census) and population estimates: the run's report, staging tables, the set-based merge into areas, children and the status history, and the API listing runs.
--
-- The importers (daemon/import_*.c, docs/imports.md) parse and check a file in C, then in one
-- transaction:
--   SELECT fgc.import_begin(ctx, info)      checks the caller and the area, inserts the run row
--   SELECT fgc.import_stage(kind)           creates the pg_temp.imp_* staging tables
--   COPY pg_temp.imp_... FROM STDIN         the checked rows, each with its ref (line or record)
--   SELECT fgc.import_<kind>(run_id)        merges them set-based and returns the counts
--   SELECT ... FROM pg_temp.imp_problems    the problems SQL found, by ref
--   SELECT fgc.import_finish(run_id, outcome, report); COMMIT
-- With --strict and rejected rows the transaction is rolled back instead, and the attempt is
-- recorded in a transaction of its own with outcome rolled_back.
--
-- Identity: a looked-after episode is (child, DECOM); a CIN episode (child, CINreferralDate);
-- a plan (child, CPPstartDate); pre-proceedings (child, PPStartDate); a child (local authority,
-- la_child_id). A staged row whose identity is current and whose values are all the same is
-- unchanged and writes nothing; one whose values differ is a new record superseding the
-- current one; otherwise it is a new episode. Episodes recorded earlier and absent from a file
-- are left alone: a return covers one year, not a child's whole history.

-- ---------------------------------------------------------------------------
-- The run's outcome and report
-- ---------------------------------------------------------------------------

ALTER TABLE fgc.import_runs
    ADD COLUMN outcome text NOT NULL DEFAULT 'running'
        CHECK (outcome IN ('running', 'imported', 'rolled_back')),
    ADD COLUMN strict boolean NOT NULL DEFAULT false,
    ADD COLUMN collection_year integer CHECK (collection_year BETWEEN 1971 AND 2100),
    -- The report as the importer returned it (docs/imports.md), with at most 10,000 problems.
    ADD COLUMN report jsonb;

CREATE INDEX import_runs_kind_idx ON fgc.import_runs (kind, id);
CREATE INDEX import_runs_area_idx ON fgc.import_runs (area_id, id);

-- ---------------------------------------------------------------------------
-- Starting and finishing a run
-- ---------------------------------------------------------------------------

-- info: {"kind", "area" (local authority code; not for population), "files": [{"name",
-- "sha256", "bytes"}], "strict", "collection_year"}. Sets the acting ctx for the audit
-- triggers of this transaction and returns the new run's id.
CREATE FUNCTION fgc.import_begin(ctx jsonb, info jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_kind text := info->>'kind';
    v_code text := upper(NULLIF(btrim(info->>'area'), ''));
    v_area fgc.areas;
    v_id bigint;
BEGIN
    PERFORM set_config('fgcd.ctx', ctx::text, true);
    -- The merge joins whole files against the current tables: let its hashes stay in memory.
    PERFORM set_config('work_mem', '128MB', true);
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'data_analyst'], 'import statutory returns or population estimates');
    IF v_kind IS NULL OR v_kind NOT IN ('population', 'ssda903', 'cin_census') THEN
        PERFORM fgc.field_error('kind', 'Kind must be population, ssda903 or cin_census.');
    END IF;
    IF v_kind <> 'population' THEN
        IF v_code IS NULL THEN
            PERFORM fgc.field_error('area', 'Give the local authority the return belongs to (its ONS code, such as E08000035).');
        END IF;
        SELECT * INTO v_area FROM fgc.areas a WHERE a.code = v_code;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('area', format(
                'The area %s is not known. Load it first (fgcd import population) or create it.', v_code));
        ELSIF v_area.kind <> 'local_authority' THEN
            PERFORM fgc.field_error('area', format(
                '%s is a cluster; give the local authority the return belongs to.', v_code));
        END IF;
    END IF;
    -- One import at a time per local authority (and one population file at a time): two
    -- loads of the same children would otherwise race to create them.
    PERFORM pg_advisory_xact_lock(74010206, COALESCE(v_area.id, 0)::integer);
    INSERT INTO fgc.import_runs (kind, area_id, file_names, file_sha256, imported_by, imported_by_name,
                                 strict, collection_year)
    VALUES (v_kind, v_area.id,
            ARRAY(SELECT f.v->>'name' FROM jsonb_array_elements(info->'files') WITH ORDINALITY AS f(v, n)
                   ORDER BY f.n),
            ARRAY(SELECT f.v->>'sha256' FROM jsonb_array_elements(info->'files') WITH ORDINALITY AS f(v, n)
                   ORDER BY f.n),
            fgc.ctx_user_id(ctx),
            COALESCE(ctx->>'username', 'cli')
                || CASE WHEN ctx->>'os_user' IS NOT NULL THEN ' (' || (ctx->>'os_user') || ')' ELSE '' END,
            COALESCE((info->>'strict')::boolean, false),
            NULLIF((info->>'collection_year')::integer, 0))
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- Records the outcome and the report; the counts are copied out of report.summary.
CREATE FUNCTION fgc.import_finish(run_id bigint, outcome text, report jsonb)
RETURNS void
LANGUAGE sql AS $$
    UPDATE fgc.import_runs r
       SET outcome = $2,
           finished_at = now(),
           rows_read = COALESCE(($3->'summary'->>'read')::integer, 0),
           rows_imported = COALESCE(($3->'summary'->>'imported')::integer, 0),
           rows_unchanged = COALESCE(($3->'summary'->>'unchanged')::integer, 0),
           rows_rejected = COALESCE(($3->'summary'->>'rejected')::integer, 0),
           warnings = COALESCE($3->'summary'->'warnings', '{}'::jsonb),
           collection_year = COALESCE(($3->'collection_year'->>'ending')::integer, r.collection_year),
           report = $3
     WHERE r.id = $1
$$;

-- The staging tables of one kind of import, dropped at the end of the transaction. Every
-- staged row has a ref: its line in a CSV file, or the number of its XML record.
CREATE FUNCTION fgc.import_stage(kind text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE imp_problems (
        id bigserial,
        file smallint NOT NULL,
        ref bigint NOT NULL,
        severity text NOT NULL CHECK (severity IN ('warning', 'rejected')),
        kind text NOT NULL,
        field text,
        message text NOT NULL
    ) ON COMMIT DROP;
    IF kind = 'population' THEN
        CREATE TEMP TABLE imp_population (
            ref bigint NOT NULL,
            area_code text NOT NULL,
            area_name text NOT NULL,
            parent_code text,
            year integer NOT NULL,
            population_0_17 integer NOT NULL,
            vintage text NOT NULL
        ) ON COMMIT DROP;
        RETURN;
    END IF;
    -- header_state: ok (demographics given and valid), missing (the child appears only in
    -- episodes), rejected (the child's header row or identifiers were rejected).
    CREATE TEMP TABLE imp_children (
        ref bigint NOT NULL,
        la_child_id text NOT NULL,
        header_state text NOT NULL CHECK (header_state IN ('ok', 'missing', 'rejected')),
        date_of_birth date,
        sex smallint,
        ethnicity text,
        upn text,
        sector text
    ) ON COMMIT DROP;
    IF kind = 'ssda903' THEN
        CREATE TEMP TABLE imp_episodes (
            ref bigint NOT NULL,
            la_child_id text NOT NULL,
            decom date NOT NULL,
            rne text NOT NULL,
            ls text NOT NULL,
            cin text,
            place text,
            place_provider text,
            dec date,
            rec text,
            reason_place_change text,
            home_post text,
            pl_post text,
            urn text
        ) ON COMMIT DROP;
    ELSIF kind = 'cin_census' THEN
        CREATE TEMP TABLE imp_cin (
            ref bigint NOT NULL,
            la_child_id text NOT NULL,
            referral_date date NOT NULL,
            referral_source text,
            primary_need text,
            referral_nfa boolean,
            closure_date date,
            closure_reason text,
            assessments jsonb NOT NULL,
            section47s jsonb NOT NULL
        ) ON COMMIT DROP;
        CREATE TEMP TABLE imp_cpp (
            ref bigint NOT NULL,
            la_child_id text NOT NULL,
            referral_date date,                 -- of the CINdetails the plan was found in
            start_date date NOT NULL,
            end_date date,
            icpc_date date,
            initial_category text,
            latest_category text,
            number_of_previous_cpp integer,
            review_dates date[] NOT NULL
        ) ON COMMIT DROP;
        CREATE TEMP TABLE imp_pp (
            ref bigint NOT NULL,
            la_child_id text NOT NULL,
            pp_start_date date NOT NULL,
            lbp_sent_date date,
            fgdm_meeting_offer boolean,
            fgdm_meeting_facilitated boolean,
            initial_pp_meeting_date date,
            review_meetings_count integer,
            step_decision_date date,
            pp_outcome text,
            court_app_date date,
            letter_init_cp_date date
        ) ON COMMIT DROP;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Children (SSDA903 header, CIN census ChildIdentifiers)
-- ---------------------------------------------------------------------------

-- Matches the staged children to fgc.children by (local authority, la_child_id), creates the
-- new ones (no names; in the cluster their postcode sector maps to, else the authority) and
-- updates the known ones whose details differ. Leaves pg_temp.imp_child_ids (la_child_id ->
-- child_id, NULL when the child is neither recorded nor creatable) for the episodes.
CREATE FUNCTION fgc.import_children(p_run bigint, p_la bigint, p_file smallint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_new integer;
    v_updated integer;
    v_ok integer;
BEGIN
    -- A UPN another child already holds is not stored (fgc.children.upn is unique).
    WITH clash AS (
        SELECT i.ref, i.la_child_id, i.upn
          FROM pg_temp.imp_children i
         WHERE i.upn IS NOT NULL
           AND EXISTS (SELECT 1 FROM fgc.children c
                        WHERE c.upn = i.upn
                          AND (c.local_authority_id IS DISTINCT FROM p_la
                               OR c.la_child_id IS DISTINCT FROM i.la_child_id))
    ), warned AS (
        INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
        SELECT p_file, clash.ref, 'warning', 'upn_in_use', 'UPN',
               format('The UPN %s is already recorded for another child, so it was not stored for child %s.',
                      clash.upn, clash.la_child_id)
          FROM clash
        RETURNING 1
    )
    UPDATE pg_temp.imp_children i SET upn = NULL
      FROM clash
     WHERE i.ref = clash.ref AND i.la_child_id = clash.la_child_id;

    CREATE TEMP TABLE imp_child_ids ON COMMIT DROP AS
    SELECT i.ref, i.la_child_id, i.header_state, c.id AS child_id, false AS is_new,
           i.date_of_birth, i.sex, i.ethnicity, i.upn, cl.area_id AS cluster_id
      FROM pg_temp.imp_children i
      LEFT JOIN fgc.children c ON c.local_authority_id = p_la AND c.la_child_id = i.la_child_id
      -- Only the authority's own clusters: a sector mapped elsewhere is ignored.
      LEFT JOIN (SELECT ps.sector, ps.area_id
                   FROM fgc.postcode_sectors ps JOIN fgc.areas a ON a.id = ps.area_id
                  WHERE a.parent_id = p_la) cl ON cl.sector = i.sector;
    ANALYZE pg_temp.imp_child_ids;

    -- New children. Unknown ethnicity codes arrive as NULL: NOBT, information not yet obtained.
    WITH ins AS (
        INSERT INTO fgc.children (la_child_id, date_of_birth, sex, ethnicity, upn, area_id)
        SELECT k.la_child_id, k.date_of_birth, k.sex, COALESCE(k.ethnicity, 'NOBT'), k.upn,
               COALESCE(k.cluster_id, p_la)
          FROM pg_temp.imp_child_ids k
         WHERE k.child_id IS NULL AND k.header_state = 'ok'
         ORDER BY k.ref
        RETURNING id, la_child_id
    )
    UPDATE pg_temp.imp_child_ids k SET child_id = ins.id, is_new = true
      FROM ins
     WHERE k.la_child_id = ins.la_child_id;
    GET DIAGNOSTICS v_new = ROW_COUNT;

    -- A known child whose date of birth or sex differs is worth a look: the file wins.
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT p_file, k.ref, 'warning', 'child_details_changed',
           CASE WHEN c.date_of_birth <> k.date_of_birth THEN 'DOB' ELSE 'SEX' END,
           format('Child %s was recorded with %s; the file says %s, which was stored.', k.la_child_id,
                  concat_ws(' and ',
                      CASE WHEN c.date_of_birth <> k.date_of_birth
                           THEN 'date of birth ' || to_char(c.date_of_birth, 'DD/MM/YYYY') END,
                      CASE WHEN c.sex <> k.sex THEN 'sex ' || c.sex END),
                  concat_ws(' and ',
                      CASE WHEN c.date_of_birth <> k.date_of_birth
                           THEN 'date of birth ' || to_char(k.date_of_birth, 'DD/MM/YYYY') END,
                      CASE WHEN c.sex <> k.sex THEN 'sex ' || k.sex END))
      FROM pg_temp.imp_child_ids k JOIN fgc.children c ON c.id = k.child_id
     WHERE NOT k.is_new AND k.header_state = 'ok'
       AND (c.date_of_birth <> k.date_of_birth OR c.sex <> k.sex);

    -- Known children: details from the file; a blank UPN or an unknown ethnicity code keeps
    -- what is recorded; a child recorded only at the authority moves to the cluster of its
    -- postcode sector when that is now known.
    UPDATE fgc.children c
       SET date_of_birth = k.date_of_birth,
           sex = k.sex,
           ethnicity = COALESCE(k.ethnicity, c.ethnicity),
           upn = COALESCE(k.upn, c.upn),
           area_id = CASE WHEN c.area_id = p_la AND k.cluster_id IS NOT NULL THEN k.cluster_id ELSE c.area_id END
      FROM pg_temp.imp_child_ids k
     WHERE c.id = k.child_id AND NOT k.is_new AND k.header_state = 'ok'
       AND (c.date_of_birth, c.sex, c.ethnicity, c.upn, c.area_id)
           IS DISTINCT FROM (k.date_of_birth, k.sex, COALESCE(k.ethnicity, c.ethnicity), COALESCE(k.upn, c.upn),
                             CASE WHEN c.area_id = p_la AND k.cluster_id IS NOT NULL
                                  THEN k.cluster_id ELSE c.area_id END);
    GET DIAGNOSTICS v_updated = ROW_COUNT;

    SELECT count(*) INTO v_ok FROM pg_temp.imp_child_ids k WHERE k.header_state = 'ok';
    RETURN jsonb_build_object('new', v_new, 'updated', v_updated, 'unchanged', v_ok - v_new - v_updated);
END
$$;

-- Rejects the staged CIN census rows of table tbl whose child is neither recorded nor
-- creatable; what names the row in the message ("this referral"). Returns how many.
CREATE FUNCTION fgc.import_reject_unknown_children(tbl regclass, p_file smallint, what text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_rejected integer;
BEGIN
    EXECUTE format($f$
        INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
        SELECT $1, s.ref, 'rejected', 'child_unknown', NULL,
               format('Child %%s could not be created because the child''s details were rejected (see the problem reported for them), and no child with this LAchildID is recorded yet; %%s was not imported.',
                      s.la_child_id, $2)
          FROM %s s JOIN pg_temp.imp_child_ids k ON k.la_child_id = s.la_child_id
         WHERE k.child_id IS NULL$f$, tbl)
    USING p_file, what;
    GET DIAGNOSTICS v_rejected = ROW_COUNT;
    RETURN v_rejected;
END
$$;

-- ---------------------------------------------------------------------------
-- SSDA903 (looked-after episodes)
-- ---------------------------------------------------------------------------

-- Staged: imp_children (file 0, the header), imp_episodes (file 1). Returns
-- {"children": {...}, "new", "updated", "unchanged", "rejected"}. The child of every staged
-- episode is staged too (header_state missing when it is not in the header).
CREATE FUNCTION fgc.import_ssda903(p_run bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_run fgc.import_runs;
    v_ctx jsonb := fgc.current_ctx();
    v_children jsonb;
    v_result jsonb;
BEGIN
    SELECT * INTO STRICT v_run FROM fgc.import_runs r WHERE r.id = p_run;
    ANALYZE pg_temp.imp_children;
    ANALYZE pg_temp.imp_episodes;
    v_children := fgc.import_children(p_run, v_run.area_id, 0::smallint);

    -- Classify each staged episode against the current version of the same (child, DECOM):
    -- new, unchanged, updated, or rejected when its child is neither recorded nor creatable.
    CREATE TEMP TABLE imp_cla ON COMMIT DROP AS
    SELECT e.*, k.child_id, k.header_state, k.ref AS header_ref,
           c.record_id AS current_record, c.source AS current_source,
           ir.collection_year AS current_year,
           CASE WHEN k.child_id IS NULL THEN 'rejected'
                WHEN c.record_id IS NULL THEN 'new'
                WHEN (r.rne, r.ls, r.cin, r.place, r.place_provider, r.dec, r.rec,
                      r.reason_place_change, r.home_post, r.pl_post, r.urn)
                     IS NOT DISTINCT FROM
                     (e.rne, e.ls, e.cin, e.place, e.place_provider, e.dec, e.rec,
                      e.reason_place_change, e.home_post, e.pl_post, e.urn)
                THEN 'unchanged'
                WHEN ir.collection_year > v_run.collection_year THEN 'older'
                ELSE 'updated' END AS status
      FROM pg_temp.imp_episodes e
      JOIN pg_temp.imp_child_ids k ON k.la_child_id = e.la_child_id
      LEFT JOIN fgc.cla_episodes c ON c.child_id = k.child_id AND c.decom = e.decom
      LEFT JOIN fgc.cla_episode_records r ON r.id = c.record_id
      LEFT JOIN fgc.import_runs ir ON ir.id = r.import_run_id;

    -- A return never overwrites what a later year's return recorded.
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 1, s.ref, 'warning', 'older_return', NULL,
           format('The episode of child %s starting %s was last recorded from the %s-%s return, later than this file''s %s-%s; this older version was not loaded.',
                  s.la_child_id, to_char(s.decom, 'DD/MM/YYYY'), s.current_year - 1, lpad((s.current_year % 100)::text, 2, '0'),
                  v_run.collection_year - 1, lpad((v_run.collection_year % 100)::text, 2, '0'))
      FROM pg_temp.imp_cla s
     WHERE s.status = 'older';

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 1, s.ref, 'rejected', 'child_unknown', 'CHILD',
           CASE WHEN s.header_state = 'rejected'
                THEN format('Child %s could not be created because the child''s row in the header file (line %s) was rejected, and no child with this CHILD is recorded yet; the episode was not imported.',
                            s.la_child_id, s.header_ref)
                ELSE format('Child %s is not in the header file and is not recorded yet, so the child cannot be created (the date of birth, sex and ethnicity come from the header); the episode was not imported.',
                            s.la_child_id)
           END
      FROM pg_temp.imp_cla s
     WHERE s.status = 'rejected';

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 1, s.ref, 'warning', 'child_not_in_header', 'CHILD',
           format('Child %s is not in the header file; the episode was attached to the child already recorded.',
                  s.la_child_id)
      FROM pg_temp.imp_cla s
     WHERE s.header_state = 'missing' AND s.status <> 'rejected';

    -- Episodes recorded earlier, and not in this file, that this file's episodes overlap.
    -- (Overlaps within the file are found by the importer, with both lines.) Both are kept.
    -- A re-import or a next year's return usually repeats every earlier episode of its
    -- children, so the anti-join leaves little or nothing to compare.
    WITH others AS (
        SELECT o.child_id, o.decom, o.dec
          FROM fgc.cla_episodes o
          JOIN pg_temp.imp_child_ids k ON k.child_id = o.child_id
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.imp_cla t
                            WHERE t.child_id = o.child_id AND t.decom = o.decom)
    )
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 1, s.ref, 'warning',
           CASE WHEN s.dec IS NULL AND o.dec IS NULL THEN 'several_open_episodes' ELSE 'overlapping_episodes' END,
           'DECOM',
           CASE WHEN s.dec IS NULL AND o.dec IS NULL
                THEN format('Child %s already has an open episode starting %s, recorded earlier and not in this file; this episode is open too. Both are kept.',
                            s.la_child_id, to_char(o.decom, 'DD/MM/YYYY'))
                ELSE format('This episode (%s to %s) overlaps the episode of child %s from %s to %s, recorded earlier and not in this file. Both are kept.',
                            to_char(s.decom, 'DD/MM/YYYY'), COALESCE(to_char(s.dec, 'DD/MM/YYYY'), 'still open'),
                            s.la_child_id, to_char(o.decom, 'DD/MM/YYYY'), COALESCE(to_char(o.dec, 'DD/MM/YYYY'), 'still open'))
           END
      FROM others o
      JOIN pg_temp.imp_cla s ON s.child_id = o.child_id
     WHERE o.decom < COALESCE(s.dec, 'infinity'::date)
       AND s.decom < COALESCE(o.dec, 'infinity'::date);

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 1, s.ref, 'warning', 'replaces_manual_change', NULL,
           format('The episode of child %s starting %s was last changed outside SSDA903 imports (source %s); the version in this file supersedes that change.',
                  s.la_child_id, to_char(s.decom, 'DD/MM/YYYY'), s.current_source)
      FROM pg_temp.imp_cla s
     WHERE s.status = 'updated' AND s.current_source <> 'ssda903';

    INSERT INTO fgc.cla_episode_records (supersedes, child_id, decom, rne, ls, cin, place, place_provider,
                                         dec, rec, reason_place_change, home_post, pl_post, urn, source,
                                         note, import_run_id, request_id, recorded_by)
    SELECT s.current_record, s.child_id, s.decom, s.rne, s.ls, s.cin, s.place, s.place_provider,
           s.dec, s.rec, s.reason_place_change, s.home_post, s.pl_post, s.urn, 'ssda903',
           CASE WHEN s.status = 'updated' THEN format('Updated by SSDA903 import %s.', p_run) END,
           p_run, v_ctx->>'request_id', fgc.ctx_user_id(v_ctx)
      FROM pg_temp.imp_cla s
     WHERE s.status IN ('new', 'updated')
     ORDER BY s.child_id, s.decom;

    SELECT jsonb_build_object('children', v_children,
                              'new', count(*) FILTER (WHERE s.status = 'new'),
                              'updated', count(*) FILTER (WHERE s.status = 'updated'),
                              'unchanged', count(*) FILTER (WHERE s.status IN ('unchanged', 'older')),
                              'rejected', count(*) FILTER (WHERE s.status = 'rejected'))
      INTO v_result
      FROM pg_temp.imp_cla s;
    RETURN v_result;
END
$$;

-- ---------------------------------------------------------------------------
-- CIN census (CIN episodes, child protection plans, pre-proceedings)
-- ---------------------------------------------------------------------------

-- Staged: imp_children, imp_cin, imp_cpp, imp_pp (all file 0, refs are record numbers).
-- Returns {"children": {...}, "cin_episodes": {new, updated, unchanged, rejected},
-- "child_protection_plans": {...}, "pre_proceedings": {...}}.
CREATE FUNCTION fgc.import_cin_census(p_run bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_run fgc.import_runs;
    v_ctx jsonb := fgc.current_ctx();
    v_user bigint := fgc.ctx_user_id(v_ctx);
    v_request text := v_ctx->>'request_id';
    v_note text := format('Updated by CIN census import %s.', p_run);
    v_children jsonb;
    v_rej_cin integer;
    v_rej_cpp integer;
    v_rej_pp integer;
    v_cin jsonb;
    v_cpp jsonb;
    v_pp jsonb;
BEGIN
    SELECT * INTO STRICT v_run FROM fgc.import_runs r WHERE r.id = p_run;
    ANALYZE pg_temp.imp_children;
    ANALYZE pg_temp.imp_cin;
    ANALYZE pg_temp.imp_cpp;
    ANALYZE pg_temp.imp_pp;
    v_children := fgc.import_children(p_run, v_run.area_id, 0::smallint);
    v_rej_cin := fgc.import_reject_unknown_children('pg_temp.imp_cin', 0::smallint, 'this referral');
    v_rej_cpp := fgc.import_reject_unknown_children('pg_temp.imp_cpp', 0::smallint, 'this child protection plan');
    v_rej_pp := fgc.import_reject_unknown_children('pg_temp.imp_pp', 0::smallint, 'this pre-proceedings record');

    -- CIN episodes: (child, referral date)
    CREATE TEMP TABLE imp_cin_k ON COMMIT DROP AS
    SELECT s.*, k.child_id, c.record_id AS current_record, c.source AS current_source,
           ir.collection_year AS current_year,
           CASE WHEN c.record_id IS NULL THEN 'new'
                WHEN (r.referral_source, r.primary_need, r.referral_nfa, r.closure_date, r.closure_reason,
                      r.assessments, r.section47s)
                     IS NOT DISTINCT FROM
                     (s.referral_source, s.primary_need, COALESCE(s.referral_nfa, false), s.closure_date,
                      s.closure_reason, s.assessments, s.section47s)
                THEN 'unchanged'
                WHEN ir.collection_year > v_run.collection_year THEN 'older'
                ELSE 'updated' END AS status
      FROM pg_temp.imp_cin s
      JOIN pg_temp.imp_child_ids k ON k.la_child_id = s.la_child_id AND k.child_id IS NOT NULL
      LEFT JOIN fgc.cin_episodes c ON c.child_id = k.child_id AND c.referral_date = s.referral_date
      LEFT JOIN fgc.cin_episode_records r ON r.id = c.record_id
      LEFT JOIN fgc.import_runs ir ON ir.id = r.import_run_id;

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'older_return', NULL,
           format('The CIN episode of child %s starting %s was last recorded from the %s-%s return, later than this file''s %s-%s; this older version was not loaded.',
                  s.la_child_id, to_char(s.referral_date, 'DD/MM/YYYY'), s.current_year - 1, lpad((s.current_year % 100)::text, 2, '0'),
                  v_run.collection_year - 1, lpad((v_run.collection_year % 100)::text, 2, '0'))
      FROM pg_temp.imp_cin_k s
     WHERE s.status = 'older';

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'replaces_manual_change', NULL,
           format('The CIN episode of child %s referred on %s was last changed outside CIN census imports (source %s); the version in this file supersedes that change.',
                  s.la_child_id, to_char(s.referral_date, 'DD/MM/YYYY'), s.current_source)
      FROM pg_temp.imp_cin_k s
     WHERE s.status = 'updated' AND s.current_source <> 'cin_census';

    INSERT INTO fgc.cin_episode_records (supersedes, child_id, referral_date, referral_source, primary_need,
                                         referral_nfa, closure_date, closure_reason, assessments, section47s,
                                         source, note, import_run_id, request_id, recorded_by)
    SELECT s.current_record, s.child_id, s.referral_date, s.referral_source, s.primary_need,
           COALESCE(s.referral_nfa, false), s.closure_date, s.closure_reason, s.assessments, s.section47s,
           'cin_census', CASE WHEN s.status = 'updated' THEN v_note END, p_run, v_request, v_user
      FROM pg_temp.imp_cin_k s
     WHERE s.status IN ('new', 'updated')
     ORDER BY s.child_id, s.referral_date;

    SELECT jsonb_build_object('new', count(*) FILTER (WHERE s.status = 'new'),
                              'updated', count(*) FILTER (WHERE s.status = 'updated'),
                              'unchanged', count(*) FILTER (WHERE s.status IN ('unchanged', 'older')),
                              'rejected', v_rej_cin)
      INTO v_cin FROM pg_temp.imp_cin_k s;

    -- Child protection plans: (child, start date), linked to the episode of need they were
    -- found in (which now exists, unless it was rejected).
    CREATE TEMP TABLE imp_cpp_k ON COMMIT DROP AS
    SELECT s.*, k.child_id, ce.episode_id AS cin_episode_id, c.record_id AS current_record,
           c.source AS current_source,
           ir.collection_year AS current_year,
           CASE WHEN c.record_id IS NULL THEN 'new'
                WHEN (r.cin_episode_id, r.end_date, r.icpc_date, r.initial_category, r.latest_category,
                      r.number_of_previous_cpp, r.review_dates)
                     IS NOT DISTINCT FROM
                     (ce.episode_id, s.end_date, s.icpc_date, s.initial_category, s.latest_category,
                      s.number_of_previous_cpp, s.review_dates)
                THEN 'unchanged'
                WHEN ir.collection_year > v_run.collection_year THEN 'older'
                ELSE 'updated' END AS status
      FROM pg_temp.imp_cpp s
      JOIN pg_temp.imp_child_ids k ON k.la_child_id = s.la_child_id AND k.child_id IS NOT NULL
      LEFT JOIN fgc.cin_episodes ce ON ce.child_id = k.child_id AND ce.referral_date = s.referral_date
      LEFT JOIN fgc.cpp_plans c ON c.child_id = k.child_id AND c.start_date = s.start_date
      LEFT JOIN fgc.cpp_records r ON r.id = c.record_id
      LEFT JOIN fgc.import_runs ir ON ir.id = r.import_run_id;

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'older_return', NULL,
           format('The child protection plan of child %s starting %s was last recorded from the %s-%s return, later than this file''s %s-%s; this older version was not loaded.',
                  s.la_child_id, to_char(s.start_date, 'DD/MM/YYYY'), s.current_year - 1, lpad((s.current_year % 100)::text, 2, '0'),
                  v_run.collection_year - 1, lpad((v_run.collection_year % 100)::text, 2, '0'))
      FROM pg_temp.imp_cpp_k s
     WHERE s.status = 'older';

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'replaces_manual_change', NULL,
           format('The child protection plan of child %s starting %s was last changed outside CIN census imports (source %s); the version in this file supersedes that change.',
                  s.la_child_id, to_char(s.start_date, 'DD/MM/YYYY'), s.current_source)
      FROM pg_temp.imp_cpp_k s
     WHERE s.status = 'updated' AND s.current_source <> 'cin_census';

    INSERT INTO fgc.cpp_records (supersedes, child_id, cin_episode_id, start_date, end_date, icpc_date,
                                 initial_category, latest_category, number_of_previous_cpp, review_dates,
                                 source, note, import_run_id, request_id, recorded_by)
    SELECT s.current_record, s.child_id, s.cin_episode_id, s.start_date, s.end_date, s.icpc_date,
           s.initial_category, s.latest_category, s.number_of_previous_cpp, s.review_dates,
           'cin_census', CASE WHEN s.status = 'updated' THEN v_note END, p_run, v_request, v_user
      FROM pg_temp.imp_cpp_k s
     WHERE s.status IN ('new', 'updated')
     ORDER BY s.child_id, s.start_date;

    SELECT jsonb_build_object('new', count(*) FILTER (WHERE s.status = 'new'),
                              'updated', count(*) FILTER (WHERE s.status = 'updated'),
                              'unchanged', count(*) FILTER (WHERE s.status IN ('unchanged', 'older')),
                              'rejected', v_rej_cpp)
      INTO v_cpp FROM pg_temp.imp_cpp_k s;

    -- Pre-proceedings: (child, PPStartDate)
    CREATE TEMP TABLE imp_pp_k ON COMMIT DROP AS
    SELECT s.*, k.child_id, c.record_id AS current_record, r.source AS current_source,
           ir.collection_year AS current_year,
           CASE WHEN c.record_id IS NULL THEN 'new'
                WHEN (r.lbp_sent_date, r.fgdm_meeting_offer, r.fgdm_meeting_facilitated,
                      r.initial_pp_meeting_date, r.review_meetings_count, r.step_decision_date,
                      r.pp_outcome, r.court_app_date, r.letter_init_cp_date)
                     IS NOT DISTINCT FROM
                     (s.lbp_sent_date, s.fgdm_meeting_offer, s.fgdm_meeting_facilitated,
                      s.initial_pp_meeting_date, s.review_meetings_count, s.step_decision_date,
                      s.pp_outcome, s.court_app_date, s.letter_init_cp_date)
                THEN 'unchanged'
                WHEN ir.collection_year > v_run.collection_year THEN 'older'
                ELSE 'updated' END AS status
      FROM pg_temp.imp_pp s
      JOIN pg_temp.imp_child_ids k ON k.la_child_id = s.la_child_id AND k.child_id IS NOT NULL
      LEFT JOIN fgc.pre_proceedings c ON c.child_id = k.child_id AND c.pp_start_date = s.pp_start_date
      LEFT JOIN fgc.pre_proceedings_records r ON r.id = c.record_id
      LEFT JOIN fgc.import_runs ir ON ir.id = r.import_run_id;

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'older_return', NULL,
           format('The pre-proceedings record of child %s starting %s was last recorded from the %s-%s return, later than this file''s %s-%s; this older version was not loaded.',
                  s.la_child_id, to_char(s.pp_start_date, 'DD/MM/YYYY'), s.current_year - 1, lpad((s.current_year % 100)::text, 2, '0'),
                  v_run.collection_year - 1, lpad((v_run.collection_year % 100)::text, 2, '0'))
      FROM pg_temp.imp_pp_k s
     WHERE s.status = 'older';

    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, s.ref, 'warning', 'replaces_manual_change', NULL,
           format('The pre-proceedings record of child %s starting %s was last changed outside CIN census imports (source %s); the version in this file supersedes that change.',
                  s.la_child_id, to_char(s.pp_start_date, 'DD/MM/YYYY'), s.current_source)
      FROM pg_temp.imp_pp_k s
     WHERE s.status = 'updated' AND s.current_source <> 'cin_census';

    INSERT INTO fgc.pre_proceedings_records (supersedes, child_id, pp_start_date, lbp_sent_date,
                                             fgdm_meeting_offer, fgdm_meeting_facilitated,
                                             initial_pp_meeting_date, review_meetings_count,
                                             step_decision_date, pp_outcome, court_app_date,
                                             letter_init_cp_date, source, note, import_run_id,
                                             request_id, recorded_by)
    SELECT s.current_record, s.child_id, s.pp_start_date, s.lbp_sent_date, s.fgdm_meeting_offer,
           s.fgdm_meeting_facilitated, s.initial_pp_meeting_date, s.review_meetings_count,
           s.step_decision_date, s.pp_outcome, s.court_app_date, s.letter_init_cp_date,
           'cin_census', CASE WHEN s.status = 'updated' THEN v_note END, p_run, v_request, v_user
      FROM pg_temp.imp_pp_k s
     WHERE s.status IN ('new', 'updated')
     ORDER BY s.child_id, s.pp_start_date;

    SELECT jsonb_build_object('new', count(*) FILTER (WHERE s.status = 'new'),
                              'updated', count(*) FILTER (WHERE s.status = 'updated'),
                              'unchanged', count(*) FILTER (WHERE s.status IN ('unchanged', 'older')),
                              'rejected', v_rej_pp)
      INTO v_pp FROM pg_temp.imp_pp_k s;

    RETURN jsonb_build_object('children', v_children, 'cin_episodes', v_cin,
                              'child_protection_plans', v_cpp, 'pre_proceedings', v_pp);
END
$$;

-- ---------------------------------------------------------------------------
-- Population estimates (areas and fgc.area_populations)
-- ---------------------------------------------------------------------------

-- Staged: imp_population (file 0). Every row of one area_code carries the same name and
-- parent (the importer made them agree). Unknown areas are created (a cluster when a parent
-- is given), known ones renamed; populations are upserted on (area, year, vintage).
-- Returns {"areas_new", "areas_updated", "new", "updated", "unchanged", "rejected"}.
CREATE FUNCTION fgc.import_population(p_run bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_las integer;
    v_clusters integer;
    v_renamed integer;
    v_result jsonb;
BEGIN
    CREATE TEMP TABLE imp_areas ON COMMIT DROP AS
    SELECT DISTINCT ON (p.area_code) p.area_code, p.area_name, p.parent_code, p.ref
      FROM pg_temp.imp_population p
     ORDER BY p.area_code, p.ref;

    -- A new local authority's code must be its ONS code.
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, p.ref, 'rejected', 'invalid_area_code', 'area_code',
           format('%s is not recorded yet, and without a parent_code it would be a local authority, whose code must be its ONS code (such as E08000035); the row was not imported.',
                  p.area_code)
      FROM pg_temp.imp_population p
     WHERE p.parent_code IS NULL
       AND p.area_code !~ '^[EWSN][0-9]{8}$'
       AND NOT EXISTS (SELECT 1 FROM fgc.areas y WHERE y.code = p.area_code);

    INSERT INTO fgc.areas (code, name, kind)
    SELECT a.area_code, a.area_name, 'local_authority'
      FROM pg_temp.imp_areas a
     WHERE a.parent_code IS NULL
       AND a.area_code ~ '^[EWSN][0-9]{8}$'
       AND NOT EXISTS (SELECT 1 FROM fgc.areas x WHERE x.code = a.area_code)
     ORDER BY a.ref;
    GET DIAGNOSTICS v_las = ROW_COUNT;

    -- A new cluster needs a parent that is a local authority (recorded, or new in this file).
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, p.ref, 'rejected', 'unknown_parent', 'parent_code',
           CASE WHEN x.id IS NULL
                THEN format('The parent area %s is not known, and is not a local authority in this file, so the cluster %s cannot be created; the row was not imported.',
                            p.parent_code, p.area_code)
                ELSE format('The parent area %s is a cluster; a cluster must belong to a local authority, so %s cannot be created. The row was not imported.',
                            p.parent_code, p.area_code)
           END
      FROM pg_temp.imp_population p
      LEFT JOIN fgc.areas x ON x.code = p.parent_code
     WHERE p.parent_code IS NOT NULL
       AND (x.id IS NULL OR x.kind <> 'local_authority')
       AND NOT EXISTS (SELECT 1 FROM fgc.areas y WHERE y.code = p.area_code);

    INSERT INTO fgc.areas (code, name, kind, parent_id)
    SELECT a.area_code, a.area_name, 'cluster', x.id
      FROM pg_temp.imp_areas a
      JOIN fgc.areas x ON x.code = a.parent_code AND x.kind = 'local_authority'
     WHERE NOT EXISTS (SELECT 1 FROM fgc.areas y WHERE y.code = a.area_code)
     ORDER BY a.ref;
    GET DIAGNOSTICS v_clusters = ROW_COUNT;

    -- Known areas keep their kind and parent; a file that disagrees is worth a warning.
    INSERT INTO pg_temp.imp_problems (file, ref, severity, kind, field, message)
    SELECT 0, a.ref, 'warning', 'area_differs', 'parent_code',
           CASE WHEN x.kind = 'cluster' AND a.parent_code IS NULL
                THEN format('%s is recorded as a cluster of %s, but the file gives it no parent; it was left as it is.',
                            a.area_code, par.code)
                WHEN x.kind = 'local_authority'
                THEN format('%s is recorded as a local authority, but the file gives it the parent %s; it was left as it is.',
                            a.area_code, a.parent_code)
                ELSE format('%s is recorded as a cluster of %s, but the file gives the parent %s; it was left as it is.',
                            a.area_code, par.code, a.parent_code)
           END
      FROM pg_temp.imp_areas a
      JOIN fgc.areas x ON x.code = a.area_code
      LEFT JOIN fgc.areas par ON par.id = x.parent_id
     WHERE par.code IS DISTINCT FROM a.parent_code;

    UPDATE fgc.areas x SET name = a.area_name
      FROM pg_temp.imp_areas a
     WHERE x.code = a.area_code AND x.name <> a.area_name;
    GET DIAGNOSTICS v_renamed = ROW_COUNT;

    CREATE TEMP TABLE imp_population_k ON COMMIT DROP AS
    SELECT p.*, x.id AS area_id,
           CASE WHEN x.id IS NULL THEN 'rejected'
                WHEN cur.area_id IS NULL THEN 'new'
                WHEN cur.population_0_17 = p.population_0_17 THEN 'unchanged'
                ELSE 'updated' END AS status
      FROM pg_temp.imp_population p
      LEFT JOIN fgc.areas x ON x.code = p.area_code
      LEFT JOIN fgc.area_populations cur
             ON cur.area_id = x.id AND cur.year = p.year AND cur.vintage = p.vintage;

    INSERT INTO fgc.area_populations AS ap (area_id, year, population_0_17, vintage)
    SELECT k.area_id, k.year, k.population_0_17, k.vintage
      FROM pg_temp.imp_population_k k
     WHERE k.status IN ('new', 'updated')
     ORDER BY k.ref
    ON CONFLICT (area_id, year, vintage)
    DO UPDATE SET population_0_17 = excluded.population_0_17, loaded_at = now();

    SELECT jsonb_build_object('areas_new', v_las + v_clusters, 'areas_updated', v_renamed,
                              'new', count(*) FILTER (WHERE k.status = 'new'),
                              'updated', count(*) FILTER (WHERE k.status = 'updated'),
                              'unchanged', count(*) FILTER (WHERE k.status = 'unchanged'),
                              'rejected', count(*) FILTER (WHERE k.status = 'rejected'))
      INTO v_result
      FROM pg_temp.imp_population_k k;
    RETURN v_result;
END
$$;

-- ---------------------------------------------------------------------------
-- API: the runs
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.import_run_json(r fgc.import_runs)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', r.id,
        'kind', r.kind,
        'area', (SELECT a.code FROM fgc.areas a WHERE a.id = r.area_id),
        'outcome', r.outcome,
        'strict', r.strict,
        'collection_year', r.collection_year,
        'files', (SELECT COALESCE(jsonb_agg(jsonb_build_object('name', f.name, 'sha256', f.sha256) ORDER BY f.n), '[]'::jsonb)
                    FROM unnest(r.file_names, r.file_sha256) WITH ORDINALITY AS f(name, sha256, n)),
        'started_at', r.started_at,
        'finished_at', r.finished_at,
        'rows_read', r.rows_read,
        'rows_imported', r.rows_imported,
        'rows_unchanged', r.rows_unchanged,
        'rows_rejected', r.rows_rejected,
        'warnings', r.warnings,
        'imported_by', r.imported_by,
        'imported_by_name', r.imported_by_name)
$$;

-- args: kind, area (code), cursor, limit. Newest first.
CREATE FUNCTION api.import_run_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_before bigint := fgc.cursor_decode(args->>'cursor');
    v_kind text := fgc.arg_text(args, 'kind');
    v_area_code text := upper(fgc.arg_text(args, 'area'));
    v_area bigint;
    v_items jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'data_analyst'], 'see imports');
    IF v_kind IS NOT NULL AND v_kind NOT IN ('population', 'ssda903', 'cin_census') THEN
        PERFORM fgc.field_error('kind', 'Kind must be population, ssda903 or cin_census.');
    END IF;
    IF v_area_code IS NOT NULL THEN
        SELECT a.id INTO v_area FROM fgc.areas a WHERE a.code = v_area_code;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('area', format('The area %s is not known.', v_area_code));
        END IF;
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id DESC) INTO v_items
      FROM (SELECT r.id, fgc.import_run_json(r) AS j
              FROM fgc.import_runs r
             WHERE (v_before IS NULL OR r.id < v_before)
               AND (v_kind IS NULL OR r.kind = v_kind)
               AND (v_area IS NULL OR r.area_id = v_area)
             ORDER BY r.id DESC
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id. The run with its report.
CREATE FUNCTION api.import_run_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_run fgc.import_runs;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'data_analyst'], 'see imports');
    SELECT * INTO v_run FROM fgc.import_runs r WHERE r.id = v_id;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', format('There is no import with id %s.', v_id));
    END IF;
    RETURN api.ok(fgc.import_run_json(v_run) || jsonb_build_object('report', v_run.report));
END
$$;
