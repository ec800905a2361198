-- Each current episode carries its child's area: the measures read area_id and local_authority_id from the episode row instead of joining every episode to fgc.children.
--
-- A weekly series for every authority walks every episode in the country (5.1 million at
-- national scale); joining each one to its child for the areas was most of the work. The
-- columns are derived, like the current tables themselves, and are kept right here:
--   * the statement-level triggers that refresh the current tables (0014) take them from
--     fgc.children as they insert;
--   * a BEFORE INSERT row trigger fills them when they are NULL, for code that writes the
--     current tables directly (the demo loader's bulk path, test fixtures, the benchmark);
--   * an AFTER UPDATE trigger on fgc.children moves a child's episodes with the child, so a
--     child who moves cluster still counts in their current cluster on every date, as before.
-- fgc.pre_proceedings has no measure, so it has no copy.

ALTER TABLE fgc.cin_episodes ADD COLUMN area_id bigint, ADD COLUMN local_authority_id bigint;
ALTER TABLE fgc.cpp_plans ADD COLUMN area_id bigint, ADD COLUMN local_authority_id bigint;
ALTER TABLE fgc.cla_episodes ADD COLUMN area_id bigint, ADD COLUMN local_authority_id bigint;

UPDATE fgc.cin_episodes e SET area_id = c.area_id, local_authority_id = c.local_authority_id
  FROM fgc.children c WHERE c.id = e.child_id;
UPDATE fgc.cpp_plans e SET area_id = c.area_id, local_authority_id = c.local_authority_id
  FROM fgc.children c WHERE c.id = e.child_id;
UPDATE fgc.cla_episodes e SET area_id = c.area_id, local_authority_id = c.local_authority_id
  FROM fgc.children c WHERE c.id = e.child_id;

-- Indexes. The snapshot engine reads episodes in child and start order (its window is per
-- child by start), so every authority's series reads the first index of each table in order
-- with no sort and no heap fetches, and one authority's reads the second. They replace the
-- spell indexes of 0007, which they cover (same keys, more included columns).
CREATE INDEX cin_episodes_spell_areas_idx ON fgc.cin_episodes (child_id, referral_date)
    INCLUDE (closure_date, referral_nfa, area_id, local_authority_id);
CREATE INDEX cin_episodes_la_spell_idx ON fgc.cin_episodes (local_authority_id, child_id, referral_date)
    INCLUDE (closure_date, referral_nfa, area_id);
CREATE INDEX cla_episodes_spell_areas_idx ON fgc.cla_episodes (child_id, decom)
    INCLUDE (dec, short_break, area_id, local_authority_id);
CREATE INDEX cla_episodes_la_spell_idx ON fgc.cla_episodes (local_authority_id, child_id, decom)
    INCLUDE (dec, short_break, area_id);
CREATE INDEX cpp_plans_spell_areas_idx ON fgc.cpp_plans (child_id, start_date)
    INCLUDE (end_date, area_id, local_authority_id);
CREATE INDEX cpp_plans_la_spell_idx ON fgc.cpp_plans (local_authority_id, child_id, start_date)
    INCLUDE (end_date, area_id);
DROP INDEX fgc.cin_episodes_spell_idx;
DROP INDEX fgc.cla_episodes_spell_idx;
DROP INDEX fgc.cpp_plans_spell_idx;

-- ---------------------------------------------------------------------------
-- Keeping the columns right
-- ---------------------------------------------------------------------------

-- Fills a current row's areas from its child when they are missing (the trigger's WHEN clause
-- skips rows that come with them, so bulk inserts that join fgc.children pay nothing).
CREATE FUNCTION fgc.episode_areas_fill()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.area_id, c.local_authority_id INTO NEW.area_id, NEW.local_authority_id
      FROM fgc.children c WHERE c.id = NEW.child_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER cin_episodes_areas BEFORE INSERT ON fgc.cin_episodes
    FOR EACH ROW WHEN (NEW.area_id IS NULL OR NEW.local_authority_id IS NULL)
    EXECUTE FUNCTION fgc.episode_areas_fill();
CREATE TRIGGER cpp_plans_areas BEFORE INSERT ON fgc.cpp_plans
    FOR EACH ROW WHEN (NEW.area_id IS NULL OR NEW.local_authority_id IS NULL)
    EXECUTE FUNCTION fgc.episode_areas_fill();
CREATE TRIGGER cla_episodes_areas BEFORE INSERT ON fgc.cla_episodes
    FOR EACH ROW WHEN (NEW.area_id IS NULL OR NEW.local_authority_id IS NULL)
    EXECUTE FUNCTION fgc.episode_areas_fill();

-- A child whose area changes takes their episodes with them (areas carry no address history:
-- a child counts in their current area on every date).
CREATE FUNCTION fgc.child_areas_moved()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE fgc.cin_episodes SET area_id = NEW.area_id, local_authority_id = NEW.local_authority_id
     WHERE child_id = NEW.id;
    UPDATE fgc.cpp_plans SET area_id = NEW.area_id, local_authority_id = NEW.local_authority_id
     WHERE child_id = NEW.id;
    UPDATE fgc.cla_episodes SET area_id = NEW.area_id, local_authority_id = NEW.local_authority_id
     WHERE child_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER children_areas_moved AFTER UPDATE OF area_id, local_authority_id ON fgc.children
    FOR EACH ROW
    WHEN (OLD.area_id IS DISTINCT FROM NEW.area_id
          OR OLD.local_authority_id IS DISTINCT FROM NEW.local_authority_id)
    EXECUTE FUNCTION fgc.child_areas_moved();

