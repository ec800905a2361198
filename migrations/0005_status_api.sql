-- Status history through the API: recording, correcting, retracting and listing CIN episodes, child protection plans, looked-after episodes and pre-proceedings, and a child's chronology.
--
-- The tables are those of 0004_status_history.sql. Every write appends one row to a *_records
-- table (the triggers of 0004 keep the current-state table in step):
--   create   a first version (supersedes NULL);
--   correct  a new full version that supersedes the current one, with a note saying why;
--   retract  a copy of the current version with retracted = true, with a note saying why.
-- An episode's id is its episode_id; its version is the id of its current record, which the
-- daemon returns as the ETag and a correction or retraction must name in If-Match.
-- docs/status-history.md describes the endpoints, the fields and the chronology.
--
-- The four kinds share one driver (fgc.sh_create, fgc.sh_correct, fgc.sh_retract, fgc.sh_list,
-- fgc.sh_get) that reads fgc.status_kinds; what differs between kinds is the checking of their
-- fields and conflicts, in fgc.<kind>_check.

-- ---------------------------------------------------------------------------
-- The kinds of status history
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.status_kinds (
    kind text PRIMARY KEY,                 -- prefix of the api functions: api.<kind>_create ...
    records_table regclass NOT NULL,
    current_table regclass NOT NULL,
    date_column text NOT NULL,             -- the date that orders a child's episodes
    noun text NOT NULL,                    -- for messages: "There is no <noun> with id 3 ..."
    plural text NOT NULL,                  -- for messages: "you may not correct <plural>"
    path text NOT NULL                     -- /api/v1/<path>/{id}
);

INSERT INTO fgc.status_kinds (kind, records_table, current_table, date_column, noun, plural, path) VALUES
    ('cin_episode', 'fgc.cin_episode_records', 'fgc.cin_episodes', 'referral_date',
     'CIN episode', 'CIN episodes', 'cin-episodes'),
    ('cpp', 'fgc.cpp_records', 'fgc.cpp_plans', 'start_date',
     'child protection plan', 'child protection plans', 'child-protection-plans'),
    ('cla_episode', 'fgc.cla_episode_records', 'fgc.cla_episodes', 'decom',
     'looked-after episode', 'looked-after episodes', 'looked-after-episodes'),
    ('pre_proceedings', 'fgc.pre_proceedings_records', 'fgc.pre_proceedings', 'pp_start_date',
     'pre-proceedings record', 'pre-proceedings records', 'pre-proceedings');

-- A child's history and an episode's versions are read by these; 0004 indexed only the
-- current-state tables.
CREATE INDEX IF NOT EXISTS cin_episode_records_episode_idx ON fgc.cin_episode_records (episode_id);
CREATE INDEX IF NOT EXISTS cin_episode_records_child_idx ON fgc.cin_episode_records (child_id);
CREATE INDEX IF NOT EXISTS cpp_records_episode_idx ON fgc.cpp_records (episode_id);
CREATE INDEX IF NOT EXISTS cpp_records_child_idx ON fgc.cpp_records (child_id);
CREATE INDEX IF NOT EXISTS cla_episode_records_episode_idx ON fgc.cla_episode_records (episode_id);
CREATE INDEX IF NOT EXISTS cla_episode_records_child_idx ON fgc.cla_episode_records (child_id);
CREATE INDEX IF NOT EXISTS pre_proceedings_records_episode_idx ON fgc.pre_proceedings_records (episode_id);
CREATE INDEX IF NOT EXISTS pre_proceedings_records_child_idx ON fgc.pre_proceedings_records (child_id);

-- ---------------------------------------------------------------------------
-- Reading and checking fields
--
-- The readers return NULL for a value that is absent, null or not of the right shape; the
-- checkers append a {field, message} to errs for a value that is wrong, so that one response
-- lists every problem. Values arrive as JSON from the daemon (already checked for shape there)
-- or from psql, so the checks here are complete on their own.
-- ---------------------------------------------------------------------------

