-- Hot SQL-language helpers rewritten in PL/pgSQL, whose plans are cached per connection: a SQL function that cannot be inlined is planned again on every call.

CREATE OR REPLACE FUNCTION fgc.child_visible(ctx jsonb, child_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT CASE
        WHEN fgc.sees_all_cases($1) THEN EXISTS (SELECT 1 FROM fgc.children c WHERE c.id = $2)
        WHEN fgc.ctx_role($1) = 'social_worker' THEN EXISTS (SELECT 1 FROM fgc.own_child_ids($1) AS o(id) WHERE o.id = $2)
        ELSE false
    END);
END
$$;

CREATE OR REPLACE FUNCTION fgc.referral_visible(ctx jsonb, referral_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT CASE
        WHEN fgc.sees_all_cases($1) THEN EXISTS (SELECT 1 FROM fgc.referrals r WHERE r.id = $2)
        WHEN fgc.ctx_role($1) = 'social_worker' THEN EXISTS (
            SELECT 1 FROM fgc.referral_children rc
             WHERE rc.referral_id = $2 AND rc.child_id IN (SELECT fgc.own_child_ids($1)))
        ELSE false
    END);
END
$$;

CREATE OR REPLACE FUNCTION fgc.own_child_ids(ctx jsonb)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT c.id FROM fgc.children c WHERE c.social_worker_id = fgc.ctx_user_id($1)
    UNION
    SELECT c.id FROM fgc.children c WHERE c.team_id = fgc.ctx_team_id($1)
    UNION
    SELECT rc.child_id
      FROM fgc.referrals r
      JOIN fgc.referral_children rc ON rc.referral_id = r.id
     WHERE r.referrer_id = fgc.ctx_user_id($1);
END
$$;

CREATE OR REPLACE FUNCTION fgc.own_referral_ids(ctx jsonb)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT DISTINCT rc.referral_id
      FROM fgc.referral_children rc
     WHERE rc.child_id IN (SELECT fgc.own_child_ids($1));
END
$$;

CREATE OR REPLACE FUNCTION fgc.child_json(ctx jsonb, c fgc.children)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
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
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['first_name', 'last_name'] ELSE ARRAY[]::text[] END);
END
$$;

CREATE OR REPLACE FUNCTION fgc.referral_json(ctx jsonb, r fgc.referrals)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
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
             ELSE ARRAY[]::text[] END);
END
$$;

CREATE OR REPLACE FUNCTION fgc.conference_json(ctx jsonb, c fgc.conferences)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
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
      - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['notes'] ELSE ARRAY[]::text[] END);
END
$$;

CREATE OR REPLACE FUNCTION fgc.plan_json(ctx jsonb, p fgc.plans)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
        'id', p.id,
        'referral_id', p.referral_id,
        'conference_id', p.conference_id,
        'agreed', p.agreed,
        'agreed_on', p.agreed_on,
        'actions', COALESCE((SELECT jsonb_agg(fgc.plan_action_json(ctx, a) ORDER BY a.id)
                               FROM fgc.plan_actions a WHERE a.plan_id = p.id), '[]'::jsonb),
        'version', p.version,
        'created_at', p.created_at,
        'updated_at', p.updated_at));
END
$$;

CREATE OR REPLACE FUNCTION fgc.area_json(a fgc.areas)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
        'id', a.id,
        'code', a.code,
        'name', a.name,
        'kind', a.kind,
        'parent_id', a.parent_id,
        'parent', (SELECT p.code FROM fgc.areas p WHERE p.id = a.parent_id),
        'version', a.version,
        'created_at', a.created_at,
        'updated_at', a.updated_at));
END
$$;

CREATE OR REPLACE FUNCTION fgc.user_json(u fgc.users)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
        'id', u.id,
        'username', u.username,
        'display_name', u.display_name,
        'role', u.role,
        'team_id', u.team_id,
        'team', (SELECT tm.name FROM fgc.teams tm WHERE tm.id = u.team_id),
        'active', u.active,
        'has_password', u.password_hash IS NOT NULL,
        'version', u.version,
        'created_at', u.created_at,
        'updated_at', u.updated_at));
END
$$;

CREATE OR REPLACE FUNCTION fgc.token_json(t fgc.api_tokens)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object(
        'id', t.id,
        'user_id', t.user_id,
        'username', (SELECT us.username FROM fgc.users us WHERE us.id = t.user_id),
        'label', t.label,
        'created_at', t.created_at,
        'revoked_at', t.revoked_at));
END
$$;

CREATE OR REPLACE FUNCTION audit.record_read(entity text, entity_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO audit.events (actor_id, actor_username, actor_role, request_id, action, entity, entity_id)
    SELECT fgc.ctx_user_id(c), c->>'username', c->>'role', c->>'request_id', 'read', $1, $2
      FROM fgc.current_ctx() AS c;
END
$$;
