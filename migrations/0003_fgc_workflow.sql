-- The FGC workflow: referrals and their state machine, step history, conferences, plans and plan actions, with their API.
--
-- The referral state machine is data (fgc.referral_transitions), not code: every step function
-- asks fgc.next_status() whether the step is allowed, and a trigger refuses any status change
-- the table does not list, however it is written. docs/state-machine.md describes it.

-- ---------------------------------------------------------------------------
-- The state machine
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.referral_statuses (
    status text PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    final boolean NOT NULL,
    description text NOT NULL
);

INSERT INTO fgc.referral_statuses (status, position, final, description) VALUES
    ('referred',        1,  false, 'Referred for an FGC; waiting for a coordinator to accept or decline'),
    ('accepted',        2,  false, 'Accepted; waiting for a coordinator to be allocated'),
    ('declined',        3,  true,  'Declined, with a reason'),
    ('allocated',       4,  false, 'A coordinator is allocated'),
    ('preparing',       5,  false, 'The coordinator is contacting the family network'),
    ('conference_held', 6,  false, 'A conference has been held; the plan is not yet recorded'),
    ('plan_agreed',     7,  false, 'The family agreed a plan'),
    ('plan_not_agreed', 8,  false, 'No plan was agreed'),
    ('reviewed',        9,  false, 'A review conference has been held'),
    ('closed',          10, true,  'Closed, with a reason');

-- Steps (events). description completes "you may not ..." and "you cannot ..." in messages.
CREATE TABLE fgc.referral_steps (
    event text PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    description text NOT NULL,
    taken_by text NOT NULL          -- the API function that takes the step
);

INSERT INTO fgc.referral_steps (event, position, description, taken_by) VALUES
    ('refer',                  0, 'make a referral',                    'api.referral_create'),
    ('accept',                 1, 'accept a referral',                  'api.referral_accept'),
    ('decline',                2, 'decline a referral',                 'api.referral_decline'),
    ('allocate',               3, 'allocate a coordinator',             'api.referral_allocate'),
    ('prepare',                4, 'record preparation for a conference', 'api.referral_prepare'),
    ('hold_conference',        5, 'record a conference',                'api.conference_create (kind initial)'),
    ('record_plan_agreed',     6, 'record an agreed plan',              'api.plan_create (agreed true)'),
    ('record_plan_not_agreed', 7, 'record that no plan was agreed',     'api.plan_create (agreed false)'),
    ('hold_review',            8, 'record a review conference',         'api.conference_create (kind review)'),
    ('close',                  9, 'close a referral',                   'api.referral_close');

-- 'refer' creates a referral in status referred and has no row here: it has no "from".
CREATE TABLE fgc.referral_transitions (
    from_status text NOT NULL REFERENCES fgc.referral_statuses,
    event text NOT NULL REFERENCES fgc.referral_steps,
    to_status text NOT NULL REFERENCES fgc.referral_statuses,
    PRIMARY KEY (from_status, event)
);

INSERT INTO fgc.referral_transitions (from_status, event, to_status) VALUES
    ('referred',        'accept',                 'accepted'),
    ('referred',        'decline',                'declined'),
    ('accepted',        'allocate',               'allocated'),
    ('allocated',       'prepare',                'preparing'),
    -- Taken again while preparing, it updates the number of network members contacted.
    ('preparing',       'prepare',                'preparing'),
    ('allocated',       'hold_conference',        'conference_held'),
    ('preparing',       'hold_conference',        'conference_held'),
    -- A conference may be reconvened before a plan is recorded.
    ('conference_held', 'hold_conference',        'conference_held'),
    ('conference_held', 'record_plan_agreed',     'plan_agreed'),
    ('conference_held', 'record_plan_not_agreed', 'plan_not_agreed'),
    ('plan_agreed',     'hold_review',            'reviewed'),
    ('reviewed',        'hold_review',            'reviewed'),
    ('referred',        'close',                  'closed'),
    ('accepted',        'close',                  'closed'),
    ('allocated',       'close',                  'closed'),
    ('preparing',       'close',                  'closed'),
    ('conference_held', 'close',                  'closed'),
    ('plan_agreed',     'close',                  'closed'),
    ('plan_not_agreed', 'close',                  'closed'),
    ('reviewed',        'close',                  'closed');

-- ---------------------------------------------------------------------------
-- Referrals and their history
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.referrals (
    id bigserial PRIMARY KEY,
    child_id bigint NOT NULL REFERENCES fgc.children,       -- the primary child
    referred_on date NOT NULL,
    referrer_id bigint REFERENCES fgc.users,
    referrer_name text CHECK (length(referrer_name) <= 200), -- for a referrer from outside the council
    referral_stage text CHECK (referral_stage IN ('early_help', 'child_in_need', 'child_protection',
                                                  'pre_proceedings', 'looked_after', 'dv_pathway')),
    domestic_violence boolean NOT NULL DEFAULT false,
    reason text NOT NULL CHECK (btrim(reason) <> ''),
    status text NOT NULL DEFAULT 'referred' REFERENCES fgc.referral_statuses,
    accepted_on date,
    declined_on date,
    decline_reason text CHECK (decline_reason IN ('family_declined', 'not_appropriate', 'threshold_not_met',
                                                  'already_open', 'no_consent', 'other')),
    decline_note text,
    coordinator_id bigint REFERENCES fgc.users,
    allocated_on date,
    preparation_started_on date,
    network_members_contacted integer CHECK (network_members_contacted >= 0),
    closed_on date,
    closure_reason text CHECK (closure_reason IN ('plan_completed', 'family_withdrew', 'needs_met',
                                                  'escalated', 'moved_away', 'other')),
    closure_note text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'declined' OR (declined_on IS NOT NULL AND decline_reason IS NOT NULL)),
    CHECK (status <> 'closed' OR (closed_on IS NOT NULL AND closure_reason IS NOT NULL)),
    CHECK (status NOT IN ('allocated', 'preparing', 'conference_held', 'plan_agreed', 'plan_not_agreed', 'reviewed')
           OR coordinator_id IS NOT NULL),
    CHECK (accepted_on >= referred_on AND declined_on >= referred_on AND allocated_on >= referred_on
           AND preparation_started_on >= referred_on AND closed_on >= referred_on)
);

CREATE INDEX referrals_child_idx ON fgc.referrals (child_id);
CREATE INDEX referrals_status_idx ON fgc.referrals (status);
CREATE INDEX referrals_coordinator_idx ON fgc.referrals (coordinator_id);
CREATE INDEX referrals_referrer_idx ON fgc.referrals (referrer_id);
CREATE INDEX referrals_referred_on_idx ON fgc.referrals (referred_on);
CREATE INDEX referrals_stage_idx ON fgc.referrals (referral_stage);

CREATE TRIGGER referrals_version BEFORE UPDATE ON fgc.referrals
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

-- The last line of defence for the state machine: a status may only change along a listed
-- transition, whichever statement changes it.
CREATE FUNCTION fgc.referral_status_guard()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
        SELECT 1 FROM fgc.referral_transitions t
         WHERE t.from_status = OLD.status AND t.to_status = NEW.status) THEN
        RAISE EXCEPTION USING ERRCODE = 'FG409',
            MESSAGE = format('Referral %s cannot move from %s to %s.', OLD.id, OLD.status, NEW.status);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER referrals_status_guard BEFORE UPDATE OF status ON fgc.referrals
    FOR EACH ROW EXECUTE FUNCTION fgc.referral_status_guard();

-- Every child included in the FGC, the primary child among them.
CREATE TABLE fgc.referral_children (
    referral_id bigint NOT NULL REFERENCES fgc.referrals,
    child_id bigint NOT NULL REFERENCES fgc.children,
    PRIMARY KEY (referral_id, child_id)
);

CREATE INDEX referral_children_child_idx ON fgc.referral_children (child_id);

