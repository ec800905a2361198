-- Status history triggers that work per statement: a bulk import of many episodes updates the current tables in one pass.
--
-- 0004 kept the current tables in step with a row trigger each, and found the episode a
-- correction belongs to with dynamic SQL planned anew for every row. Loading a national
-- SSDA903 return inserts millions of records in a few statements, so both now work on sets:
-- the identity check is static SQL (its plans cached), and the current tables are refreshed
-- once per statement from its transition table.

CREATE OR REPLACE FUNCTION fgc.record_identity()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_episode bigint;
    v_is_current boolean;
BEGIN
    IF NEW.supersedes IS NULL THEN
        IF NEW.retracted THEN
            RAISE EXCEPTION USING ERRCODE = 'FG422',
                MESSAGE = 'A retraction must name the record it retracts.';
        END IF;
        NEW.episode_id := nextval('fgc.episode_ids');
        RETURN NEW;
    END IF;
    -- One static query per table, so that each has a cached plan.
    CASE TG_TABLE_NAME
    WHEN 'cin_episode_records' THEN
        SELECT r.episode_id, EXISTS (SELECT 1 FROM fgc.cin_episodes c WHERE c.record_id = r.id)
          INTO v_episode, v_is_current FROM fgc.cin_episode_records r WHERE r.id = NEW.supersedes;
    WHEN 'cpp_records' THEN
        SELECT r.episode_id, EXISTS (SELECT 1 FROM fgc.cpp_plans c WHERE c.record_id = r.id)
          INTO v_episode, v_is_current FROM fgc.cpp_records r WHERE r.id = NEW.supersedes;
    WHEN 'cla_episode_records' THEN
        SELECT r.episode_id, EXISTS (SELECT 1 FROM fgc.cla_episodes c WHERE c.record_id = r.id)
          INTO v_episode, v_is_current FROM fgc.cla_episode_records r WHERE r.id = NEW.supersedes;
    WHEN 'pre_proceedings_records' THEN
        SELECT r.episode_id, EXISTS (SELECT 1 FROM fgc.pre_proceedings c WHERE c.record_id = r.id)
          INTO v_episode, v_is_current FROM fgc.pre_proceedings_records r WHERE r.id = NEW.supersedes;
    END CASE;
    IF v_episode IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'FG404',
            MESSAGE = format('Record %s does not exist.', NEW.supersedes);
    END IF;
    IF NOT v_is_current THEN
        RAISE EXCEPTION USING ERRCODE = 'FG409',
            MESSAGE = format('Record %s has already been corrected or retracted; correct the latest version instead.', NEW.supersedes);
    END IF;
    NEW.episode_id := v_episode;
    RETURN NEW;
END
$$;

-- In each function: the newest record of each episode in the statement replaces the
-- episode's current row, unless it is a retraction.

CREATE FUNCTION fgc.cin_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cin_episodes c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date, referral_source,
                                  primary_need, referral_nfa, closure_date, closure_reason,
                                  domestic_abuse, source)
    SELECT n.episode_id, n.id, n.child_id, n.referral_date, n.referral_source, n.primary_need,
           n.referral_nfa, n.closure_date, n.closure_reason,
           EXISTS (SELECT 1 FROM jsonb_array_elements(n.assessments) AS a,
                                 jsonb_array_elements_text(COALESCE(a->'factors', '[]')) AS f
                    WHERE f IN ('3A', '3B', '3C')),
           n.source
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.cpp_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cpp_plans c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cpp_plans (episode_id, record_id, child_id, cin_episode_id, start_date,
                               end_date, icpc_date, initial_category, latest_category,
                               number_of_previous_cpp, source)
    SELECT n.episode_id, n.id, n.child_id, n.cin_episode_id, n.start_date, n.end_date,
           n.icpc_date, n.initial_category, n.latest_category, n.number_of_previous_cpp, n.source
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.cla_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cla_episodes c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.cla_episodes (episode_id, record_id, child_id, decom, rne, ls, cin, place,
                                  place_provider, dec, rec, short_break, source)
    SELECT n.episode_id, n.id, n.child_id, n.decom, n.rne, n.ls, n.cin, n.place,
           n.place_provider, n.dec, n.rec, n.ls IN ('V3', 'V4'), n.source
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.pre_proceedings_records_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.pre_proceedings c USING new_records n WHERE c.episode_id = n.episode_id;
    INSERT INTO fgc.pre_proceedings (episode_id, record_id, child_id, pp_start_date,
                                     fgdm_meeting_offer, fgdm_meeting_facilitated,
                                     step_decision_date, pp_outcome, court_app_date)
    SELECT n.episode_id, n.id, n.child_id, n.pp_start_date, n.fgdm_meeting_offer,
           n.fgdm_meeting_facilitated, n.step_decision_date, n.pp_outcome, n.court_app_date
      FROM (SELECT DISTINCT ON (episode_id) * FROM new_records ORDER BY episode_id, id DESC) n
     WHERE NOT n.retracted;
    RETURN NULL;
END
$$;

DROP TRIGGER cin_record_applied ON fgc.cin_episode_records;
DROP TRIGGER cpp_record_applied ON fgc.cpp_records;
DROP TRIGGER cla_record_applied ON fgc.cla_episode_records;
DROP TRIGGER pre_proceedings_record_applied ON fgc.pre_proceedings_records;
DROP FUNCTION fgc.cin_record_applied();
DROP FUNCTION fgc.cpp_record_applied();
DROP FUNCTION fgc.cla_record_applied();
DROP FUNCTION fgc.pre_proceedings_record_applied();

CREATE TRIGGER cin_records_applied AFTER INSERT ON fgc.cin_episode_records
    REFERENCING NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION fgc.cin_records_applied();
CREATE TRIGGER cpp_records_applied AFTER INSERT ON fgc.cpp_records
    REFERENCING NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION fgc.cpp_records_applied();
CREATE TRIGGER cla_records_applied AFTER INSERT ON fgc.cla_episode_records
    REFERENCING NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION fgc.cla_records_applied();
CREATE TRIGGER pre_proceedings_records_applied AFTER INSERT ON fgc.pre_proceedings_records
    REFERENCING NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION fgc.pre_proceedings_records_applied();

-- The current tables are derived from the record tables, whose own foreign keys already
-- guarantee the child and the record exist. Checking them again for every derived row
-- doubled the cost of a bulk load (two lookups per episode) and guarded nothing.
ALTER TABLE fgc.cin_episodes DROP CONSTRAINT cin_episodes_record_id_fkey;
ALTER TABLE fgc.cin_episodes DROP CONSTRAINT cin_episodes_child_id_fkey;
ALTER TABLE fgc.cpp_plans DROP CONSTRAINT cpp_plans_record_id_fkey;
ALTER TABLE fgc.cpp_plans DROP CONSTRAINT cpp_plans_child_id_fkey;
ALTER TABLE fgc.cla_episodes DROP CONSTRAINT cla_episodes_record_id_fkey;
ALTER TABLE fgc.cla_episodes DROP CONSTRAINT cla_episodes_child_id_fkey;
ALTER TABLE fgc.pre_proceedings DROP CONSTRAINT pre_proceedings_record_id_fkey;
ALTER TABLE fgc.pre_proceedings DROP CONSTRAINT pre_proceedings_child_id_fkey;