-- Present and not JSON null (an empty string counts as not given).
CREATE FUNCTION fgc.sh_given(v jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT v IS NOT NULL AND jsonb_typeof(v) <> 'null' AND v <> '""'::jsonb
$$;

CREATE FUNCTION fgc.sh_date(v jsonb)
RETURNS date
LANGUAGE plpgsql STABLE AS $$
DECLARE
    s text := v #>> '{}';
BEGIN
    IF jsonb_typeof(v) IS DISTINCT FROM 'string' OR s !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN s::date;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RETURN NULL;
END
$$;

-- Codes are compared in upper case: "n1" is N1.
CREATE FUNCTION fgc.sh_code(v jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) IN ('string', 'number') THEN NULLIF(upper(btrim(v #>> '{}')), '') END
$$;

CREATE FUNCTION fgc.sh_bool(v jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN jsonb_typeof(v) = 'boolean' THEN (v #>> '{}')::boolean
        WHEN jsonb_typeof(v) = 'string' AND lower(v #>> '{}') IN ('true', 'false') THEN lower(v #>> '{}')::boolean
    END
$$;

CREATE FUNCTION fgc.sh_int(v jsonb)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) IN ('number', 'string') AND (v #>> '{}') ~ '^-?[0-9]{1,9}$'
                THEN (v #>> '{}')::integer END
$$;

CREATE FUNCTION fgc.sh_text(v jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'string' THEN NULLIF(btrim(v #>> '{}'), '') END
$$;

-- "a, b or c"
CREATE FUNCTION fgc.sh_or_list(items text[])
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cardinality($1) <= 1 THEN COALESCE($1[1], '')
        ELSE array_to_string($1[1:cardinality($1) - 1], ', ') || ' or ' || $1[cardinality($1)]
    END
$$;

-- What a code list is called in messages.
CREATE FUNCTION fgc.sh_list_label(list text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE $1
        WHEN 'rne' THEN 'reason for new episode (RNE)'
        WHEN 'ls' THEN 'legal status (LS)'
        WHEN 'cin' THEN 'category of need (CIN)'
        WHEN 'place' THEN 'placement type (PLACE)'
        WHEN 'place_provider' THEN 'placement provider (PLACE_PROVIDER)'
        WHEN 'rec' THEN 'reason the episode ceased (REC)'
        WHEN 'reason_place_change' THEN 'reason for the change of placement (REASON_PLACE_CHANGE)'
        WHEN 'referral_source' THEN 'referral source'
        WHEN 'need' THEN 'primary need'
        WHEN 'closure_reason' THEN 'reason for closure'
        WHEN 'abuse_category' THEN 'category of abuse'
        WHEN 'pp_outcome' THEN 'pre-proceedings outcome'
        ELSE replace($1, '_', ' ')
    END
$$;

-- The description of a code, or the code itself when the list does not have it.
CREATE FUNCTION fgc.sh_code_text(list text, code text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT s.description FROM fgc.status_codes s WHERE s.list = $1 AND s.code = $2), $2)
$$;

-- A date field: given when required, a real date, not in the future, and not before earliest
-- (described by earliest_what, such as 'the referral date').
CREATE FUNCTION fgc.sh_check_date(errs jsonb, field text, label text, v jsonb, required boolean,
                                  earliest date DEFAULT NULL, earliest_what text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    d date := fgc.sh_date(v);
BEGIN
    IF NOT fgc.sh_given(v) THEN
        IF required THEN
            RETURN fgc.err(errs, field, format('Enter the %s.', label));
        END IF;
        RETURN errs;
    END IF;
    IF d IS NULL THEN
        RETURN fgc.err(errs, field, format('The %s must be a real date written as YYYY-MM-DD.', label));
    END IF;
    IF d > fgc.today() THEN
        RETURN fgc.err(errs, field, format('The %s must not be in the future.', label));
    END IF;
    -- An earliest date in the future has its own error already; comparing with it adds noise.
    IF earliest IS NOT NULL AND earliest <= fgc.today() AND d < earliest THEN
        RETURN fgc.err(errs, field, format('The %s must not be before %s, %s.', label, earliest_what,
                                           fgc.date_words(earliest)));
    END IF;
    RETURN errs;
END
$$;

-- A code from one of the lists in fgc.status_codes. A list that fgc.status_codes does not hold
-- (yet), such as pp_outcome, accepts any code of up to 10 letters and digits.
CREATE FUNCTION fgc.sh_check_code(errs jsonb, field text, list text, v jsonb, required boolean)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    c text := fgc.sh_code(v);
    v_label text := fgc.sh_list_label(list);
    v_codes text[];
BEGIN
    IF NOT fgc.sh_given(v) THEN
        IF required THEN
            RETURN fgc.err(errs, field, format('Enter the %s.', v_label));
        END IF;
        RETURN errs;
    END IF;
    SELECT array_agg(s.code ORDER BY substring(s.code FROM '^[A-Z]*'),
                                     NULLIF(substring(s.code FROM '[0-9]+'), '')::integer, s.code)
      INTO v_codes
      FROM fgc.status_codes s WHERE s.list = $3;
    IF v_codes IS NULL THEN
        IF c IS NULL OR c !~ '^[A-Z0-9]{1,10}$' THEN
            RETURN fgc.err(errs, field, format('The %s must be a code of up to 10 letters and digits.', v_label));
        END IF;
    ELSIF c IS NULL OR NOT c = ANY (v_codes) THEN
        RETURN fgc.err(errs, field, format('%s is not a %s code. Use one of %s.',
                                           COALESCE(left(v #>> '{}', 20), 'This'), v_label, fgc.sh_or_list(v_codes)));
    END IF;
    RETURN errs;
END
$$;

CREATE FUNCTION fgc.sh_check_bool(errs jsonb, field text, label text, v jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fgc.sh_given(v) AND fgc.sh_bool(v) IS NULL
                THEN fgc.err(errs, field, format('%s must be true or false.', label))
                ELSE errs END
$$;

CREATE FUNCTION fgc.sh_check_int(errs jsonb, field text, label text, v jsonb, low integer, high integer)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fgc.sh_given(v) AND (fgc.sh_int(v) IS NULL OR fgc.sh_int(v) NOT BETWEEN low AND high)
                THEN fgc.err(errs, field, format('%s must be a whole number from %s to %s.', label, low, high))
                ELSE errs END
$$;

-- The note of a version: why it was corrected or retracted (required then), or any remark.
CREATE FUNCTION fgc.sh_check_note(errs jsonb, v jsonb, required boolean)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN fgc.sh_text(v) IS NULL AND required
            THEN fgc.err(errs, 'note', 'Say why the record is being changed: the note is kept with the new version.')
        WHEN fgc.sh_given(v) AND jsonb_typeof(v) <> 'string'
            THEN fgc.err(errs, 'note', 'The note must be text.')
        WHEN length(fgc.sh_text(v)) > 4000
            THEN fgc.err(errs, 'note', 'The note must be 4000 characters or fewer.')
        ELSE errs
    END
$$;

-- ---------------------------------------------------------------------------
-- JSON bodies (the same for every kind: the record row's own columns are the fields)
-- ---------------------------------------------------------------------------

-- An episode: its current (or, for a retracted one, last) version. "id" is the episode's id and
-- "version" the record's id. Data analysts never see notes, which may name people.
CREATE FUNCTION fgc.sh_episode_json(ctx jsonb, rec jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT (jsonb_build_object('id', rec->'episode_id', 'version', rec->'id')
            || (rec - ARRAY['id', 'episode_id', 'supersedes', 'request_id']))
           - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['note'] ELSE ARRAY[]::text[] END
$$;

-- One version of an episode, for its history.
CREATE FUNCTION fgc.sh_version_json(ctx jsonb, rec jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT (jsonb_build_object('record_id', rec->'id')
            || (rec - ARRAY['id', 'episode_id', 'child_id', 'request_id']))
           - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['note'] ELSE ARRAY[]::text[] END
$$;

-- Every version of an episode, oldest first.
CREATE FUNCTION fgc.sh_history(ctx jsonb, kind text, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_table regclass := (SELECT k.records_table FROM fgc.status_kinds k WHERE k.kind = $2);
    v_items jsonb;
BEGIN
    EXECUTE format('SELECT jsonb_agg(fgc.sh_version_json($1, to_jsonb(r)) ORDER BY r.id)
                      FROM %s r WHERE r.episode_id = $2', v_table)
       INTO v_items USING ctx, episode_id;
    RETURN COALESCE(v_items, '[]'::jsonb);
END
$$;

-- ---------------------------------------------------------------------------
-- The shared driver
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.sh_kind(kind text)
RETURNS fgc.status_kinds
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k fgc.status_kinds;
BEGIN
    SELECT * INTO k FROM fgc.status_kinds s WHERE s.kind = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown kind of status history: %', $1;
    END IF;
    RETURN k;
END
$$;

-- If-Match for status history: the id of the episode's current record.
CREATE FUNCTION fgc.sh_check_version(ctx jsonb, record_id bigint, noun text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_match text := btrim($1->>'if_match');
BEGIN
    IF v_match IS NULL OR v_match = '' THEN
        IF fgc.is_cli($1) THEN
            RETURN;
        END IF;
        PERFORM api.fail('FG412', format('This change needs the version of the %s you are changing (If-Match).', noun));
    END IF;
    IF v_match !~ '^[0-9]{1,18}$' OR v_match::bigint <> $2 THEN
        PERFORM api.fail('FG412', format(
            'The %s has changed since you loaded it (it is now at version %s). Reload it and try again.', noun, $2));
    END IF;
END
$$;

-- Append a version. rec holds the record's fields (a row of the records table as JSON); who,
-- when, which request and the source are set here. Returns the new row as JSON.
CREATE FUNCTION fgc.sh_insert(ctx jsonb, kind text, rec jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_table regclass := (fgc.sh_kind(kind)).records_table;
    v_cols text;
    v_row jsonb;
BEGIN
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO v_cols
      FROM pg_attribute a
     WHERE a.attrelid = v_table AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname NOT IN ('id', 'episode_id', 'recorded_at');
    EXECUTE format('INSERT INTO %s AS t (%s) SELECT %s FROM jsonb_populate_record(NULL::%s, $1) RETURNING to_jsonb(t)',
                   v_table, v_cols, v_cols, v_table)
       INTO v_row
       USING rec || jsonb_build_object('source', 'api', 'import_run_id', NULL,
                                       'request_id', ctx->>'request_id',
                                       'recorded_by', fgc.ctx_user_id(ctx));
    RETURN v_row;
END
$$;

-- The kind's checker: fgc.<kind>_check(args, child_id, note_required, episode_id) returns the
-- checked fields as a record row in JSON, or raises FG422 (fields) or FG409 (conflicts with the
-- child's other episodes; episode_id is the one being corrected, NULL for a new one).
CREATE FUNCTION fgc.sh_checked(kind text, args jsonb, child_id bigint, note_required boolean, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_rec jsonb;
BEGIN
    EXECUTE format('SELECT fgc.%I($1, $2, $3, $4)', kind || '_check')
       INTO v_rec USING args, child_id, note_required, episode_id;
    RETURN v_rec;
END
$$;

-- The current version of an episode, for a correction or retraction by the caller: FG403 for the
-- wrong role, FG404 when the caller cannot see it, FG409 when it was retracted, FG412 when
-- If-Match is not its current version. Locks the child, so that one child's status history
-- changes one request at a time (the checks for overlaps depend on it).
CREATE FUNCTION fgc.sh_episode_for_change(ctx jsonb, kind text, episode_id bigint, doing text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_child bigint;
    v_current jsonb;
    v_last jsonb;
BEGIN
    PERFORM fgc.require_case_writer(ctx, doing);
    EXECUTE format('SELECT r.child_id FROM %s r WHERE r.episode_id = $1 LIMIT 1', k.records_table)
       INTO v_child USING episode_id;
    IF v_child IS NULL OR NOT fgc.child_visible(ctx, v_child) THEN
        PERFORM api.fail('FG404', format('There is no %s with id %s that you can see.', k.noun,
                                         COALESCE(episode_id::text, '(none)')));
    END IF;
    PERFORM 1 FROM fgc.children c WHERE c.id = v_child FOR UPDATE;
    EXECUTE format('SELECT to_jsonb(r) FROM %s c JOIN %s r ON r.id = c.record_id WHERE c.episode_id = $1',
                   k.current_table, k.records_table)
       INTO v_current USING episode_id;
    IF v_current IS NULL THEN
        EXECUTE format('SELECT to_jsonb(r) FROM %1$s r WHERE r.episode_id = $1
                           AND NOT EXISTS (SELECT 1 FROM %1$s s WHERE s.supersedes = r.id)', k.records_table)
           INTO v_last USING episode_id;
        PERFORM api.fail('FG409', format('%s %s was retracted on %s, so it can no longer be changed.',
                                         upper(left(k.noun, 1)) || substr(k.noun, 2), episode_id,
                                         fgc.date_words(((v_last->>'recorded_at')::timestamptz AT TIME ZONE 'Europe/London')::date)));
    END IF;
    PERFORM fgc.sh_check_version(ctx, (v_current->>'id')::bigint, k.noun);
    RETURN v_current;
END
$$;

-- api.<kind>_create: args child_id and the fields. 201 with the episode; ETag its version.
CREATE FUNCTION fgc.sh_create(ctx jsonb, args jsonb, kind text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_child fgc.children := fgc.child_for_change(ctx, fgc.arg_bigint(args, 'child_id'), 'record ' || k.plural);
    v_rec jsonb;
BEGIN
    v_rec := fgc.sh_checked(kind, args, v_child.id, false, NULL);
    v_rec := fgc.sh_insert(ctx, kind, v_rec || '{"supersedes": null, "retracted": false}'::jsonb);
    RETURN api.ok(fgc.sh_episode_json(ctx, v_rec), 201, format('/api/v1/%s/%s', k.path, v_rec->>'episode_id'));
END
$$;

-- api.<kind>_correct: args id (the episode), the full new version of the fields and note (why).
-- If-Match: the current version.
CREATE FUNCTION fgc.sh_correct(ctx jsonb, args jsonb, kind text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_old jsonb := fgc.sh_episode_for_change(ctx, kind, fgc.arg_bigint(args, 'id'), 'correct ' || k.plural);
    v_rec jsonb;
BEGIN
    v_rec := fgc.sh_checked(kind, args, (v_old->>'child_id')::bigint, true, (v_old->>'episode_id')::bigint);
    v_rec := fgc.sh_insert(ctx, kind, v_rec || jsonb_build_object('supersedes', v_old->'id', 'retracted', false));
    RETURN api.ok(fgc.sh_episode_json(ctx, v_rec));
END
$$;

-- api.<kind>_retract: args id (the episode) and note (why). If-Match: the current version.
-- The episode leaves the current-state table; its versions stay in its history.
CREATE FUNCTION fgc.sh_retract(ctx jsonb, args jsonb, kind text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_old jsonb := fgc.sh_episode_for_change(ctx, kind, fgc.arg_bigint(args, 'id'), 'retract ' || k.plural);
    v_plans text;
BEGIN
    PERFORM fgc.raise_errors(fgc.sh_check_note('[]', args->'note', true));
    IF kind = 'cin_episode' THEN
        SELECT string_agg(p.episode_id::text, ', ' ORDER BY p.episode_id) INTO v_plans
          FROM fgc.cpp_plans p WHERE p.cin_episode_id = (v_old->>'episode_id')::bigint;
        IF v_plans IS NOT NULL THEN
            PERFORM api.fail('FG409', format(
                'CIN episode %s cannot be retracted while child protection plans belong to it (%s). '
                'Correct or retract those plans first.', v_old->>'episode_id', v_plans));
        END IF;
    END IF;
    RETURN api.ok(fgc.sh_episode_json(ctx, fgc.sh_insert(ctx, kind,
        v_old || jsonb_build_object('supersedes', v_old->'id', 'retracted', true,
                                    'note', fgc.sh_text(args->'note')))));
END
$$;

-- api.<kind>_list: args child_id, history. The child's episodes in date order; with history,
-- retracted episodes too, and each episode's versions under "history". Not paged: a child's
-- history is returned whole.
CREATE FUNCTION fgc.sh_list(ctx jsonb, args jsonb, kind text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_child bigint := fgc.arg_bigint(args, 'child_id');
    v_history boolean := COALESCE(fgc.arg_bool(args, 'history'), false);
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF v_child IS NULL OR NOT fgc.child_visible(ctx, v_child) THEN
        PERFORM api.fail('FG404', format('There is no child with id %s that you can see.', COALESCE(v_child::text, '(none)')));
    END IF;
    IF v_history THEN
        EXECUTE format('SELECT jsonb_agg(fgc.sh_episode_json($1, to_jsonb(r))
                                         || jsonb_build_object(''history'', fgc.sh_history($1, $3, r.episode_id))
                                         ORDER BY r.%2$I, r.episode_id)
                          FROM %1$s r
                         WHERE r.child_id = $2
                           AND NOT EXISTS (SELECT 1 FROM %1$s s WHERE s.supersedes = r.id)',
                       k.records_table, k.date_column)
           INTO v_items USING ctx, v_child, kind;
    ELSE
        EXECUTE format('SELECT jsonb_agg(fgc.sh_episode_json($1, to_jsonb(r)) ORDER BY r.%3$I, r.episode_id)
                          FROM %1$s c JOIN %2$s r ON r.id = c.record_id
                         WHERE c.child_id = $2',
                       k.current_table, k.records_table, k.date_column)
           INTO v_items USING ctx, v_child;
    END IF;
    RETURN api.ok(jsonb_build_object('items', COALESCE(v_items, '[]'::jsonb), 'next_cursor', NULL));
END
$$;

-- api.<kind>_get: args id (the episode). Its current version (or its retraction), with its
-- history. ETag: the version.
CREATE FUNCTION fgc.sh_get(ctx jsonb, args jsonb, kind text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k fgc.status_kinds := fgc.sh_kind(kind);
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_rec jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    EXECUTE format('SELECT to_jsonb(r) FROM %1$s r WHERE r.episode_id = $1
                       AND NOT EXISTS (SELECT 1 FROM %1$s s WHERE s.supersedes = r.id)', k.records_table)
       INTO v_rec USING v_id;
    IF v_rec IS NULL OR NOT fgc.child_visible(ctx, (v_rec->>'child_id')::bigint) THEN
        PERFORM api.fail('FG404', format('There is no %s with id %s that you can see.', k.noun, COALESCE(v_id::text, '(none)')));
    END IF;
    RETURN api.ok(fgc.sh_episode_json(ctx, v_rec) || jsonb_build_object('history', fgc.sh_history(ctx, kind, v_id)));
END
$$;

-- ---------------------------------------------------------------------------
-- CIN episodes (episodes of need: referral to closure)
-- ---------------------------------------------------------------------------

-- Assessments: [{start_date, authorised_date, factors: ["3A", "21", ...]}]. Factor codes are
-- those of the CIN census (1A to 24A and the like): one or two digits and an optional letter.
CREATE FUNCTION fgc.cin_check_assessments(v jsonb, referral_date date, INOUT errs jsonb, OUT assessments jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    v_elem jsonb;
    v_i integer := 0;
    v_j integer;
    v_field text;
    v_factor jsonb;
    v_factors text[];
    v_start date;
BEGIN
    assessments := '[]';
    IF NOT fgc.sh_given(v) THEN
        RETURN;
    END IF;
    IF jsonb_typeof(v) <> 'array' THEN
        errs := fgc.err(errs, 'assessments', 'Assessments must be a list.');
        RETURN;
    END IF;
    FOR v_elem IN SELECT e FROM jsonb_array_elements(v) AS e LOOP
        v_field := format('assessments[%s]', v_i);
        v_i := v_i + 1;
        IF jsonb_typeof(v_elem) <> 'object' THEN
            errs := fgc.err(errs, v_field, 'Each assessment must be an object with a start date.');
            CONTINUE;
        END IF;
        v_start := fgc.sh_date(v_elem->'start_date');
        errs := fgc.sh_check_date(errs, v_field || '.start_date', 'start date of the assessment',
                                  v_elem->'start_date', true, referral_date, 'the referral date');
        errs := fgc.sh_check_date(errs, v_field || '.authorised_date', 'date the assessment was authorised',
                                  v_elem->'authorised_date', false, v_start, 'the start of the assessment');
        v_factors := '{}';
        IF fgc.sh_given(v_elem->'factors') AND jsonb_typeof(v_elem->'factors') <> 'array' THEN
            errs := fgc.err(errs, v_field || '.factors', 'Factors must be a list of assessment factor codes.');
        ELSIF jsonb_typeof(v_elem->'factors') = 'array' THEN
            v_j := 0;
            FOR v_factor IN SELECT f FROM jsonb_array_elements(v_elem->'factors') AS f LOOP
                IF fgc.sh_code(v_factor) IS NULL OR fgc.sh_code(v_factor) !~ '^[0-9]{1,2}[A-Z]?$' THEN
                    errs := fgc.err(errs, format('%s.factors[%s]', v_field, v_j),
                        format('%s is not an assessment factor code (one or two digits and an optional letter, such as 3A or 21).',
                               COALESCE(left(v_factor #>> '{}', 20), 'This')));
                ELSIF NOT fgc.sh_code(v_factor) = ANY (v_factors) THEN
                    v_factors := v_factors || fgc.sh_code(v_factor);
                END IF;
                v_j := v_j + 1;
            END LOOP;
        END IF;
        assessments := assessments || jsonb_build_array(jsonb_build_object(
            'start_date', v_start,
            'authorised_date', fgc.sh_date(v_elem->'authorised_date'),
            'factors', to_jsonb(v_factors)));
    END LOOP;
END
$$;

-- Section 47 enquiries: [{start_date, icpc_not_required, icpc_date}].
CREATE FUNCTION fgc.cin_check_section47s(v jsonb, referral_date date, INOUT errs jsonb, OUT section47s jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    v_elem jsonb;
    v_i integer := 0;
    v_field text;
    v_start date;
BEGIN
    section47s := '[]';
    IF NOT fgc.sh_given(v) THEN
        RETURN;
    END IF;
    IF jsonb_typeof(v) <> 'array' THEN
        errs := fgc.err(errs, 'section47s', 'Section 47 enquiries must be a list.');
        RETURN;
    END IF;
    FOR v_elem IN SELECT e FROM jsonb_array_elements(v) AS e LOOP
        v_field := format('section47s[%s]', v_i);
        v_i := v_i + 1;
        IF jsonb_typeof(v_elem) <> 'object' THEN
            errs := fgc.err(errs, v_field, 'Each section 47 enquiry must be an object with a start date.');
            CONTINUE;
        END IF;
        v_start := fgc.sh_date(v_elem->'start_date');
        errs := fgc.sh_check_date(errs, v_field || '.start_date', 'start date of the section 47 enquiry',
                                  v_elem->'start_date', true, referral_date, 'the referral date');
        errs := fgc.sh_check_bool(errs, v_field || '.icpc_not_required', 'ICPC not required', v_elem->'icpc_not_required');
        errs := fgc.sh_check_date(errs, v_field || '.icpc_date', 'date of the initial child protection conference',
                                  v_elem->'icpc_date', false, v_start, 'the start of the enquiry');
        IF fgc.sh_bool(v_elem->'icpc_not_required') AND fgc.sh_given(v_elem->'icpc_date') THEN
            errs := fgc.err(errs, v_field || '.icpc_date',
                'An initial child protection conference date is given, but the enquiry says none was required.');
        END IF;
        section47s := section47s || jsonb_build_array(jsonb_build_object(
            'start_date', v_start,
            'icpc_not_required', COALESCE(fgc.sh_bool(v_elem->'icpc_not_required'), false),
            'icpc_date', fgc.sh_date(v_elem->'icpc_date')));
    END LOOP;
END
$$;

CREATE FUNCTION fgc.cin_episode_check(args jsonb, child_id bigint, note_required boolean, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    r fgc.cin_episode_records;
    v_errs jsonb := '[]';
    v_res record;
    v_other fgc.cin_episodes;
BEGIN
    r.child_id := child_id;
    r.referral_date := fgc.sh_date(args->'referral_date');
    r.referral_source := fgc.sh_code(args->'referral_source');
    r.primary_need := fgc.sh_code(args->'primary_need');
    r.referral_nfa := COALESCE(fgc.sh_bool(args->'referral_nfa'), false);
    r.closure_date := fgc.sh_date(args->'closure_date');
    r.closure_reason := fgc.sh_code(args->'closure_reason');
    r.note := fgc.sh_text(args->'note');

    v_errs := fgc.sh_check_date(v_errs, 'referral_date', 'referral date', args->'referral_date', true);
    v_errs := fgc.sh_check_code(v_errs, 'referral_source', 'referral_source', args->'referral_source', false);
    v_errs := fgc.sh_check_code(v_errs, 'primary_need', 'need', args->'primary_need', false);
    v_errs := fgc.sh_check_bool(v_errs, 'referral_nfa', 'Referral NFA (no further action)', args->'referral_nfa');
    v_errs := fgc.sh_check_date(v_errs, 'closure_date', 'closure date', args->'closure_date', false,
                                r.referral_date, 'the referral date');
    v_errs := fgc.sh_check_code(v_errs, 'closure_reason', 'closure_reason', args->'closure_reason', false);
    IF fgc.sh_given(args->'closure_date') AND NOT fgc.sh_given(args->'closure_reason') THEN
        v_errs := fgc.err(v_errs, 'closure_reason', 'Enter the reason for closure: a closed episode of need needs one.');
    ELSIF fgc.sh_given(args->'closure_reason') AND NOT fgc.sh_given(args->'closure_date') THEN
        v_errs := fgc.err(v_errs, 'closure_date',
            'Enter the closure date, or leave out the reason for closure while the episode is open.');
    END IF;
    SELECT * INTO v_res FROM fgc.cin_check_assessments(args->'assessments', r.referral_date, v_errs);
    v_errs := v_res.errs;
    r.assessments := v_res.assessments;
    SELECT * INTO v_res FROM fgc.cin_check_section47s(args->'section47s', r.referral_date, v_errs);
    v_errs := v_res.errs;
    r.section47s := v_res.section47s;
    v_errs := fgc.sh_check_note(v_errs, args->'note', note_required);
    PERFORM fgc.raise_errors(v_errs);

    SELECT * INTO v_other FROM fgc.cin_episodes e
     WHERE e.child_id = r.child_id AND e.referral_date = r.referral_date
       AND e.episode_id IS DISTINCT FROM $4;
    IF FOUND THEN
        PERFORM api.fail('FG409', format(
            'Child %s already has a CIN episode with a referral on %s (episode %s). Correct that episode rather than recording a second one.',
            r.child_id, fgc.date_words(r.referral_date), v_other.episode_id));
    END IF;
    RETURN to_jsonb(r);
END
$$;

-- ---------------------------------------------------------------------------
-- Child protection plans
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.cpp_check(args jsonb, child_id bigint, note_required boolean, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    r fgc.cpp_records;
    v_errs jsonb := '[]';
    v_elem jsonb;
    v_i integer := 0;
    v_dates date[] := '{}';
    v_cin fgc.cin_episodes;
    v_other fgc.cpp_plans;
BEGIN
    r.child_id := child_id;
    r.start_date := fgc.sh_date(args->'start_date');
    r.end_date := fgc.sh_date(args->'end_date');
    r.icpc_date := fgc.sh_date(args->'icpc_date');
    r.initial_category := fgc.sh_code(args->'initial_category');
    r.latest_category := fgc.sh_code(args->'latest_category');
    r.number_of_previous_cpp := fgc.sh_int(args->'number_of_previous_cpp');
    r.note := fgc.sh_text(args->'note');

    v_errs := fgc.sh_check_date(v_errs, 'start_date', 'start date of the plan', args->'start_date', true);
    v_errs := fgc.sh_check_date(v_errs, 'end_date', 'end date of the plan', args->'end_date', false,
                                r.start_date, 'its start date');
    v_errs := fgc.sh_check_date(v_errs, 'icpc_date', 'date of the initial child protection conference',
                                args->'icpc_date', false);
    v_errs := fgc.sh_check_code(v_errs, 'initial_category', 'abuse_category', args->'initial_category', false);
    v_errs := fgc.sh_check_code(v_errs, 'latest_category', 'abuse_category', args->'latest_category', false);
    v_errs := fgc.sh_check_int(v_errs, 'number_of_previous_cpp', 'The number of previous plans',
                               args->'number_of_previous_cpp', 0, 99);

    IF fgc.sh_given(args->'review_dates') AND jsonb_typeof(args->'review_dates') <> 'array' THEN
        v_errs := fgc.err(v_errs, 'review_dates', 'Review dates must be a list of dates.');
    ELSIF jsonb_typeof(args->'review_dates') = 'array' THEN
        FOR v_elem IN SELECT e FROM jsonb_array_elements(args->'review_dates') AS e LOOP
            v_errs := fgc.sh_check_date(v_errs, format('review_dates[%s]', v_i), 'date of the review',
                                        v_elem, true, r.start_date, 'the start of the plan');
            IF fgc.sh_date(v_elem) > r.end_date THEN
                v_errs := fgc.err(v_errs, format('review_dates[%s]', v_i),
                    format('The date of the review must not be after the plan ended, on %s.', fgc.date_words(r.end_date)));
            END IF;
            IF fgc.sh_date(v_elem) IS NOT NULL AND NOT fgc.sh_date(v_elem) = ANY (v_dates) THEN
                v_dates := v_dates || fgc.sh_date(v_elem);
            END IF;
            v_i := v_i + 1;
        END LOOP;
    END IF;
    r.review_dates := ARRAY(SELECT d FROM unnest(v_dates) AS d ORDER BY d);

    IF fgc.sh_given(args->'cin_episode_id') THEN
        IF jsonb_typeof(args->'cin_episode_id') NOT IN ('number', 'string') OR (args->>'cin_episode_id') !~ '^[0-9]{1,18}$' THEN
            v_errs := fgc.err(v_errs, 'cin_episode_id', 'The CIN episode id must be a whole number.');
        ELSE
            r.cin_episode_id := (args->>'cin_episode_id')::bigint;
            SELECT * INTO v_cin FROM fgc.cin_episodes e WHERE e.episode_id = r.cin_episode_id AND e.child_id = r.child_id;
            IF NOT FOUND THEN
                v_errs := fgc.err(v_errs, 'cin_episode_id',
                    format('Child %s has no CIN episode with id %s.', r.child_id, r.cin_episode_id));
            ELSIF r.start_date < v_cin.referral_date THEN
                v_errs := fgc.err(v_errs, 'start_date', format(
                    'The plan must not start before the referral of its CIN episode, on %s.', fgc.date_words(v_cin.referral_date)));
            END IF;
        END IF;
    END IF;
    v_errs := fgc.sh_check_note(v_errs, args->'note', note_required);
    PERFORM fgc.raise_errors(v_errs);

    SELECT * INTO v_other FROM fgc.cpp_plans p
     WHERE p.child_id = r.child_id AND p.start_date = r.start_date
       AND p.episode_id IS DISTINCT FROM $4;
    IF FOUND THEN
        PERFORM api.fail('FG409', format(
            'Child %s already has a child protection plan starting on %s (plan %s). Correct that plan rather than recording a second one.',
            r.child_id, fgc.date_words(r.start_date), v_other.episode_id));
    END IF;
    RETURN to_jsonb(r);
END
$$;

-- ---------------------------------------------------------------------------
-- Looked-after episodes (SSDA903)
-- ---------------------------------------------------------------------------

-- "from 1 March 2025 to 3 April 2025" or "from 1 March 2025, still open"
CREATE FUNCTION fgc.sh_period_words(start_date date, end_date date)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'from ' || fgc.date_words($1)
        || CASE WHEN $2 IS NULL THEN ', still open' ELSE ' to ' || fgc.date_words($2) END
$$;

-- An episode covers [decom, dec): the next episode may begin on the day the previous one ceased
-- (with X1 or any other reason), but two episodes of one child never cover the same day, and a
-- child has at most one open episode.
CREATE FUNCTION fgc.cla_episode_check(args jsonb, child_id bigint, note_required boolean, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    r fgc.cla_episode_records;
    v_errs jsonb := '[]';
    v_other fgc.cla_episodes;
BEGIN
    r.child_id := child_id;
    r.decom := fgc.sh_date(args->'decom');
    r.rne := fgc.sh_code(args->'rne');
    r.ls := fgc.sh_code(args->'ls');
    r.cin := fgc.sh_code(args->'cin');
    r.place := fgc.sh_code(args->'place');
    r.place_provider := fgc.sh_code(args->'place_provider');
    r.dec := fgc.sh_date(args->'dec');
    r.rec := fgc.sh_code(args->'rec');
    r.reason_place_change := fgc.sh_code(args->'reason_place_change');
    r.home_post := upper(fgc.sh_text(args->'home_post'));
    r.pl_post := upper(fgc.sh_text(args->'pl_post'));
    r.urn := upper(fgc.sh_text(args->'urn'));
    r.note := fgc.sh_text(args->'note');

    v_errs := fgc.sh_check_date(v_errs, 'decom', 'date the episode began (DECOM)', args->'decom', true);
    v_errs := fgc.sh_check_code(v_errs, 'rne', 'rne', args->'rne', true);
    v_errs := fgc.sh_check_code(v_errs, 'ls', 'ls', args->'ls', true);
    v_errs := fgc.sh_check_code(v_errs, 'cin', 'cin', args->'cin', false);
    v_errs := fgc.sh_check_code(v_errs, 'place', 'place', args->'place', false);
    v_errs := fgc.sh_check_code(v_errs, 'place_provider', 'place_provider', args->'place_provider', false);
    v_errs := fgc.sh_check_date(v_errs, 'dec', 'date the episode ceased (DEC)', args->'dec', false,
                                r.decom, 'the date it began');
    v_errs := fgc.sh_check_code(v_errs, 'rec', 'rec', args->'rec', false);
    IF fgc.sh_given(args->'dec') AND NOT fgc.sh_given(args->'rec') THEN
        v_errs := fgc.err(v_errs, 'rec', 'Enter the reason the episode ceased (REC): an episode that has ceased needs one.');
    ELSIF fgc.sh_given(args->'rec') AND NOT fgc.sh_given(args->'dec') THEN
        v_errs := fgc.err(v_errs, 'dec',
            'Enter the date the episode ceased (DEC), or leave out the reason it ceased while it is open.');
    END IF;
    v_errs := fgc.sh_check_code(v_errs, 'reason_place_change', 'reason_place_change', args->'reason_place_change', false);
    -- SSDA903 postcodes are usually partial (district and sector, such as LS12 3).
    IF fgc.sh_given(args->'home_post') AND COALESCE(r.home_post, '') !~ '^[A-Z]{1,2}[0-9][0-9A-Z]?( ?[0-9]([A-Z]{2})?)?$' THEN
        v_errs := fgc.err(v_errs, 'home_post', 'The home postcode must be a postcode or its first part and sector, such as LS12 3.');
    END IF;
    IF fgc.sh_given(args->'pl_post') AND COALESCE(r.pl_post, '') !~ '^[A-Z]{1,2}[0-9][0-9A-Z]?( ?[0-9]([A-Z]{2})?)?$' THEN
        v_errs := fgc.err(v_errs, 'pl_post', 'The placement postcode must be a postcode or its first part and sector, such as LS12 3.');
    END IF;
    IF fgc.sh_given(args->'urn') AND COALESCE(r.urn, '') !~ '^[A-Z0-9]{1,10}$' THEN
        v_errs := fgc.err(v_errs, 'urn', 'The URN must be the Ofsted unique reference number of the placement (up to 10 letters and digits).');
    END IF;
    v_errs := fgc.sh_check_note(v_errs, args->'note', note_required);
    PERFORM fgc.raise_errors(v_errs);

    IF r.dec IS NULL THEN
        SELECT * INTO v_other FROM fgc.cla_episodes e
         WHERE e.child_id = r.child_id AND e.dec IS NULL AND e.episode_id IS DISTINCT FROM $4
         ORDER BY e.decom LIMIT 1;
        IF FOUND THEN
            PERFORM api.fail('FG409', format(
                'Child %s already has an open looked-after episode (episode %s, which began on %s). '
                'Record when that episode ceased (DEC and REC) before recording another open episode.',
                r.child_id, v_other.episode_id, fgc.date_words(v_other.decom)));
        END IF;
    END IF;
    SELECT * INTO v_other FROM fgc.cla_episodes e
     WHERE e.child_id = r.child_id AND e.episode_id IS DISTINCT FROM $4
       AND (e.decom = r.decom OR daterange(e.decom, e.dec, '[)') && daterange(r.decom, r.dec, '[)'))
     ORDER BY e.decom LIMIT 1;
    IF FOUND THEN
        PERFORM api.fail('FG409', format(
            'This looked-after episode (%s) overlaps episode %s of the same child (%s). '
            'Episodes must not overlap: the next episode may begin on the day the previous one ceased, not before.',
            fgc.sh_period_words(r.decom, r.dec), v_other.episode_id, fgc.sh_period_words(v_other.decom, v_other.dec)));
    END IF;
    RETURN to_jsonb(r);
END
$$;

-- ---------------------------------------------------------------------------
-- Pre-proceedings and family group decision making (CIN census from 2025-26)
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.pre_proceedings_check(args jsonb, child_id bigint, note_required boolean, episode_id bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    r fgc.pre_proceedings_records;
    v_errs jsonb := '[]';
    v_other fgc.pre_proceedings;
BEGIN
    r.child_id := child_id;
    r.pp_start_date := fgc.sh_date(args->'pp_start_date');
    r.lbp_sent_date := fgc.sh_date(args->'lbp_sent_date');
    r.fgdm_meeting_offer := fgc.sh_bool(args->'fgdm_meeting_offer');
    r.fgdm_meeting_facilitated := fgc.sh_bool(args->'fgdm_meeting_facilitated');
    r.initial_pp_meeting_date := fgc.sh_date(args->'initial_pp_meeting_date');
    r.review_meetings_count := fgc.sh_int(args->'review_meetings_count');
    r.step_decision_date := fgc.sh_date(args->'step_decision_date');
    r.pp_outcome := fgc.sh_code(args->'pp_outcome');
    r.court_app_date := fgc.sh_date(args->'court_app_date');
    r.letter_init_cp_date := fgc.sh_date(args->'letter_init_cp_date');
    r.note := fgc.sh_text(args->'note');

    v_errs := fgc.sh_check_date(v_errs, 'pp_start_date', 'date pre-proceedings started', args->'pp_start_date', true);
    v_errs := fgc.sh_check_date(v_errs, 'lbp_sent_date', 'date the letter before proceedings was sent',
                                args->'lbp_sent_date', false);
    v_errs := fgc.sh_check_bool(v_errs, 'fgdm_meeting_offer', 'Whether a family group decision-making meeting was offered',
                                args->'fgdm_meeting_offer');
    v_errs := fgc.sh_check_bool(v_errs, 'fgdm_meeting_facilitated', 'Whether a family group decision-making meeting was held',
                                args->'fgdm_meeting_facilitated');
    IF r.fgdm_meeting_facilitated AND r.fgdm_meeting_offer IS FALSE THEN
        v_errs := fgc.err(v_errs, 'fgdm_meeting_facilitated',
            'A family group decision-making meeting cannot have been held if none was offered.');
    END IF;
    v_errs := fgc.sh_check_date(v_errs, 'initial_pp_meeting_date', 'date of the initial pre-proceedings meeting',
                                args->'initial_pp_meeting_date', false, r.pp_start_date, 'the start of pre-proceedings');
    v_errs := fgc.sh_check_int(v_errs, 'review_meetings_count', 'The number of review meetings',
                               args->'review_meetings_count', 0, 99);
    v_errs := fgc.sh_check_date(v_errs, 'step_decision_date', 'date of the decision on the next step',
                                args->'step_decision_date', false, r.pp_start_date, 'the start of pre-proceedings');
    v_errs := fgc.sh_check_code(v_errs, 'pp_outcome', 'pp_outcome', args->'pp_outcome', false);
    IF fgc.sh_given(args->'pp_outcome') AND NOT fgc.sh_given(args->'step_decision_date') THEN
        v_errs := fgc.err(v_errs, 'step_decision_date',
            'Enter the date of the decision on the next step: an outcome needs it.');
    END IF;
    v_errs := fgc.sh_check_date(v_errs, 'court_app_date', 'date of the application to court',
                                args->'court_app_date', false, r.pp_start_date, 'the start of pre-proceedings');
    v_errs := fgc.sh_check_date(v_errs, 'letter_init_cp_date', 'date of the letter of intention to issue care proceedings',
                                args->'letter_init_cp_date', false);
    v_errs := fgc.sh_check_note(v_errs, args->'note', note_required);
    PERFORM fgc.raise_errors(v_errs);

    SELECT * INTO v_other FROM fgc.pre_proceedings p
     WHERE p.child_id = r.child_id AND p.pp_start_date = r.pp_start_date
       AND p.episode_id IS DISTINCT FROM $4;
    IF FOUND THEN
        PERFORM api.fail('FG409', format(
            'Child %s already has pre-proceedings starting on %s (record %s). Correct that record rather than recording a second one.',
            r.child_id, fgc.date_words(r.pp_start_date), v_other.episode_id));
    END IF;
    RETURN to_jsonb(r);
END
$$;

-- ---------------------------------------------------------------------------
-- The API functions (each kind through the shared driver)
-- ---------------------------------------------------------------------------

-- args: child_id, referral_date, referral_source, primary_need, referral_nfa, closure_date,
-- closure_reason, assessments [{start_date, authorised_date, factors[]}],
-- section47s [{start_date, icpc_not_required, icpc_date}], note
CREATE FUNCTION api.cin_episode_create(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_create(ctx, args, 'cin_episode') $$;
-- args: id (episode), the cin_episode_create fields, note (required). If-Match.
CREATE FUNCTION api.cin_episode_correct(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_correct(ctx, args, 'cin_episode') $$;
-- args: id (episode), note (required). If-Match.
CREATE FUNCTION api.cin_episode_retract(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_retract(ctx, args, 'cin_episode') $$;
-- args: child_id, history
CREATE FUNCTION api.cin_episode_list(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_list(ctx, args, 'cin_episode') $$;
-- args: id (episode)
CREATE FUNCTION api.cin_episode_get(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_get(ctx, args, 'cin_episode') $$;

-- args: child_id, start_date, end_date, icpc_date, initial_category, latest_category,
-- number_of_previous_cpp, review_dates[], cin_episode_id, note
CREATE FUNCTION api.cpp_create(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_create(ctx, args, 'cpp') $$;
CREATE FUNCTION api.cpp_correct(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_correct(ctx, args, 'cpp') $$;
CREATE FUNCTION api.cpp_retract(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_retract(ctx, args, 'cpp') $$;
CREATE FUNCTION api.cpp_list(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_list(ctx, args, 'cpp') $$;
CREATE FUNCTION api.cpp_get(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_get(ctx, args, 'cpp') $$;

-- args: child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
-- home_post, pl_post, urn, note
CREATE FUNCTION api.cla_episode_create(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_create(ctx, args, 'cla_episode') $$;
CREATE FUNCTION api.cla_episode_correct(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_correct(ctx, args, 'cla_episode') $$;
CREATE FUNCTION api.cla_episode_retract(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_retract(ctx, args, 'cla_episode') $$;
CREATE FUNCTION api.cla_episode_list(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_list(ctx, args, 'cla_episode') $$;
CREATE FUNCTION api.cla_episode_get(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_get(ctx, args, 'cla_episode') $$;

-- args: child_id, pp_start_date, lbp_sent_date, fgdm_meeting_offer, fgdm_meeting_facilitated,
-- initial_pp_meeting_date, review_meetings_count, step_decision_date, pp_outcome,
-- court_app_date, letter_init_cp_date, note
CREATE FUNCTION api.pre_proceedings_create(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_create(ctx, args, 'pre_proceedings') $$;
CREATE FUNCTION api.pre_proceedings_correct(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_correct(ctx, args, 'pre_proceedings') $$;
CREATE FUNCTION api.pre_proceedings_retract(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_retract(ctx, args, 'pre_proceedings') $$;
CREATE FUNCTION api.pre_proceedings_list(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_list(ctx, args, 'pre_proceedings') $$;
CREATE FUNCTION api.pre_proceedings_get(ctx jsonb, args jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT fgc.sh_get(ctx, args, 'pre_proceedings') $$;

-- ---------------------------------------------------------------------------
-- A child's chronology
-- ---------------------------------------------------------------------------

-- The kinds of chronology item, in the order they take on one day (see fgc.chronology_items).
CREATE TABLE fgc.chronology_kinds (
    kind text PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    description text NOT NULL
);

INSERT INTO fgc.chronology_kinds (kind, position, description) VALUES
    ('cin_referral',                  10, 'Referral to children''s social care (start of a CIN episode)'),
    ('cin_assessment',                11, 'An assessment of a CIN episode started'),
    ('cin_section47',                 12, 'A section 47 enquiry of a CIN episode started'),
    ('cin_closure',                   13, 'A CIN episode closed'),
    ('cpp_start',                     20, 'A child protection plan started'),
    ('cpp_end',                       21, 'A child protection plan ended'),
    ('pp_start',                      30, 'Pre-proceedings started'),
    ('pp_letter_before_proceedings',  31, 'Letter before proceedings sent'),
    ('pp_initial_meeting',            32, 'Initial pre-proceedings meeting held'),
    ('pp_step_decision',              33, 'Decision on the next step of pre-proceedings'),
    ('pp_letter_initiating_proceedings', 34, 'Letter of intention to issue care proceedings sent'),
    ('pp_court_application',          35, 'Application to court'),
    ('cla_start',                     40, 'A looked-after episode began'),
    ('cla_end',                       41, 'A looked-after episode ceased'),
    ('fgc_referral_made',             50, 'Referred for a family group conference'),
    ('fgc_referral_accepted',         51, 'FGC referral accepted'),
    ('fgc_referral_declined',         52, 'FGC referral declined'),
    ('fgc_coordinator_allocated',     53, 'FGC coordinator allocated'),
    ('fgc_conference_held',           54, 'Family group conference held'),
    ('fgc_plan_agreed',               55, 'Family plan agreed'),
    ('fgc_plan_not_agreed',           56, 'No family plan agreed'),
    ('fgc_review_held',               57, 'Review conference held'),
    ('fgc_referral_closed',           58, 'FGC referral closed');

-- "threshold_not_met" -> "threshold not met"
CREATE FUNCTION fgc.sh_words(code text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT replace($1, '_', ' ')
$$;

-- A code's description in the middle of a sentence: "Full care order" -> "full care order",
-- but "NHS or health trust ..." stays as it is.
CREATE FUNCTION fgc.sh_said(list text, code text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN substr(d, 2, 1) ~ '[a-z]' THEN lower(left(d, 1)) || substr(d, 2) ELSE d END
      FROM fgc.sh_code_text($1, $2) AS d
$$;

-- Every item of a child's chronology, unordered, with the keys that order it:
--   date, then ending (false first: the end of something that began on an earlier day comes
--   before anything that begins or happens that day, so an X1 change reads as an end followed
--   by a start), then the kind's position in fgc.chronology_kinds, then the id of the source
--   record (episode or referral) and the position within it.
-- Status history comes from the current-state tables (retracted episodes are left out); FGC
-- events from referral steps, conferences and plans of every referral that includes the child.
CREATE FUNCTION fgc.chronology_items(child_id bigint)
RETURNS TABLE (date date, ending boolean, kind text, source_id bigint, sub_id bigint,
               title text, details jsonb, source jsonb)
LANGUAGE sql STABLE AS $$
    -- CIN episodes
    SELECT r.referral_date, false, 'cin_referral', r.episode_id, 0::bigint,
           'Referred to children''s social care'
             || CASE WHEN r.referral_source IS NOT NULL OR r.primary_need IS NOT NULL THEN
                    ' (' || concat_ws('; ',
                        'referral source: ' || fgc.sh_said('referral_source', r.referral_source),
                        'primary need: ' || fgc.sh_said('need', r.primary_need)) || ')'
                ELSE '' END
             || CASE WHEN r.referral_nfa THEN '; no further action.' ELSE '.' END,
           jsonb_build_object('referral_source', r.referral_source, 'primary_need', r.primary_need,
                              'referral_nfa', r.referral_nfa),
           jsonb_build_object('type', 'cin_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cin_episodes c JOIN fgc.cin_episode_records r ON r.id = c.record_id
     WHERE c.child_id = $1
    UNION ALL
    SELECT (a.value->>'start_date')::date, false, 'cin_assessment', r.episode_id, a.n,
           'Assessment started'
             || CASE WHEN a.value->>'authorised_date' IS NOT NULL
                     THEN '; authorised on ' || fgc.date_words((a.value->>'authorised_date')::date) ELSE '' END
             || CASE WHEN a.value->'factors' ?| ARRAY['3A', '3B', '3C']
                     THEN '. Domestic abuse was a factor.' ELSE '.' END,
           jsonb_build_object('authorised_date', a.value->'authorised_date', 'factors', a.value->'factors'),
           jsonb_build_object('type', 'cin_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cin_episodes c JOIN fgc.cin_episode_records r ON r.id = c.record_id
     CROSS JOIN LATERAL jsonb_array_elements(r.assessments) WITH ORDINALITY AS a(value, n)
     WHERE c.child_id = $1 AND a.value->>'start_date' IS NOT NULL
    UNION ALL
    SELECT (s.value->>'start_date')::date, false, 'cin_section47', r.episode_id, s.n,
           'Section 47 enquiry started'
             || CASE WHEN s.value->>'icpc_date' IS NOT NULL
                     THEN '; initial child protection conference on ' || fgc.date_words((s.value->>'icpc_date')::date) || '.'
                     WHEN (s.value->>'icpc_not_required')::boolean THEN '; no initial child protection conference was required.'
                     ELSE '.' END,
           jsonb_build_object('icpc_not_required', s.value->'icpc_not_required', 'icpc_date', s.value->'icpc_date'),
           jsonb_build_object('type', 'cin_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cin_episodes c JOIN fgc.cin_episode_records r ON r.id = c.record_id
     CROSS JOIN LATERAL jsonb_array_elements(r.section47s) WITH ORDINALITY AS s(value, n)
     WHERE c.child_id = $1 AND s.value->>'start_date' IS NOT NULL
    UNION ALL
    SELECT r.closure_date, r.closure_date > r.referral_date, 'cin_closure', r.episode_id, 0,
           'CIN episode closed'
             || CASE WHEN r.closure_reason IS NOT NULL
                     THEN ': ' || fgc.sh_said('closure_reason', r.closure_reason) ELSE '' END || '.',
           jsonb_build_object('closure_reason', r.closure_reason, 'referral_date', r.referral_date),
           jsonb_build_object('type', 'cin_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cin_episodes c JOIN fgc.cin_episode_records r ON r.id = c.record_id
     WHERE c.child_id = $1 AND r.closure_date IS NOT NULL
    -- Child protection plans
    UNION ALL
    SELECT r.start_date, false, 'cpp_start', r.episode_id, 0,
           'Child protection plan started'
             || CASE WHEN r.initial_category IS NOT NULL
                     THEN ' (category of abuse: ' || fgc.sh_said('abuse_category', r.initial_category) || ')' ELSE '' END
             || '.',
           jsonb_build_object('initial_category', r.initial_category, 'icpc_date', r.icpc_date,
                              'number_of_previous_cpp', r.number_of_previous_cpp, 'cin_episode_id', r.cin_episode_id),
           jsonb_build_object('type', 'cpp', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cpp_plans c JOIN fgc.cpp_records r ON r.id = c.record_id
     WHERE c.child_id = $1
    UNION ALL
    SELECT r.end_date, r.end_date > r.start_date, 'cpp_end', r.episode_id, 0,
           'Child protection plan ended'
             || CASE WHEN r.latest_category IS NOT NULL
                     THEN ' (latest category of abuse: ' || fgc.sh_said('abuse_category', r.latest_category) || ')' ELSE '' END
             || '.',
           jsonb_build_object('latest_category', r.latest_category, 'start_date', r.start_date,
                              'reviews', cardinality(r.review_dates)),
           jsonb_build_object('type', 'cpp', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cpp_plans c JOIN fgc.cpp_records r ON r.id = c.record_id
     WHERE c.child_id = $1 AND r.end_date IS NOT NULL
    -- Looked-after episodes
    UNION ALL
    SELECT r.decom, false, 'cla_start', r.episode_id, 0,
           'Looked-after episode began: ' || fgc.sh_said('rne', r.rne)
             || '; legal status: ' || fgc.sh_said('ls', r.ls)
             || CASE WHEN r.place IS NOT NULL THEN '; placement: ' || fgc.sh_said('place', r.place) ELSE '' END
             || '.',
           jsonb_build_object('rne', r.rne, 'ls', r.ls, 'cin', r.cin, 'place', r.place,
                              'place_provider', r.place_provider, 'reason_place_change', r.reason_place_change),
           jsonb_build_object('type', 'cla_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cla_episodes c JOIN fgc.cla_episode_records r ON r.id = c.record_id
     WHERE c.child_id = $1
    UNION ALL
    SELECT r.dec, r.dec > r.decom, 'cla_end', r.episode_id, 0,
           'Looked-after episode ceased: ' || fgc.sh_said('rec', r.rec) || '.',
           jsonb_build_object('rec', r.rec, 'decom', r.decom),
           jsonb_build_object('type', 'cla_episode', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.cla_episodes c JOIN fgc.cla_episode_records r ON r.id = c.record_id
     WHERE c.child_id = $1 AND r.dec IS NOT NULL
    -- Pre-proceedings: one item per step with a date
    UNION ALL
    SELECT s.date, s.kind = 'pp_step_decision' AND s.date > r.pp_start_date, s.kind, r.episode_id, 0,
           s.title, s.details,
           jsonb_build_object('type', 'pre_proceedings', 'episode_id', r.episode_id, 'record_id', r.id)
      FROM fgc.pre_proceedings c JOIN fgc.pre_proceedings_records r ON r.id = c.record_id
     CROSS JOIN LATERAL (VALUES
        (r.pp_start_date, 'pp_start', 'Pre-proceedings started.',
         jsonb_build_object('fgdm_meeting_offer', r.fgdm_meeting_offer,
                            'fgdm_meeting_facilitated', r.fgdm_meeting_facilitated)),
        (r.lbp_sent_date, 'pp_letter_before_proceedings', 'Letter before proceedings sent.', '{}'::jsonb),
        (r.initial_pp_meeting_date, 'pp_initial_meeting', 'Initial pre-proceedings meeting held.', '{}'::jsonb),
        (r.step_decision_date, 'pp_step_decision',
         'Decision made on the next step of pre-proceedings'
           || CASE WHEN r.pp_outcome IS NOT NULL THEN ' (outcome: ' || fgc.sh_said('pp_outcome', r.pp_outcome) || ')' ELSE '' END
           || '.',
         jsonb_build_object('pp_outcome', r.pp_outcome, 'review_meetings_count', r.review_meetings_count)),
        (r.letter_init_cp_date, 'pp_letter_initiating_proceedings', 'Letter of intention to issue care proceedings sent.', '{}'::jsonb),
        (r.court_app_date, 'pp_court_application', 'Application made to court for care proceedings.', '{}'::jsonb)
     ) AS s(date, kind, title, details)
     WHERE c.child_id = $1 AND s.date IS NOT NULL
    -- FGC referral steps (conferences and plans come from their own tables, whose dates may be
    -- corrected after the step)
    UNION ALL
    SELECT e.occurred_on, e.event IN ('decline', 'close') AND e.occurred_on > f.referred_on,
           CASE e.event WHEN 'refer' THEN 'fgc_referral_made' WHEN 'accept' THEN 'fgc_referral_accepted'
                        WHEN 'decline' THEN 'fgc_referral_declined' WHEN 'allocate' THEN 'fgc_coordinator_allocated'
                        ELSE 'fgc_referral_closed' END,
           f.id, e.id,
           CASE e.event
               WHEN 'refer' THEN 'Referred for a family group conference'
                   || CASE WHEN f.referral_stage IS NOT NULL THEN ' (stage: ' || fgc.sh_words(f.referral_stage) || ')' ELSE '' END || '.'
               WHEN 'accept' THEN 'Family group conference referral accepted.'
               WHEN 'decline' THEN 'Family group conference referral declined'
                   || COALESCE(' (reason: ' || fgc.sh_words(e.details->>'decline_reason') || ')', '') || '.'
               WHEN 'allocate' THEN 'FGC coordinator allocated.'
               ELSE 'Family group conference referral closed'
                   || COALESCE(' (reason: ' || fgc.sh_words(e.details->>'closure_reason') || ')', '') || '.'
           END,
           jsonb_build_object('referral_id', f.id, 'primary_child', f.child_id = $1)
             || CASE e.event WHEN 'refer' THEN jsonb_build_object('referral_stage', f.referral_stage,
                                                                  'domestic_violence', f.domestic_violence)
                             ELSE e.details END,
           jsonb_build_object('type', 'referral', 'referral_id', f.id, 'event_id', e.id)
      FROM fgc.referral_children rc
      JOIN fgc.referrals f ON f.id = rc.referral_id
      JOIN fgc.referral_events e ON e.referral_id = f.id
     WHERE rc.child_id = $1 AND e.event IN ('refer', 'accept', 'decline', 'allocate', 'close')
    UNION ALL
    SELECT c.held_on, false,
           CASE c.kind WHEN 'initial' THEN 'fgc_conference_held' ELSE 'fgc_review_held' END,
           c.referral_id, c.id,
           CASE c.kind WHEN 'initial' THEN 'Family group conference held' ELSE 'Review conference held' END
             || COALESCE(' (' || c.model || ' model)', '') || '.',
           jsonb_build_object('referral_id', c.referral_id, 'model', c.model, 'child_attended', c.child_attended,
                              'child_views_heard', c.child_views_heard, 'advocate_used', c.advocate_used,
                              'private_family_time', c.private_family_time),
           jsonb_build_object('type', 'conference', 'referral_id', c.referral_id, 'conference_id', c.id)
      FROM fgc.referral_children rc
      JOIN fgc.conferences c ON c.referral_id = rc.referral_id
     WHERE rc.child_id = $1
    UNION ALL
    SELECT COALESCE(p.agreed_on, c.held_on), false,
           CASE WHEN p.agreed THEN 'fgc_plan_agreed' ELSE 'fgc_plan_not_agreed' END,
           p.referral_id, c.id,
           CASE WHEN p.agreed THEN 'Family plan agreed.' ELSE 'No family plan was agreed at the conference.' END,
           jsonb_build_object('referral_id', p.referral_id, 'conference_id', c.id,
                              'actions', (SELECT count(*) FROM fgc.plan_actions a WHERE a.plan_id = p.id)),
           jsonb_build_object('type', 'plan', 'referral_id', p.referral_id, 'plan_id', p.id, 'conference_id', c.id)
      FROM fgc.referral_children rc
      JOIN fgc.plans p ON p.referral_id = rc.referral_id
      JOIN fgc.conferences c ON c.id = p.conference_id
     WHERE rc.child_id = $1
$$;

-- args: id (the child). One list in date order (see fgc.chronology_items for the order of one
-- day). Reading it is written to the audit log, like reading the child's record.
CREATE FUNCTION api.child_chronology(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF v_id IS NULL OR NOT fgc.child_visible(ctx, v_id) THEN
        PERFORM api.fail('FG404', format('There is no child with id %s that you can see.', COALESCE(v_id::text, '(none)')));
    END IF;
    PERFORM audit.record_read('children', v_id::text);
    SELECT jsonb_agg(jsonb_build_object('date', i.date, 'kind', i.kind, 'title', i.title,
                                        'details', i.details, 'source', i.source)
                     ORDER BY i.date, i.ending DESC, k.position, i.source_id, i.sub_id)
      INTO v_items
      FROM fgc.chronology_items(v_id) i
      JOIN fgc.chronology_kinds k ON k.kind = i.kind;
    RETURN api.ok(jsonb_build_object('child_id', v_id, 'items', COALESCE(v_items, '[]'::jsonb)));
END
$$;