-- One row per step, never changed: the referral's history.
CREATE TABLE fgc.referral_events (
    id bigserial PRIMARY KEY,
    referral_id bigint NOT NULL REFERENCES fgc.referrals,
    event text NOT NULL REFERENCES fgc.referral_steps,
    from_status text REFERENCES fgc.referral_statuses,        -- NULL for 'refer'
    to_status text NOT NULL REFERENCES fgc.referral_statuses,
    occurred_on date NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id bigint,
    details jsonb NOT NULL DEFAULT '{}'                         -- ids and codes only, never free text
);

CREATE INDEX referral_events_referral_idx ON fgc.referral_events (referral_id, id);

CREATE TRIGGER referral_events_append_only
    BEFORE UPDATE OR DELETE ON fgc.referral_events
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER referral_events_no_truncate
    BEFORE TRUNCATE ON fgc.referral_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- ---------------------------------------------------------------------------
-- Conferences and plans
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.conferences (
    id bigserial PRIMARY KEY,
    referral_id bigint NOT NULL REFERENCES fgc.referrals,
    kind text NOT NULL CHECK (kind IN ('initial', 'review')),
    held_on date NOT NULL,
    model text CHECK (model IN ('pragmatic', 'resolution', 'restorative')),
    child_attended boolean,
    child_views_heard boolean,
    advocate_used boolean,
    private_family_time boolean,
    notes text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX conferences_referral_idx ON fgc.conferences (referral_id);
CREATE INDEX conferences_held_on_idx ON fgc.conferences (held_on);

CREATE TRIGGER conferences_version BEFORE UPDATE ON fgc.conferences
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

CREATE TABLE fgc.conference_attendees (
    id bigserial PRIMARY KEY,
    conference_id bigint NOT NULL REFERENCES fgc.conferences,
    role text NOT NULL CHECK (role IN ('parent', 'child', 'wider_family', 'friend', 'professional',
                                       'advocate', 'coordinator')),
    name text CHECK (length(name) <= 200),
    network_member_id bigint REFERENCES fgc.network_members
);

CREATE INDEX conference_attendees_conference_idx ON fgc.conference_attendees (conference_id);
CREATE INDEX conference_attendees_member_idx ON fgc.conference_attendees (network_member_id);

CREATE TABLE fgc.plans (
    id bigserial PRIMARY KEY,
    referral_id bigint NOT NULL REFERENCES fgc.referrals,
    conference_id bigint NOT NULL UNIQUE REFERENCES fgc.conferences,
    agreed boolean NOT NULL,
    agreed_on date,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (agreed OR agreed_on IS NULL)
);

CREATE INDEX plans_referral_idx ON fgc.plans (referral_id);

CREATE TRIGGER plans_version BEFORE UPDATE ON fgc.plans
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

CREATE TABLE fgc.plan_actions (
    id bigserial PRIMARY KEY,
    plan_id bigint NOT NULL REFERENCES fgc.plans,
    description text NOT NULL CHECK (btrim(description) <> ''),
    owner_name text NOT NULL CHECK (btrim(owner_name) <> '' AND length(owner_name) <= 200),
    owner_kind text NOT NULL CHECK (owner_kind IN ('family', 'professional')),
    due_on date,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'not_done', 'cancelled')),
    completed_on date,              -- when it was done, for "done on time" measures
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status = 'done' OR completed_on IS NULL)
);

CREATE INDEX plan_actions_plan_idx ON fgc.plan_actions (plan_id);

CREATE TRIGGER plan_actions_version BEFORE UPDATE ON fgc.plan_actions
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

SELECT audit.enable('fgc.referrals');
SELECT audit.enable('fgc.referral_children');
SELECT audit.enable('fgc.referral_events');
SELECT audit.enable('fgc.conferences');
SELECT audit.enable('fgc.conference_attendees');
SELECT audit.enable('fgc.plans');
SELECT audit.enable('fgc.plan_actions');

-- ---------------------------------------------------------------------------
-- Visibility
-- ---------------------------------------------------------------------------

-- Replaces the 0002 version: a social worker also sees every child of a referral they made.
CREATE OR REPLACE FUNCTION fgc.own_child_ids(ctx jsonb)
RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
    SELECT c.id FROM fgc.children c WHERE c.social_worker_id = fgc.ctx_user_id($1)
    UNION
    SELECT c.id FROM fgc.children c WHERE c.team_id = fgc.ctx_team_id($1)
    UNION
    SELECT rc.child_id
      FROM fgc.referrals r
      JOIN fgc.referral_children rc ON rc.referral_id = r.id
     WHERE r.referrer_id = fgc.ctx_user_id($1)
$$;

-- A social worker sees a referral when they can see any child in it (which includes every
-- referral they made).
CREATE FUNCTION fgc.own_referral_ids(ctx jsonb)
RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT rc.referral_id
      FROM fgc.referral_children rc
     WHERE rc.child_id IN (SELECT fgc.own_child_ids($1))
$$;

CREATE FUNCTION fgc.referral_visible(ctx jsonb, referral_id bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN fgc.sees_all_cases($1) THEN EXISTS (SELECT 1 FROM fgc.referrals r WHERE r.id = $2)
        WHEN fgc.ctx_role($1) = 'social_worker' THEN EXISTS (
            SELECT 1 FROM fgc.referral_children rc
             WHERE rc.referral_id = $2 AND rc.child_id IN (SELECT fgc.own_child_ids($1)))
        ELSE false
    END
$$;

-- ---------------------------------------------------------------------------
-- JSON bodies
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.referral_json(ctx jsonb, r fgc.referrals)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', r.id,
        'child_id', r.child_id,
        'child_ids', (SELECT jsonb_agg(rc.child_id ORDER BY rc.child_id)
                        FROM fgc.referral_children rc WHERE rc.referral_id = r.id),
        'referred_on', r.referred_on,
        'referrer_id', r.referrer_id,
        'referrer_name', r.referrer_name,
        'referral_stage', r.referral_stage,
        'domestic_violence', r.domestic_violence,
        'reason', r.reason,
        'status', r.status,
        'allowed_steps', COALESCE((SELECT jsonb_agg(t.event ORDER BY s.position)
                                     FROM fgc.referral_transitions t
                                     JOIN fgc.referral_steps s ON s.event = t.event
                                    WHERE t.from_status = r.status), '[]'::jsonb),
        'accepted_on', r.accepted_on,
        'declined_on', r.declined_on,
        'decline_reason', r.decline_reason,
        'decline_note', r.decline_note,
        'coordinator_id', r.coordinator_id,
        'allocated_on', r.allocated_on,
        'preparation_started_on', r.preparation_started_on,
        'network_members_contacted', r.network_members_contacted,
        'closed_on', r.closed_on,
        'closure_reason', r.closure_reason,
        'closure_note', r.closure_note,
        'version', r.version,
        'created_at', r.created_at,
        'updated_at', r.updated_at)
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['referrer_name', 'reason', 'decline_note', 'closure_note']
             ELSE ARRAY[]::text[] END
$$;

-- What a step's response says about the referral it moved on.
CREATE FUNCTION fgc.referral_summary(r fgc.referrals)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', r.id, 'status', r.status, 'version', r.version)
$$;

CREATE FUNCTION fgc.conference_json(ctx jsonb, c fgc.conferences)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id,
        'referral_id', c.referral_id,
        'kind', c.kind,
        'held_on', c.held_on,
        'model', c.model,
        'child_attended', c.child_attended,
        'child_views_heard', c.child_views_heard,
        'advocate_used', c.advocate_used,
        'private_family_time', c.private_family_time,
        'notes', c.notes,
        'attendees', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('id', a.id, 'role', a.role, 'name', a.name,
                                                'network_member_id', a.network_member_id)
                             - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['name'] ELSE ARRAY[]::text[] END
                             ORDER BY a.id)
              FROM fgc.conference_attendees a WHERE a.conference_id = c.id), '[]'::jsonb),
        'plan_id', (SELECT p.id FROM fgc.plans p WHERE p.conference_id = c.id),
        'version', c.version,
        'created_at', c.created_at,
        'updated_at', c.updated_at)
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['notes'] ELSE ARRAY[]::text[] END
$$;

