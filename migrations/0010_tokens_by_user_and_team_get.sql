-- Tokens can be issued by user id (the API's /users/{id}/tokens) as well as by username, and a team can be read alone.

CREATE OR REPLACE FUNCTION api.token_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_hash text := lower(fgc.arg_text(args, 'token_hash'));
    v_user fgc.users;
    v_token fgc.api_tokens;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'issue API tokens');
    IF args ? 'user_id' THEN
        SELECT * INTO v_user FROM fgc.users WHERE id = fgc.arg_bigint(args, 'user_id');
    ELSE
        SELECT * INTO v_user FROM fgc.users WHERE username = fgc.arg_text(args, 'username');
    END IF;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such user.');
    END IF;
    IF NOT v_user.active THEN
        PERFORM api.fail('FG409', format('The account %s is not active, so it cannot be given a token.', v_user.username));
    END IF;
    IF v_hash IS NULL OR v_hash !~ '^[0-9a-f]{64}$' THEN
        PERFORM fgc.field_error('token_hash', 'The token hash must be a SHA-256 digest written as 64 hexadecimal digits.');
    END IF;
    INSERT INTO fgc.api_tokens (user_id, token_hash, label)
    VALUES (v_user.id, v_hash, fgc.arg_text(args, 'label'))
    ON CONFLICT (token_hash) DO NOTHING
    RETURNING * INTO v_token;
    IF NOT FOUND THEN
        PERFORM api.fail('FG409', 'This token is already registered.');
    END IF;
    RETURN api.ok(fgc.token_json(v_token), 201);
END
$$;

-- Every role may read teams (a coordinator allocating work needs them).
CREATE FUNCTION api.team_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_team fgc.teams;
BEGIN
    SELECT * INTO v_team FROM fgc.teams WHERE id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such team.');
    END IF;
    RETURN api.ok(fgc.team_json(v_team));
END
$$;
