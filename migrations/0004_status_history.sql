-- Statutory status history of children: CIN episodes, child protection plans, looked-after episodes, pre-proceedings.
--
-- Each kind of history is stored twice:
--   fgc.<kind>_records  append-only: every version of every episode as it was recorded. A
--                       correction or a later return's update is a new row that names the row
--                       it supersedes; a retraction is a new row with retracted = true.
--   fgc.<kind>          the current version of each episode, kept by a trigger in the same
--                       transaction. It is derived, like an index: indicators read it so that
--                       they never have to work out "latest version" over the whole history.

-- ---------------------------------------------------------------------------
-- Children known from statutory returns
-- ---------------------------------------------------------------------------

-- Children loaded from SSDA903 or the CIN census come without names, and their area may only
-- be known to the level of the local authority.
ALTER TABLE fgc.children ALTER COLUMN first_name DROP NOT NULL;
ALTER TABLE fgc.children ALTER COLUMN last_name DROP NOT NULL;
ALTER TABLE fgc.children ADD COLUMN la_child_id text CHECK (length(la_child_id) BETWEEN 1 AND 64);
ALTER TABLE fgc.children ADD COLUMN local_authority_id bigint REFERENCES fgc.areas;

-- The authority of every existing child is its cluster's parent.
UPDATE fgc.children c
   SET local_authority_id = COALESCE(a.parent_id, a.id)
  FROM fgc.areas a
 WHERE a.id = c.area_id;

-- The child's identifier in the authority's own returns (CHILD in SSDA903, LAchildID in CIN).
CREATE UNIQUE INDEX children_la_child_idx ON fgc.children (local_authority_id, la_child_id)
    WHERE la_child_id IS NOT NULL;

-- Keeps local_authority_id in step with area_id, whoever writes the row.
CREATE FUNCTION fgc.set_child_local_authority()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT COALESCE(a.parent_id, a.id) INTO NEW.local_authority_id
      FROM fgc.areas a WHERE a.id = NEW.area_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER children_local_authority BEFORE INSERT OR UPDATE OF area_id ON fgc.children
    FOR EACH ROW EXECUTE FUNCTION fgc.set_child_local_authority();