CREATE FUNCTION fgc.plan_action_json(ctx jsonb, a fgc.plan_actions)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', a.id,
        'plan_id', a.plan_id,
        'description', a.description,
        'owner_name', a.owner_name,
        'owner_kind', a.owner_kind,
        'due_on', a.due_on,
        'status', a.status,
        'completed_on', a.completed_on,
        'version', a.version,
        'created_at', a.created_at,
        'updated_at', a.updated_at)
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['description', 'owner_name'] ELSE ARRAY[]::text[] END
$$;

CREATE FUNCTION fgc.plan_json(ctx jsonb, p fgc.plans)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', p.id,
        'referral_id', p.referral_id,
        'conference_id', p.conference_id,
        'agreed', p.agreed,
        'agreed_on', p.agreed_on,
        'actions', COALESCE((SELECT jsonb_agg(fgc.plan_action_json(ctx, a) ORDER BY a.id)
                               FROM fgc.plan_actions a WHERE a.plan_id = p.id), '[]'::jsonb),
        'version', p.version,
        'created_at', p.created_at,
        'updated_at', p.updated_at)
$$;

-- ---------------------------------------------------------------------------
-- Step machinery
-- ---------------------------------------------------------------------------

-- "a, b and c"
CREATE FUNCTION fgc.and_list(items text[])
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cardinality($1) <= 1 THEN COALESCE($1[1], '')
        ELSE array_to_string($1[1:cardinality($1) - 1], ', ') || ' and ' || $1[cardinality($1)]
    END
$$;

-- The status a step leads to from the referral's current status, or FG409 saying what is
-- allowed instead.
CREATE FUNCTION fgc.next_status(r fgc.referrals, event text)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_to text;
    v_allowed text[];
    v_doing text;
BEGIN
    SELECT t.to_status INTO v_to
      FROM fgc.referral_transitions t
     WHERE t.from_status = r.status AND t.event = $2;
    IF FOUND THEN
        RETURN v_to;
    END IF;
    SELECT s.description INTO v_doing FROM fgc.referral_steps s WHERE s.event = $2;
    SELECT array_agg(t.event ORDER BY s.position) INTO v_allowed
      FROM fgc.referral_transitions t
      JOIN fgc.referral_steps s ON s.event = t.event
     WHERE t.from_status = r.status;
    IF v_allowed IS NULL THEN
        PERFORM api.fail('FG409', format(
            'You cannot %s: referral %s has status %s, which is final, so no further steps are allowed.',
            COALESCE(v_doing, $2), r.id, r.status));
    END IF;
    PERFORM api.fail('FG409', format(
        'You cannot %s: referral %s has status %s. The steps allowed from %s are %s.',
        COALESCE(v_doing, $2), r.id, r.status, r.status, fgc.and_list(v_allowed)));
    RETURN NULL;
END
$$;

-- Lock a referral for a step by an FGC coordinator or administrator, checking in the order
-- role (FG403), visibility (FG404), If-Match when required (FG412), then the state machine (FG409).
CREATE FUNCTION fgc.referral_for_step(ctx jsonb, referral_id bigint, event text, needs_version boolean)
RETURNS fgc.referrals
LANGUAGE plpgsql AS $$
DECLARE
    v_ref fgc.referrals;
BEGIN
    PERFORM fgc.require_role($1, ARRAY['admin', 'fgc_coordinator'],
                             (SELECT s.description FROM fgc.referral_steps s WHERE s.event = $3));
    SELECT * INTO v_ref FROM fgc.referrals r WHERE r.id = $2 FOR UPDATE;
    IF NOT FOUND OR NOT fgc.referral_visible($1, $2) THEN
        PERFORM api.fail('FG404', format('There is no referral with id %s that you can see.', COALESCE($2::text, '(none)')));
    END IF;
    IF needs_version THEN
        PERFORM fgc.check_version($1, v_ref.version);
    END IF;
    PERFORM fgc.next_status(v_ref, $3);
    RETURN v_ref;
END
$$;

-- A step's date: not in the future, not before the referral, and (for the referral's own
-- steps) not before the step before it, so that durations are never negative.
CREATE FUNCTION fgc.check_step_date(r fgc.referrals, field text, d date, after_previous boolean)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_previous date;
BEGIN
    IF d > fgc.today() THEN
        PERFORM fgc.field_error(field, 'This date must not be in the future.');
    END IF;
    IF d < r.referred_on THEN
        PERFORM fgc.field_error(field, format('This date must not be before the referral was made, on %s.',
                                              fgc.date_words(r.referred_on)));
    END IF;
    IF after_previous THEN
        SELECT max(e.occurred_on) INTO v_previous FROM fgc.referral_events e WHERE e.referral_id = r.id;
        IF d < v_previous THEN
            PERFORM fgc.field_error(field, format('This date must not be before the previous step, on %s.',
                                                  fgc.date_words(v_previous)));
        END IF;
    END IF;
END
$$;

-- Append the step to the referral's history.
CREATE FUNCTION fgc.record_step(ctx jsonb, old_ref fgc.referrals, new_ref fgc.referrals, event text,
                                occurred_on date, details jsonb DEFAULT '{}')
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO fgc.referral_events (referral_id, event, from_status, to_status, occurred_on, actor_id, details)
    VALUES (new_ref.id, $4, old_ref.status, new_ref.status, $5, fgc.ctx_user_id($1), COALESCE($6, '{}'::jsonb))
$$;

