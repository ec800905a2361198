-- Core schema for fgcd: schemas, teams, users, tokens, areas and populations, the audit log, idempotency keys, shared helpers and the api.dispatch entry point.
--
-- Conventions used by every migration (see docs/architecture.md for the contract with the daemon):
--   * api.<fn>(ctx jsonb, args jsonb) RETURNS jsonb is an operation the daemon may call through
--     api.dispatch; anything else in schema api has a different signature and cannot be dispatched.
--   * Errors are raised with SQLSTATE FG400/FG403/FG404/FG409/FG412/FG422 and a British English
--     message; FG422 carries a JSON array of {field, message} in DETAIL.
--   * Updatable rows carry version/updated_at, maintained by the trigger fgc.bump_version(), so no
--     function has to remember to increment them.
--   * args values are read with ->> and cast, so numbers and booleans may arrive either as JSON
--     values (body) or as strings (path and query parameters).

CREATE SCHEMA fgc;
CREATE SCHEMA api;
CREATE SCHEMA audit;

COMMENT ON SCHEMA fgc IS 'fgcd case data and internal helpers';
COMMENT ON SCHEMA api IS 'fgcd operations called by the daemon through api.dispatch';
COMMENT ON SCHEMA audit IS 'fgcd append-only audit log';

-- ---------------------------------------------------------------------------
-- Errors, context and argument helpers
-- ---------------------------------------------------------------------------