-- Postcode sectors ("LS12 3") to clusters, so that imported episodes can be placed in a cluster
-- from HOME_POST. Optional: without a row, an imported child belongs to the authority only.
CREATE TABLE fgc.postcode_sectors (
    sector text PRIMARY KEY CHECK (sector ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$'),
    area_id bigint NOT NULL REFERENCES fgc.areas
);

-- ---------------------------------------------------------------------------
-- Code lists (DfE)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.status_codes (
    list text NOT NULL,
    code text NOT NULL,
    description text NOT NULL,
    PRIMARY KEY (list, code)
);

INSERT INTO fgc.status_codes (list, code, description) VALUES
    -- SSDA903 reason for new episode
    ('rne', 'S', 'Started to be looked after'),
    ('rne', 'L', 'Change of legal status only'),
    ('rne', 'P', 'Change of placement and carer(s) only'),
    ('rne', 'T', 'Change of both legal status and placement and carer(s) at the same time'),
    ('rne', 'U', 'Change of legal status and placement, same carer(s)'),
    ('rne', 'B', 'Change of placement but same carer(s)'),
    -- SSDA903 legal status
    ('ls', 'C1', 'Interim care order'),
    ('ls', 'C2', 'Full care order'),
    ('ls', 'D1', 'Freeing order granted'),
    ('ls', 'E1', 'Placement order granted'),
    ('ls', 'V2', 'Single period of accommodation under section 20'),
    ('ls', 'V3', 'Accommodated under an agreed series of short-term breaks, single placements'),
    ('ls', 'V4', 'Accommodated under an agreed series of short-term breaks, multiple placements'),
    ('ls', 'L1', 'Under police protection and in local authority accommodation'),
    ('ls', 'L2', 'Emergency protection order'),
    ('ls', 'L3', 'Under child assessment order and in local authority accommodation'),
    ('ls', 'J1', 'Remanded to local authority accommodation or youth detention accommodation'),
    ('ls', 'J2', 'Placed in local authority accommodation under PACE'),
    ('ls', 'J3', 'Sentenced to a youth rehabilitation order with local authority residence requirement'),
    -- SSDA903 category of need
    ('cin', 'N1', 'Abuse or neglect'),
    ('cin', 'N2', 'Child''s disability'),
    ('cin', 'N3', 'Parental illness or disability'),
    ('cin', 'N4', 'Family in acute stress'),
    ('cin', 'N5', 'Family dysfunction'),
    ('cin', 'N6', 'Socially unacceptable behaviour'),
    ('cin', 'N7', 'Low income'),
    ('cin', 'N8', 'Absent parenting'),
    -- CIN census primary need (N0 and N9 only in CIN)
    ('need', 'N0', 'Not stated'),
    ('need', 'N1', 'Abuse or neglect'),
    ('need', 'N2', 'Child''s disability or illness'),
    ('need', 'N3', 'Parental disability or illness'),
    ('need', 'N4', 'Family in acute stress'),
    ('need', 'N5', 'Family dysfunction'),
    ('need', 'N6', 'Socially unacceptable behaviour'),
    ('need', 'N7', 'Low income'),
    ('need', 'N8', 'Absent parenting'),
    ('need', 'N9', 'Cases other than children in need'),
    -- SSDA903 placement type
    ('place', 'A3', 'Placed for adoption with parental consent, with current foster carer'),
    ('place', 'A4', 'Placed for adoption with parental consent, not with current foster carer'),
    ('place', 'A5', 'Placed for adoption with placement order, with current foster carer'),
    ('place', 'A6', 'Placed for adoption with placement order, not with current foster carer'),
    ('place', 'H5', 'Semi-independent living accommodation not subject to children''s homes regulations'),
    ('place', 'K1', 'Secure children''s homes'),
    ('place', 'K2', 'Children''s homes subject to children''s homes regulations'),
    ('place', 'P1', 'Placed with own parent(s) or other person(s) with parental responsibility'),
    ('place', 'P2', 'Independent living, for example in a flat, lodgings or bedsit'),
    ('place', 'P3', 'Residential employment'),
    ('place', 'R1', 'Residential care home'),
    ('place', 'R2', 'NHS or health trust or other establishment providing medical or nursing care'),
    ('place', 'R3', 'Family centre or mother and baby unit'),
    ('place', 'R5', 'Young offender institution or prison'),
    ('place', 'S1', 'All residential schools, except where dual-registered as a school and children''s home'),
    ('place', 'T0', 'All types of temporary move'),
    ('place', 'T1', 'Temporary periods in hospital'),
    ('place', 'T2', 'Temporary absences of the child on holiday'),
    ('place', 'T3', 'Temporary accommodation whilst normal foster carer is on holiday'),
    ('place', 'T4', 'Temporary accommodation of seven days or less, for any reason, not covered by T1 to T3'),
    ('place', 'U1', 'Foster placement with relative or friend, long term fostering'),
    ('place', 'U2', 'Foster placement with relative or friend who is also an approved adopter, fostering for adoption'),
    ('place', 'U3', 'Foster placement with relative or friend who is not long term or fostering for adoption'),
    ('place', 'U4', 'Foster placement with other foster carer, long term fostering'),
    ('place', 'U5', 'Foster placement with other foster carer who is also an approved adopter, fostering for adoption'),
    ('place', 'U6', 'Foster placement with other foster carer, not long term or fostering for adoption'),
    ('place', 'Z1', 'Other placements'),
    -- SSDA903 placement provider
    ('place_provider', 'PR0', 'Parent(s) or other person(s) with parental responsibility'),
    ('place_provider', 'PR1', 'Own provision (by the local authority)'),
    ('place_provider', 'PR2', 'Other local authority provision'),
    ('place_provider', 'PR3', 'Other public provision'),
    ('place_provider', 'PR4', 'Private provision'),
    ('place_provider', 'PR5', 'Voluntary or third sector provision'),
    -- SSDA903 reason episode ceased
    ('rec', 'X1', 'Episode ceases, and new episode begins on same day, for any reason'),
    ('rec', 'E11', 'Adopted: application for an adoption order unopposed'),
    ('rec', 'E12', 'Adopted: consent dispensed with by the court'),
    ('rec', 'E2', 'Died'),
    ('rec', 'E3', 'Care taken over by another local authority in the UK'),
    ('rec', 'E4A', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process'),
    ('rec', 'E4B', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process'),
    ('rec', 'E13', 'Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility'),
    ('rec', 'E41', 'Residence order or child arrangement order granted'),
    ('rec', 'E45', 'Special guardianship order made to former foster carer(s), who was a relative or friend'),
    ('rec', 'E46', 'Special guardianship order made to former foster carer(s), other than relative or friend'),
    ('rec', 'E47', 'Special guardianship order made to carer(s), other than former foster carer(s), who was a relative or friend'),
    ('rec', 'E48', 'Special guardianship order made to carer(s), other than former foster carer(s), other than relative or friend'),
    ('rec', 'E5', 'Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice or support'),
    ('rec', 'E6', 'Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice or support'),
    ('rec', 'E7', 'Transferred to residential care funded by adult social care services'),
    ('rec', 'E9', 'Sentenced to custody'),
    ('rec', 'E14', 'Accommodation on remand ended'),
    ('rec', 'E15', 'Age assessment determined child is aged 18 or over and not an unaccompanied asylum-seeking child'),
    ('rec', 'E16', 'Child moved abroad'),
    ('rec', 'E17', 'Aged 18 (or over) and remained with current carers'),
    ('rec', 'E8', 'Period of being looked-after ceased for any other reason'),
    -- CIN census referral source
    ('referral_source', '1A', 'Individual: family member or relative or carer'),
    ('referral_source', '1B', 'Individual: acquaintance'),
    ('referral_source', '1C', 'Individual: self'),
    ('referral_source', '1D', 'Individual: other'),
    ('referral_source', '2A', 'Schools'),
    ('referral_source', '2B', 'Education services'),
    ('referral_source', '3A', 'Health services: GP'),
    ('referral_source', '3B', 'Health services: health visitor'),
    ('referral_source', '3C', 'Health services: school nurse'),
    ('referral_source', '3D', 'Health services: other primary health services'),
    ('referral_source', '3E', 'Health services: A&E (emergency department)'),
    ('referral_source', '3F', 'Health services: other'),
    ('referral_source', '4', 'Housing'),
    ('referral_source', '5A', 'Local authority services: social care'),
    ('referral_source', '5B', 'Local authority services: other internal'),
    ('referral_source', '5C', 'Local authority services: external'),
    ('referral_source', '5D', 'Local authority services: early help'),
    ('referral_source', '6', 'Police'),
    ('referral_source', '7', 'Other legal agency'),
    ('referral_source', '8', 'Other'),
    ('referral_source', '9', 'Anonymous'),
    ('referral_source', '10', 'Unknown'),
    -- CIN census reason for closure
    ('closure_reason', 'RC1', 'Adopted'),
    ('closure_reason', 'RC2', 'Died'),
    ('closure_reason', 'RC3', 'Child arrangements order'),
    ('closure_reason', 'RC4', 'Special guardianship order'),
    ('closure_reason', 'RC5', 'Transferred to services of another local authority'),
    ('closure_reason', 'RC6', 'Transferred to adult social care services'),
    ('closure_reason', 'RC7', 'Services ceased for any other reason, including child no longer in need'),
    ('closure_reason', 'RC8', 'Case closed after assessment, no further action'),
    ('closure_reason', 'RC9', 'Case closed after assessment, referred to early help'),
    -- CIN census category of abuse (child protection plans)
    ('abuse_category', 'NEG', 'Neglect'),
    ('abuse_category', 'EMO', 'Emotional abuse'),
    ('abuse_category', 'PHY', 'Physical abuse'),
    ('abuse_category', 'SAB', 'Sexual abuse'),
    ('abuse_category', 'MUL', 'Multiple');

-- ---------------------------------------------------------------------------
-- Shared machinery of the record tables
-- ---------------------------------------------------------------------------

CREATE SEQUENCE fgc.episode_ids;

-- One row per import of a statutory return or population file: what was loaded, by whom, and
-- what the importer found. Records loaded by it point back to it.
CREATE TABLE fgc.import_runs (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('population', 'ssda903', 'cin_census')),
    area_id bigint REFERENCES fgc.areas,
    file_names text[] NOT NULL,
    file_sha256 text[] NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    rows_read integer NOT NULL DEFAULT 0,
    rows_imported integer NOT NULL DEFAULT 0,
    rows_unchanged integer NOT NULL DEFAULT 0,
    rows_rejected integer NOT NULL DEFAULT 0,
    warnings jsonb NOT NULL DEFAULT '{}'::jsonb,   -- counts by kind of warning
    imported_by bigint REFERENCES fgc.users,
    imported_by_name text
);

-- BEFORE INSERT on a *_records table: a new episode gets a new episode_id; a row that
-- supersedes another takes over its episode_id, and must supersede the current version.
-- TG_ARGV[0] names the current-state table.
CREATE FUNCTION fgc.record_identity()
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
    EXECUTE format('SELECT r.episode_id, EXISTS (SELECT 1 FROM %s c WHERE c.record_id = r.id)
                      FROM %s r WHERE r.id = $1', TG_ARGV[0], TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME)
       INTO v_episode, v_is_current USING NEW.supersedes;
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

-- ---------------------------------------------------------------------------
-- Children in need: episodes of need (referral to closure)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.cin_episode_records (
    id bigserial PRIMARY KEY,
    episode_id bigint NOT NULL,
    supersedes bigint UNIQUE REFERENCES fgc.cin_episode_records,
    retracted boolean NOT NULL DEFAULT false,
    child_id bigint NOT NULL REFERENCES fgc.children,
    referral_date date NOT NULL,
    referral_source text,
    primary_need text,
    referral_nfa boolean NOT NULL DEFAULT false,
    closure_date date CHECK (closure_date IS NULL OR closure_date >= referral_date),
    closure_reason text,
    -- Assessments: [{"start_date", "authorised_date", "factors": ["3A", "21", ...]}]
    assessments jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(assessments) = 'array'),
    -- Section 47 enquiries: [{"start_date", "icpc_not_required", "icpc_date"}]
    section47s jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(section47s) = 'array'),
    source text NOT NULL CHECK (source IN ('api', 'cin_census', 'demo')),
    note text,                                  -- why a correction was made
    import_run_id bigint REFERENCES fgc.import_runs,
    request_id text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by bigint REFERENCES fgc.users
);

CREATE TABLE fgc.cin_episodes (
    episode_id bigint PRIMARY KEY,
    record_id bigint NOT NULL UNIQUE REFERENCES fgc.cin_episode_records,
    child_id bigint NOT NULL REFERENCES fgc.children,
    referral_date date NOT NULL,
    referral_source text,
    primary_need text,
    referral_nfa boolean NOT NULL,
    closure_date date,
    closure_reason text,
    -- Domestic abuse was a factor at the end of an assessment (3A, 3B or 3C).
    domestic_abuse boolean NOT NULL,
    source text NOT NULL
);

CREATE INDEX cin_episodes_child_idx ON fgc.cin_episodes (child_id, referral_date);
CREATE INDEX cin_episodes_referral_idx ON fgc.cin_episodes (referral_date);
CREATE INDEX cin_episodes_closure_idx ON fgc.cin_episodes (closure_date);
CREATE UNIQUE INDEX cin_episodes_identity_idx ON fgc.cin_episodes (child_id, referral_date);

-- ---------------------------------------------------------------------------
-- Child protection plans
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.cpp_records (
    id bigserial PRIMARY KEY,
    episode_id bigint NOT NULL,
    supersedes bigint UNIQUE REFERENCES fgc.cpp_records,
    retracted boolean NOT NULL DEFAULT false,
    child_id bigint NOT NULL REFERENCES fgc.children,
    cin_episode_id bigint,                      -- the episode of need it belongs to, when known
    start_date date NOT NULL,
    end_date date CHECK (end_date IS NULL OR end_date >= start_date),
    icpc_date date,
    initial_category text,
    latest_category text,
    number_of_previous_cpp integer CHECK (number_of_previous_cpp >= 0),
    review_dates date[] NOT NULL DEFAULT '{}',
    source text NOT NULL CHECK (source IN ('api', 'cin_census', 'demo')),
    note text,                                  -- why a correction was made
    import_run_id bigint REFERENCES fgc.import_runs,
    request_id text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by bigint REFERENCES fgc.users
);

CREATE TABLE fgc.cpp_plans (
    episode_id bigint PRIMARY KEY,
    record_id bigint NOT NULL UNIQUE REFERENCES fgc.cpp_records,
    child_id bigint NOT NULL REFERENCES fgc.children,
    cin_episode_id bigint,
    start_date date NOT NULL,
    end_date date,
    icpc_date date,
    initial_category text,
    latest_category text,
    number_of_previous_cpp integer,
    source text NOT NULL
);

CREATE INDEX cpp_plans_child_idx ON fgc.cpp_plans (child_id, start_date);
CREATE INDEX cpp_plans_start_idx ON fgc.cpp_plans (start_date);
CREATE INDEX cpp_plans_end_idx ON fgc.cpp_plans (end_date);
CREATE UNIQUE INDEX cpp_plans_identity_idx ON fgc.cpp_plans (child_id, start_date);

-- ---------------------------------------------------------------------------
-- Looked-after episodes (SSDA903)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.cla_episode_records (
    id bigserial PRIMARY KEY,
    episode_id bigint NOT NULL,
    supersedes bigint UNIQUE REFERENCES fgc.cla_episode_records,
    retracted boolean NOT NULL DEFAULT false,
    child_id bigint NOT NULL REFERENCES fgc.children,
    decom date NOT NULL,                         -- date episode commenced
    rne text NOT NULL,                           -- reason for new episode
    ls text NOT NULL,                            -- legal status
    cin text,                                    -- category of need
    place text,
    place_provider text,
    dec date CHECK (dec IS NULL OR dec >= decom), -- date episode ceased
    rec text,                                    -- reason episode ceased
    reason_place_change text,
    home_post text,
    pl_post text,
    urn text,
    source text NOT NULL CHECK (source IN ('api', 'ssda903', 'demo')),
    note text,                                  -- why a correction was made
    import_run_id bigint REFERENCES fgc.import_runs,
    request_id text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by bigint REFERENCES fgc.users,
    CHECK ((dec IS NULL) = (rec IS NULL))
);

CREATE TABLE fgc.cla_episodes (
    episode_id bigint PRIMARY KEY,
    record_id bigint NOT NULL UNIQUE REFERENCES fgc.cla_episode_records,
    child_id bigint NOT NULL REFERENCES fgc.children,
    decom date NOT NULL,
    rne text NOT NULL,
    ls text NOT NULL,
    cin text,
    place text,
    place_provider text,
    dec date,
    rec text,
    -- Short breaks (V3, V4) are not counted as looked after in DfE's headline figures.
    short_break boolean NOT NULL,
    source text NOT NULL
);

CREATE INDEX cla_episodes_child_idx ON fgc.cla_episodes (child_id, decom);
CREATE INDEX cla_episodes_decom_idx ON fgc.cla_episodes (decom);
CREATE INDEX cla_episodes_dec_idx ON fgc.cla_episodes (dec);
CREATE UNIQUE INDEX cla_episodes_identity_idx ON fgc.cla_episodes (child_id, decom);

-- ---------------------------------------------------------------------------
-- Pre-proceedings and family group decision making (CIN census from 2025-26)
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.pre_proceedings_records (
    id bigserial PRIMARY KEY,
    episode_id bigint NOT NULL,
    supersedes bigint UNIQUE REFERENCES fgc.pre_proceedings_records,
    retracted boolean NOT NULL DEFAULT false,
    child_id bigint NOT NULL REFERENCES fgc.children,
    pp_start_date date NOT NULL,                -- PPStartDate
    lbp_sent_date date,                         -- LBPSentDate: letter before proceedings
    fgdm_meeting_offer boolean,                 -- FGDMMeetingOffer
    fgdm_meeting_facilitated boolean,           -- FGDMMeetingFac
    initial_pp_meeting_date date,               -- InitialPPMeetingDate
    review_meetings_count integer CHECK (review_meetings_count >= 0), -- ReviewMeetingsCount
    step_decision_date date,                    -- StepDecisionDate
    pp_outcome text,                            -- PPOutcome
    court_app_date date,                        -- CourtAppDate
    letter_init_cp_date date,                   -- LetterInitCPDate
    source text NOT NULL CHECK (source IN ('api', 'cin_census', 'demo')),
    note text,                                  -- why a correction was made
    import_run_id bigint REFERENCES fgc.import_runs,
    request_id text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by bigint REFERENCES fgc.users
);

CREATE TABLE fgc.pre_proceedings (
    episode_id bigint PRIMARY KEY,
    record_id bigint NOT NULL UNIQUE REFERENCES fgc.pre_proceedings_records,
    child_id bigint NOT NULL REFERENCES fgc.children,
    pp_start_date date NOT NULL,
    fgdm_meeting_offer boolean,
    fgdm_meeting_facilitated boolean,
    step_decision_date date,
    pp_outcome text,
    court_app_date date
);

CREATE UNIQUE INDEX pre_proceedings_identity_idx ON fgc.pre_proceedings (child_id, pp_start_date);

-- ---------------------------------------------------------------------------
-- Keeping the current-state tables in step with the records
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.cin_record_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cin_episodes WHERE episode_id = NEW.episode_id;
    IF NOT NEW.retracted THEN
        INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date,
                                      referral_source, primary_need, referral_nfa,
                                      closure_date, closure_reason, domestic_abuse, source)
        VALUES (NEW.episode_id, NEW.id, NEW.child_id, NEW.referral_date, NEW.referral_source,
                NEW.primary_need, NEW.referral_nfa, NEW.closure_date, NEW.closure_reason,
                EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.assessments) AS a,
                                      jsonb_array_elements_text(COALESCE(a->'factors', '[]')) AS f
                         WHERE f IN ('3A', '3B', '3C')),
                NEW.source);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.cpp_record_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cpp_plans WHERE episode_id = NEW.episode_id;
    IF NOT NEW.retracted THEN
        INSERT INTO fgc.cpp_plans (episode_id, record_id, child_id, cin_episode_id, start_date,
                                   end_date, icpc_date, initial_category, latest_category,
                                   number_of_previous_cpp, source)
        VALUES (NEW.episode_id, NEW.id, NEW.child_id, NEW.cin_episode_id, NEW.start_date,
                NEW.end_date, NEW.icpc_date, NEW.initial_category, NEW.latest_category,
                NEW.number_of_previous_cpp, NEW.source);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.cla_record_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.cla_episodes WHERE episode_id = NEW.episode_id;
    IF NOT NEW.retracted THEN
        INSERT INTO fgc.cla_episodes (episode_id, record_id, child_id, decom, rne, ls, cin,
                                      place, place_provider, dec, rec, short_break, source)
        VALUES (NEW.episode_id, NEW.id, NEW.child_id, NEW.decom, NEW.rne, NEW.ls, NEW.cin,
                NEW.place, NEW.place_provider, NEW.dec, NEW.rec, NEW.ls IN ('V3', 'V4'),
                NEW.source);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fgc.pre_proceedings_record_applied()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM fgc.pre_proceedings WHERE episode_id = NEW.episode_id;
    IF NOT NEW.retracted THEN
        INSERT INTO fgc.pre_proceedings (episode_id, record_id, child_id, pp_start_date,
                                         fgdm_meeting_offer, fgdm_meeting_facilitated,
                                         step_decision_date, pp_outcome, court_app_date)
        VALUES (NEW.episode_id, NEW.id, NEW.child_id, NEW.pp_start_date, NEW.fgdm_meeting_offer,
                NEW.fgdm_meeting_facilitated, NEW.step_decision_date, NEW.pp_outcome,
                NEW.court_app_date);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cin_record_identity BEFORE INSERT ON fgc.cin_episode_records
    FOR EACH ROW EXECUTE FUNCTION fgc.record_identity('fgc.cin_episodes');