-- ---------------------------------------------------------------------------
-- Referrals API
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.check_referral_stage(stage text, INOUT errs jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    IF stage IS NOT NULL AND stage NOT IN ('early_help', 'child_in_need', 'child_protection',
                                           'pre_proceedings', 'looked_after', 'dv_pathway') THEN
        errs := fgc.err(errs, 'referral_stage',
            'Referral stage must be one of early_help, child_in_need, child_protection, pre_proceedings, looked_after or dv_pathway.');
    END IF;
END
$$;

-- args: child_id (primary child), children (ids of other children included in the FGC),
-- referred_on (default today), referral_stage, domestic_violence, reason, referrer_name,
-- referrer_id (default the caller; only coordinators and administrators may name someone else).
CREATE FUNCTION api.referral_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_child bigint := fgc.arg_bigint(args, 'child_id');
    v_children bigint[] := '{}';
    v_on date := COALESCE(fgc.arg_date(args, 'referred_on'), fgc.today());
    v_stage text := fgc.arg_text(args, 'referral_stage');
    v_dv boolean := COALESCE(fgc.arg_bool(args, 'domestic_violence'), false);
    v_reason text := fgc.arg_text(args, 'reason');
    v_referrer bigint := COALESCE(fgc.arg_bigint(args, 'referrer_id'), fgc.ctx_user_id(ctx));
    v_referrer_name text := fgc.arg_text(args, 'referrer_name');
    v_errs jsonb := '[]';
    v_elem jsonb;
    v_i integer := 0;
    v_extra bigint;
    v_ref fgc.referrals;
BEGIN
    PERFORM fgc.require_case_writer(ctx, 'make referrals');
    IF v_referrer IS DISTINCT FROM fgc.ctx_user_id(ctx) THEN
        PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'record a referral on someone else''s behalf');
    END IF;

    IF v_child IS NULL THEN
        v_errs := fgc.err(v_errs, 'child_id', 'Choose the child the referral is about.');
    ELSIF NOT fgc.child_visible(ctx, v_child) THEN
        v_errs := fgc.err(v_errs, 'child_id', format('There is no child with id %s that you can see.', v_child));
    END IF;

    IF args ? 'children' AND jsonb_typeof(args->'children') NOT IN ('array', 'null') THEN
        v_errs := fgc.err(v_errs, 'children', 'Children must be a list of child ids.');
    ELSIF jsonb_typeof(args->'children') = 'array' THEN
        FOR v_elem IN SELECT e FROM jsonb_array_elements(args->'children') AS e LOOP
            v_extra := fgc.arg_bigint(jsonb_build_object(format('children[%s]', v_i), v_elem #>> '{}'),
                                      format('children[%s]', v_i));
            IF v_extra IS NULL OR NOT fgc.child_visible(ctx, v_extra) THEN
                v_errs := fgc.err(v_errs, format('children[%s]', v_i),
                                  format('There is no child with id %s that you can see.', COALESCE(v_extra::text, '(none)')));
            ELSIF v_extra IS DISTINCT FROM v_child AND NOT v_extra = ANY (v_children) THEN
                v_children := v_children || v_extra;
            END IF;
            v_i := v_i + 1;
        END LOOP;
    END IF;

    IF v_on > fgc.today() THEN
        v_errs := fgc.err(v_errs, 'referred_on', 'The referral date must not be in the future.');
    END IF;
    SELECT * INTO v_errs FROM fgc.check_referral_stage(v_stage, v_errs);
    IF v_reason IS NULL THEN
        v_errs := fgc.err(v_errs, 'reason', 'Enter the reason for the referral.');
    END IF;
    IF length(v_referrer_name) > 200 THEN
        v_errs := fgc.err(v_errs, 'referrer_name', 'The referrer''s name must be 200 characters or fewer.');
    END IF;
    IF v_referrer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fgc.users u WHERE u.id = v_referrer AND u.active) THEN
        v_errs := fgc.err(v_errs, 'referrer_id', format('User %s is not an active user.', v_referrer));
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    INSERT INTO fgc.referrals (child_id, referred_on, referrer_id, referrer_name, referral_stage,
                               domestic_violence, reason)
    VALUES (v_child, v_on, v_referrer, v_referrer_name, v_stage, v_dv, v_reason)
    RETURNING * INTO v_ref;
    INSERT INTO fgc.referral_children (referral_id, child_id)
    SELECT v_ref.id, c FROM unnest(v_child || v_children) AS c;
    INSERT INTO fgc.referral_events (referral_id, event, from_status, to_status, occurred_on, actor_id)
    VALUES (v_ref.id, 'refer', NULL, v_ref.status, v_on, fgc.ctx_user_id(ctx));

    RETURN api.ok(fgc.referral_json(ctx, v_ref), 201, '/api/v1/referrals/' || v_ref.id);
END
$$;

-- args: id. With the children included, the history of steps, the conferences' ids and the
-- latest plan. Children the caller cannot see otherwise appear as their id only.
CREATE FUNCTION api.referral_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_ref fgc.referrals;
    v_plan fgc.plans;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    SELECT * INTO v_ref FROM fgc.referrals r WHERE r.id = v_id;
    IF NOT FOUND OR NOT fgc.referral_visible(ctx, v_id) THEN
        PERFORM api.fail('FG404', format('There is no referral with id %s that you can see.', COALESCE(v_id::text, '(none)')));
    END IF;
    -- It names children, so reading it is logged like reading a child's record.
    PERFORM audit.record_read('referrals', v_ref.id::text);
    SELECT * INTO v_plan FROM fgc.plans p WHERE p.referral_id = v_ref.id ORDER BY p.id DESC LIMIT 1;

    RETURN api.ok(fgc.referral_json(ctx, v_ref) || jsonb_build_object(
        'children', (SELECT jsonb_agg(
                         CASE WHEN fgc.child_visible(ctx, c.id)
                              THEN jsonb_build_object('id', c.id, 'primary', c.id = v_ref.child_id,
                                                      'first_name', c.first_name, 'last_name', c.last_name,
                                                      'date_of_birth', c.date_of_birth)
                                   - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['first_name', 'last_name']
                                          ELSE ARRAY[]::text[] END
                              ELSE jsonb_build_object('id', c.id, 'primary', c.id = v_ref.child_id)
                         END ORDER BY c.id = v_ref.child_id DESC, c.id)
                       FROM fgc.referral_children rc
                       JOIN fgc.children c ON c.id = rc.child_id
                      WHERE rc.referral_id = v_ref.id),
        'events', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                'id', e.id, 'event', e.event, 'from_status', e.from_status,
                                'to_status', e.to_status, 'occurred_on', e.occurred_on, 'at', e.at,
                                'actor_id', e.actor_id, 'details', e.details) ORDER BY e.id)
                              FROM fgc.referral_events e WHERE e.referral_id = v_ref.id), '[]'::jsonb),
        'conference_ids', COALESCE((SELECT jsonb_agg(c.id ORDER BY c.held_on, c.id)
                                      FROM fgc.conferences c WHERE c.referral_id = v_ref.id), '[]'::jsonb),
        'plan', CASE WHEN v_plan.id IS NULL THEN NULL ELSE fgc.plan_json(ctx, v_plan) END));
END
$$;

-- args: status (one, or several separated by commas), coordinator_id, area (cluster code of the
-- primary child, or a local authority code for all its clusters), referral_stage, child_id
-- (any child included), from, to (referred_on range, inclusive), cursor, limit.
CREATE FUNCTION api.referral_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_statuses text[];
    v_coordinator bigint := fgc.arg_bigint(args, 'coordinator_id');
    v_area_code text := upper(fgc.arg_text(args, 'area'));
    v_area bigint;
    v_stage text := fgc.arg_text(args, 'referral_stage');
    v_child bigint := fgc.arg_bigint(args, 'child_id');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_all boolean := fgc.sees_all_cases(ctx);
    v_errs jsonb := '[]';
    v_bad text;
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF fgc.arg_text(args, 'status') IS NOT NULL THEN
        v_statuses := ARRAY(SELECT btrim(s) FROM unnest(string_to_array(fgc.arg_text(args, 'status'), ',')) AS s
                             WHERE btrim(s) <> '');
        SELECT s INTO v_bad FROM unnest(v_statuses) AS s
         WHERE NOT EXISTS (SELECT 1 FROM fgc.referral_statuses rs WHERE rs.status = s) LIMIT 1;
        IF v_bad IS NOT NULL THEN
            v_errs := fgc.err(v_errs, 'status', format('%s is not a referral status.', v_bad));
        END IF;
    END IF;
    IF v_area_code IS NOT NULL THEN
        SELECT a.id INTO v_area FROM fgc.areas a WHERE a.code = v_area_code;
        IF NOT FOUND THEN
            v_errs := fgc.err(v_errs, 'area', format('The area %s is not known.', v_area_code));
        END IF;
    END IF;
    SELECT * INTO v_errs FROM fgc.check_referral_stage(v_stage, v_errs);
    IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_to < v_from THEN
        v_errs := fgc.err(v_errs, 'to', 'The end date must not be before the start date.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT r.id, fgc.referral_json(ctx, r) AS j
              FROM fgc.referrals r
             WHERE (v_after IS NULL OR r.id > v_after)
               AND (v_statuses IS NULL OR r.status = ANY (v_statuses))
               AND (v_coordinator IS NULL OR r.coordinator_id = v_coordinator)
               AND (v_area IS NULL OR EXISTS (
                       SELECT 1 FROM fgc.children c JOIN fgc.areas a ON a.id = c.area_id
                        WHERE c.id = r.child_id AND (a.id = v_area OR a.parent_id = v_area)))
               AND (v_stage IS NULL OR r.referral_stage = v_stage)
               AND (v_child IS NULL OR EXISTS (SELECT 1 FROM fgc.referral_children rc
                                                WHERE rc.referral_id = r.id AND rc.child_id = v_child))
               AND (v_from IS NULL OR r.referred_on >= v_from)
               AND (v_to IS NULL OR r.referred_on <= v_to)
               AND (v_all OR r.id IN (SELECT fgc.own_referral_ids(ctx)))
             ORDER BY r.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id; any of reason, referral_stage, domestic_violence, referrer_name. If-Match.
-- Details may be corrected in any status; the status itself only moves through the steps.
CREATE FUNCTION api.referral_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_ref fgc.referrals;
    v_errs jsonb := '[]';
BEGIN
    PERFORM fgc.require_case_writer(ctx, 'change referrals');
    SELECT * INTO v_ref FROM fgc.referrals r WHERE r.id = v_id FOR UPDATE;
    IF NOT FOUND OR NOT fgc.referral_visible(ctx, v_id) THEN
        PERFORM api.fail('FG404', format('There is no referral with id %s that you can see.', COALESCE(v_id::text, '(none)')));
    END IF;
    PERFORM fgc.check_version(ctx, v_ref.version);

    IF args ? 'reason' THEN v_ref.reason := fgc.arg_text(args, 'reason'); END IF;
    IF args ? 'referral_stage' THEN v_ref.referral_stage := fgc.arg_text(args, 'referral_stage'); END IF;
    IF args ? 'domestic_violence' THEN v_ref.domestic_violence := fgc.arg_bool(args, 'domestic_violence'); END IF;
    IF args ? 'referrer_name' THEN v_ref.referrer_name := fgc.arg_text(args, 'referrer_name'); END IF;
    IF v_ref.reason IS NULL THEN
        v_errs := fgc.err(v_errs, 'reason', 'Enter the reason for the referral.');
    END IF;
    SELECT * INTO v_errs FROM fgc.check_referral_stage(v_ref.referral_stage, v_errs);
    IF v_ref.domestic_violence IS NULL THEN
        v_errs := fgc.err(v_errs, 'domestic_violence', 'Domestic violence must be true or false.');
    END IF;
    IF length(v_ref.referrer_name) > 200 THEN
        v_errs := fgc.err(v_errs, 'referrer_name', 'The referrer''s name must be 200 characters or fewer.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    UPDATE fgc.referrals SET
        reason = v_ref.reason,
        referral_stage = v_ref.referral_stage,
        domestic_violence = v_ref.domestic_violence,
        referrer_name = v_ref.referrer_name
     WHERE id = v_ref.id
    RETURNING * INTO v_ref;
    RETURN api.ok(fgc.referral_json(ctx, v_ref));
END
$$;

-- args: id, accepted_on (default today). If-Match.
CREATE FUNCTION api.referral_accept(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_old fgc.referrals := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'id'), 'accept', true);
    v_new fgc.referrals;
    v_on date := COALESCE(fgc.arg_date(args, 'accepted_on'), fgc.today());
BEGIN
    PERFORM fgc.check_step_date(v_old, 'accepted_on', v_on, true);
    UPDATE fgc.referrals SET status = fgc.next_status(v_old, 'accept'), accepted_on = v_on
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, 'accept', v_on);
    RETURN api.ok(fgc.referral_json(ctx, v_new));
