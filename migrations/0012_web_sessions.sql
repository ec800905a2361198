-- Browser sign-in: passwords (argon2id hashes made by the daemon), sessions, and throttling of failed attempts.

-- A session is known to the database only by the SHA-256 of its cookie, so a copy of the
-- database cannot be used to take over a session.
CREATE TABLE fgc.sessions (
    id bigserial PRIMARY KEY,
    session_hash text NOT NULL UNIQUE CHECK (session_hash ~ '^[0-9a-f]{64}$'),
    user_id bigint NOT NULL REFERENCES fgc.users,
    csrf_token text NOT NULL CHECK (length(csrf_token) >= 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,           -- absolute expiry, whatever the activity
    ended_at timestamptz                       -- signed out, or ended by an administrator
);

CREATE INDEX sessions_user_idx ON fgc.sessions (user_id);

-- Sign-in attempts, kept for a day to throttle guessing by username and by address.
CREATE TABLE fgc.sign_in_attempts (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    remote_address text,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sign_in_attempts_username_idx ON fgc.sign_in_attempts (username, at);
CREATE INDEX sign_in_attempts_address_idx ON fgc.sign_in_attempts (remote_address, at);

-- Session secrets join password and token hashes among what the audit log never copies.
CREATE OR REPLACE FUNCTION audit.record_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_ctx jsonb := fgc.current_ctx();
    v_old jsonb;
    v_new jsonb;
    v_row jsonb;
    v_id text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        v_old := to_jsonb(OLD) - ARRAY['password_hash', 'token_hash', 'session_hash', 'csrf_token'];
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new := to_jsonb(NEW) - ARRAY['password_hash', 'token_hash', 'session_hash', 'csrf_token'];
    END IF;
    v_row := COALESCE(v_new, v_old);
    IF TG_NARGS = 0 THEN
        v_id := v_row->>'id';
    ELSE
        v_id := array_to_string(ARRAY(SELECT v_row->>k.name
                                      FROM unnest(TG_ARGV) WITH ORDINALITY AS k(name, n)
                                      ORDER BY k.n), '/');
    END IF;
    INSERT INTO audit.events (actor_id, actor_username, actor_role, request_id,
                              action, entity, entity_id, before, after)
    VALUES (fgc.ctx_user_id(v_ctx), v_ctx->>'username', v_ctx->>'role', v_ctx->>'request_id',
            lower(TG_OP), TG_TABLE_NAME, v_id, v_old, v_new);
    RETURN NULL;
END
$$;

SELECT audit.enable('fgc.sessions');

-- Sets a user's password hash (fgcd user passwd). The hash is made and checked by the
-- daemon (argon2id); the database only stores it.
CREATE FUNCTION api.user_set_password(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_user fgc.users;
    v_hash text := fgc.arg_text(args, 'password_hash');
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'set passwords');
    IF v_hash IS NULL OR v_hash !~ '^\$argon2id\$' THEN
        PERFORM fgc.field_error('password_hash', 'The password hash must be an argon2id hash.');
    END IF;
    UPDATE fgc.users SET password_hash = v_hash
     WHERE username = fgc.arg_text(args, 'username')
    RETURNING * INTO v_user;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such user.');
    END IF;
    -- A new password ends every session the old one opened.
    UPDATE fgc.sessions SET ended_at = now() WHERE user_id = v_user.id AND ended_at IS NULL;
    RETURN api.ok(fgc.user_json(v_user));
END
$$;

-- Step one of signing in: is this username or address locked out, and what is the stored
-- hash? Unknown users return no hash; the daemon still spends the same time verifying.
CREATE FUNCTION api.sign_in_begin(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_username text := lower(fgc.arg_text(args, 'username'));
    v_address text := fgc.arg_text(args, 'remote_address');
    v_window interval := make_interval(mins => fgc.arg_int(args, 'lockout_minutes'));
    v_max integer := fgc.arg_int(args, 'max_failures');
    v_user_failures integer;
    v_address_failures integer;
    v_last timestamptz;
    v_user fgc.users;
BEGIN
    -- Failures within the window: for the username since its last success, and from the
    -- address. An office shares one address, so an address may fail four times as often
    -- before it is locked out.
    SELECT count(*), max(a.at) INTO v_user_failures, v_last
      FROM fgc.sign_in_attempts a
     WHERE NOT a.succeeded AND a.username = v_username AND a.at > now() - v_window
       AND a.at > COALESCE((SELECT max(s.at) FROM fgc.sign_in_attempts s
                             WHERE s.succeeded AND s.username = v_username), '-infinity');
    SELECT count(*), GREATEST(max(a.at), v_last) INTO v_address_failures, v_last
      FROM fgc.sign_in_attempts a
     WHERE NOT a.succeeded AND v_address IS NOT NULL AND a.remote_address = v_address
       AND a.at > now() - v_window;
    IF v_user_failures >= v_max OR v_address_failures >= 4 * v_max THEN
        RETURN api.ok(jsonb_build_object(
            'locked', true,
            'retry_after_seconds', GREATEST(1, ceil(extract(epoch FROM v_last + v_window - now()))::integer)));
    END IF;
    SELECT * INTO v_user FROM fgc.users WHERE username = v_username AND active;
    RETURN api.ok(jsonb_build_object('locked', false, 'user_id', v_user.id,
                                     'password_hash', v_user.password_hash));
END
$$;

-- Step two: record the attempt and, when the password was right, open a session.
CREATE FUNCTION api.sign_in_finish(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_username text := lower(fgc.arg_text(args, 'username'));
    v_ok boolean := fgc.arg_bool(args, 'succeeded');
    v_user fgc.users;
    v_session fgc.sessions;
BEGIN
    INSERT INTO fgc.sign_in_attempts (username, remote_address, succeeded)
    VALUES (v_username, fgc.arg_text(args, 'remote_address'), v_ok);
    DELETE FROM fgc.sign_in_attempts WHERE at < now() - interval '1 day' AND random() < 0.01;
    IF NOT v_ok THEN
        RETURN api.ok(jsonb_build_object('signed_in', false));
    END IF;
    SELECT * INTO v_user FROM fgc.users WHERE id = fgc.arg_bigint(args, 'user_id') AND active;
    IF NOT FOUND THEN
        RETURN api.ok(jsonb_build_object('signed_in', false));
    END IF;
    PERFORM set_config('fgcd.ctx', jsonb_build_object('user_id', v_user.id, 'username', v_user.username,
                                                      'role', v_user.role,
                                                      'request_id', ctx->>'request_id')::text, true);
    INSERT INTO fgc.sessions (session_hash, user_id, csrf_token, expires_at)
    VALUES (fgc.arg_text(args, 'session_hash'), v_user.id, fgc.arg_text(args, 'csrf_token'),
            now() + make_interval(hours => fgc.arg_int(args, 'absolute_hours')))
    RETURNING * INTO v_session;
    RETURN api.ok(jsonb_build_object('signed_in', true, 'user', fgc.user_json(v_user),
                                     'csrf_token', v_session.csrf_token));
END
$$;

-- A request with a session cookie: the user, if the session is current. Touches
-- last_seen_at at most once a minute, so reads do not each cost a write.
CREATE FUNCTION api.session_lookup(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_session fgc.sessions;
    v_user fgc.users;
    v_idle interval := make_interval(mins => fgc.arg_int(args, 'idle_minutes'));
BEGIN
    SELECT * INTO v_session FROM fgc.sessions
     WHERE session_hash = fgc.arg_text(args, 'session_hash')
       AND ended_at IS NULL AND expires_at > now() AND last_seen_at > now() - v_idle;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'Your session has ended. Sign in again.');
    END IF;
    SELECT * INTO v_user FROM fgc.users WHERE id = v_session.user_id AND active;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'Your session has ended. Sign in again.');
    END IF;
    IF v_session.last_seen_at < now() - interval '1 minute' THEN
        UPDATE fgc.sessions SET last_seen_at = now() WHERE id = v_session.id;
    END IF;
    RETURN api.ok(jsonb_build_object('user', jsonb_build_object(
                                         'id', v_user.id, 'username', v_user.username,
                                         'role', v_user.role, 'team_id', v_user.team_id,
                                         'display_name', v_user.display_name),
                                     'csrf_token', v_session.csrf_token));
END
$$;

CREATE FUNCTION api.session_end(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE fgc.sessions SET ended_at = now()
     WHERE session_hash = fgc.arg_text(args, 'session_hash') AND ended_at IS NULL;
    RETURN api.ok('{}'::jsonb, 204);
END
$$;