CREATE TRIGGER cin_record_applied AFTER INSERT ON fgc.cin_episode_records
    FOR EACH ROW EXECUTE FUNCTION fgc.cin_record_applied();
CREATE TRIGGER cpp_record_identity BEFORE INSERT ON fgc.cpp_records
    FOR EACH ROW EXECUTE FUNCTION fgc.record_identity('fgc.cpp_plans');
CREATE TRIGGER cpp_record_applied AFTER INSERT ON fgc.cpp_records
    FOR EACH ROW EXECUTE FUNCTION fgc.cpp_record_applied();
CREATE TRIGGER cla_record_identity BEFORE INSERT ON fgc.cla_episode_records
    FOR EACH ROW EXECUTE FUNCTION fgc.record_identity('fgc.cla_episodes');
CREATE TRIGGER cla_record_applied AFTER INSERT ON fgc.cla_episode_records
    FOR EACH ROW EXECUTE FUNCTION fgc.cla_record_applied();
CREATE TRIGGER pre_proceedings_record_identity BEFORE INSERT ON fgc.pre_proceedings_records
    FOR EACH ROW EXECUTE FUNCTION fgc.record_identity('fgc.pre_proceedings');
CREATE TRIGGER pre_proceedings_record_applied AFTER INSERT ON fgc.pre_proceedings_records
    FOR EACH ROW EXECUTE FUNCTION fgc.pre_proceedings_record_applied();

-- The record tables are the history: nothing in them is ever changed or removed.
CREATE TRIGGER cin_records_append_only BEFORE UPDATE OR DELETE ON fgc.cin_episode_records
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER cpp_records_append_only BEFORE UPDATE OR DELETE ON fgc.cpp_records
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER cla_records_append_only BEFORE UPDATE OR DELETE ON fgc.cla_episode_records
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER pre_proceedings_records_append_only BEFORE UPDATE OR DELETE ON fgc.pre_proceedings_records
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

-- The record tables are their own audit trail (who, when, which request or import, the
-- version before and after), so they carry no audit trigger: a national import of millions
-- of episodes writes one audited fgc.import_runs row, not millions of audit events.
SELECT audit.enable('fgc.import_runs');
SELECT audit.enable('fgc.postcode_sectors');