END
$$;

-- args: id, declined_on (default today), decline_reason, decline_note (required when the
-- reason is 'other'). If-Match.
CREATE FUNCTION api.referral_decline(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_old fgc.referrals := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'id'), 'decline', true);
    v_new fgc.referrals;
    v_on date := COALESCE(fgc.arg_date(args, 'declined_on'), fgc.today());
    v_reason text := fgc.arg_text(args, 'decline_reason');
    v_note text := fgc.arg_text(args, 'decline_note');
    v_errs jsonb := '[]';
BEGIN
    IF v_reason IS NULL OR v_reason NOT IN ('family_declined', 'not_appropriate', 'threshold_not_met',
                                            'already_open', 'no_consent', 'other') THEN
        v_errs := fgc.err(v_errs, 'decline_reason',
            'Decline reason must be one of family_declined, not_appropriate, threshold_not_met, already_open, no_consent or other.');
    ELSIF v_reason = 'other' AND v_note IS NULL THEN
        v_errs := fgc.err(v_errs, 'decline_note', 'Say why the referral was declined.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    PERFORM fgc.check_step_date(v_old, 'declined_on', v_on, true);

    UPDATE fgc.referrals SET status = fgc.next_status(v_old, 'decline'), declined_on = v_on,
                             decline_reason = v_reason, decline_note = v_note
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, 'decline', v_on, jsonb_build_object('decline_reason', v_reason));
    RETURN api.ok(fgc.referral_json(ctx, v_new));
END
$$;

-- args: id, coordinator_id (default the caller when they are a coordinator), allocated_on
-- (default today). If-Match.
CREATE FUNCTION api.referral_allocate(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_old fgc.referrals := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'id'), 'allocate', true);
    v_new fgc.referrals;
    v_on date := COALESCE(fgc.arg_date(args, 'allocated_on'), fgc.today());
    v_coordinator bigint := fgc.arg_bigint(args, 'coordinator_id');
BEGIN
    IF v_coordinator IS NULL AND fgc.ctx_role(ctx) = 'fgc_coordinator' THEN
        v_coordinator := fgc.ctx_user_id(ctx);
    END IF;
    IF v_coordinator IS NULL THEN
        PERFORM fgc.field_error('coordinator_id', 'Choose the coordinator to allocate.');
    ELSIF NOT EXISTS (SELECT 1 FROM fgc.users u
                       WHERE u.id = v_coordinator AND u.active AND u.role = 'fgc_coordinator') THEN
        PERFORM fgc.field_error('coordinator_id', format('User %s is not an active FGC coordinator.', v_coordinator));
    END IF;
    PERFORM fgc.check_step_date(v_old, 'allocated_on', v_on, true);

    UPDATE fgc.referrals SET status = fgc.next_status(v_old, 'allocate'), coordinator_id = v_coordinator,
                             allocated_on = v_on
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, 'allocate', v_on, jsonb_build_object('coordinator_id', v_coordinator));
    RETURN api.ok(fgc.referral_json(ctx, v_new));
END
$$;

-- args: id, preparation_started_on (default today; kept from the first time), network_members_contacted.
-- May be taken again while preparing to update the count. If-Match.
CREATE FUNCTION api.referral_prepare(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_old fgc.referrals := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'id'), 'prepare', true);
    v_new fgc.referrals;
    v_on date := COALESCE(fgc.arg_date(args, 'preparation_started_on'), fgc.today());
    v_contacted integer := fgc.arg_int(args, 'network_members_contacted');
BEGIN
    IF v_contacted < 0 THEN
        PERFORM fgc.field_error('network_members_contacted', 'The number of network members contacted must be 0 or more.');
    END IF;
    PERFORM fgc.check_step_date(v_old, 'preparation_started_on', v_on, true);

    UPDATE fgc.referrals SET status = fgc.next_status(v_old, 'prepare'),
                             preparation_started_on = COALESCE(preparation_started_on, v_on),
                             network_members_contacted = COALESCE(v_contacted, network_members_contacted)
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, 'prepare', v_on,
                            jsonb_build_object('network_members_contacted', v_new.network_members_contacted));
    RETURN api.ok(fgc.referral_json(ctx, v_new));
END
$$;

-- args: id, closed_on (default today), closure_reason, closure_note (required when the reason
-- is 'other'). If-Match.
CREATE FUNCTION api.referral_close(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_old fgc.referrals := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'id'), 'close', true);
    v_new fgc.referrals;
    v_on date := COALESCE(fgc.arg_date(args, 'closed_on'), fgc.today());
    v_reason text := fgc.arg_text(args, 'closure_reason');
    v_note text := fgc.arg_text(args, 'closure_note');
    v_errs jsonb := '[]';
BEGIN
    IF v_reason IS NULL OR v_reason NOT IN ('plan_completed', 'family_withdrew', 'needs_met', 'escalated',
                                            'moved_away', 'other') THEN
        v_errs := fgc.err(v_errs, 'closure_reason',
            'Closure reason must be one of plan_completed, family_withdrew, needs_met, escalated, moved_away or other.');
    ELSIF v_reason = 'other' AND v_note IS NULL THEN
        v_errs := fgc.err(v_errs, 'closure_note', 'Say why the referral was closed.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    PERFORM fgc.check_step_date(v_old, 'closed_on', v_on, true);

    UPDATE fgc.referrals SET status = fgc.next_status(v_old, 'close'), closed_on = v_on,
                             closure_reason = v_reason, closure_note = v_note
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, 'close', v_on, jsonb_build_object('closure_reason', v_reason));
    RETURN api.ok(fgc.referral_json(ctx, v_new));