-- The statement-level refreshes of 0014, now copying the child's areas as they insert.
CREATE OR REPLACE FUNCTION fgc.cin_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cin_episodes c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date, referral_source,
                                  primary_need, referral_nfa, closure_date, closure_reason,
                                  domestic_abuse, source, area_id, local_authority_id)
    SELECT n.episode_id, n.id, n.child_id, n.referral_date, n.referral_source, n.primary_need,
           n.referral_nfa, n.closure_date, n.closure_reason,
           EXISTS (SELECT 1 FROM jsonb_array_elements(n.assessments) AS a,
                                 jsonb_array_elements_text(COALESCE(a->'factors', '[]')) AS f
                    WHERE f IN ('3A', '3B', '3C')),
           n.source, ch.area_id, ch.local_authority_id
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
      JOIN fgc.children ch ON ch.id = n.child_id
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION fgc.cpp_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cpp_plans c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cpp_plans (episode_id, record_id, child_id, cin_episode_id, start_date,
                               end_date, icpc_date, initial_category, latest_category,
                               number_of_previous_cpp, source, area_id, local_authority_id)
    SELECT n.episode_id, n.id, n.child_id, n.cin_episode_id, n.start_date, n.end_date,
           n.icpc_date, n.initial_category, n.latest_category, n.number_of_previous_cpp, n.source,
           ch.area_id, ch.local_authority_id
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
      JOIN fgc.children ch ON ch.id = n.child_id
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION fgc.cla_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cla_episodes c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cla_episodes (episode_id, record_id, child_id, decom, rne, ls, cin, place,
                                  place_provider, dec, rec, short_break, source, area_id,
                                  local_authority_id)
    SELECT n.episode_id, n.id, n.child_id, n.decom, n.rne, n.ls, n.cin, n.place,
           n.place_provider, n.dec, n.rec, n.ls IN ('V3', 'V4'), n.source, ch.area_id,
           ch.local_authority_id
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
      JOIN fgc.children ch ON ch.id = n.child_id
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------
-- The measures of 0007, reading the areas from the episode rows (same definitions, same
-- results; still single SELECTs, so the planner inlines them into the engine's query).
-- ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION fgc.measure_cla_looked_after(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, e.area_id, e.local_authority_id, e.decom, e.dec
      FROM fgc.cla_episodes e
     WHERE NOT e.short_break
       AND ($1 IS NULL OR e.local_authority_id = $1)
       AND e.decom <= $3
       AND (e.dec IS NULL OR e.dec > $2)
$$;

CREATE OR REPLACE FUNCTION fgc.measure_cin_open(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, e.area_id, e.local_authority_id, e.referral_date, e.closure_date
      FROM fgc.cin_episodes e
     WHERE NOT e.referral_nfa
       AND ($1 IS NULL OR e.local_authority_id = $1)
       AND e.referral_date <= $3
       AND (e.closure_date IS NULL OR e.closure_date > $2)
$$;

CREATE OR REPLACE FUNCTION fgc.measure_cpp_open(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, e.area_id, e.local_authority_id, e.start_date, e.end_date
      FROM fgc.cpp_plans e
     WHERE ($1 IS NULL OR e.local_authority_id = $1)
       AND e.start_date <= $3
       AND (e.end_date IS NULL OR e.end_date > $2)
$$;

CREATE OR REPLACE FUNCTION fgc.measure_cla_starts(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, e.area_id, e.local_authority_id, e.decom, true, false, NULL::numeric
      FROM fgc.cla_episodes e
     WHERE e.rne = 'S'
       AND NOT e.short_break
       AND ($1 IS NULL OR e.local_authority_id = $1)
       AND e.decom BETWEEN $2 AND $3
$$;

CREATE OR REPLACE FUNCTION fgc.measure_cla_ceased(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, e.area_id, e.local_authority_id, e.dec, true, false, NULL::numeric
      FROM fgc.cla_episodes e
     WHERE e.dec BETWEEN $2 AND $3
       AND e.rec IS NOT NULL
       AND e.rec <> 'X1'
       AND NOT e.short_break
       AND ($1 IS NULL OR e.local_authority_id = $1)
$$;

CREATE OR REPLACE FUNCTION fgc.measure_cpp_starts(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.episode_id, e.area_id, e.local_authority_id, e.start_date, true, true, NULL::numeric
      FROM fgc.cpp_plans e
     WHERE ($1 IS NULL OR e.local_authority_id = $1)
       AND e.start_date BETWEEN $2 AND $3
$$;

CREATE OR REPLACE FUNCTION fgc.cin_referrals_flagged(la bigint, from_date date, to_date date)
RETURNS TABLE(episode_id bigint, child_id bigint, area_id bigint, local_authority_id bigint,
              referral_date date, re_referral boolean, domestic_abuse boolean)
LANGUAGE sql STABLE AS $$
    SELECT e.episode_id, e.child_id, e.area_id, e.local_authority_id, e.referral_date,
           COALESCE((SELECT max(p.referral_date)
                       FROM fgc.cin_episodes p
                      WHERE p.child_id = e.child_id
                        AND p.referral_date < e.referral_date
                        AND p.referral_date >= e.referral_date - 400)
                    + interval '12 months' >= e.referral_date, false),
           e.domestic_abuse
      FROM fgc.cin_episodes e
     WHERE ($1 IS NULL OR e.local_authority_id = $1)
       AND e.referral_date BETWEEN $2 AND $3
$$;