-- Raise an fgcd error. It never returns; the void result lets callers use PERFORM.
CREATE FUNCTION api.fail(code text, message text, detail jsonb DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- RAISE refuses a NULL option value, hence the two forms.
    IF $3 IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = $1, MESSAGE = $2;
    END IF;
    RAISE EXCEPTION USING ERRCODE = $1, MESSAGE = $2, DETAIL = $3::text;
END
$$;

-- The successful result of an operation: {status, body, etag?, location?}.
CREATE FUNCTION api.ok(body jsonb, status integer DEFAULT 200, location text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('status', $2, 'body', $1)
        || CASE WHEN jsonb_typeof($1) = 'object' AND $1->>'version' IS NOT NULL
                THEN jsonb_build_object('etag', $1->>'version') ELSE '{}'::jsonb END
        || CASE WHEN $3 IS NOT NULL
                THEN jsonb_build_object('location', $3) ELSE '{}'::jsonb END
$$;

-- FG422 for one field: the message doubles as the error's MESSAGE.
CREATE FUNCTION fgc.field_error(field text, message text)
RETURNS void
LANGUAGE sql AS $$
    SELECT api.fail('FG422', $2, jsonb_build_array(jsonb_build_object('field', $1, 'message', $2)))
$$;

-- Collect field errors so that one response can list every problem with the input.
CREATE FUNCTION fgc.err(errs jsonb, field text, message text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE($1, '[]'::jsonb) || jsonb_build_array(jsonb_build_object('field', $2, 'message', $3))
$$;

CREATE FUNCTION fgc.raise_errors(errs jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF $1 IS NULL OR jsonb_array_length($1) = 0 THEN
        RETURN;
    END IF;
    PERFORM api.fail('FG422',
                     (SELECT string_agg(e->>'message', ' ') FROM jsonb_array_elements($1) AS e),
                     $1);
END
$$;

-- The acting context set by api.dispatch, for triggers (empty outside a request).
CREATE FUNCTION fgc.current_ctx()
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- After a transaction that set it ends, the setting reads as '' rather than NULL.
    SELECT COALESCE(NULLIF(current_setting('fgcd.ctx', true), ''), '{}')::jsonb
$$;

CREATE FUNCTION fgc.ctx_user_id(ctx jsonb)
RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT NULLIF($1->>'user_id', '')::bigint
$$;

CREATE FUNCTION fgc.ctx_role(ctx jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT $1->>'role'
$$;

CREATE FUNCTION fgc.ctx_team_id(ctx jsonb)
RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT NULLIF($1->>'team_id', '')::bigint
$$;

-- The command-line tools act without a user: {"user_id": null, "username": "cli", "role": "admin"}.
CREATE FUNCTION fgc.is_cli(ctx jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT $1->>'user_id' IS NULL AND $1->>'username' = 'cli'
$$;

-- "a social worker", "an FGC coordinator": for messages.
CREATE FUNCTION fgc.role_phrase(role text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE $1
        WHEN 'social_worker' THEN 'a social worker'
        WHEN 'fgc_coordinator' THEN 'an FGC coordinator'
        WHEN 'manager' THEN 'a manager'
        WHEN 'data_analyst' THEN 'a data analyst'
        WHEN 'trainer' THEN 'a trainer'
        WHEN 'admin' THEN 'an administrator'
        ELSE 'an unknown role'
    END
$$;

-- FG403 unless the caller has one of the roles; doing completes "you may not ...".
CREATE FUNCTION fgc.require_role(ctx jsonb, roles text[], doing text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF fgc.ctx_role($1) IS NULL OR NOT fgc.ctx_role($1) = ANY ($2) THEN
        PERFORM api.fail('FG403', format('As %s you may not %s.', fgc.role_phrase(fgc.ctx_role($1)), $3));
    END IF;
END
$$;

-- Today in England. Dates are compared with this rather than current_date so that the
-- server's time zone cannot turn a same-day entry into a "future" date around midnight.
CREATE FUNCTION fgc.today()
RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Europe/London')::date
$$;

-- "1 March 2025", for messages.
CREATE FUNCTION fgc.date_words(d date)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char($1, 'FMDD FMMonth YYYY')
$$;

-- Optimistic concurrency: ctx.if_match must equal the row's version. The daemon answers 428
-- itself when If-Match is missing, so a missing value here means a caller that bypassed it;
-- only the command-line tools (no user) may change a record without naming its version.
CREATE FUNCTION fgc.check_version(ctx jsonb, current_version integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_match text := btrim($1->>'if_match');
BEGIN
    IF v_match IS NULL OR v_match = '' THEN
        IF fgc.is_cli($1) THEN
            RETURN;
        END IF;
        PERFORM api.fail('FG412', 'This change needs the version of the record you are changing (If-Match).');
    END IF;
    IF v_match !~ '^[0-9]{1,9}$' OR v_match::integer <> $2 THEN
        PERFORM api.fail('FG412', format(
            'The record has changed since you loaded it (it is now at version %s). Reload it and try again.', $2));
    END IF;
END
$$;

-- "date_of_birth" -> "Date of birth", for messages about a field.
CREATE FUNCTION fgc.field_label(key text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT upper(left(replace($1, '_', ' '), 1)) || substr(replace($1, '_', ' '), 2)
$$;

-- Argument readers: NULL when absent or empty; FG422 naming the field when the value cannot be read.
CREATE FUNCTION fgc.arg_text(args jsonb, key text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT NULLIF(btrim($1->>$2), '')
$$;

CREATE FUNCTION fgc.arg_bigint(args jsonb, key text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v text := btrim($1->>$2);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v !~ '^-?[0-9]{1,18}$' THEN
        PERFORM fgc.field_error($2, format('%s must be a whole number.', fgc.field_label($2)));
    END IF;
    RETURN v::bigint;
END
$$;

CREATE FUNCTION fgc.arg_int(args jsonb, key text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v text := btrim($1->>$2);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v !~ '^-?[0-9]{1,9}$' THEN
        PERFORM fgc.field_error($2, format('%s must be a whole number.', fgc.field_label($2)));
    END IF;
    RETURN v::integer;
END
$$;

CREATE FUNCTION fgc.arg_bool(args jsonb, key text)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v text := lower(btrim($1->>$2));
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v IN ('true', 't', '1', 'yes') THEN
        RETURN true;
    ELSIF v IN ('false', 'f', '0', 'no') THEN
        RETURN false;
    END IF;
    PERFORM fgc.field_error($2, format('%s must be true or false.', fgc.field_label($2)));
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.arg_date(args jsonb, key text)
RETURNS date
LANGUAGE plpgsql AS $$
DECLARE
    v text := btrim($1->>$2);
    d date;
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        BEGIN
            d := v::date;
        EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
            d := NULL;
        END;
    END IF;
    IF d IS NULL THEN
        PERFORM fgc.field_error($2, format('%s must be a real date written as YYYY-MM-DD.', fgc.field_label($2)));
    END IF;
    RETURN d;
END
$$;

-- ---------------------------------------------------------------------------
-- Paging: an opaque cursor is the last id of the previous page as text, base64url-encoded
-- without padding (so it needs no escaping in a query string; padded input is accepted too).
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.cursor_encode(last_id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT rtrim(translate(encode(convert_to($1::text, 'UTF8'), 'base64'), '+/', '-_'), '=')
$$;

CREATE FUNCTION fgc.cursor_decode(cursor text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_b64 text;
    v_raw text;
BEGIN
    IF $1 IS NULL OR btrim($1) = '' THEN
        RETURN NULL;
    END IF;
    IF $1 ~ '^[A-Za-z0-9_+/-]{1,40}={0,2}$' THEN
        v_b64 := translate(rtrim($1, '='), '-_', '+/');
        v_b64 := v_b64 || repeat('=', (4 - length(v_b64) % 4) % 4);
        BEGIN
            v_raw := convert_from(decode(v_b64, 'base64'), 'UTF8');
        EXCEPTION WHEN OTHERS THEN
            v_raw := NULL;
        END;
    END IF;
    IF v_raw IS NULL OR v_raw !~ '^[0-9]{1,18}$' THEN
        PERFORM api.fail('FG400', 'The cursor is not valid. Start again from the first page of results.');
    END IF;
    RETURN v_raw::bigint;
END
$$;

-- Page size: 50 unless asked, never more than 200.
CREATE FUNCTION fgc.page_limit(args jsonb)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v integer := fgc.arg_int($1, 'limit');
BEGIN
    IF v IS NULL THEN
        RETURN 50;
    END IF;
    IF v < 1 THEN
        PERFORM fgc.field_error('limit', 'Limit must be at least 1.');
    END IF;
    RETURN least(v, 200);
END
$$;

-- Lists fetch limit + 1 items (each with an "id") in page order; the extra one only tells
-- that another page exists, and is dropped.
CREATE FUNCTION fgc.page(items jsonb, page_limit integer)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN jsonb_array_length(COALESCE($1, '[]'::jsonb)) > $2 THEN
            jsonb_build_object('items', $1 - $2,
                               'next_cursor', fgc.cursor_encode(($1->($2 - 1)->>'id')::bigint))
        ELSE
            jsonb_build_object('items', COALESCE($1, '[]'::jsonb), 'next_cursor', NULL)
    END
$$;

-- ---------------------------------------------------------------------------
-- Generic row triggers
-- ---------------------------------------------------------------------------

-- Every update of a versioned row moves its version on, whoever wrote the UPDATE.
CREATE FUNCTION fgc.bump_version()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- For append-only tables (the audit log, referral history).
CREATE FUNCTION audit.refuse_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'insufficient_privilege',
        MESSAGE = format('%I.%I is append-only: its rows cannot be changed or removed.', TG_TABLE_SCHEMA, TG_TABLE_NAME);
END
$$;

-- ---------------------------------------------------------------------------
-- Audit log
-- ---------------------------------------------------------------------------

CREATE TABLE audit.events (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id bigint,
    actor_username text,
    actor_role text,
    request_id text,
    action text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'read')),
    entity text NOT NULL,
    entity_id text,
    before jsonb,
    after jsonb
);

COMMENT ON TABLE audit.events IS 'Append-only: who changed or read what, with the row before and after';

CREATE INDEX events_entity_idx ON audit.events (entity, entity_id);
CREATE INDEX events_actor_idx ON audit.events (actor_id, at);
CREATE INDEX events_at_idx ON audit.events (at);

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON audit.events
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- AFTER INSERT/UPDATE/DELETE row trigger. The entity id is the "id" column, or for a table
-- without one the primary key columns named in the trigger arguments, joined with '/'.
-- Secrets are never copied into the log: password_hash (users) and token_hash (api_tokens).
CREATE FUNCTION audit.record_change()
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
        v_old := to_jsonb(OLD) - ARRAY['password_hash', 'token_hash'];
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new := to_jsonb(NEW) - ARRAY['password_hash', 'token_hash'];
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

-- Attach audit.record_change() to a table (idempotent).
CREATE FUNCTION audit.enable(tbl regclass)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_args text := '';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                   WHERE attrelid = tbl AND attname = 'id' AND attnum > 0 AND NOT attisdropped) THEN
        SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.n)
          INTO v_args
          FROM pg_index i
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = tbl AND i.indisprimary;
        IF v_args IS NULL THEN
            RAISE EXCEPTION 'audit.enable: % has neither an id column nor a primary key', tbl;
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND tgname = 'audit_change') THEN
        EXECUTE format('DROP TRIGGER audit_change ON %s', tbl);
    END IF;
    EXECUTE format('CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON %s '
                   'FOR EACH ROW EXECUTE FUNCTION audit.record_change(%s)', tbl, v_args);
END
$$;

-- A read of a sensitive record (a child's), written by the reading function itself.
CREATE FUNCTION audit.record_read(entity text, entity_id text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO audit.events (actor_id, actor_username, actor_role, request_id, action, entity, entity_id)
    SELECT fgc.ctx_user_id(c), c->>'username', c->>'role', c->>'request_id', 'read', $1, $2
      FROM fgc.current_ctx() AS c
$$;

-- ---------------------------------------------------------------------------
-- Teams, users and API tokens
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.teams (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fgc.users (
    id bigserial PRIMARY KEY,
    -- 'cli' is how the command-line tools appear in the audit log, so no person may have it.
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$' AND username <> 'cli'),
    display_name text CHECK (length(display_name) <= 200),
    role text NOT NULL CHECK (role IN ('social_worker', 'fgc_coordinator', 'manager',
                                       'data_analyst', 'trainer', 'admin')),
    team_id bigint REFERENCES fgc.teams,
    active boolean NOT NULL DEFAULT true,
    password_hash text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_team_idx ON fgc.users (team_id);
CREATE INDEX users_role_idx ON fgc.users (role);

CREATE TABLE fgc.api_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES fgc.users,
    -- Lower-case hex SHA-256 of the token; the token itself is shown once and never stored.
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    label text CHECK (length(label) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX api_tokens_user_idx ON fgc.api_tokens (user_id);

CREATE TRIGGER users_version BEFORE UPDATE ON fgc.users
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

-- ---------------------------------------------------------------------------
-- Idempotency keys (POST retries)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.idempotency_keys (
    user_id bigint NOT NULL DEFAULT 0,          -- 0 for the command-line tools
    key text NOT NULL,
    request_hash text,
    fn text NOT NULL,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created_idx ON fgc.idempotency_keys (created_at);

-- ---------------------------------------------------------------------------
-- Areas (local authorities and their clusters) and populations
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.areas (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
    name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    parent_id bigint REFERENCES fgc.areas,
    kind text NOT NULL CHECK (kind IN ('local_authority', 'cluster')),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- A local authority has no parent; a cluster belongs to a local authority.
    CHECK ((kind = 'local_authority') = (parent_id IS NULL)),
    -- Local authorities are identified by their ONS GSS code, e.g. E08000035 for Leeds.
    CHECK (kind <> 'local_authority' OR code ~ '^[EWSN][0-9]{8}$')
);

CREATE INDEX areas_parent_idx ON fgc.areas (parent_id);

CREATE TRIGGER areas_version BEFORE UPDATE ON fgc.areas
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

CREATE TABLE fgc.area_populations (
    area_id bigint NOT NULL REFERENCES fgc.areas,
    year integer NOT NULL CHECK (year BETWEEN 1971 AND 2100),   -- mid-year of the ONS estimate
    population_0_17 integer NOT NULL CHECK (population_0_17 >= 0),
    vintage text NOT NULL CHECK (btrim(vintage) <> ''),         -- which ONS release
    loaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (area_id, year, vintage)
);

SELECT audit.enable('fgc.teams');
SELECT audit.enable('fgc.users');
SELECT audit.enable('fgc.api_tokens');
SELECT audit.enable('fgc.areas');
SELECT audit.enable('fgc.area_populations');

-- ---------------------------------------------------------------------------
-- The entry point
-- ---------------------------------------------------------------------------

CREATE FUNCTION api.dispatch(fn text, ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_ctx jsonb := COALESCE(ctx, '{}'::jsonb);
    v_args jsonb := COALESCE(args, '{}'::jsonb);
    v_key text := NULLIF(v_ctx->>'idempotency_key', '');
    v_user bigint := COALESCE(fgc.ctx_user_id(v_ctx), 0);
    v_saved fgc.idempotency_keys;
    v_result jsonb;
BEGIN
    -- Local to this transaction: the audit triggers read who is acting from here.
    PERFORM set_config('fgcd.ctx', v_ctx::text, true);

    IF fn IS NULL OR fn !~ '^[a-z_]+$' OR NOT EXISTS (
        SELECT 1 FROM pg_proc
         WHERE oid = to_regprocedure(format('api.%I(jsonb,jsonb)', fn))
           AND prorettype = 'jsonb'::regtype) THEN
        PERFORM api.fail('FG404', 'Unknown operation.');
    END IF;

    IF v_key IS NOT NULL THEN
        -- Keys are kept for 24 hours; now and then sweep the old ones out.
        IF random() < 0.01 THEN
            DELETE FROM fgc.idempotency_keys WHERE created_at < now() - interval '24 hours';
        END IF;
        -- A key older than that has expired even if the sweep has not reached it yet.
        DELETE FROM fgc.idempotency_keys k
         WHERE k.user_id = v_user AND k.key = v_key AND k.created_at < now() - interval '24 hours';

        -- A concurrent request with the same key waits here for the first one to finish.
        INSERT INTO fgc.idempotency_keys (user_id, key, request_hash, fn)
        VALUES (v_user, v_key, v_ctx->>'request_hash', dispatch.fn)
        ON CONFLICT DO NOTHING;

        SELECT * INTO v_saved FROM fgc.idempotency_keys k
         WHERE k.user_id = v_user AND k.key = v_key
           FOR UPDATE;

        IF v_saved.request_hash IS DISTINCT FROM v_ctx->>'request_hash' OR v_saved.fn <> dispatch.fn THEN
            PERFORM api.fail('FG422',
                'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
                jsonb_build_array(jsonb_build_object(
                    'field', 'Idempotency-Key',
                    'message', 'This key was already used for a different request.')));
        END IF;
        IF v_saved.response IS NOT NULL THEN
            RETURN v_saved.response || '{"replayed": true}'::jsonb;
        END IF;
    END IF;

    EXECUTE format('SELECT api.%I($1, $2)', fn) INTO v_result USING v_ctx, v_args;

    IF v_result IS NULL THEN
        RAISE EXCEPTION 'api.% returned no result', fn;
    END IF;

    IF v_key IS NOT NULL THEN
        UPDATE fgc.idempotency_keys k SET response = v_result
         WHERE k.user_id = v_user AND k.key = v_key;
    END IF;
    RETURN v_result;
END
$$;

COMMENT ON FUNCTION api.dispatch(text, jsonb, jsonb) IS
    'The only statement the daemon runs: SELECT api.dispatch(fn, ctx, args). See docs/architecture.md.';

-- ---------------------------------------------------------------------------
-- JSON bodies
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.team_json(t fgc.teams)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', t.id, 'name', t.name, 'created_at', t.created_at)
$$;

CREATE FUNCTION fgc.user_json(u fgc.users)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
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
        'updated_at', u.updated_at)
$$;

CREATE FUNCTION fgc.token_json(t fgc.api_tokens)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', t.id,
        'user_id', t.user_id,
        'username', (SELECT us.username FROM fgc.users us WHERE us.id = t.user_id),
        'label', t.label,
        'created_at', t.created_at,
        'revoked_at', t.revoked_at)
$$;

CREATE FUNCTION fgc.area_json(a fgc.areas)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', a.id,
        'code', a.code,
        'name', a.name,
        'kind', a.kind,
        'parent_id', a.parent_id,
        'parent', (SELECT p.code FROM fgc.areas p WHERE p.id = a.parent_id),
        'version', a.version,
        'created_at', a.created_at,
        'updated_at', a.updated_at)
$$;

-- ---------------------------------------------------------------------------
-- Teams
-- ---------------------------------------------------------------------------

-- args: name
CREATE FUNCTION api.team_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_name text := fgc.arg_text(args, 'name');
    v_team fgc.teams;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'create teams');
    IF v_name IS NULL THEN
        PERFORM fgc.field_error('name', 'Enter the team''s name.');
    ELSIF length(v_name) > 200 THEN
        PERFORM fgc.field_error('name', 'The team''s name must be 200 characters or fewer.');
    END IF;
    INSERT INTO fgc.teams (name) VALUES (v_name)
    ON CONFLICT (name) DO NOTHING
    RETURNING * INTO v_team;
    IF NOT FOUND THEN
        PERFORM api.fail('FG409', format('A team called %s already exists.', v_name));
    END IF;
    RETURN api.ok(fgc.team_json(v_team), 201, '/api/v1/teams/' || v_team.id);
END
$$;

-- args: cursor, limit. Every signed-in role may list teams (forms need them).
CREATE FUNCTION api.team_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_items jsonb;
BEGIN
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT t.id, fgc.team_json(t) AS j
              FROM fgc.teams t
             WHERE v_after IS NULL OR t.id > v_after
             ORDER BY t.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- ---------------------------------------------------------------------------
-- Users
-- ---------------------------------------------------------------------------

-- Resolve team (by name) or team_id from args into a team id; FG422 when unknown.
-- Returns NULL when neither is given.
CREATE FUNCTION fgc.resolve_team(args jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'team_id');
    v_name text := fgc.arg_text(args, 'team');
    v_found bigint;
BEGIN
    IF v_id IS NOT NULL THEN
        SELECT id INTO v_found FROM fgc.teams WHERE id = v_id;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('team_id', format('There is no team with id %s.', v_id));
        END IF;
    ELSIF v_name IS NOT NULL THEN
        SELECT id INTO v_found FROM fgc.teams WHERE name = v_name;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('team', format('There is no team called %s.', v_name));
        END IF;
    END IF;
    RETURN v_found;
END
$$;

CREATE FUNCTION fgc.check_role_name(field text, role text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF $2 IS NULL OR $2 NOT IN ('social_worker', 'fgc_coordinator', 'manager', 'data_analyst', 'trainer', 'admin') THEN
        PERFORM fgc.field_error($1,
            'Role must be one of social_worker, fgc_coordinator, manager, data_analyst, trainer or admin.');
    END IF;
END
$$;

-- args: username, display_name, role, team (name) or team_id, active, password_hash (already hashed by the daemon)
CREATE FUNCTION api.user_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_username text := fgc.arg_text(args, 'username');
    v_role text := fgc.arg_text(args, 'role');
    v_team bigint;
    v_user fgc.users;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'create users');
    IF v_username IS NULL THEN
        PERFORM fgc.field_error('username', 'Enter a username.');
    ELSIF v_username = 'cli' OR v_username !~ '^[a-z0-9][a-z0-9._-]{1,63}$' THEN
        PERFORM fgc.field_error('username',
            'Usernames are 2 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit, and cannot be "cli".');
    END IF;
    PERFORM fgc.check_role_name('role', v_role);
    v_team := fgc.resolve_team(args);

    INSERT INTO fgc.users (username, display_name, role, team_id, active, password_hash)
    VALUES (v_username, fgc.arg_text(args, 'display_name'), v_role, v_team,
            COALESCE(fgc.arg_bool(args, 'active'), true), fgc.arg_text(args, 'password_hash'))
    ON CONFLICT (username) DO NOTHING
    RETURNING * INTO v_user;
    IF NOT FOUND THEN
        PERFORM api.fail('FG409', format('The username %s is already taken.', v_username));
    END IF;
    RETURN api.ok(fgc.user_json(v_user), 201, '/api/v1/users/' || v_user.id);
END
$$;

-- args: role, team_id, active, q (username or display name contains), cursor, limit
CREATE FUNCTION api.user_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_role text := fgc.arg_text(args, 'role');
    v_team bigint := fgc.arg_bigint(args, 'team_id');
    v_active boolean := fgc.arg_bool(args, 'active');
    v_q text := fgc.arg_text(args, 'q');
    v_items jsonb;
BEGIN
    -- Coordinators and managers need the staff list, e.g. to allocate a coordinator.
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'fgc_coordinator'], 'list users');
    IF v_role IS NOT NULL THEN
        PERFORM fgc.check_role_name('role', v_role);
    END IF;
    v_q := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT u.id, fgc.user_json(u) AS j
              FROM fgc.users u
             WHERE (v_after IS NULL OR u.id > v_after)
               AND (v_role IS NULL OR u.role = v_role)
               AND (v_team IS NULL OR u.team_id = v_team)
               AND (v_active IS NULL OR u.active = v_active)
               AND (v_q IS NULL OR u.username ILIKE v_q OR u.display_name ILIKE v_q)
             ORDER BY u.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id or username. Anyone may read their own record.
CREATE FUNCTION api.user_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := fgc.arg_bigint(args, 'id');
    v_username text := fgc.arg_text(args, 'username');
    v_user fgc.users;
BEGIN
    IF v_id IS NOT NULL THEN
        SELECT * INTO v_user FROM fgc.users WHERE id = v_id;
    ELSE
        SELECT * INTO v_user FROM fgc.users WHERE username = v_username;
    END IF;
    IF v_user.id IS DISTINCT FROM fgc.ctx_user_id(ctx) THEN
        PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'fgc_coordinator'], 'see other users'' records');
    END IF;
    IF v_user.id IS NULL THEN
        PERFORM api.fail('FG404', 'There is no such user.');
    END IF;
    RETURN api.ok(fgc.user_json(v_user));
END
$$;

-- args: id; any of display_name, role, active, team_id (null to clear) or team, password_hash. If-Match.
CREATE FUNCTION api.user_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_user fgc.users;
    v_role text;
    v_active boolean;
    v_team bigint;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change users');
    SELECT * INTO v_user FROM fgc.users WHERE id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such user.');
    END IF;
    PERFORM fgc.check_version(ctx, v_user.version);

    v_role := CASE WHEN args ? 'role' THEN fgc.arg_text(args, 'role') ELSE v_user.role END;
    PERFORM fgc.check_role_name('role', v_role);
    v_active := CASE WHEN args ? 'active' THEN fgc.arg_bool(args, 'active') ELSE v_user.active END;
    IF v_active IS NULL THEN
        PERFORM fgc.field_error('active', 'Active must be true or false.');
    END IF;
    v_team := CASE WHEN args ? 'team_id' OR args ? 'team' THEN fgc.resolve_team(args) ELSE v_user.team_id END;

    -- Guard against an administrator locking themselves out.
    IF v_user.id = fgc.ctx_user_id(ctx) AND (NOT v_active OR v_role <> 'admin') THEN
        PERFORM api.fail('FG403', 'You cannot deactivate your own account or remove your own administrator role.');
    END IF;

    UPDATE fgc.users SET
        display_name = CASE WHEN args ? 'display_name' THEN fgc.arg_text(args, 'display_name') ELSE display_name END,
        role = v_role,
        active = v_active,
        team_id = v_team,
        password_hash = CASE WHEN args ? 'password_hash' THEN fgc.arg_text(args, 'password_hash') ELSE password_hash END
     WHERE id = v_user.id
    RETURNING * INTO v_user;
    RETURN api.ok(fgc.user_json(v_user));
END
$$;

-- ---------------------------------------------------------------------------
-- API tokens
-- ---------------------------------------------------------------------------

-- args: username, token_hash (lower-case hex SHA-256 of the token), label. Never returns the hash.
CREATE FUNCTION api.token_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_hash text := lower(fgc.arg_text(args, 'token_hash'));
    v_user fgc.users;
    v_token fgc.api_tokens;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'issue API tokens');
    SELECT * INTO v_user FROM fgc.users WHERE username = fgc.arg_text(args, 'username');
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

-- args: username, include_revoked, cursor, limit
CREATE FUNCTION api.token_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_username text := fgc.arg_text(args, 'username');
    v_revoked boolean := COALESCE(fgc.arg_bool(args, 'include_revoked'), false);
    v_items jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'list API tokens');
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT t.id, fgc.token_json(t) AS j
              FROM fgc.api_tokens t
              JOIN fgc.users u ON u.id = t.user_id
             WHERE (v_after IS NULL OR t.id > v_after)
               AND (v_username IS NULL OR u.username = v_username)
               AND (v_revoked OR t.revoked_at IS NULL)
             ORDER BY t.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id, or token_hash. An administrator may revoke any token; anyone may revoke their own
-- (signing out). Revoking a revoked token changes nothing and succeeds.
CREATE FUNCTION api.token_revoke(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_token fgc.api_tokens;
BEGIN
    IF args ? 'id' THEN
        SELECT * INTO v_token FROM fgc.api_tokens WHERE id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    ELSE
        SELECT * INTO v_token FROM fgc.api_tokens WHERE token_hash = lower(fgc.arg_text(args, 'token_hash')) FOR UPDATE;
    END IF;
    IF v_token.user_id IS DISTINCT FROM fgc.ctx_user_id(ctx) THEN
        PERFORM fgc.require_role(ctx, ARRAY['admin'], 'revoke other people''s tokens');
    END IF;
    IF v_token.id IS NULL THEN
        PERFORM api.fail('FG404', 'There is no such token.');
    END IF;
    IF v_token.revoked_at IS NULL THEN
        UPDATE fgc.api_tokens SET revoked_at = now() WHERE id = v_token.id RETURNING * INTO v_token;
    END IF;
    RETURN api.ok(fgc.token_json(v_token));
END
$$;

-- args: token_hash. Called by the daemon to authenticate a request, before it knows the caller,
-- so it checks no role. FG404 for an unknown or revoked token or an inactive user.
CREATE FUNCTION api.token_lookup(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_body jsonb;
BEGIN
    SELECT jsonb_build_object('id', u.id, 'username', u.username, 'role', u.role,
                              'team_id', u.team_id, 'display_name', u.display_name)
      INTO v_body
      FROM fgc.api_tokens t
      JOIN fgc.users u ON u.id = t.user_id
     WHERE t.token_hash = lower(fgc.arg_text(args, 'token_hash'))
       AND t.revoked_at IS NULL
       AND u.active;
    IF v_body IS NULL THEN
        PERFORM api.fail('FG404', 'The token is not valid.');
    END IF;
    RETURN api.ok(v_body);
END
$$;

-- ---------------------------------------------------------------------------
-- Areas and populations
-- ---------------------------------------------------------------------------

-- Resolve a parent area for a cluster from args parent (code) or parent_id.
CREATE FUNCTION fgc.resolve_parent_area(args jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_field text := CASE WHEN fgc.arg_text(args, 'parent') IS NOT NULL THEN 'parent' ELSE 'parent_id' END;
    v_parent fgc.areas;
BEGIN
    IF v_field = 'parent' THEN
        SELECT * INTO v_parent FROM fgc.areas WHERE code = upper(fgc.arg_text(args, 'parent'));
    ELSE
        SELECT * INTO v_parent FROM fgc.areas WHERE id = fgc.arg_bigint(args, 'parent_id');
    END IF;
    IF v_parent.id IS NULL THEN
        PERFORM fgc.field_error(v_field, 'A cluster needs the local authority it belongs to, and that area is not known.');
    ELSIF v_parent.kind <> 'local_authority' THEN
        PERFORM fgc.field_error(v_field, format('%s is a cluster; a cluster must belong to a local authority.', v_parent.code));
    END IF;
    RETURN v_parent.id;
END
$$;

-- args: code, name, kind ('local_authority' or 'cluster'), parent (code) or parent_id for a cluster
CREATE FUNCTION api.area_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_code text := upper(fgc.arg_text(args, 'code'));
    v_name text := fgc.arg_text(args, 'name');
    v_kind text := fgc.arg_text(args, 'kind');
    v_parent bigint;
    v_errs jsonb := '[]';
    v_area fgc.areas;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'create areas');
    IF v_kind IS NULL OR v_kind NOT IN ('local_authority', 'cluster') THEN
        v_errs := fgc.err(v_errs, 'kind', 'Kind must be local_authority or cluster.');
    END IF;
    IF v_code IS NULL OR v_code !~ '^[A-Z0-9][A-Z0-9_-]{1,31}$' THEN
        v_errs := fgc.err(v_errs, 'code', 'Enter a code of 2 to 32 letters, digits, hyphens or underscores, such as LS-C01.');
    ELSIF v_kind = 'local_authority' AND v_code !~ '^[EWSN][0-9]{8}$' THEN
        v_errs := fgc.err(v_errs, 'code', 'A local authority''s code is its ONS code, such as E08000035.');
    END IF;
    IF v_name IS NULL THEN
        v_errs := fgc.err(v_errs, 'name', 'Enter the area''s name.');
    END IF;
    IF v_kind = 'local_authority' AND (fgc.arg_text(args, 'parent') IS NOT NULL OR fgc.arg_text(args, 'parent_id') IS NOT NULL) THEN
        v_errs := fgc.err(v_errs, 'parent', 'A local authority does not belong to another area.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    IF v_kind = 'cluster' THEN
        v_parent := fgc.resolve_parent_area(args);
    END IF;

    INSERT INTO fgc.areas (code, name, kind, parent_id)
    VALUES (v_code, v_name, v_kind, v_parent)
    ON CONFLICT (code) DO NOTHING
    RETURNING * INTO v_area;
    IF NOT FOUND THEN
        PERFORM api.fail('FG409', format('An area with the code %s already exists.', v_code));
    END IF;
    RETURN api.ok(fgc.area_json(v_area), 201, '/api/v1/areas/' || v_area.code);
END
$$;

-- args: kind, parent (code), cursor, limit. Every signed-in role may list areas.
CREATE FUNCTION api.area_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_kind text := fgc.arg_text(args, 'kind');
    v_parent text := upper(fgc.arg_text(args, 'parent'));
    v_items jsonb;
BEGIN
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT a.id, fgc.area_json(a) AS j
              FROM fgc.areas a
             WHERE (v_after IS NULL OR a.id > v_after)
               AND (v_kind IS NULL OR a.kind = v_kind)
               AND (v_parent IS NULL OR a.parent_id = (SELECT p.id FROM fgc.areas p WHERE p.code = v_parent))
             ORDER BY a.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: code. Includes its populations (all vintages) and, for a local authority, its clusters.
CREATE FUNCTION api.area_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_area fgc.areas;
BEGIN
    SELECT * INTO v_area FROM fgc.areas WHERE code = upper(fgc.arg_text(args, 'code'));
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no area with that code.');
    END IF;
    RETURN api.ok(fgc.area_json(v_area) || jsonb_build_object(
        'populations', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('year', p.year, 'population_0_17', p.population_0_17,
                                                'vintage', p.vintage, 'loaded_at', p.loaded_at)
                             ORDER BY p.year, p.vintage)
              FROM fgc.area_populations p WHERE p.area_id = v_area.id), '[]'::jsonb),
        'clusters', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name) ORDER BY c.code)
              FROM fgc.areas c WHERE c.parent_id = v_area.id), '[]'::jsonb)));
END
$$;

-- args: code; name, parent (code) or parent_id (clusters only). If-Match.
CREATE FUNCTION api.area_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_area fgc.areas;
    v_name text;
    v_parent bigint;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change areas');
    SELECT * INTO v_area FROM fgc.areas WHERE code = upper(fgc.arg_text(args, 'code')) FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no area with that code.');
    END IF;
    PERFORM fgc.check_version(ctx, v_area.version);

    v_name := CASE WHEN args ? 'name' THEN fgc.arg_text(args, 'name') ELSE v_area.name END;
    IF v_name IS NULL THEN
        PERFORM fgc.field_error('name', 'Enter the area''s name.');
    END IF;
    v_parent := v_area.parent_id;
    IF args ? 'parent' OR args ? 'parent_id' THEN
        IF v_area.kind = 'local_authority' THEN
            PERFORM fgc.field_error('parent', 'A local authority does not belong to another area.');
        END IF;
        v_parent := fgc.resolve_parent_area(args);
    END IF;

    UPDATE fgc.areas SET name = v_name, parent_id = v_parent
     WHERE id = v_area.id
    RETURNING * INTO v_area;
    RETURN api.ok(fgc.area_json(v_area));
END
$$;

-- args: code, year, population_0_17, vintage. Inserts or replaces the estimate for that
-- year and vintage: 201 when new, 200 when replaced.
CREATE FUNCTION api.population_put(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_area fgc.areas;
    v_year integer := fgc.arg_int(args, 'year');
    v_pop integer := fgc.arg_int(args, 'population_0_17');
    v_vintage text := fgc.arg_text(args, 'vintage');
    v_errs jsonb := '[]';
    v_row fgc.area_populations;
    v_new boolean;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'load populations');
    SELECT * INTO v_area FROM fgc.areas WHERE code = upper(fgc.arg_text(args, 'code'));
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no area with that code.');
    END IF;
    IF v_year IS NULL OR v_year NOT BETWEEN 1971 AND 2100 THEN
        v_errs := fgc.err(v_errs, 'year', 'Enter the mid-year of the estimate, such as 2024.');
    END IF;
    IF v_pop IS NULL OR v_pop < 0 THEN
        v_errs := fgc.err(v_errs, 'population_0_17', 'Enter the number of children aged 0 to 17 (0 or more).');
    END IF;
    IF v_vintage IS NULL THEN
        v_errs := fgc.err(v_errs, 'vintage', 'Enter which ONS release the estimate comes from.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    -- xmax = 0 only on a freshly inserted row: that is how an upsert tells new from replaced.
    INSERT INTO fgc.area_populations AS p (area_id, year, population_0_17, vintage)
    VALUES (v_area.id, v_year, v_pop, v_vintage)
    ON CONFLICT (area_id, year, vintage)
    DO UPDATE SET population_0_17 = excluded.population_0_17, loaded_at = now()
    RETURNING p.year, p.population_0_17, p.vintage, p.loaded_at, (p.xmax = 0)
         INTO v_row.year, v_row.population_0_17, v_row.vintage, v_row.loaded_at, v_new;
    RETURN api.ok(jsonb_build_object('area', v_area.code, 'area_id', v_area.id, 'year', v_row.year,
                                     'population_0_17', v_row.population_0_17, 'vintage', v_row.vintage,
                                     'loaded_at', v_row.loaded_at),
                  CASE WHEN v_new THEN 201 ELSE 200 END);
END
$$;

-- ---------------------------------------------------------------------------
-- Audit log reading
-- ---------------------------------------------------------------------------

-- args: actor (username), entity, entity_id, action, from, to (dates, inclusive, in England's
-- time), cursor, limit. Newest first.
CREATE FUNCTION api.audit_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_before bigint := fgc.cursor_decode(args->>'cursor');
    v_actor text := fgc.arg_text(args, 'actor');
    v_entity text := fgc.arg_text(args, 'entity');
    v_entity_id text := fgc.arg_text(args, 'entity_id');
    v_action text := fgc.arg_text(args, 'action');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_from_ts timestamptz;
    v_to_ts timestamptz;
    v_items jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'read the audit log');
    IF v_action IS NOT NULL AND v_action NOT IN ('insert', 'update', 'delete', 'read') THEN
        PERFORM fgc.field_error('action', 'Action must be insert, update, delete or read.');
    END IF;
    IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    v_from_ts := v_from::timestamp AT TIME ZONE 'Europe/London';
    v_to_ts := (v_to + 1)::timestamp AT TIME ZONE 'Europe/London';

    SELECT jsonb_agg(s.j ORDER BY s.id DESC) INTO v_items
      FROM (SELECT e.id,
                   jsonb_build_object('id', e.id, 'at', e.at, 'actor_id', e.actor_id,
                                      'actor_username', e.actor_username, 'actor_role', e.actor_role,
                                      'request_id', e.request_id, 'action', e.action, 'entity', e.entity,
                                      'entity_id', e.entity_id, 'before', e.before, 'after', e.after) AS j
              FROM audit.events e
             WHERE (v_before IS NULL OR e.id < v_before)
               AND (v_actor IS NULL OR e.actor_username = v_actor)
               AND (v_entity IS NULL OR e.entity = v_entity)
               AND (v_entity_id IS NULL OR e.entity_id = v_entity_id)
               AND (v_action IS NULL OR e.action = v_action)
               AND (v_from_ts IS NULL OR e.at >= v_from_ts)
               AND (v_to_ts IS NULL OR e.at < v_to_ts)
             ORDER BY e.id DESC
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;