END
$$;

-- ---------------------------------------------------------------------------
-- Conferences API
-- ---------------------------------------------------------------------------

-- Check a conference's attendees list ([{role, name, network_member_id}]); network members
-- must belong to a child included in the referral.
CREATE FUNCTION fgc.check_attendees(attendees jsonb, referral_id bigint, INOUT errs jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    v_elem jsonb;
    v_i integer := 0;
    v_field text;
    v_member bigint;
BEGIN
    IF attendees IS NULL OR jsonb_typeof(attendees) = 'null' THEN
        RETURN;
    END IF;
    IF jsonb_typeof(attendees) <> 'array' THEN
        errs := fgc.err(errs, 'attendees', 'Attendees must be a list.');
        RETURN;
    END IF;
    FOR v_elem IN SELECT e FROM jsonb_array_elements(attendees) AS e LOOP
        v_field := format('attendees[%s]', v_i);
        IF jsonb_typeof(v_elem) <> 'object' THEN
            errs := fgc.err(errs, v_field, 'Each attendee must be an object with a role.');
        ELSE
            IF fgc.arg_text(v_elem, 'role') IS NULL OR fgc.arg_text(v_elem, 'role') NOT IN (
                    'parent', 'child', 'wider_family', 'friend', 'professional', 'advocate', 'coordinator') THEN
                errs := fgc.err(errs, v_field || '.role',
                    'Role must be one of parent, child, wider_family, friend, professional, advocate or coordinator.');
            END IF;
            IF length(fgc.arg_text(v_elem, 'name')) > 200 THEN
                errs := fgc.err(errs, v_field || '.name', 'The name must be 200 characters or fewer.');
            END IF;
            IF v_elem->>'network_member_id' IS NOT NULL THEN
                IF (v_elem->>'network_member_id') !~ '^[0-9]{1,18}$' THEN
                    errs := fgc.err(errs, v_field || '.network_member_id', 'Network member id must be a whole number.');
                ELSE
                    v_member := (v_elem->>'network_member_id')::bigint;
                    IF NOT EXISTS (SELECT 1 FROM fgc.network_members m
                                     JOIN fgc.referral_children rc ON rc.child_id = m.child_id
                                    WHERE m.id = v_member AND rc.referral_id = $2) THEN
                        errs := fgc.err(errs, v_field || '.network_member_id',
                            format('Network member %s is not in the network of a child in this referral.', v_member));
                    END IF;
                END IF;
            END IF;
        END IF;
        v_i := v_i + 1;
    END LOOP;
END
$$;

CREATE FUNCTION fgc.put_attendees(conference_id bigint, attendees jsonb)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO fgc.conference_attendees (conference_id, role, name, network_member_id)
    SELECT $1, fgc.arg_text(e, 'role'), fgc.arg_text(e, 'name'), (e->>'network_member_id')::bigint
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE '[]'::jsonb END)
           WITH ORDINALITY AS a(e, n)
     ORDER BY a.n
$$;

-- Check and apply a conference's own fields (create and update share it).
CREATE FUNCTION fgc.conference_apply(args jsonb, c fgc.conferences, r fgc.referrals, INOUT errs jsonb,
                                     OUT conference fgc.conferences)
LANGUAGE plpgsql AS $$
BEGIN
    IF args ? 'held_on' THEN c.held_on := fgc.arg_date(args, 'held_on'); END IF;
    IF args ? 'model' THEN c.model := fgc.arg_text(args, 'model'); END IF;
    IF args ? 'child_attended' THEN c.child_attended := fgc.arg_bool(args, 'child_attended'); END IF;
    IF args ? 'child_views_heard' THEN c.child_views_heard := fgc.arg_bool(args, 'child_views_heard'); END IF;
    IF args ? 'advocate_used' THEN c.advocate_used := fgc.arg_bool(args, 'advocate_used'); END IF;
    IF args ? 'private_family_time' THEN c.private_family_time := fgc.arg_bool(args, 'private_family_time'); END IF;
    IF args ? 'notes' THEN c.notes := fgc.arg_text(args, 'notes'); END IF;
    c.held_on := COALESCE(c.held_on, fgc.today());

    IF c.held_on > fgc.today() THEN
        errs := fgc.err(errs, 'held_on', 'The conference date must not be in the future.');
    ELSIF c.held_on < r.referred_on THEN
        errs := fgc.err(errs, 'held_on', format('The conference date must not be before the referral was made, on %s.',
                                                fgc.date_words(r.referred_on)));
    END IF;
    IF c.model IS NOT NULL AND c.model NOT IN ('pragmatic', 'resolution', 'restorative') THEN
        errs := fgc.err(errs, 'model', 'Model must be pragmatic, resolution or restorative.');
    END IF;
    conference := c;
END
$$;

-- args: referral_id, kind ('initial' or 'review'), held_on (default today), model,
-- child_attended, child_views_heard, advocate_used, private_family_time, notes,
-- attendees [{role, name, network_member_id}].
-- An initial conference moves allocated, preparing or conference_held to conference_held;
-- a review conference moves plan_agreed or reviewed to reviewed.
CREATE FUNCTION api.conference_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_kind text := fgc.arg_text(args, 'kind');
    v_event text;
    v_old fgc.referrals;
    v_new fgc.referrals;
    v_conf fgc.conferences;
    v_res record;
    v_errs jsonb := '[]';
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'record conferences');
    IF v_kind IS NULL OR v_kind NOT IN ('initial', 'review') THEN
        PERFORM fgc.field_error('kind', 'Kind must be initial or review.');
    END IF;
    v_event := CASE v_kind WHEN 'initial' THEN 'hold_conference' ELSE 'hold_review' END;
    v_old := fgc.referral_for_step(ctx, fgc.arg_bigint(args, 'referral_id'), v_event, false);

    v_conf.kind := v_kind;
    SELECT * INTO v_res FROM fgc.conference_apply(args, v_conf, v_old, v_errs);
    v_conf := v_res.conference;
    SELECT * INTO v_errs FROM fgc.check_attendees(args->'attendees', v_old.id, v_res.errs);
    PERFORM fgc.raise_errors(v_errs);

    INSERT INTO fgc.conferences (referral_id, kind, held_on, model, child_attended, child_views_heard,
                                 advocate_used, private_family_time, notes)
    VALUES (v_old.id, v_conf.kind, v_conf.held_on, v_conf.model, v_conf.child_attended, v_conf.child_views_heard,
            v_conf.advocate_used, v_conf.private_family_time, v_conf.notes)
    RETURNING * INTO v_conf;
    PERFORM fgc.put_attendees(v_conf.id, args->'attendees');

    -- Also when the status stays conference_held or reviewed: the referral's version moves on
    -- so that a client holding the old version sees that something happened.
    UPDATE fgc.referrals SET status = fgc.next_status(v_old, v_event)
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, v_event, v_conf.held_on,
                            jsonb_build_object('conference_id', v_conf.id, 'kind', v_conf.kind));

    RETURN api.ok(fgc.conference_json(ctx, v_conf) || jsonb_build_object('referral', fgc.referral_summary(v_new)),
                  201, '/api/v1/conferences/' || v_conf.id);
END
$$;

-- Find a conference the caller can see, optionally locking it.
CREATE FUNCTION fgc.visible_conference(ctx jsonb, conference_id bigint, for_update boolean)
RETURNS fgc.conferences
LANGUAGE plpgsql AS $$
DECLARE
    v_conf fgc.conferences;
