-- Children and their family network: code list, tables, who may see a child, JSON bodies and the child and network API.

-- ---------------------------------------------------------------------------
-- DfE ethnicity codes (as used in the CIN census and SSDA903)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.ethnicity_codes (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{4}$'),
    description text NOT NULL
);

INSERT INTO fgc.ethnicity_codes (code, description) VALUES
    ('WBRI', 'White British'),
    ('WIRI', 'White Irish'),
    ('WIRT', 'Traveller of Irish heritage'),
    ('WOTH', 'Any other White background'),
    ('WROM', 'Gypsy/Roma'),
    ('MWBC', 'White and Black Caribbean'),
    ('MWBA', 'White and Black African'),
    ('MWAS', 'White and Asian'),
    ('MOTH', 'Any other mixed background'),
    ('AIND', 'Indian'),
    ('APKN', 'Pakistani'),
    ('ABAN', 'Bangladeshi'),
    ('AOTH', 'Any other Asian background'),
    ('BCRB', 'Caribbean'),
    ('BAFR', 'African'),
    ('BOTH', 'Any other Black background'),
    ('CHNE', 'Chinese'),
    ('OOTH', 'Any other ethnic group'),
    ('REFU', 'Refused'),
    ('NOBT', 'Information not yet obtained');

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.children (
    id bigserial PRIMARY KEY,
    first_name text NOT NULL CHECK (btrim(first_name) <> '' AND length(first_name) <= 100),
    last_name text NOT NULL CHECK (btrim(last_name) <> '' AND length(last_name) <= 100),
    date_of_birth date NOT NULL,
    sex smallint NOT NULL CHECK (sex IN (1, 2)),                 -- DfE: 1 male, 2 female
    ethnicity text NOT NULL REFERENCES fgc.ethnicity_codes (code),
    area_id bigint NOT NULL REFERENCES fgc.areas,                -- the cluster the child lives in
    -- Unique pupil number: a check letter and 12 characters, the last a letter for a temporary UPN.
    upn text UNIQUE CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
    team_id bigint REFERENCES fgc.teams,
    social_worker_id bigint REFERENCES fgc.users,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX children_area_idx ON fgc.children (area_id);
CREATE INDEX children_team_idx ON fgc.children (team_id);
CREATE INDEX children_social_worker_idx ON fgc.children (social_worker_id);

CREATE TRIGGER children_version BEFORE UPDATE ON fgc.children
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

CREATE TABLE fgc.network_members (
    id bigserial PRIMARY KEY,
    child_id bigint NOT NULL REFERENCES fgc.children,
    full_name text NOT NULL CHECK (btrim(full_name) <> '' AND length(full_name) <= 200),
    relationship text NOT NULL CHECK (relationship IN (
        'mother', 'father', 'step_parent', 'grandparent', 'aunt_uncle', 'sibling', 'cousin',
        'other_relative', 'family_friend', 'neighbour', 'other')),
    lives_with_child boolean NOT NULL DEFAULT false,
    notes text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX network_members_child_idx ON fgc.network_members (child_id);

CREATE TRIGGER network_members_version BEFORE UPDATE ON fgc.network_members
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

SELECT audit.enable('fgc.children');
SELECT audit.enable('fgc.network_members');

-- ---------------------------------------------------------------------------
-- Who may see and change case records
-- ---------------------------------------------------------------------------

-- Roles that see every child and referral (data analysts without names).
CREATE FUNCTION fgc.sees_all_cases(ctx jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(fgc.ctx_role($1) IN ('admin', 'manager', 'fgc_coordinator', 'data_analyst'), false)
$$;

-- Data analysts see every record but never a name; free text is left out too, because
-- case notes routinely name people.
CREATE FUNCTION fgc.hides_names(ctx jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(fgc.ctx_role($1) = 'data_analyst', true)
$$;

-- The children a social worker is connected with: allocated to them or to their team.
-- 0003_fgc_workflow.sql replaces this to add the children they referred.
CREATE FUNCTION fgc.own_child_ids(ctx jsonb)
RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
    SELECT c.id FROM fgc.children c WHERE c.social_worker_id = fgc.ctx_user_id($1)
    UNION
    SELECT c.id FROM fgc.children c WHERE c.team_id = fgc.ctx_team_id($1)
$$;

-- Record-level visibility (docs/architecture.md, "Visibility"). False for a child that does
-- not exist, so callers answer FG404 either way and reveal nothing.
CREATE FUNCTION fgc.child_visible(ctx jsonb, child_id bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN fgc.sees_all_cases($1) THEN EXISTS (SELECT 1 FROM fgc.children c WHERE c.id = $2)
        WHEN fgc.ctx_role($1) = 'social_worker' THEN EXISTS (SELECT 1 FROM fgc.own_child_ids($1) AS o(id) WHERE o.id = $2)
        ELSE false
    END
$$;

-- Every role but trainer may read case records (visibility then narrows it).
CREATE FUNCTION fgc.require_case_reader(ctx jsonb)
RETURNS void
LANGUAGE sql AS $$
    SELECT fgc.require_role($1, ARRAY['admin', 'manager', 'fgc_coordinator', 'data_analyst', 'social_worker'],
                            'see case records')
$$;

-- Social workers (on children they can see), FGC coordinators and administrators record
-- children, their networks and referrals. Managers and analysts only read.
CREATE FUNCTION fgc.require_case_writer(ctx jsonb, doing text)
RETURNS void
LANGUAGE sql AS $$
    SELECT fgc.require_role($1, ARRAY['admin', 'fgc_coordinator', 'social_worker'], $2)
$$;

-- Lock a child for a change by the caller: FG403 for the wrong role, FG404 when not visible.
CREATE FUNCTION fgc.child_for_change(ctx jsonb, child_id bigint, doing text)
RETURNS fgc.children
LANGUAGE plpgsql AS $$
DECLARE
    v_child fgc.children;
BEGIN
    PERFORM fgc.require_case_writer($1, $3);
    SELECT * INTO v_child FROM fgc.children c WHERE c.id = $2 FOR UPDATE;
    IF NOT FOUND OR NOT fgc.child_visible($1, $2) THEN
        PERFORM api.fail('FG404', format('There is no child with id %s that you can see.', $2));
    END IF;
    RETURN v_child;
END
$$;

-- ---------------------------------------------------------------------------
-- JSON bodies
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.child_json(ctx jsonb, c fgc.children)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id,
        'first_name', c.first_name,
        'last_name', c.last_name,
        'date_of_birth', c.date_of_birth,
        'sex', c.sex,
        'ethnicity', c.ethnicity,
        'area_id', c.area_id,
        'area', (SELECT a.code FROM fgc.areas a WHERE a.id = c.area_id),
        'upn', c.upn,
        'team_id', c.team_id,
        'social_worker_id', c.social_worker_id,
        'version', c.version,
        'created_at', c.created_at,
        'updated_at', c.updated_at)
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['first_name', 'last_name'] ELSE ARRAY[]::text[] END
$$;

CREATE FUNCTION fgc.network_member_json(ctx jsonb, m fgc.network_members)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', m.id,
        'child_id', m.child_id,
        'full_name', m.full_name,
        'relationship', m.relationship,
        'lives_with_child', m.lives_with_child,
        'notes', m.notes,
        'version', m.version,
        'created_at', m.created_at,
        'updated_at', m.updated_at)
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['full_name', 'notes'] ELSE ARRAY[]::text[] END
$$;

-- ---------------------------------------------------------------------------
-- Input
-- ---------------------------------------------------------------------------

-- An area given as a code (args.area) or an id (args.area_id) that must be a cluster.
-- Returns the area id, or NULL after adding an error to errs (an INOUT pair keeps one
-- response listing every problem).
CREATE FUNCTION fgc.resolve_cluster(args jsonb, INOUT errs jsonb, OUT area_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_code text := upper(fgc.arg_text(args, 'area'));
    v_field text := CASE WHEN v_code IS NOT NULL OR args ? 'area' THEN 'area' ELSE 'area_id' END;
    v_area fgc.areas;
BEGIN
    IF v_code IS NOT NULL THEN
        SELECT * INTO v_area FROM fgc.areas a WHERE a.code = v_code;
    ELSIF fgc.arg_bigint(args, 'area_id') IS NOT NULL THEN
        SELECT * INTO v_area FROM fgc.areas a WHERE a.id = fgc.arg_bigint(args, 'area_id');
    ELSE
        errs := fgc.err(errs, v_field, 'Enter the cluster the child lives in.');
        RETURN;
    END IF;
    IF v_area.id IS NULL THEN
        errs := fgc.err(errs, v_field, format('The area %s is not known.', COALESCE(v_code, args->>'area_id')));
    ELSIF v_area.kind <> 'cluster' THEN
        errs := fgc.err(errs, v_field, format('%s is a local authority; choose the cluster the child lives in.', v_area.code));
    ELSE
        area_id := v_area.id;
    END IF;
END
$$;

-- Apply the fields present in args to a child (a new one from child_create, or the current
-- row for child_update) and check them; every problem found is raised together as FG422.
-- Only fields present in args are checked against other tables, so an update is not refused
-- because of an unchanged value that has since gone stale (such as a departed social worker).
CREATE FUNCTION fgc.child_apply(args jsonb, c fgc.children, is_new boolean)
RETURNS fgc.children
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
    v_area record;
BEGIN
    IF args ? 'first_name' THEN c.first_name := fgc.arg_text(args, 'first_name'); END IF;
    IF args ? 'last_name' THEN c.last_name := fgc.arg_text(args, 'last_name'); END IF;
    IF args ? 'date_of_birth' THEN c.date_of_birth := fgc.arg_date(args, 'date_of_birth'); END IF;
    IF args ? 'sex' THEN c.sex := fgc.arg_int(args, 'sex'); END IF;
    IF args ? 'ethnicity' THEN c.ethnicity := upper(fgc.arg_text(args, 'ethnicity')); END IF;
    IF args ? 'upn' THEN c.upn := upper(replace(fgc.arg_text(args, 'upn'), ' ', '')); END IF;
    IF args ? 'team_id' THEN c.team_id := fgc.arg_bigint(args, 'team_id'); END IF;
    IF args ? 'social_worker_id' THEN c.social_worker_id := fgc.arg_bigint(args, 'social_worker_id'); END IF;

    IF c.first_name IS NULL THEN
        v_errs := fgc.err(v_errs, 'first_name', 'Enter the child''s first name.');
    ELSIF length(c.first_name) > 100 THEN
        v_errs := fgc.err(v_errs, 'first_name', 'First name must be 100 characters or fewer.');
    END IF;
    IF c.last_name IS NULL THEN
        v_errs := fgc.err(v_errs, 'last_name', 'Enter the child''s last name.');
    ELSIF length(c.last_name) > 100 THEN
        v_errs := fgc.err(v_errs, 'last_name', 'Last name must be 100 characters or fewer.');
    END IF;

    -- An unborn child (a pre-birth conference) is recorded with the expected date of
    -- delivery, so up to 40 weeks ahead is accepted; more than 25 years ago is a typing error
    -- (care leavers are supported up to 25).
    IF c.date_of_birth IS NULL THEN
        v_errs := fgc.err(v_errs, 'date_of_birth', 'Enter the child''s date of birth.');
    ELSIF c.date_of_birth > fgc.today() + 280 THEN
        v_errs := fgc.err(v_errs, 'date_of_birth',
            'Date of birth must not be more than 40 weeks in the future (use the expected date of delivery for an unborn child).');
    ELSIF c.date_of_birth < (fgc.today() - interval '25 years')::date THEN
        v_errs := fgc.err(v_errs, 'date_of_birth', 'Date of birth must be within the last 25 years.');
    END IF;

    IF c.sex IS NULL OR c.sex NOT IN (1, 2) THEN
        v_errs := fgc.err(v_errs, 'sex', 'Sex must be 1 (male) or 2 (female), as in DfE returns.');
    END IF;

    IF c.ethnicity IS NULL THEN
        v_errs := fgc.err(v_errs, 'ethnicity', 'Enter the child''s ethnicity code.');
    ELSIF NOT EXISTS (SELECT 1 FROM fgc.ethnicity_codes e WHERE e.code = c.ethnicity) THEN
        v_errs := fgc.err(v_errs, 'ethnicity', format('%s is not a DfE ethnicity code.', c.ethnicity));
    END IF;

    IF is_new OR args ? 'area' OR args ? 'area_id' THEN
        SELECT * INTO v_area FROM fgc.resolve_cluster(args, v_errs);
        v_errs := v_area.errs;
        c.area_id := v_area.area_id;
    END IF;

    IF c.upn IS NOT NULL AND (is_new OR args ? 'upn') THEN
        IF c.upn !~ '^[A-Z][0-9]{11}[0-9A-Z]$' THEN
            v_errs := fgc.err(v_errs, 'upn', 'A UPN is 13 characters: a letter, 11 digits, then a digit or a letter.');
        END IF;
    END IF;

    IF c.team_id IS NOT NULL AND (is_new OR args ? 'team_id')
       AND NOT EXISTS (SELECT 1 FROM fgc.teams t WHERE t.id = c.team_id) THEN
        v_errs := fgc.err(v_errs, 'team_id', format('There is no team with id %s.', c.team_id));
    END IF;

    IF c.social_worker_id IS NOT NULL AND (is_new OR args ? 'social_worker_id')
       AND NOT EXISTS (SELECT 1 FROM fgc.users u
                        WHERE u.id = c.social_worker_id AND u.active AND u.role = 'social_worker') THEN
        v_errs := fgc.err(v_errs, 'social_worker_id',
            format('User %s is not an active social worker.', c.social_worker_id));
    END IF;

    PERFORM fgc.raise_errors(v_errs);

    IF c.upn IS NOT NULL AND EXISTS (SELECT 1 FROM fgc.children o
                                      WHERE o.upn = c.upn AND o.id IS DISTINCT FROM c.id) THEN
        PERFORM api.fail('FG409', format('A child with the UPN %s is already recorded.', c.upn));
    END IF;
    RETURN c;
END
$$;

-- ---------------------------------------------------------------------------
-- Children API
-- ---------------------------------------------------------------------------

-- args: first_name, last_name, date_of_birth, sex, ethnicity, area (cluster code) or area_id,
-- upn, team_id, social_worker_id. A social worker's new child is allocated to them and their
-- team unless the args say otherwise, so that they can see what they created.
CREATE FUNCTION api.child_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_child fgc.children;
BEGIN
    PERFORM fgc.require_case_writer(ctx, 'record children');
    v_child.team_id := fgc.ctx_team_id(ctx);
    IF fgc.ctx_role(ctx) = 'social_worker' THEN
        v_child.social_worker_id := fgc.ctx_user_id(ctx);
    END IF;
    v_child := fgc.child_apply(args, v_child, true);

    INSERT INTO fgc.children (first_name, last_name, date_of_birth, sex, ethnicity, area_id, upn,
                              team_id, social_worker_id)
    VALUES (v_child.first_name, v_child.last_name, v_child.date_of_birth, v_child.sex, v_child.ethnicity,
            v_child.area_id, v_child.upn, v_child.team_id, v_child.social_worker_id)
    RETURNING * INTO v_child;
    RETURN api.ok(fgc.child_json(ctx, v_child), 201, '/api/v1/children/' || v_child.id);
END
$$;

-- args: id. Includes the child's network. Every read is written to the audit log.
CREATE FUNCTION api.child_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_child fgc.children;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    SELECT * INTO v_child FROM fgc.children c WHERE c.id = v_id;
    IF NOT FOUND OR NOT fgc.child_visible(ctx, v_id) THEN
        PERFORM api.fail('FG404', format('There is no child with id %s that you can see.', v_id));
    END IF;
    PERFORM audit.record_read('children', v_child.id::text);
    RETURN api.ok(fgc.child_json(ctx, v_child) || jsonb_build_object(
        'network_members', COALESCE((SELECT jsonb_agg(fgc.network_member_json(ctx, m) ORDER BY m.id)
                                       FROM fgc.network_members m WHERE m.child_id = v_child.id), '[]'::jsonb)));
END
$$;

-- args: id; any of the child_create fields. If-Match.
CREATE FUNCTION api.child_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_child fgc.children := fgc.child_for_change(ctx, fgc.arg_bigint(args, 'id'), 'change children''s records');
BEGIN
    PERFORM fgc.check_version(ctx, v_child.version);
    v_child := fgc.child_apply(args, v_child, false);
    UPDATE fgc.children SET
        first_name = v_child.first_name,
        last_name = v_child.last_name,
        date_of_birth = v_child.date_of_birth,
        sex = v_child.sex,
        ethnicity = v_child.ethnicity,
        area_id = v_child.area_id,
        upn = v_child.upn,
        team_id = v_child.team_id,
        social_worker_id = v_child.social_worker_id
     WHERE id = v_child.id
    RETURNING * INTO v_child;
    RETURN api.ok(fgc.child_json(ctx, v_child));
END
$$;

-- args: area (cluster code, or a local authority code for all its clusters), team_id,
-- social_worker_id, q (part of the name; not for data analysts), cursor, limit.
-- Only children the caller can see, in order of id.
CREATE FUNCTION api.child_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_area_code text := upper(fgc.arg_text(args, 'area'));
    v_area bigint;
    v_team bigint := fgc.arg_bigint(args, 'team_id');
    v_worker bigint := fgc.arg_bigint(args, 'social_worker_id');
    v_q text := fgc.arg_text(args, 'q');
    v_all boolean := fgc.sees_all_cases(ctx);
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF v_q IS NOT NULL AND fgc.hides_names(ctx) THEN
        PERFORM api.fail('FG403', 'As a data analyst you may not search children by name.');
    END IF;
    IF v_area_code IS NOT NULL THEN
        SELECT a.id INTO v_area FROM fgc.areas a WHERE a.code = v_area_code;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('area', format('The area %s is not known.', v_area_code));
        END IF;
    END IF;
    v_q := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';

    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT c.id, fgc.child_json(ctx, c) AS j
              FROM fgc.children c
             WHERE (v_after IS NULL OR c.id > v_after)
               AND (v_area IS NULL OR c.area_id IN (SELECT a.id FROM fgc.areas a
                                                     WHERE a.id = v_area OR a.parent_id = v_area))
               AND (v_team IS NULL OR c.team_id = v_team)
               AND (v_worker IS NULL OR c.social_worker_id = v_worker)
               AND (v_q IS NULL OR c.first_name || ' ' || c.last_name ILIKE v_q)
               AND (v_all OR c.id IN (SELECT fgc.own_child_ids(ctx)))
             ORDER BY c.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- ---------------------------------------------------------------------------
-- Family network API
-- ---------------------------------------------------------------------------

-- Apply and check network member fields (create and update share it).
CREATE FUNCTION fgc.network_member_apply(args jsonb, m fgc.network_members)
RETURNS fgc.network_members
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
BEGIN
    IF args ? 'full_name' THEN m.full_name := fgc.arg_text(args, 'full_name'); END IF;
    IF args ? 'relationship' THEN m.relationship := fgc.arg_text(args, 'relationship'); END IF;
    IF args ? 'lives_with_child' THEN m.lives_with_child := fgc.arg_bool(args, 'lives_with_child'); END IF;
    IF args ? 'notes' THEN m.notes := fgc.arg_text(args, 'notes'); END IF;
    m.lives_with_child := COALESCE(m.lives_with_child, false);

    IF m.full_name IS NULL THEN
        v_errs := fgc.err(v_errs, 'full_name', 'Enter the person''s full name.');
    ELSIF length(m.full_name) > 200 THEN
        v_errs := fgc.err(v_errs, 'full_name', 'Full name must be 200 characters or fewer.');
    END IF;
    IF m.relationship IS NULL OR m.relationship NOT IN ('mother', 'father', 'step_parent', 'grandparent',
            'aunt_uncle', 'sibling', 'cousin', 'other_relative', 'family_friend', 'neighbour', 'other') THEN
        v_errs := fgc.err(v_errs, 'relationship',
            'Relationship must be one of mother, father, step_parent, grandparent, aunt_uncle, sibling, cousin, other_relative, family_friend, neighbour or other.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    RETURN m;
END
$$;

-- args: child_id, full_name, relationship, lives_with_child, notes
CREATE FUNCTION api.network_member_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_child fgc.children := fgc.child_for_change(ctx, fgc.arg_bigint(args, 'child_id'), 'record a child''s family network');
    v_member fgc.network_members;
BEGIN
    v_member := fgc.network_member_apply(args, v_member);
    INSERT INTO fgc.network_members (child_id, full_name, relationship, lives_with_child, notes)
    VALUES (v_child.id, v_member.full_name, v_member.relationship, v_member.lives_with_child, v_member.notes)
    RETURNING * INTO v_member;
    RETURN api.ok(fgc.network_member_json(ctx, v_member), 201, '/api/v1/network-members/' || v_member.id);
END
$$;

-- args: child_id, cursor, limit
CREATE FUNCTION api.network_member_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_child bigint := fgc.arg_bigint(args, 'child_id');
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF v_child IS NULL OR NOT fgc.child_visible(ctx, v_child) THEN
        PERFORM api.fail('FG404', format('There is no child with id %s that you can see.', COALESCE(v_child::text, '(none)')));
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT m.id, fgc.network_member_json(ctx, m) AS j
              FROM fgc.network_members m
             WHERE m.child_id = v_child
               AND (v_after IS NULL OR m.id > v_after)
             ORDER BY m.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id; any of full_name, relationship, lives_with_child, notes. If-Match.
CREATE FUNCTION api.network_member_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_member fgc.network_members;
BEGIN
    PERFORM fgc.require_case_writer(ctx, 'change a child''s family network');
    SELECT * INTO v_member FROM fgc.network_members m WHERE m.id = v_id FOR UPDATE;
    IF NOT FOUND OR NOT fgc.child_visible(ctx, v_member.child_id) THEN
        PERFORM api.fail('FG404', format('There is no network member with id %s that you can see.', v_id));
    END IF;
    PERFORM fgc.check_version(ctx, v_member.version);
    v_member := fgc.network_member_apply(args, v_member);
    UPDATE fgc.network_members SET
        full_name = v_member.full_name,
        relationship = v_member.relationship,
        lives_with_child = v_member.lives_with_child,
        notes = v_member.notes
     WHERE id = v_member.id
    RETURNING * INTO v_member;
    RETURN api.ok(fgc.network_member_json(ctx, v_member));
END
$$;
