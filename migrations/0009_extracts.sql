-- Pseudonymised record-level extract for data teams: per-installation secret, CSV helpers, the extract itself.

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- One row: secrets of this installation. The pseudonym key never leaves the database.
CREATE TABLE fgc.installation (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    pseudonym_key bytea NOT NULL DEFAULT public.gen_random_bytes(32),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO fgc.installation DEFAULT VALUES;

-- A child's pseudonym: HMAC-SHA-256 of the internal id under the installation's key, so the
-- same child has the same pseudonym in every extract from this installation and a different
-- one anywhere else; it cannot be reversed without the key.
CREATE FUNCTION fgc.pseudonym(child_id bigint)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT substr(encode(public.hmac(convert_to($1::text, 'UTF8'), i.pseudonym_key, 'sha256'), 'hex'), 1, 32)
      FROM fgc.installation i
$$;

-- One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or starts with a
-- character a spreadsheet would treat as a formula.
CREATE FUNCTION fgc.csv_field(value text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN $1 IS NULL THEN ''
        WHEN $1 ~ '[",\r\n]' OR $1 ~ '^[=+@-]' THEN '"' || replace($1, '"', '""') || '"'
        ELSE $1
    END
$$;

CREATE FUNCTION fgc.csv_line(VARIADIC fields text[])
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(fgc.csv_field(f), ',' ORDER BY n) FROM unnest($1) WITH ORDINALITY AS u(f, n)
$$;

-- Checks who asks and for what, records the extract in the audit log, and returns the
-- resolved arguments for fgc.extract_record_lines. Run once per extract.
CREATE FUNCTION api.extract_records_begin(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
    v_from date;
    v_to date;
    v_area fgc.areas;
BEGIN
    PERFORM set_config('fgcd.ctx', ctx::text, true);
    PERFORM fgc.require_role(ctx, ARRAY['data_analyst', 'admin'], 'take record-level extracts');
    v_from := COALESCE(fgc.arg_date(args, 'from'), DATE '1900-01-01');
    v_to := COALESCE(fgc.arg_date(args, 'to'), DATE '2100-12-31');
    IF v_to < v_from THEN
        v_errs := fgc.err(v_errs, 'to', 'Must be on or after from.');
    END IF;
    IF args ? 'area' THEN
        SELECT * INTO v_area FROM fgc.areas WHERE code = args->>'area';
        IF NOT FOUND THEN
            v_errs := fgc.err(v_errs, 'area', format('There is no area with the code %s.', args->>'area'));
        END IF;
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    PERFORM audit.record_read('extract_records',
                              jsonb_build_object('from', v_from, 'to', v_to, 'area', v_area.code)::text);
    RETURN jsonb_build_object('from', v_from, 'to', v_to, 'area_id', v_area.id,
                              'area_kind', v_area.kind);
END
$$;

-- The extract rows: one per CIN episode, child protection plan, looked-after episode, FGC
-- referral and FGC conference overlapping [from, to], for children in the area. No names,
-- no postcodes, no free text, no internal ids: only the pseudonym, month of birth, sex and
-- ethnicity of the child. A plain SQL function so the planner inlines it and rows stream.
CREATE FUNCTION fgc.extract_record_lines(args jsonb, format text)
RETURNS SETOF text
LANGUAGE sql STABLE AS $$
    WITH kids AS (
        SELECT c.id, fgc.pseudonym(c.id) AS pseudonym, to_char(c.date_of_birth, 'YYYY-MM') AS birth_month,
               c.sex, c.ethnicity, la.code AS la_code,
               CASE WHEN a.kind = 'cluster' THEN a.code END AS cluster_code
          FROM fgc.children c
          JOIN fgc.areas a ON a.id = c.area_id
          JOIN fgc.areas la ON la.id = c.local_authority_id
         WHERE (args->>'area_id') IS NULL
            OR (args->>'area_kind' = 'cluster' AND c.area_id = (args->>'area_id')::bigint)
            OR (args->>'area_kind' = 'local_authority' AND c.local_authority_id = (args->>'area_id')::bigint)
    ), records AS (
        SELECT e.child_id, 'cin_episode' AS record_type, e.referral_date AS start_date,
               e.closure_date AS end_date, e.primary_need AS code, e.closure_reason AS end_reason,
               concat_ws(';', 'referral_source=' || e.referral_source,
                         CASE WHEN e.referral_nfa THEN 'nfa=true' END,
                         CASE WHEN e.domestic_abuse THEN 'domestic_abuse=true' END) AS detail
          FROM fgc.cin_episodes e
        UNION ALL
        SELECT p.child_id, 'child_protection_plan', p.start_date, p.end_date, p.initial_category,
               NULL, concat_ws(';', 'latest_category=' || p.latest_category,
                               'previous_plans=' || p.number_of_previous_cpp)
          FROM fgc.cpp_plans p
        UNION ALL
        SELECT l.child_id, 'looked_after_episode', l.decom, l.dec, l.ls, l.rec,
               concat_ws(';', 'rne=' || l.rne, 'place=' || l.place,
                         'place_provider=' || l.place_provider, 'cin=' || l.cin)
          FROM fgc.cla_episodes l
        UNION ALL
        SELECT rc.child_id, 'fgc_referral', r.referred_on, COALESCE(r.closed_on, r.declined_on),
               r.referral_stage, COALESCE(r.closure_reason, r.decline_reason),
               concat_ws(';', 'status=' || r.status,
                         CASE WHEN r.domestic_violence THEN 'domestic_violence=true' END)
          FROM fgc.referrals r
          JOIN fgc.referral_children rc ON rc.referral_id = r.id
        UNION ALL
        SELECT rc.child_id, 'fgc_conference', co.held_on, co.held_on, co.kind, NULL,
               concat_ws(';', 'model=' || co.model,
                         'child_attended=' || co.child_attended,
                         'child_views_heard=' || co.child_views_heard,
                         'advocate_used=' || co.advocate_used,
                         'private_family_time=' || co.private_family_time,
                         'plan_agreed=' || pl.agreed)
          FROM fgc.conferences co
          JOIN fgc.referral_children rc ON rc.referral_id = co.referral_id
          LEFT JOIN fgc.plans pl ON pl.conference_id = co.id
    )
    SELECT CASE WHEN format = 'csv' THEN
               fgc.csv_line(k.pseudonym, k.birth_month, k.sex::text, k.ethnicity, k.la_code,
                            k.cluster_code, r.record_type, r.start_date::text, r.end_date::text,
                            r.code, r.end_reason, NULLIF(r.detail, ''))
           ELSE
               jsonb_build_object('child', k.pseudonym, 'birth_month', k.birth_month, 'sex', k.sex,
                                  'ethnicity', k.ethnicity, 'local_authority', k.la_code,
                                  'cluster', k.cluster_code, 'record_type', r.record_type,
                                  'start_date', r.start_date, 'end_date', r.end_date,
                                  'code', r.code, 'end_reason', r.end_reason,
                                  'detail', NULLIF(r.detail, ''))::text
           END
      FROM records r
      JOIN kids k ON k.id = r.child_id
     WHERE r.start_date <= (args->>'to')::date
       AND (r.end_date IS NULL OR r.end_date >= (args->>'from')::date)
$$;