BEGIN
    IF for_update THEN
        SELECT * INTO v_conf FROM fgc.conferences c WHERE c.id = $2 FOR UPDATE;
    ELSE
        SELECT * INTO v_conf FROM fgc.conferences c WHERE c.id = $2;
    END IF;
    IF v_conf.id IS NULL OR NOT fgc.referral_visible($1, v_conf.referral_id) THEN
        PERFORM api.fail('FG404', format('There is no conference with id %s that you can see.', COALESCE($2::text, '(none)')));
    END IF;
    RETURN v_conf;
END
$$;

-- args: id
CREATE FUNCTION api.conference_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_conf fgc.conferences;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    v_conf := fgc.visible_conference(ctx, fgc.arg_bigint(args, 'id'), false);
    RETURN api.ok(fgc.conference_json(ctx, v_conf));
END
$$;

-- args: referral_id, kind, from, to (held_on range, inclusive), cursor, limit
CREATE FUNCTION api.conference_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_referral bigint := fgc.arg_bigint(args, 'referral_id');
    v_kind text := fgc.arg_text(args, 'kind');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_all boolean := fgc.sees_all_cases(ctx);
    v_items jsonb;
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    IF v_referral IS NOT NULL AND NOT fgc.referral_visible(ctx, v_referral) THEN
        PERFORM api.fail('FG404', format('There is no referral with id %s that you can see.', v_referral));
    END IF;
    IF v_kind IS NOT NULL AND v_kind NOT IN ('initial', 'review') THEN
        PERFORM fgc.field_error('kind', 'Kind must be initial or review.');
    END IF;
    IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT c.id, fgc.conference_json(ctx, c) AS j
              FROM fgc.conferences c
             WHERE (v_after IS NULL OR c.id > v_after)
               AND (v_referral IS NULL OR c.referral_id = v_referral)
               AND (v_kind IS NULL OR c.kind = v_kind)
               AND (v_from IS NULL OR c.held_on >= v_from)
               AND (v_to IS NULL OR c.held_on <= v_to)
               AND (v_all OR c.referral_id IN (SELECT fgc.own_referral_ids(ctx)))
             ORDER BY c.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id; any of held_on, model, child_attended, child_views_heard, advocate_used,
-- private_family_time, notes, attendees (replaces the whole list). The kind cannot change,
-- because it decided the step the referral took. If-Match.
CREATE FUNCTION api.conference_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_conf fgc.conferences;
    v_ref fgc.referrals;
    v_res record;
    v_errs jsonb := '[]';
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'change conferences');
    v_conf := fgc.visible_conference(ctx, fgc.arg_bigint(args, 'id'), true);
    PERFORM fgc.check_version(ctx, v_conf.version);
    IF args ? 'kind' AND fgc.arg_text(args, 'kind') IS DISTINCT FROM v_conf.kind THEN
        PERFORM fgc.field_error('kind', 'The kind of a conference cannot be changed.');
    END IF;
    SELECT * INTO v_ref FROM fgc.referrals r WHERE r.id = v_conf.referral_id;

    SELECT * INTO v_res FROM fgc.conference_apply(args, v_conf, v_ref, v_errs);
    v_conf := v_res.conference;
    v_errs := v_res.errs;
    IF args ? 'attendees' THEN
        SELECT * INTO v_errs FROM fgc.check_attendees(args->'attendees', v_ref.id, v_errs);
    END IF;
    IF EXISTS (SELECT 1 FROM fgc.plans p WHERE p.conference_id = v_conf.id AND p.agreed_on < v_conf.held_on) THEN
        v_errs := fgc.err(v_errs, 'held_on', 'The conference date must not be after the date its plan was agreed.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    UPDATE fgc.conferences SET
        held_on = v_conf.held_on,
        model = v_conf.model,
        child_attended = v_conf.child_attended,
        child_views_heard = v_conf.child_views_heard,
        advocate_used = v_conf.advocate_used,
        private_family_time = v_conf.private_family_time,
        notes = v_conf.notes
     WHERE id = v_conf.id
    RETURNING * INTO v_conf;
    IF args ? 'attendees' THEN
        DELETE FROM fgc.conference_attendees a WHERE a.conference_id = v_conf.id;
        PERFORM fgc.put_attendees(v_conf.id, args->'attendees');
    END IF;
    RETURN api.ok(fgc.conference_json(ctx, v_conf));
END
$$;

-- ---------------------------------------------------------------------------
-- Plans API
-- ---------------------------------------------------------------------------

-- Check and apply a plan action's fields; prefix names the field in errors ('' or 'actions[2].').
CREATE FUNCTION fgc.plan_action_apply(args jsonb, a fgc.plan_actions, held_on date, prefix text,
                                      INOUT errs jsonb, OUT action fgc.plan_actions)
LANGUAGE plpgsql AS $$
DECLARE
    v_completed date;
BEGIN
    IF args ? 'description' THEN a.description := fgc.arg_text(args, 'description'); END IF;
    IF args ? 'owner_name' THEN a.owner_name := fgc.arg_text(args, 'owner_name'); END IF;
    IF args ? 'owner_kind' THEN a.owner_kind := fgc.arg_text(args, 'owner_kind'); END IF;
    IF args ? 'due_on' THEN a.due_on := fgc.arg_date(args, 'due_on'); END IF;
    IF args ? 'status' THEN a.status := fgc.arg_text(args, 'status'); END IF;
    a.status := COALESCE(a.status, 'open');

    IF a.description IS NULL THEN
        errs := fgc.err(errs, prefix || 'description', 'Describe what is to be done.');
    END IF;
    IF a.owner_name IS NULL THEN
        errs := fgc.err(errs, prefix || 'owner_name', 'Enter who will do it.');
    ELSIF length(a.owner_name) > 200 THEN
        errs := fgc.err(errs, prefix || 'owner_name', 'The owner''s name must be 200 characters or fewer.');
    END IF;
    IF a.owner_kind IS NULL OR a.owner_kind NOT IN ('family', 'professional') THEN
        errs := fgc.err(errs, prefix || 'owner_kind', 'Owner kind must be family or professional.');
    END IF;
    IF a.due_on < held_on THEN
        errs := fgc.err(errs, prefix || 'due_on', format('The due date must not be before the conference, on %s.',
                                                         fgc.date_words(held_on)));
    END IF;
    IF a.status NOT IN ('open', 'done', 'not_done', 'cancelled') THEN
        errs := fgc.err(errs, prefix || 'status', 'Status must be open, done, not_done or cancelled.');
    END IF;

    -- completed_on records when an action was done; it is cleared if the action is reopened.
    IF a.status = 'done' THEN
        v_completed := COALESCE(fgc.arg_date(args, 'completed_on'), a.completed_on, fgc.today());
        IF v_completed > fgc.today() THEN
            errs := fgc.err(errs, prefix || 'completed_on', 'The completion date must not be in the future.');
        ELSIF v_completed < held_on THEN
            errs := fgc.err(errs, prefix || 'completed_on',
                            format('The completion date must not be before the conference, on %s.', fgc.date_words(held_on)));
        END IF;
        a.completed_on := v_completed;
    ELSE
        a.completed_on := NULL;
    END IF;
    action := a;
END
$$;

-- args: conference_id (an initial conference of a referral in conference_held), agreed,
-- agreed_on (default the conference date; only when agreed),
-- actions [{description, owner_name, owner_kind, due_on, status}].
-- Moves the referral to plan_agreed or plan_not_agreed.
CREATE FUNCTION api.plan_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_conf fgc.conferences;
    v_agreed boolean := fgc.arg_bool(args, 'agreed');
    v_on date := fgc.arg_date(args, 'agreed_on');
    v_event text;
    v_old fgc.referrals;
    v_new fgc.referrals;
    v_plan fgc.plans;
    v_action fgc.plan_actions;
    v_actions fgc.plan_actions[] := '{}';
    v_elem jsonb;
    v_i integer := 0;
    v_res record;
    v_errs jsonb := '[]';
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'record plans');
    v_conf := fgc.visible_conference(ctx, fgc.arg_bigint(args, 'conference_id'), false);
    IF v_conf.kind <> 'initial' THEN
        PERFORM fgc.field_error('conference_id',
            'A plan is recorded for an initial conference; at a review, change the existing plan''s actions.');
    END IF;
    IF EXISTS (SELECT 1 FROM fgc.plans p WHERE p.conference_id = v_conf.id) THEN
        PERFORM api.fail('FG409', format('Conference %s already has a plan.', v_conf.id));
    END IF;
    IF v_agreed IS NULL THEN
        PERFORM fgc.field_error('agreed', 'Say whether the family agreed a plan.');
    END IF;
    v_event := CASE WHEN v_agreed THEN 'record_plan_agreed' ELSE 'record_plan_not_agreed' END;
    v_old := fgc.referral_for_step(ctx, v_conf.referral_id, v_event, false);

    IF v_agreed THEN
        v_on := COALESCE(v_on, v_conf.held_on);
        IF v_on < v_conf.held_on THEN
            v_errs := fgc.err(v_errs, 'agreed_on', format('The plan cannot be agreed before the conference, on %s.',
                                                          fgc.date_words(v_conf.held_on)));
        ELSIF v_on > fgc.today() THEN
            v_errs := fgc.err(v_errs, 'agreed_on', 'This date must not be in the future.');
        END IF;
    ELSIF v_on IS NOT NULL THEN
        v_errs := fgc.err(v_errs, 'agreed_on', 'A plan that was not agreed has no agreement date.');
    END IF;

    IF args ? 'actions' AND jsonb_typeof(args->'actions') NOT IN ('array', 'null') THEN
        v_errs := fgc.err(v_errs, 'actions', 'Actions must be a list.');
    ELSIF jsonb_typeof(args->'actions') = 'array' THEN
        FOR v_elem IN SELECT e FROM jsonb_array_elements(args->'actions') AS e LOOP
            IF jsonb_typeof(v_elem) <> 'object' THEN
                v_errs := fgc.err(v_errs, format('actions[%s]', v_i), 'Each action must be an object.');
            ELSE
                v_action := NULL;
                SELECT * INTO v_res FROM fgc.plan_action_apply(v_elem, v_action, v_conf.held_on,
                                                                format('actions[%s].', v_i), v_errs);
                v_errs := v_res.errs;
                v_actions := v_actions || v_res.action;
            END IF;
            v_i := v_i + 1;
        END LOOP;
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    INSERT INTO fgc.plans (referral_id, conference_id, agreed, agreed_on)
    VALUES (v_old.id, v_conf.id, v_agreed, v_on)
    RETURNING * INTO v_plan;
    INSERT INTO fgc.plan_actions (plan_id, description, owner_name, owner_kind, due_on, status, completed_on)
    SELECT v_plan.id, a.description, a.owner_name, a.owner_kind, a.due_on, a.status, a.completed_on
      FROM unnest(v_actions) WITH ORDINALITY AS a
     ORDER BY a.ordinality;

    UPDATE fgc.referrals SET status = fgc.next_status(v_old, v_event)
     WHERE id = v_old.id
    RETURNING * INTO v_new;
    PERFORM fgc.record_step(ctx, v_old, v_new, v_event, COALESCE(v_on, v_conf.held_on),
                            jsonb_build_object('plan_id', v_plan.id, 'conference_id', v_conf.id));

    RETURN api.ok(fgc.plan_json(ctx, v_plan) || jsonb_build_object('referral', fgc.referral_summary(v_new)),
                  201, '/api/v1/plans/' || v_plan.id);
END
$$;

-- Find a plan the caller can see.
CREATE FUNCTION fgc.visible_plan(ctx jsonb, plan_id bigint)
RETURNS fgc.plans
LANGUAGE plpgsql AS $$
DECLARE
    v_plan fgc.plans;
BEGIN
    SELECT * INTO v_plan FROM fgc.plans p WHERE p.id = $2;
    IF v_plan.id IS NULL OR NOT fgc.referral_visible($1, v_plan.referral_id) THEN
        PERFORM api.fail('FG404', format('There is no plan with id %s that you can see.', COALESCE($2::text, '(none)')));
    END IF;
    RETURN v_plan;
END
$$;

-- args: id
CREATE FUNCTION api.plan_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM fgc.require_case_reader(ctx);
    RETURN api.ok(fgc.plan_json(ctx, fgc.visible_plan(ctx, fgc.arg_bigint(args, 'id'))));
END
$$;

-- A plan's actions can change until its referral is declined or closed.
CREATE FUNCTION fgc.check_plan_open(p fgc.plans)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_ref fgc.referrals;
BEGIN
    -- Lock the referral so that it cannot be closed while its plan changes.
    SELECT * INTO v_ref FROM fgc.referrals r WHERE r.id = p.referral_id FOR SHARE;
    IF EXISTS (SELECT 1 FROM fgc.referral_statuses s WHERE s.status = v_ref.status AND s.final) THEN
        PERFORM api.fail('FG409', format('Referral %s has status %s, so its plan can no longer be changed.',
                                         v_ref.id, v_ref.status));
    END IF;
END
$$;

-- args: plan_id, description, owner_name, owner_kind, due_on, status (default open), completed_on
CREATE FUNCTION api.plan_action_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_plan fgc.plans;
    v_action fgc.plan_actions;
    v_res record;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'change plans');
    v_plan := fgc.visible_plan(ctx, fgc.arg_bigint(args, 'plan_id'));
    PERFORM fgc.check_plan_open(v_plan);
    SELECT * INTO v_res FROM fgc.plan_action_apply(args, v_action,
        (SELECT c.held_on FROM fgc.conferences c WHERE c.id = v_plan.conference_id), '', '[]'::jsonb);
    PERFORM fgc.raise_errors(v_res.errs);
    v_action := v_res.action;

    INSERT INTO fgc.plan_actions (plan_id, description, owner_name, owner_kind, due_on, status, completed_on)
    VALUES (v_plan.id, v_action.description, v_action.owner_name, v_action.owner_kind, v_action.due_on,
            v_action.status, v_action.completed_on)
    RETURNING * INTO v_action;
    RETURN api.ok(fgc.plan_action_json(ctx, v_action), 201, '/api/v1/plan-actions/' || v_action.id);
END
$$;

-- args: id; any of status, due_on, completed_on, description, owner_name, owner_kind. If-Match.
CREATE FUNCTION api.plan_action_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_action fgc.plan_actions;
    v_plan fgc.plans;
    v_res record;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'fgc_coordinator'], 'change plans');
    SELECT * INTO v_action FROM fgc.plan_actions a WHERE a.id = v_id FOR UPDATE;
    SELECT * INTO v_plan FROM fgc.plans p WHERE p.id = v_action.plan_id;
    IF v_action.id IS NULL OR NOT fgc.referral_visible(ctx, v_plan.referral_id) THEN
        PERFORM api.fail('FG404', format('There is no plan action with id %s that you can see.', COALESCE(v_id::text, '(none)')));
    END IF;
    PERFORM fgc.check_version(ctx, v_action.version);
    PERFORM fgc.check_plan_open(v_plan);
    SELECT * INTO v_res FROM fgc.plan_action_apply(args, v_action,
        (SELECT c.held_on FROM fgc.conferences c WHERE c.id = v_plan.conference_id), '', '[]'::jsonb);
    PERFORM fgc.raise_errors(v_res.errs);
    v_action := v_res.action;

    UPDATE fgc.plan_actions SET
        description = v_action.description,
        owner_name = v_action.owner_name,
        owner_kind = v_action.owner_kind,
        due_on = v_action.due_on,
        status = v_action.status,
        completed_on = v_action.completed_on
     WHERE id = v_action.id
    RETURNING * INTO v_action;
    RETURN api.ok(fgc.plan_action_json(ctx, v_action));
END
$$;
