-- Restorative-practice training: courses, sessions, attendees, bookings and attendance, targets, progress to target, register import and the training measures.
--
-- Definitions (docs/training.md has them with a worked example):
--   * A person is "trained" on a course when they have a booking with status 'attended' on a
--     session of that course. Counts are of people, not attendances: someone who attends two
--     sessions of a course counts once, on the date of their first attended session in the
--     window being counted. 'did_not_attend', 'booked' and 'cancelled' never count.
--   * A target is for one course, optionally one sector and/or one cluster, with a start date
--     and a deadline; both days count (a person trained on the deadline counts).
--   * Pace is the number of people first trained in the last 8 weeks (56 days ending on the
--     as-of date, or since the target started if that is more recent) divided by that many weeks.
--     The forecast date is as-of + ceil(people still needed / pace * 7) days; null at pace 0.
--   * Sector and cluster are the person's as currently recorded.

-- ---------------------------------------------------------------------------
-- Sectors
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.training_sectors (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
    name text NOT NULL UNIQUE,
    sort_order integer NOT NULL
);

-- The daemon's list (daemon/codes.c, training_sectors) must match these codes.
INSERT INTO fgc.training_sectors (code, name, sort_order) VALUES
    ('council_childrens_services', 'Council children''s services', 1),
    ('council_other', 'Other council staff', 2),
    ('schools', 'Schools', 3),
    ('nhs', 'NHS', 4),
    ('police', 'Police', 5),
    ('youth_offending', 'Youth offending', 6),
    ('housing', 'Housing', 7),
    ('third_sector', 'Third sector', 8),
    ('other', 'Other', 9);

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.training_courses (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
    name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    description text CHECK (length(description) <= 4000),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX training_courses_name_idx ON fgc.training_courses (lower(name));

CREATE TABLE fgc.training_sessions (
    id bigserial PRIMARY KEY,
    course_id bigint NOT NULL REFERENCES fgc.training_courses,
    held_on date NOT NULL,
    starts_at time NOT NULL,
    ends_at time NOT NULL,
    online boolean NOT NULL DEFAULT false,
    venue text CHECK (btrim(venue) <> '' AND length(venue) <= 200),
    trainer_id bigint REFERENCES fgc.users,
    capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    notes text CHECK (length(notes) <= 4000),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    -- A session is held somewhere: in a venue, online, or both.
    CHECK (online OR venue IS NOT NULL)
);

CREATE INDEX training_sessions_course_idx ON fgc.training_sessions (course_id, held_on);
CREATE INDEX training_sessions_held_on_idx ON fgc.training_sessions (held_on);
CREATE INDEX training_sessions_trainer_idx ON fgc.training_sessions (trainer_id);

-- Lower case with runs of white space made one space: how names and organisations are compared.
CREATE FUNCTION fgc.training_norm(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT NULLIF(lower(regexp_replace(btrim($1), '\s+', ' ', 'g')), '')
$$;

-- People who attend training. They need not be users of fgcd; most work for partners.
CREATE TABLE fgc.training_people (
    id bigserial PRIMARY KEY,
    full_name text NOT NULL CHECK (btrim(full_name) <> '' AND length(full_name) <= 200),
    -- Stored in lower case: e-mail addresses are matched without regard to case.
    work_email text CHECK (work_email = lower(work_email) AND length(work_email) <= 254
                           AND work_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    organisation text CHECK (btrim(organisation) <> '' AND length(organisation) <= 200),
    sector text NOT NULL REFERENCES fgc.training_sectors,
    area_id bigint REFERENCES fgc.areas,   -- the cluster they work in, when known
    job_role text CHECK (btrim(job_role) <> '' AND length(job_role) <= 200),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX training_people_email_idx ON fgc.training_people (work_email)
    WHERE work_email IS NOT NULL;
CREATE INDEX training_people_name_org_idx
    ON fgc.training_people (fgc.training_norm(full_name), fgc.training_norm(organisation));
CREATE INDEX training_people_area_idx ON fgc.training_people (area_id);
CREATE INDEX training_people_sector_idx ON fgc.training_people (sector);

-- One row per person per session: booked, then attended, did not attend or cancelled.
CREATE TABLE fgc.training_bookings (
    id bigserial PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES fgc.training_sessions,
    person_id bigint NOT NULL REFERENCES fgc.training_people,
    status text NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'attended', 'did_not_attend', 'cancelled')),
    feedback_score smallint CHECK (feedback_score BETWEEN 1 AND 5),
    source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'register', 'demo')),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, person_id),
    -- Only someone who was there can say what they thought of it.
    CHECK (feedback_score IS NULL OR status = 'attended')
);

CREATE INDEX training_bookings_person_idx ON fgc.training_bookings (person_id);
CREATE INDEX training_bookings_session_status_idx ON fgc.training_bookings (session_id, status);

CREATE TABLE fgc.training_targets (
    id bigserial PRIMARY KEY,
    course_id bigint NOT NULL REFERENCES fgc.training_courses,
    sector text REFERENCES fgc.training_sectors,    -- NULL: every sector
    area_id bigint REFERENCES fgc.areas,            -- NULL: every cluster
    target_people integer NOT NULL CHECK (target_people BETWEEN 1 AND 10000000),
    starts_on date NOT NULL,
    deadline date NOT NULL,
    name text CHECK (btrim(name) <> '' AND length(name) <= 200),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (deadline >= starts_on)
);

CREATE UNIQUE INDEX training_targets_scope_idx
    ON fgc.training_targets (course_id, sector, area_id, starts_on, deadline) NULLS NOT DISTINCT;

CREATE TRIGGER training_courses_version BEFORE UPDATE ON fgc.training_courses
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();
CREATE TRIGGER training_sessions_version BEFORE UPDATE ON fgc.training_sessions
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();
CREATE TRIGGER training_people_version BEFORE UPDATE ON fgc.training_people
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();
CREATE TRIGGER training_bookings_version BEFORE UPDATE ON fgc.training_bookings
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();
CREATE TRIGGER training_targets_version BEFORE UPDATE ON fgc.training_targets
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

-- Capacity, whoever writes the booking: the session row is locked, so two transactions taking
-- the last place queue here and the second sees the first's booking when it counts.
CREATE FUNCTION fgc.training_booking_capacity()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_capacity integer;
    v_taken integer;
BEGIN
    IF NEW.status = 'cancelled' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' AND OLD.session_id = NEW.session_id THEN
        RETURN NEW;   -- already holds a place
    END IF;
    SELECT s.capacity INTO v_capacity FROM fgc.training_sessions s WHERE s.id = NEW.session_id FOR UPDATE;
    SELECT count(*) INTO v_taken
      FROM fgc.training_bookings b
     WHERE b.session_id = NEW.session_id AND b.status <> 'cancelled' AND b.id <> NEW.id;
    IF v_taken >= v_capacity THEN
        PERFORM api.fail('FG409', format('The session is full: all %s places are taken.', v_capacity));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER training_bookings_capacity
    BEFORE INSERT OR UPDATE OF status, session_id ON fgc.training_bookings
    FOR EACH ROW EXECUTE FUNCTION fgc.training_booking_capacity();

SELECT audit.enable('fgc.training_sectors');
SELECT audit.enable('fgc.training_courses');
SELECT audit.enable('fgc.training_sessions');
SELECT audit.enable('fgc.training_people');
SELECT audit.enable('fgc.training_bookings');
SELECT audit.enable('fgc.training_targets');

-- The three courses of the Family Valued programme.
INSERT INTO fgc.training_courses (code, name, description) VALUES
    ('AWARENESS-RAISING', 'Awareness Raising',
     'Half-day introduction to restorative practice for the whole children''s workforce and partners.'),
    ('DEEP-DIVE', 'Deep Dive',
     'Longer restorative practice training for practitioners who work directly with families.'),
    ('TRAIN-THE-TRAINER', 'Train the Trainer',
     'For practitioners who will deliver Awareness Raising to their own teams.');

-- ---------------------------------------------------------------------------
-- Roles
-- ---------------------------------------------------------------------------

-- Trainers and administrators run the programme; managers read everything; data analysts see
-- courses, sessions, targets and aggregate measures, never the people who attended.
CREATE FUNCTION fgc.training_require_writer(ctx jsonb, doing text)
RETURNS void
LANGUAGE sql AS $$
    SELECT fgc.require_role($1, ARRAY['trainer', 'admin'], $2)
$$;

CREATE FUNCTION fgc.training_require_reader(ctx jsonb, doing text)
RETURNS void
LANGUAGE sql AS $$
    SELECT fgc.require_role($1, ARRAY['trainer', 'admin', 'manager'], $2)
$$;

CREATE FUNCTION fgc.training_require_aggregate_reader(ctx jsonb, doing text)
RETURNS void
LANGUAGE sql AS $$
    SELECT fgc.require_role($1, ARRAY['trainer', 'admin', 'manager', 'data_analyst'], $2)
$$;

-- ---------------------------------------------------------------------------
-- Argument helpers
-- ---------------------------------------------------------------------------

-- A time of day written HH:MM (or HH:MM:SS); NULL when absent.
CREATE FUNCTION fgc.arg_time(args jsonb, key text)
RETURNS time
LANGUAGE plpgsql AS $$
DECLARE
    v text := btrim($1->>$2);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN NULL;
    END IF;
    IF v !~ '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' THEN
        PERFORM fgc.field_error($2, format('%s must be a time of day written as HH:MM, such as 09:30.', fgc.field_label($2)));
    END IF;
    RETURN v::time;
END
$$;

-- A sector given as its code or its name, in any case ("Schools", "third_sector"); NULL if unknown.
CREATE FUNCTION fgc.training_sector_code(s text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT t.code FROM fgc.training_sectors t
     WHERE t.code = replace(replace(fgc.training_norm($1), ' ', '_'), '-', '_')
        OR fgc.training_norm(t.name) = fgc.training_norm($1)
     LIMIT 1
$$;

-- "council_other, schools, ... or other", for messages.
CREATE FUNCTION fgc.training_sector_list()
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT string_agg(code, ', ' ORDER BY sort_order) FROM fgc.training_sectors
$$;

-- The id of a cluster given by its code; NULL after adding an error to errs when it is not one.
CREATE FUNCTION fgc.training_cluster(code text, field text, INOUT errs jsonb, OUT area_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_area fgc.areas;
BEGIN
    SELECT * INTO v_area FROM fgc.areas a WHERE a.code = upper(btrim($1));
    IF v_area.id IS NULL THEN
        errs := fgc.err(errs, $2, format('The cluster %s is not known.', upper(btrim($1))));
    ELSIF v_area.kind <> 'cluster' THEN
        errs := fgc.err(errs, $2, format('%s is a local authority; give the cluster.', v_area.code));
    ELSE
        area_id := v_area.id;
    END IF;
END
$$;

-- An area filter: a cluster, or a local authority standing for all its clusters. FG422 if unknown.
CREATE FUNCTION fgc.training_area_filter(code text, field text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF $1 IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT a.id INTO v_id FROM fgc.areas a WHERE a.code = upper(btrim($1));
    IF v_id IS NULL THEN
        PERFORM fgc.field_error($2, format('The area %s is not known.', upper(btrim($1))));
    END IF;
    RETURN v_id;
END
$$;

CREATE FUNCTION fgc.training_email_ok(email text)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT $1 ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' AND length($1) <= 254
$$;

-- ---------------------------------------------------------------------------
-- JSON bodies
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.training_course_json(c fgc.training_courses)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'code', c.code, 'name', c.name, 'description', c.description,
        'active', c.active, 'version', c.version,
        'created_at', c.created_at, 'updated_at', c.updated_at)
$$;

CREATE FUNCTION fgc.training_session_json(s fgc.training_sessions)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', s.id,
        'course_id', s.course_id,
        'course', (SELECT jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name)
                     FROM fgc.training_courses c WHERE c.id = s.course_id),
        'held_on', s.held_on,
        'starts_at', to_char(s.starts_at, 'HH24:MI'),
        'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'online', s.online,
        'venue', s.venue,
        'trainer_id', s.trainer_id,
        'trainer', (SELECT COALESCE(u.display_name, u.username) FROM fgc.users u WHERE u.id = s.trainer_id),
        'capacity', s.capacity,
        'notes', s.notes,
        'booked', n.booked,
        'attended', n.attended,
        'did_not_attend', n.did_not_attend,
        'cancelled', n.cancelled,
        'places_left', s.capacity - (n.booked + n.attended + n.did_not_attend),
        'version', s.version,
        'created_at', s.created_at,
        'updated_at', s.updated_at)
      FROM (SELECT count(*) FILTER (WHERE b.status = 'booked') AS booked,
                   count(*) FILTER (WHERE b.status = 'attended') AS attended,
                   count(*) FILTER (WHERE b.status = 'did_not_attend') AS did_not_attend,
                   count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
              FROM fgc.training_bookings b WHERE b.session_id = s.id) n
$$;

CREATE FUNCTION fgc.training_person_json(p fgc.training_people)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', p.id,
        'full_name', p.full_name,
        'work_email', p.work_email,
        'organisation', p.organisation,
        'sector', p.sector,
        'cluster', (SELECT a.code FROM fgc.areas a WHERE a.id = p.area_id),
        'job_role', p.job_role,
        'version', p.version,
        'created_at', p.created_at,
        'updated_at', p.updated_at)
$$;

CREATE FUNCTION fgc.training_booking_json(b fgc.training_bookings)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', b.id,
        'session_id', b.session_id,
        'person_id', b.person_id,
        'person', (SELECT jsonb_build_object('id', p.id, 'full_name', p.full_name, 'work_email', p.work_email,
                                             'organisation', p.organisation, 'sector', p.sector)
                     FROM fgc.training_people p WHERE p.id = b.person_id),
        'session', (SELECT jsonb_build_object('id', s.id, 'course_id', s.course_id, 'course', c.name,
                                              'held_on', s.held_on)
                      FROM fgc.training_sessions s JOIN fgc.training_courses c ON c.id = s.course_id
                     WHERE s.id = b.session_id),
        'status', b.status,
        'feedback_score', b.feedback_score,
        'source', b.source,
        'version', b.version,
        'created_at', b.created_at,
        'updated_at', b.updated_at)
$$;

CREATE FUNCTION fgc.training_target_json(t fgc.training_targets)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', t.id,
        'course_id', t.course_id,
        'course', (SELECT c.name FROM fgc.training_courses c WHERE c.id = t.course_id),
        'sector', t.sector,
        'cluster', (SELECT a.code FROM fgc.areas a WHERE a.id = t.area_id),
        'target_people', t.target_people,
        'starts_on', t.starts_on,
        'deadline', t.deadline,
        'name', t.name,
        'version', t.version,
        'created_at', t.created_at,
        'updated_at', t.updated_at)
$$;

-- ---------------------------------------------------------------------------
-- Courses
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.training_course_apply(args jsonb, c fgc.training_courses, is_new boolean)
RETURNS fgc.training_courses
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
BEGIN
    IF args ? 'code' THEN c.code := upper(fgc.arg_text(args, 'code')); END IF;
    IF args ? 'name' THEN c.name := fgc.arg_text(args, 'name'); END IF;
    IF args ? 'description' THEN c.description := fgc.arg_text(args, 'description'); END IF;
    IF args ? 'active' THEN c.active := fgc.arg_bool(args, 'active'); END IF;
    c.active := COALESCE(c.active, true);

    IF c.code IS NULL OR c.code !~ '^[A-Z0-9][A-Z0-9-]{1,39}$' THEN
        v_errs := fgc.err(v_errs, 'code', 'Enter a code of 2 to 40 letters, digits or hyphens, such as DEEP-DIVE.');
    END IF;
    IF c.name IS NULL THEN
        v_errs := fgc.err(v_errs, 'name', 'Enter the course''s name.');
    ELSIF length(c.name) > 200 THEN
        v_errs := fgc.err(v_errs, 'name', 'The course''s name must be 200 characters or fewer.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    IF EXISTS (SELECT 1 FROM fgc.training_courses o WHERE o.code = c.code AND o.id IS DISTINCT FROM c.id) THEN
        PERFORM api.fail('FG409', format('A course with the code %s already exists.', c.code));
    END IF;
    IF EXISTS (SELECT 1 FROM fgc.training_courses o WHERE lower(o.name) = lower(c.name) AND o.id IS DISTINCT FROM c.id) THEN
        PERFORM api.fail('FG409', format('A course called %s already exists.', c.name));
    END IF;
    RETURN c;
END
$$;

-- args: code, name, description, active
CREATE FUNCTION api.training_course_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_course fgc.training_courses;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'add training courses');
    v_course := fgc.training_course_apply(args, v_course, true);
    INSERT INTO fgc.training_courses (code, name, description, active)
    VALUES (v_course.code, v_course.name, v_course.description, v_course.active)
    RETURNING * INTO v_course;
    RETURN api.ok(fgc.training_course_json(v_course), 201, '/api/v1/training/courses/' || v_course.id);
END
$$;

-- args: active, cursor, limit
CREATE FUNCTION api.training_course_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_active boolean := fgc.arg_bool(args, 'active');
    v_items jsonb;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training courses');
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT c.id, fgc.training_course_json(c) AS j
              FROM fgc.training_courses c
             WHERE (v_after IS NULL OR c.id > v_after)
               AND (v_active IS NULL OR c.active = v_active)
             ORDER BY c.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.training_course_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_course fgc.training_courses;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training courses');
    SELECT * INTO v_course FROM fgc.training_courses c WHERE c.id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training course.');
    END IF;
    RETURN api.ok(fgc.training_course_json(v_course));
END
$$;

-- args: id; any of code, name, description, active. If-Match.
CREATE FUNCTION api.training_course_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_course fgc.training_courses;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'change training courses');
    SELECT * INTO v_course FROM fgc.training_courses c WHERE c.id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training course.');
    END IF;
    PERFORM fgc.check_version(ctx, v_course.version);
    v_course := fgc.training_course_apply(args, v_course, false);
    UPDATE fgc.training_courses SET
        code = v_course.code, name = v_course.name, description = v_course.description, active = v_course.active
     WHERE id = v_course.id
    RETURNING * INTO v_course;
    RETURN api.ok(fgc.training_course_json(v_course));
END
$$;

-- ---------------------------------------------------------------------------
-- Sessions
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.training_session_apply(args jsonb, s fgc.training_sessions, is_new boolean)
RETURNS fgc.training_sessions
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
    v_taken integer;
BEGIN
    IF args ? 'course_id' THEN s.course_id := fgc.arg_bigint(args, 'course_id'); END IF;
    IF args ? 'held_on' THEN s.held_on := fgc.arg_date(args, 'held_on'); END IF;
    IF args ? 'starts_at' THEN s.starts_at := fgc.arg_time(args, 'starts_at'); END IF;
    IF args ? 'ends_at' THEN s.ends_at := fgc.arg_time(args, 'ends_at'); END IF;
    IF args ? 'online' THEN s.online := fgc.arg_bool(args, 'online'); END IF;
    IF args ? 'venue' THEN s.venue := fgc.arg_text(args, 'venue'); END IF;
    IF args ? 'trainer_id' THEN s.trainer_id := fgc.arg_bigint(args, 'trainer_id'); END IF;
    IF args ? 'capacity' THEN s.capacity := fgc.arg_int(args, 'capacity'); END IF;
    IF args ? 'notes' THEN s.notes := fgc.arg_text(args, 'notes'); END IF;
    s.online := COALESCE(s.online, false);

    IF s.course_id IS NULL THEN
        v_errs := fgc.err(v_errs, 'course_id', 'Choose the course.');
    ELSIF (is_new OR args ? 'course_id')
          AND NOT EXISTS (SELECT 1 FROM fgc.training_courses c WHERE c.id = s.course_id) THEN
        v_errs := fgc.err(v_errs, 'course_id', format('There is no training course with id %s.', s.course_id));
    ELSIF is_new AND NOT (SELECT c.active FROM fgc.training_courses c WHERE c.id = s.course_id) THEN
        v_errs := fgc.err(v_errs, 'course_id', 'The course is no longer offered; make it active again first.');
    END IF;
    IF s.held_on IS NULL THEN
        v_errs := fgc.err(v_errs, 'held_on', 'Enter the date of the session.');
    END IF;
    IF s.starts_at IS NULL THEN
        v_errs := fgc.err(v_errs, 'starts_at', 'Enter the time the session starts.');
    END IF;
    IF s.ends_at IS NULL THEN
        v_errs := fgc.err(v_errs, 'ends_at', 'Enter the time the session ends.');
    ELSIF s.starts_at IS NOT NULL AND s.ends_at <= s.starts_at THEN
        v_errs := fgc.err(v_errs, 'ends_at', 'The session must end after it starts.');
    END IF;
    IF NOT s.online AND s.venue IS NULL THEN
        v_errs := fgc.err(v_errs, 'venue', 'Enter the venue, or say that the session is online.');
    END IF;
    IF s.capacity IS NULL OR s.capacity NOT BETWEEN 1 AND 500 THEN
        v_errs := fgc.err(v_errs, 'capacity', 'Capacity must be between 1 and 500 places.');
    ELSIF NOT is_new THEN
        SELECT count(*) INTO v_taken FROM fgc.training_bookings b
         WHERE b.session_id = s.id AND b.status <> 'cancelled';
        IF s.capacity < v_taken THEN
            v_errs := fgc.err(v_errs, 'capacity', format(
                '%s places are already taken, so capacity cannot be less than %s. Cancel bookings first.', v_taken, v_taken));
        END IF;
    END IF;
    IF s.trainer_id IS NOT NULL AND (is_new OR args ? 'trainer_id')
       AND NOT EXISTS (SELECT 1 FROM fgc.users u
                        WHERE u.id = s.trainer_id AND u.active AND u.role IN ('trainer', 'admin')) THEN
        v_errs := fgc.err(v_errs, 'trainer_id', format('User %s is not an active trainer.', s.trainer_id));
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    RETURN s;
END
$$;

-- args: course_id, held_on, starts_at, ends_at, online, venue, trainer_id, capacity, notes.
-- A trainer's new session is theirs unless trainer_id says otherwise.
CREATE FUNCTION api.training_session_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_session fgc.training_sessions;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'add training sessions');
    IF fgc.ctx_role(ctx) = 'trainer' THEN
        v_session.trainer_id := fgc.ctx_user_id(ctx);
    END IF;
    v_session := fgc.training_session_apply(args, v_session, true);
    INSERT INTO fgc.training_sessions (course_id, held_on, starts_at, ends_at, online, venue, trainer_id, capacity, notes)
    VALUES (v_session.course_id, v_session.held_on, v_session.starts_at, v_session.ends_at, v_session.online,
            v_session.venue, v_session.trainer_id, v_session.capacity, v_session.notes)
    RETURNING * INTO v_session;
    RETURN api.ok(fgc.training_session_json(v_session), 201, '/api/v1/training/sessions/' || v_session.id);
END
$$;

-- args: course_id, from, to (dates, inclusive), trainer_id, cursor, limit
CREATE FUNCTION api.training_session_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_course bigint := fgc.arg_bigint(args, 'course_id');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_trainer bigint := fgc.arg_bigint(args, 'trainer_id');
    v_items jsonb;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training sessions');
    IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT t.id, fgc.training_session_json(t) AS j
              FROM fgc.training_sessions t
             WHERE (v_after IS NULL OR t.id > v_after)
               AND (v_course IS NULL OR t.course_id = v_course)
               AND (v_from IS NULL OR t.held_on >= v_from)
               AND (v_to IS NULL OR t.held_on <= v_to)
               AND (v_trainer IS NULL OR t.trainer_id = v_trainer)
             ORDER BY t.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.training_session_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_session fgc.training_sessions;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training sessions');
    SELECT * INTO v_session FROM fgc.training_sessions s WHERE s.id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training session.');
    END IF;
    RETURN api.ok(fgc.training_session_json(v_session));
END
$$;

-- args: id; any of the create fields. If-Match. Capacity may not drop below the places taken.
CREATE FUNCTION api.training_session_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_session fgc.training_sessions;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'change training sessions');
    SELECT * INTO v_session FROM fgc.training_sessions s WHERE s.id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training session.');
    END IF;
    PERFORM fgc.check_version(ctx, v_session.version);
    v_session := fgc.training_session_apply(args, v_session, false);
    IF v_session.held_on > fgc.today() AND EXISTS (
        SELECT 1 FROM fgc.training_bookings b
         WHERE b.session_id = v_session.id AND b.status IN ('attended', 'did_not_attend')) THEN
        PERFORM fgc.field_error('held_on', 'Attendance is already recorded, so the session cannot move to a future date.');
    END IF;
    UPDATE fgc.training_sessions SET
        course_id = v_session.course_id, held_on = v_session.held_on, starts_at = v_session.starts_at,
        ends_at = v_session.ends_at, online = v_session.online, venue = v_session.venue,
        trainer_id = v_session.trainer_id, capacity = v_session.capacity, notes = v_session.notes
     WHERE id = v_session.id
    RETURNING * INTO v_session;
    RETURN api.ok(fgc.training_session_json(v_session));
END
$$;

-- ---------------------------------------------------------------------------
-- People
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.training_person_apply(args jsonb, p fgc.training_people, is_new boolean)
RETURNS fgc.training_people
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
    v_cluster record;
    v_sector text;
BEGIN
    IF args ? 'full_name' THEN p.full_name := regexp_replace(fgc.arg_text(args, 'full_name'), '\s+', ' ', 'g'); END IF;
    IF args ? 'work_email' THEN p.work_email := lower(fgc.arg_text(args, 'work_email')); END IF;
    IF args ? 'organisation' THEN p.organisation := fgc.arg_text(args, 'organisation'); END IF;
    IF args ? 'job_role' THEN p.job_role := fgc.arg_text(args, 'job_role'); END IF;

    IF p.full_name IS NULL THEN
        v_errs := fgc.err(v_errs, 'full_name', 'Enter the person''s name.');
    ELSIF length(p.full_name) > 200 THEN
        v_errs := fgc.err(v_errs, 'full_name', 'The name must be 200 characters or fewer.');
    END IF;
    IF p.work_email IS NOT NULL AND NOT fgc.training_email_ok(p.work_email) THEN
        v_errs := fgc.err(v_errs, 'work_email', 'Enter a work e-mail address such as name@example.org.');
    END IF;
    IF is_new OR args ? 'sector' THEN
        v_sector := fgc.training_sector_code(fgc.arg_text(args, 'sector'));
        IF v_sector IS NULL THEN
            v_errs := fgc.err(v_errs, 'sector', 'Sector must be one of ' || fgc.training_sector_list() || '.');
        END IF;
        p.sector := v_sector;
    END IF;
    IF args ? 'cluster' THEN
        p.area_id := NULL;
        IF fgc.arg_text(args, 'cluster') IS NOT NULL THEN
            SELECT * INTO v_cluster FROM fgc.training_cluster(fgc.arg_text(args, 'cluster'), 'cluster', v_errs);
            v_errs := v_cluster.errs;
            p.area_id := v_cluster.area_id;
        END IF;
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    IF p.work_email IS NOT NULL AND EXISTS (
        SELECT 1 FROM fgc.training_people o WHERE o.work_email = p.work_email AND o.id IS DISTINCT FROM p.id) THEN
        PERFORM api.fail('FG409', format('Someone with the work e-mail %s is already recorded.', p.work_email));
    END IF;
    RETURN p;
END
$$;

-- args: full_name, work_email, organisation, sector, cluster, job_role
CREATE FUNCTION api.training_person_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_person fgc.training_people;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'record people who attend training');
    v_person := fgc.training_person_apply(args, v_person, true);
    INSERT INTO fgc.training_people (full_name, work_email, organisation, sector, area_id, job_role)
    VALUES (v_person.full_name, v_person.work_email, v_person.organisation, v_person.sector,
            v_person.area_id, v_person.job_role)
    RETURNING * INTO v_person;
    RETURN api.ok(fgc.training_person_json(v_person), 201, '/api/v1/training/people/' || v_person.id);
END
$$;

-- args: q (part of name, e-mail or organisation), email (exact, any case), sector, cluster
-- (a cluster, or a local authority for all its clusters), cursor, limit
CREATE FUNCTION api.training_person_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_q text := fgc.arg_text(args, 'q');
    v_email text := lower(fgc.arg_text(args, 'email'));
    v_sector text := fgc.arg_text(args, 'sector');
    v_area bigint := fgc.training_area_filter(fgc.arg_text(args, 'cluster'), 'cluster');
    v_items jsonb;
BEGIN
    PERFORM fgc.training_require_reader(ctx, 'see the people who attend training');
    IF v_sector IS NOT NULL THEN
        v_sector := fgc.training_sector_code(v_sector);
        IF v_sector IS NULL THEN
            PERFORM fgc.field_error('sector', 'Sector must be one of ' || fgc.training_sector_list() || '.');
        END IF;
    END IF;
    v_q := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT p.id, fgc.training_person_json(p) AS j
              FROM fgc.training_people p
             WHERE (v_after IS NULL OR p.id > v_after)
               AND (v_q IS NULL OR p.full_name ILIKE v_q OR p.work_email ILIKE v_q OR p.organisation ILIKE v_q)
               AND (v_email IS NULL OR p.work_email = v_email)
               AND (v_sector IS NULL OR p.sector = v_sector)
               AND (v_area IS NULL OR p.area_id IN (SELECT a.id FROM fgc.areas a WHERE a.id = v_area OR a.parent_id = v_area))
             ORDER BY p.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id. Includes the person's bookings, newest session first.
CREATE FUNCTION api.training_person_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_person fgc.training_people;
BEGIN
    PERFORM fgc.training_require_reader(ctx, 'see the people who attend training');
    SELECT * INTO v_person FROM fgc.training_people p WHERE p.id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such person.');
    END IF;
    RETURN api.ok(fgc.training_person_json(v_person) || jsonb_build_object(
        'bookings', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                       'id', b.id, 'session_id', s.id, 'course_id', c.id, 'course', c.name,
                       'held_on', s.held_on, 'status', b.status, 'feedback_score', b.feedback_score,
                       'version', b.version)
                     ORDER BY s.held_on DESC, b.id DESC)
              FROM fgc.training_bookings b
              JOIN fgc.training_sessions s ON s.id = b.session_id
              JOIN fgc.training_courses c ON c.id = s.course_id
             WHERE b.person_id = v_person.id), '[]'::jsonb)));
END
$$;

-- args: id; any of the create fields (cluster null to clear). If-Match.
CREATE FUNCTION api.training_person_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_person fgc.training_people;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'change the records of people who attend training');
    SELECT * INTO v_person FROM fgc.training_people p WHERE p.id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such person.');
    END IF;
    PERFORM fgc.check_version(ctx, v_person.version);
    v_person := fgc.training_person_apply(args, v_person, false);
    UPDATE fgc.training_people SET
        full_name = v_person.full_name, work_email = v_person.work_email,
        organisation = v_person.organisation, sector = v_person.sector,
        area_id = v_person.area_id, job_role = v_person.job_role
     WHERE id = v_person.id
    RETURNING * INTO v_person;
    RETURN api.ok(fgc.training_person_json(v_person));
END
$$;

-- ---------------------------------------------------------------------------
-- Bookings and attendance
-- ---------------------------------------------------------------------------

-- Checks a status and feedback score for a booking on a session; adds problems to errs.
CREATE FUNCTION fgc.training_check_booking(s fgc.training_sessions, status text, feedback integer, INOUT errs jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    IF $2 IS NULL OR $2 NOT IN ('booked', 'attended', 'did_not_attend', 'cancelled') THEN
        errs := fgc.err(errs, 'status', 'Status must be booked, attended, did_not_attend or cancelled.');
    ELSIF $2 IN ('attended', 'did_not_attend') AND s.held_on > fgc.today() THEN
        errs := fgc.err(errs, 'status', format(
            'The session on %s has not happened yet, so attendance cannot be recorded.', fgc.date_words(s.held_on)));
    END IF;
    IF $3 IS NOT NULL AND $3 NOT BETWEEN 1 AND 5 THEN
        errs := fgc.err(errs, 'feedback_score', 'A feedback score is a whole number from 1 to 5.');
    ELSIF $3 IS NOT NULL AND $2 IS DISTINCT FROM 'attended' THEN
        errs := fgc.err(errs, 'feedback_score', 'Feedback can only be recorded for someone who attended.');
    END IF;
END
$$;

-- FG409 unless the session has a place left (the session row must be locked by the caller).
CREATE FUNCTION fgc.training_check_place(s fgc.training_sessions)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_taken integer;
BEGIN
    SELECT count(*) INTO v_taken FROM fgc.training_bookings b
     WHERE b.session_id = s.id AND b.status <> 'cancelled';
    IF v_taken >= s.capacity THEN
        PERFORM api.fail('FG409', format('The session is full: all %s places are taken.', s.capacity));
    END IF;
END
$$;

-- args: session_id, person_id, status (default booked), feedback_score. The session row is
-- locked first, so concurrent bookings for its last place are taken one at a time.
CREATE FUNCTION api.training_booking_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_session fgc.training_sessions;
    v_person fgc.training_people;
    v_status text := COALESCE(fgc.arg_text(args, 'status'), 'booked');
    v_feedback integer := fgc.arg_int(args, 'feedback_score');
    v_errs jsonb := '[]';
    v_existing fgc.training_bookings;
    v_booking fgc.training_bookings;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'book places on training');
    SELECT * INTO v_session FROM fgc.training_sessions s WHERE s.id = fgc.arg_bigint(args, 'session_id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training session.');
    END IF;
    SELECT * INTO v_person FROM fgc.training_people p WHERE p.id = fgc.arg_bigint(args, 'person_id');
    IF NOT FOUND THEN
        v_errs := fgc.err(v_errs, 'person_id', format('There is no person with id %s.', args->>'person_id'));
    END IF;
    SELECT * INTO v_errs FROM fgc.training_check_booking(v_session, v_status, v_feedback, v_errs);
    PERFORM fgc.raise_errors(v_errs);

    SELECT * INTO v_existing FROM fgc.training_bookings b
     WHERE b.session_id = v_session.id AND b.person_id = v_person.id;
    IF FOUND THEN
        PERFORM api.fail('FG409', format(
            '%s is already on this session (booking %s, %s). Change that booking instead.',
            v_person.full_name, v_existing.id, replace(v_existing.status, '_', ' ')));
    END IF;
    IF v_status <> 'cancelled' THEN
        PERFORM fgc.training_check_place(v_session);
    END IF;

    INSERT INTO fgc.training_bookings (session_id, person_id, status, feedback_score)
    VALUES (v_session.id, v_person.id, v_status, v_feedback)
    RETURNING * INTO v_booking;
    RETURN api.ok(fgc.training_booking_json(v_booking), 201, '/api/v1/training/bookings/' || v_booking.id);
END
$$;

-- args: session_id, status, cursor, limit
CREATE FUNCTION api.training_booking_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_session bigint := fgc.arg_bigint(args, 'session_id');
    v_status text := fgc.arg_text(args, 'status');
    v_items jsonb;
BEGIN
    PERFORM fgc.training_require_reader(ctx, 'see training bookings');
    IF NOT EXISTS (SELECT 1 FROM fgc.training_sessions s WHERE s.id = v_session) THEN
        PERFORM api.fail('FG404', 'There is no such training session.');
    END IF;
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT b.id, fgc.training_booking_json(b) AS j
              FROM fgc.training_bookings b
             WHERE b.session_id = v_session
               AND (v_after IS NULL OR b.id > v_after)
               AND (v_status IS NULL OR b.status = v_status)
             ORDER BY b.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.training_booking_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_booking fgc.training_bookings;
BEGIN
    PERFORM fgc.training_require_reader(ctx, 'see training bookings');
    SELECT * INTO v_booking FROM fgc.training_bookings b WHERE b.id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such booking.');
    END IF;
    RETURN api.ok(fgc.training_booking_json(v_booking));
END
$$;

-- args: id; status and/or feedback_score (null to clear). If-Match. Changing to any status
-- but attended clears the feedback; a cancelled booking taken up again needs a free place.
CREATE FUNCTION api.training_booking_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_booking fgc.training_bookings;
    v_session fgc.training_sessions;
    v_status text;
    v_feedback integer;
    v_errs jsonb := '[]';
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'change training bookings');
    -- Lock the session before the booking, in the same order as booking_create.
    SELECT s.* INTO v_session FROM fgc.training_sessions s
     WHERE s.id = (SELECT b.session_id FROM fgc.training_bookings b WHERE b.id = fgc.arg_bigint(args, 'id'))
       FOR UPDATE;
    SELECT * INTO v_booking FROM fgc.training_bookings b WHERE b.id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such booking.');
    END IF;
    PERFORM fgc.check_version(ctx, v_booking.version);

    v_status := CASE WHEN args ? 'status' THEN fgc.arg_text(args, 'status') ELSE v_booking.status END;
    IF args ? 'feedback_score' THEN
        v_feedback := fgc.arg_int(args, 'feedback_score');
    ELSIF v_status = 'attended' THEN
        v_feedback := v_booking.feedback_score;
    END IF;
    SELECT * INTO v_errs FROM fgc.training_check_booking(v_session, v_status, v_feedback, v_errs);
    PERFORM fgc.raise_errors(v_errs);
    IF v_booking.status = 'cancelled' AND v_status <> 'cancelled' THEN
        PERFORM fgc.training_check_place(v_session);
    END IF;

    UPDATE fgc.training_bookings SET status = v_status, feedback_score = v_feedback
     WHERE id = v_booking.id
    RETURNING * INTO v_booking;
    RETURN api.ok(fgc.training_booking_json(v_booking));
END
$$;

-- ---------------------------------------------------------------------------
-- Targets
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.training_target_apply(args jsonb, t fgc.training_targets, is_new boolean)
RETURNS fgc.training_targets
LANGUAGE plpgsql AS $$
DECLARE
    v_errs jsonb := '[]';
    v_cluster record;
BEGIN
    IF args ? 'course_id' THEN t.course_id := fgc.arg_bigint(args, 'course_id'); END IF;
    IF args ? 'target_people' THEN t.target_people := fgc.arg_int(args, 'target_people'); END IF;
    IF args ? 'starts_on' THEN t.starts_on := fgc.arg_date(args, 'starts_on'); END IF;
    IF args ? 'deadline' THEN t.deadline := fgc.arg_date(args, 'deadline'); END IF;
    IF args ? 'name' THEN t.name := fgc.arg_text(args, 'name'); END IF;

    IF t.course_id IS NULL OR NOT EXISTS (SELECT 1 FROM fgc.training_courses c WHERE c.id = t.course_id) THEN
        v_errs := fgc.err(v_errs, 'course_id', 'Choose a training course.');
    END IF;
    IF args ? 'sector' THEN
        t.sector := NULL;
        IF fgc.arg_text(args, 'sector') IS NOT NULL THEN
            t.sector := fgc.training_sector_code(fgc.arg_text(args, 'sector'));
            IF t.sector IS NULL THEN
                v_errs := fgc.err(v_errs, 'sector', 'Sector must be one of ' || fgc.training_sector_list() || '.');
            END IF;
        END IF;
    END IF;
    IF args ? 'cluster' THEN
        t.area_id := NULL;
        IF fgc.arg_text(args, 'cluster') IS NOT NULL THEN
            SELECT * INTO v_cluster FROM fgc.training_cluster(fgc.arg_text(args, 'cluster'), 'cluster', v_errs);
            v_errs := v_cluster.errs;
            t.area_id := v_cluster.area_id;
        END IF;
    END IF;
    IF t.target_people IS NULL OR t.target_people < 1 THEN
        v_errs := fgc.err(v_errs, 'target_people', 'Enter the number of people to train (1 or more).');
    END IF;
    IF t.starts_on IS NULL THEN
        v_errs := fgc.err(v_errs, 'starts_on', 'Enter the date from which training counts towards the target.');
    END IF;
    IF t.deadline IS NULL THEN
        v_errs := fgc.err(v_errs, 'deadline', 'Enter the deadline.');
    ELSIF t.starts_on IS NOT NULL AND t.deadline < t.starts_on THEN
        v_errs := fgc.err(v_errs, 'deadline', 'The deadline must not be before the start date.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);

    IF EXISTS (SELECT 1 FROM fgc.training_targets o
                WHERE o.course_id = t.course_id AND o.sector IS NOT DISTINCT FROM t.sector
                  AND o.area_id IS NOT DISTINCT FROM t.area_id AND o.starts_on = t.starts_on
                  AND o.deadline = t.deadline AND o.id IS DISTINCT FROM t.id) THEN
        PERFORM api.fail('FG409', 'A target for this course, sector and cluster with these dates already exists.');
    END IF;
    RETURN t;
END
$$;

-- args: course_id, sector, cluster, target_people, starts_on, deadline, name
CREATE FUNCTION api.training_target_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_target fgc.training_targets;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'set training targets');
    v_target := fgc.training_target_apply(args, v_target, true);
    INSERT INTO fgc.training_targets (course_id, sector, area_id, target_people, starts_on, deadline, name)
    VALUES (v_target.course_id, v_target.sector, v_target.area_id, v_target.target_people,
            v_target.starts_on, v_target.deadline, v_target.name)
    RETURNING * INTO v_target;
    RETURN api.ok(fgc.training_target_json(v_target), 201, '/api/v1/training/targets/' || v_target.id);
END
$$;

-- args: course_id, cursor, limit
CREATE FUNCTION api.training_target_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_course bigint := fgc.arg_bigint(args, 'course_id');
    v_items jsonb;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training targets');
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT t.id, fgc.training_target_json(t) AS j
              FROM fgc.training_targets t
             WHERE (v_after IS NULL OR t.id > v_after)
               AND (v_course IS NULL OR t.course_id = v_course)
             ORDER BY t.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.training_target_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_target fgc.training_targets;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training targets');
    SELECT * INTO v_target FROM fgc.training_targets t WHERE t.id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training target.');
    END IF;
    RETURN api.ok(fgc.training_target_json(v_target));
END
$$;

-- args: id; any of target_people, starts_on, deadline, name, sector, cluster. If-Match.
CREATE FUNCTION api.training_target_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_target fgc.training_targets;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change training targets');
    SELECT * INTO v_target FROM fgc.training_targets t WHERE t.id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training target.');
    END IF;
    PERFORM fgc.check_version(ctx, v_target.version);
    v_target := fgc.training_target_apply(args, v_target, false);
    UPDATE fgc.training_targets SET
        course_id = v_target.course_id, sector = v_target.sector, area_id = v_target.area_id,
        target_people = v_target.target_people, starts_on = v_target.starts_on,
        deadline = v_target.deadline, name = v_target.name
     WHERE id = v_target.id
    RETURNING * INTO v_target;
    RETURN api.ok(fgc.training_target_json(v_target));
END
$$;

-- ---------------------------------------------------------------------------
-- Counting people trained, progress and forecast
-- ---------------------------------------------------------------------------

-- The people trained on a course (NULL: any course) in sessions held from p_from to p_to
-- (inclusive; NULL for no limit), with the date of their first attended session in that range.
-- p_area is a cluster or a local authority (all its clusters).
CREATE FUNCTION fgc.training_first_attended(p_course bigint, p_from date, p_to date,
                                            p_sector text DEFAULT NULL, p_area bigint DEFAULT NULL)
RETURNS TABLE (person_id bigint, first_on date, sector text, area_id bigint)
LANGUAGE sql STABLE AS $$
    SELECT p.id, min(s.held_on), p.sector, p.area_id
      FROM fgc.training_bookings b
      JOIN fgc.training_sessions s ON s.id = b.session_id
      JOIN fgc.training_people p ON p.id = b.person_id
     WHERE b.status = 'attended'
       AND (p_course IS NULL OR s.course_id = p_course)
       AND (p_from IS NULL OR s.held_on >= p_from)
       AND (p_to IS NULL OR s.held_on <= p_to)
       AND (p_sector IS NULL OR p.sector = p_sector)
       AND (p_area IS NULL OR p.area_id IN (SELECT a.id FROM fgc.areas a WHERE a.id = p_area OR a.parent_id = p_area))
     GROUP BY p.id
$$;

-- The target for exactly this course, sector and cluster (NULLs meaning "all"): the one whose
-- period contains p_on, else the one with the latest deadline. All fields NULL when none.
CREATE FUNCTION fgc.training_target_for(p_course bigint, p_sector text, p_area bigint, p_on date)
RETURNS fgc.training_targets
LANGUAGE sql STABLE AS $$
    SELECT t.* FROM fgc.training_targets t
     WHERE t.course_id = p_course
       AND t.sector IS NOT DISTINCT FROM p_sector
       AND t.area_id IS NOT DISTINCT FROM p_area
     ORDER BY (p_on BETWEEN t.starts_on AND t.deadline) DESC, t.deadline DESC, t.id DESC
     LIMIT 1
$$;

-- The straight line from 0 people at the start of starts_on to target_people at the end of the
-- deadline, at the end of day d (1 decimal place).
CREATE FUNCTION fgc.training_trajectory(t fgc.training_targets, d date)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT round(t.target_people * greatest(0, least(1,
               (d - t.starts_on + 1)::numeric / (t.deadline - t.starts_on + 1))), 1)
$$;

-- How a target stands on p_as_of: people trained so far (first attended between its start and
-- the earlier of p_as_of and its deadline), percentage, pace, forecast date and a status:
-- not_started, reached, on_track, off_track (forecast after the deadline, or no pace), missed.
CREATE FUNCTION fgc.training_target_status(t fgc.training_targets, p_as_of date)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_end date := least(p_as_of, t.deadline);
    v_days integer;              -- the pace window: 56 days, or fewer if the target is younger
    v_trained integer := 0;
    v_recent integer := 0;       -- people first trained in the pace window
    v_reached date;
    v_forecast date;
    v_status text;
BEGIN
    IF p_as_of < t.starts_on THEN
        RETURN jsonb_build_object('target_id', t.id, 'target_people', t.target_people,
            'starts_on', t.starts_on, 'deadline', t.deadline, 'trained', 0, 'progress_pct', 0,
            'trajectory', 0, 'pace_per_week', NULL, 'pace_weeks', NULL, 'reached_on', NULL,
            'forecast_date', NULL, 'status', 'not_started');
    END IF;
    v_days := least(56, v_end - t.starts_on + 1);
    SELECT count(*), count(*) FILTER (WHERE f.first_on > v_end - v_days)
      INTO v_trained, v_recent
      FROM fgc.training_first_attended(t.course_id, t.starts_on, v_end, t.sector, t.area_id) f;

    IF v_trained >= t.target_people THEN
        SELECT f.first_on INTO v_reached
          FROM fgc.training_first_attended(t.course_id, t.starts_on, v_end, t.sector, t.area_id) f
         ORDER BY f.first_on
        OFFSET t.target_people - 1 LIMIT 1;
        v_forecast := v_reached;
        v_status := 'reached';
    ELSIF p_as_of > t.deadline THEN
        v_status := 'missed';
    ELSIF v_recent = 0 THEN
        v_status := 'off_track';
    ELSE
        -- remaining / (recent / days) days, rounded up, in whole numbers so nothing is lost to rounding.
        v_forecast := v_end + (((t.target_people - v_trained)::bigint * v_days + v_recent - 1) / v_recent)::integer;
        v_status := CASE WHEN v_forecast <= t.deadline THEN 'on_track' ELSE 'off_track' END;
    END IF;
    RETURN jsonb_build_object(
        'target_id', t.id,
        'target_people', t.target_people,
        'starts_on', t.starts_on,
        'deadline', t.deadline,
        'trained', v_trained,
        'progress_pct', fgc.ratio_half_up(v_trained, t.target_people, 100, 1),
        'trajectory', fgc.training_trajectory(t, v_end),
        'pace_per_week', round(7.0 * v_recent / v_days, 2),
        'pace_weeks', round(v_days / 7.0, 2),
        'reached_on', v_reached,
        'forecast_date', v_forecast,
        'status', v_status);
END
$$;

-- args: course_id (or target_id), sector, cluster, from, to, as_of (default today), target_id.
-- The weekly cumulative count of people trained (ISO weeks, Monday to Sunday) with the target's
-- trajectory, the target's status and forecast, and breakdowns by sector and by cluster.
CREATE FUNCTION api.training_progress(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql
-- The planner's estimates for the lateral target counts are far above the real cost, enough to
-- start JIT compilation, which then takes most of a second for a query that needs milliseconds.
SET jit = off
AS $$
DECLARE
    v_course fgc.training_courses;
    v_course_id bigint := fgc.arg_bigint(args, 'course_id');
    v_target_id bigint := fgc.arg_bigint(args, 'target_id');
    v_sector text := fgc.arg_text(args, 'sector');
    v_area_code text := upper(fgc.arg_text(args, 'cluster'));
    v_area bigint := fgc.training_area_filter(fgc.arg_text(args, 'cluster'), 'cluster');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_as_of date := COALESCE(fgc.arg_date(args, 'as_of'), fgc.today());
    v_target fgc.training_targets;
    v_count_from date;
    v_count_to date;
    v_weeks jsonb;
    v_by_sector jsonb;
    v_by_cluster jsonb;
    v_trained integer;
    v_status jsonb;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see progress to training targets');
    IF v_sector IS NOT NULL THEN
        v_sector := fgc.training_sector_code(v_sector);
        IF v_sector IS NULL THEN
            PERFORM fgc.field_error('sector', 'Sector must be one of ' || fgc.training_sector_list() || '.');
        END IF;
    END IF;
    IF v_target_id IS NOT NULL THEN
        SELECT * INTO v_target FROM fgc.training_targets t WHERE t.id = v_target_id;
        IF NOT FOUND THEN
            PERFORM api.fail('FG404', 'There is no such training target.');
        END IF;
        IF v_course_id IS NOT NULL AND v_course_id <> v_target.course_id THEN
            PERFORM fgc.field_error('course_id', 'The target is for a different course.');
        END IF;
        v_course_id := v_target.course_id;
        v_sector := v_target.sector;
        v_area := v_target.area_id;
        v_area_code := (SELECT a.code FROM fgc.areas a WHERE a.id = v_area);
    END IF;
    IF v_course_id IS NULL THEN
        PERFORM fgc.field_error('course_id', 'Choose the course (or the target) to show progress for.');
    END IF;
    SELECT * INTO v_course FROM fgc.training_courses c WHERE c.id = v_course_id;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such training course.');
    END IF;
    IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    IF v_target.id IS NULL THEN
        v_target := fgc.training_target_for(v_course_id, v_sector, v_area, v_as_of);
    END IF;

    -- What is counted: from the target's start (else from, else the first attendance) to the
    -- earliest of the as-of date, the deadline and (without a target) to.
    IF v_target.id IS NOT NULL THEN
        v_count_from := v_target.starts_on;
        v_count_to := least(v_as_of, v_target.deadline);
    ELSE
        v_count_from := COALESCE(v_from, (
            SELECT min(f.first_on) FROM fgc.training_first_attended(v_course_id, NULL, v_as_of, v_sector, v_area) f), v_as_of);
        v_count_to := least(v_as_of, COALESCE(v_to, v_as_of));
    END IF;
    -- What is shown: the weeks from `from` (else the count's start) to `to` (else the deadline,
    -- else the as-of date).
    v_from := COALESCE(v_from, v_count_from);
    v_to := COALESCE(v_to, v_target.deadline, v_as_of);
    IF v_to < v_from THEN
        v_to := v_from;
    END IF;
    IF v_to - v_from > 7 * 600 THEN
        PERFORM fgc.field_error('from', 'Show at most 600 weeks at a time.');
    END IF;

    SELECT count(*) INTO v_trained
      FROM fgc.training_first_attended(v_course_id, v_count_from, v_count_to, v_sector, v_area);

    WITH people AS MATERIALIZED (
        SELECT * FROM fgc.training_first_attended(v_course_id, v_count_from, v_count_to, v_sector, v_area)
    ), daily AS (
        SELECT p.first_on, count(*) AS n FROM people p GROUP BY p.first_on
    ), weeks AS (
        SELECT w::date AS week_start, (w + interval '6 days')::date AS week_end
          FROM generate_series(date_trunc('week', v_from::timestamp), date_trunc('week', v_to::timestamp),
                               interval '1 week') AS w
    )
    SELECT jsonb_agg(jsonb_build_object(
               'week', to_char(w.week_start, 'IYYY-"W"IW'),
               'week_start', w.week_start,
               'week_end', w.week_end,
               'new_people', CASE WHEN w.week_start > v_as_of THEN NULL
                                  ELSE (SELECT COALESCE(sum(d.n), 0) FROM daily d
                                         WHERE d.first_on BETWEEN w.week_start AND w.week_end) END,
               'cumulative', CASE WHEN w.week_start > v_as_of THEN NULL
                                  ELSE (SELECT COALESCE(sum(d.n), 0) FROM daily d WHERE d.first_on <= w.week_end) END,
               'trajectory', CASE WHEN v_target.id IS NULL THEN NULL
                                  ELSE fgc.training_trajectory(v_target, w.week_end) END)
             ORDER BY w.week_start)
      INTO v_weeks
      FROM weeks w;

    WITH people AS MATERIALIZED (
        SELECT * FROM fgc.training_first_attended(v_course_id, v_count_from, v_count_to, v_sector, v_area)
    )
    SELECT jsonb_agg(jsonb_build_object(
               'sector', s.code, 'name', s.name,
               'people', (SELECT count(*) FROM people p WHERE p.sector = s.code),
               'target', CASE WHEN st.id IS NULL THEN NULL ELSE fgc.training_target_status(st, v_as_of) END)
             ORDER BY s.sort_order)
      INTO v_by_sector
      FROM fgc.training_sectors s
      CROSS JOIN LATERAL fgc.training_target_for(v_course_id, s.code, v_area, v_as_of) st
     WHERE v_sector IS NULL OR s.code = v_sector;

    -- Clusters with people trained, "not recorded" for people without a cluster, and clusters
    -- that have a target of their own for this course but nobody trained yet.
    WITH people AS MATERIALIZED (
        SELECT * FROM fgc.training_first_attended(v_course_id, v_count_from, v_count_to, v_sector, v_area)
    ), clusters AS (
        SELECT a.id, a.code, a.name, count(p.person_id) AS people
          FROM people p
          LEFT JOIN fgc.areas a ON a.id = p.area_id
         GROUP BY a.id, a.code, a.name
        UNION
        SELECT a.id, a.code, a.name, 0
          FROM fgc.training_targets t JOIN fgc.areas a ON a.id = t.area_id
         WHERE t.course_id = v_course_id AND t.sector IS NOT DISTINCT FROM v_sector
           AND (v_area IS NULL OR a.id = v_area OR a.parent_id = v_area)
           AND NOT EXISTS (SELECT 1 FROM people p WHERE p.area_id = a.id)
    )
    SELECT jsonb_agg(jsonb_build_object(
               'cluster', c.code, 'name', COALESCE(c.name, 'Cluster not recorded'), 'people', c.people,
               'target', CASE WHEN ct.id IS NULL THEN NULL ELSE fgc.training_target_status(ct, v_as_of) END)
             ORDER BY c.code NULLS LAST)
      INTO v_by_cluster
      FROM clusters c
      LEFT JOIN LATERAL fgc.training_target_for(v_course_id, v_sector, c.id, v_as_of) ct ON c.id IS NOT NULL;

    IF v_target.id IS NOT NULL THEN
        v_status := fgc.training_target_status(v_target, v_as_of);
    END IF;

    RETURN api.ok(jsonb_build_object(
        'course', jsonb_build_object('id', v_course.id, 'code', v_course.code, 'name', v_course.name),
        'sector', v_sector,
        'cluster', v_area_code,
        'as_of', v_as_of,
        'from', v_from,
        'to', v_to,
        'counting_from', v_count_from,
        'counting_to', v_count_to,
        'trained', v_trained,
        'target', CASE WHEN v_target.id IS NULL THEN NULL ELSE fgc.training_target_json(v_target) END,
        'progress_pct', v_status->'progress_pct',
        'trajectory_now', v_status->'trajectory',
        'pace_per_week', v_status->'pace_per_week',
        'pace_weeks', v_status->'pace_weeks',
        'reached_on', v_status->'reached_on',
        'forecast_date', v_status->'forecast_date',
        'status', COALESCE(v_status->>'status', 'no_target'),
        'trajectory', CASE WHEN v_target.id IS NULL THEN NULL ELSE jsonb_build_array(
            jsonb_build_object('date', v_target.starts_on, 'people', 0),
            jsonb_build_object('date', v_target.deadline, 'people', v_target.target_people)) END,
        'weeks', COALESCE(v_weeks, '[]'::jsonb),
        'by_sector', COALESCE(v_by_sector, '[]'::jsonb),
        'by_cluster', COALESCE(v_by_cluster, '[]'::jsonb)));
END
$$;

-- ---------------------------------------------------------------------------
-- Measures for the indicator catalogue
-- ---------------------------------------------------------------------------

-- Periods are those of the indicator engine (migrations/0007_indicators.sql: fgc.periods): ISO
-- weeks (Monday start), calendar months, quarters, and reporting years (1 April to 31 March).
-- "2026-W03", "2026-03", "2025-26 Q4" (Q1 is April to June), "2025-26".
CREATE FUNCTION fgc.training_period_label(start date, period text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE $2
        WHEN 'week' THEN to_char($1, 'IYYY-"W"IW')
        WHEN 'month' THEN to_char($1, 'YYYY-MM')
        WHEN 'quarter' THEN (fgc.reporting_year_end($1) - 1) || '-' || lpad((fgc.reporting_year_end($1) % 100)::text, 2, '0')
                            || ' Q' || ((extract(month FROM $1)::integer + 8) % 12 / 3 + 1)
        WHEN 'year' THEN (fgc.reporting_year_end($1) - 1) || '-' || lpad((fgc.reporting_year_end($1) % 100)::text, 2, '0')
    END
$$;

-- Every training measure for each period from p_from to p_to and each group:
--   people_trained        distinct people with an attended booking in the period
--   sessions_run          sessions in the period at which at least one person attended
--   attended, did_not_attend, attendance_rate_pct = attended / (attended + did_not_attend) * 100
--   feedback_responses, feedback_sum, feedback_mean (scores from people who attended)
--   target_people, target_trained, target_progress_pct: the group's target (same course, sector
--     and cluster), people trained from its start to the end of the period (or the deadline, or
--     today, whichever is first), as a percentage of the target. NULL without a target or
--     before the target starts.
-- Bookings are placed in a period by the date of their session; periods are whole (fgc.periods),
-- so the first and last may reach outside p_from and p_to. p_group is none, course, sector or
-- cluster; p_area is a cluster or a local authority (all its clusters). Percentages are rounded
-- half up (fgc.ratio_half_up), as the indicator engine rounds.
CREATE FUNCTION fgc.training_measure_rows(p_from date, p_to date, p_period text, p_course bigint,
                                          p_sector text, p_area bigint, p_group text)
RETURNS TABLE (period_start date, period_end date, period_label text, group_key text, group_name text,
               people_trained bigint, sessions_run bigint, attended bigint, did_not_attend bigint,
               attendance_rate_pct numeric, feedback_responses bigint, feedback_sum bigint,
               feedback_mean numeric, target_people integer, target_trained bigint,
               target_progress_pct numeric)
LANGUAGE sql STABLE AS $$
    WITH periods AS (
        SELECT * FROM fgc.periods(p_period, p_from, p_to)
    ), areas_in AS (
        SELECT a.id FROM fgc.areas a WHERE p_area IS NULL OR a.id = p_area OR a.parent_id = p_area
    ), facts AS (
        SELECT b.status, b.feedback_score, b.person_id, s.id AS session_id,
               fgc.period_start(p_period, s.held_on, s.held_on) AS ps,
               CASE p_group WHEN 'course' THEN s.course_id::text
                            WHEN 'sector' THEN p.sector
                            WHEN 'cluster' THEN COALESCE(a.code, 'unknown')
                            ELSE 'all' END AS gkey
          FROM fgc.training_bookings b
          JOIN fgc.training_sessions s ON s.id = b.session_id
          JOIN fgc.training_people p ON p.id = b.person_id
          LEFT JOIN fgc.areas a ON a.id = p.area_id
         WHERE s.held_on BETWEEN (SELECT min(x.period_start) FROM periods x) AND (SELECT max(x.period_end) FROM periods x)
           AND b.status IN ('attended', 'did_not_attend')
           AND (p_course IS NULL OR s.course_id = p_course)
           AND (p_sector IS NULL OR p.sector = p_sector)
           AND (p_area IS NULL OR p.area_id IN (SELECT id FROM areas_in))
    ), measured AS MATERIALIZED (
        SELECT f.gkey, f.ps,
               count(DISTINCT f.person_id) FILTER (WHERE f.status = 'attended') AS people_trained,
               count(DISTINCT f.session_id) FILTER (WHERE f.status = 'attended') AS sessions_run,
               count(*) FILTER (WHERE f.status = 'attended') AS attended,
               count(*) FILTER (WHERE f.status = 'did_not_attend') AS did_not_attend,
               count(f.feedback_score) FILTER (WHERE f.status = 'attended') AS feedback_responses,
               COALESCE(sum(f.feedback_score) FILTER (WHERE f.status = 'attended'), 0) AS feedback_sum
          FROM facts f
         GROUP BY f.gkey, f.ps
    ), groups AS (
        SELECT 'all' AS gkey, 'All' AS gname, p_course AS g_course, p_sector AS g_sector, p_area AS g_area, 0 AS g_order
         WHERE p_group = 'none'
        UNION ALL
        SELECT c.id::text, c.name, c.id, p_sector, p_area, c.id
          FROM fgc.training_courses c
         WHERE p_group = 'course' AND (p_course IS NULL OR c.id = p_course)
        UNION ALL
        SELECT s.code, s.name, p_course, s.code, p_area, s.sort_order
          FROM fgc.training_sectors s
         WHERE p_group = 'sector' AND (p_sector IS NULL OR s.code = p_sector)
        UNION ALL
        SELECT a.code, a.name, p_course, p_sector, a.id, 0
          FROM fgc.areas a
         WHERE p_group = 'cluster' AND a.kind = 'cluster' AND a.id IN (SELECT id FROM areas_in)
           AND (a.code IN (SELECT m.gkey FROM measured m)
                OR EXISTS (SELECT 1 FROM fgc.training_targets t
                            WHERE t.area_id = a.id AND (p_course IS NULL OR t.course_id = p_course)))
        UNION ALL
        SELECT 'unknown', 'Cluster not recorded', p_course, p_sector, NULL, 1
         WHERE p_group = 'cluster' AND p_area IS NULL AND 'unknown' IN (SELECT m.gkey FROM measured m)
    ), targets AS (
        SELECT g.gkey, t.*
          FROM groups g
          CROSS JOIN LATERAL fgc.training_target_for(g.g_course, g.g_sector, g.g_area, least(p_to, fgc.today())) t
         WHERE g.g_course IS NOT NULL AND t.id IS NOT NULL
           AND NOT (g.gkey = 'unknown' AND p_group = 'cluster')
    ), target_counted AS MATERIALIZED (
        -- People trained towards each group's target, by the period of their first attendance.
        SELECT t.gkey, fgc.period_start(p_period, f.first_on, f.first_on) AS ps, count(*) AS n
          FROM targets t
          CROSS JOIN LATERAL fgc.training_first_attended(t.course_id, t.starts_on, least(t.deadline, fgc.today()),
                                                         t.sector, t.area_id) f
         GROUP BY 1, 2
    )
    SELECT pe.period_start, pe.period_end, fgc.training_period_label(pe.period_start, p_period),
           g.gkey, g.gname,
           COALESCE(m.people_trained, 0), COALESCE(m.sessions_run, 0), COALESCE(m.attended, 0),
           COALESCE(m.did_not_attend, 0),
           fgc.ratio_half_up(m.attended, m.attended + m.did_not_attend, 100, 1),
           COALESCE(m.feedback_responses, 0), COALESCE(m.feedback_sum, 0),
           CASE WHEN m.feedback_responses > 0 THEN round(m.feedback_sum::numeric / m.feedback_responses, 2) END,
           t.target_people, tp.trained,
           CASE WHEN t.id IS NOT NULL AND pe.period_end >= t.starts_on
                THEN fgc.ratio_half_up(tp.trained, t.target_people, 100, 1) END
      FROM periods pe
      CROSS JOIN groups g
      LEFT JOIN measured m ON m.gkey = g.gkey AND m.ps = pe.period_start
      LEFT JOIN targets t ON t.gkey = g.gkey
      LEFT JOIN LATERAL (
          SELECT COALESCE(sum(x.n), 0)::bigint AS trained FROM target_counted x
           WHERE x.gkey = g.gkey AND x.ps <= pe.period_start) tp ON t.id IS NOT NULL
     ORDER BY pe.period_start, g.g_order, g.gkey
$$;

-- One measure as (numerator, denominator, value) rows, the shape of an indicator series:
--   training_people_trained       people trained (unique within the period)
--   training_sessions_run         sessions with at least one attendance
--   training_attendance_rate_pct  attended / (attended + did not attend) * 100, 1 d.p.
--   training_feedback_mean        mean feedback score of those who attended, 2 d.p.
--   training_target_progress_pct  people trained towards the target by the period's end / target * 100, 1 d.p.
CREATE FUNCTION fgc.training_measure(p_measure text, p_from date, p_to date, p_period text,
                                     p_course bigint DEFAULT NULL, p_sector text DEFAULT NULL,
                                     p_area bigint DEFAULT NULL, p_group text DEFAULT 'none')
RETURNS TABLE (period_start date, period_end date, period_label text, group_key text, group_name text,
               numerator numeric, denominator numeric, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT r.period_start, r.period_end, r.period_label, r.group_key, r.group_name,
           CASE p_measure
               WHEN 'training_people_trained' THEN r.people_trained
               WHEN 'training_sessions_run' THEN r.sessions_run
               WHEN 'training_attendance_rate_pct' THEN r.attended
               WHEN 'training_feedback_mean' THEN r.feedback_sum
               WHEN 'training_target_progress_pct' THEN r.target_trained END,
           CASE p_measure
               WHEN 'training_attendance_rate_pct' THEN r.attended + r.did_not_attend
               WHEN 'training_feedback_mean' THEN r.feedback_responses
               WHEN 'training_target_progress_pct' THEN r.target_people END,
           CASE p_measure
               WHEN 'training_people_trained' THEN r.people_trained
               WHEN 'training_sessions_run' THEN r.sessions_run
               WHEN 'training_attendance_rate_pct' THEN r.attendance_rate_pct
               WHEN 'training_feedback_mean' THEN r.feedback_mean
               WHEN 'training_target_progress_pct' THEN r.target_progress_pct END
      FROM fgc.training_measure_rows(p_from, p_to, p_period, p_course, p_sector, p_area, p_group) r
     WHERE p_measure IN ('training_people_trained', 'training_sessions_run', 'training_attendance_rate_pct',
                         'training_feedback_mean', 'training_target_progress_pct')
$$;

-- args: measure (one of the ids above; all measures when absent), period (week, month, quarter,
-- year; default month), from, to (default the last 12 months to today), course_id, sector,
-- cluster, group_by (none, course, sector, cluster). Not paged: at most 5,000 rows.
CREATE FUNCTION api.training_measures(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql
-- The planner's estimates for the lateral target counts are far above the real cost, enough to
-- start JIT compilation, which then takes most of a second for a query that needs milliseconds.
SET jit = off
AS $$
DECLARE
    v_measure text := fgc.arg_text(args, 'measure');
    v_period text := COALESCE(fgc.arg_text(args, 'period'), 'month');
    v_to date := COALESCE(fgc.arg_date(args, 'to'), fgc.today());
    v_from date := fgc.arg_date(args, 'from');
    v_course bigint := fgc.arg_bigint(args, 'course_id');
    v_sector text := fgc.arg_text(args, 'sector');
    v_area bigint := fgc.training_area_filter(fgc.arg_text(args, 'cluster'), 'cluster');
    v_group text := COALESCE(fgc.arg_text(args, 'group_by'), 'none');
    v_errs jsonb := '[]';
    v_items jsonb;
    v_count integer;
BEGIN
    PERFORM fgc.training_require_aggregate_reader(ctx, 'see training measures');
    v_from := COALESCE(v_from, (v_to - interval '1 year')::date + 1);
    IF v_measure IS NOT NULL AND v_measure NOT IN ('training_people_trained', 'training_sessions_run',
            'training_attendance_rate_pct', 'training_feedback_mean', 'training_target_progress_pct') THEN
        v_errs := fgc.err(v_errs, 'measure', 'Measure must be training_people_trained, training_sessions_run, '
            || 'training_attendance_rate_pct, training_feedback_mean or training_target_progress_pct.');
    END IF;
    IF v_period NOT IN ('week', 'month', 'quarter', 'year') THEN
        v_errs := fgc.err(v_errs, 'period', 'Period must be week, month, quarter or year.');
    END IF;
    IF v_group NOT IN ('none', 'course', 'sector', 'cluster') THEN
        v_errs := fgc.err(v_errs, 'group_by', 'Group by must be none, course, sector or cluster.');
    END IF;
    IF v_sector IS NOT NULL AND fgc.training_sector_code(v_sector) IS NULL THEN
        v_errs := fgc.err(v_errs, 'sector', 'Sector must be one of ' || fgc.training_sector_list() || '.');
    END IF;
    IF v_course IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fgc.training_courses c WHERE c.id = v_course) THEN
        v_errs := fgc.err(v_errs, 'course_id', format('There is no training course with id %s.', v_course));
    END IF;
    IF v_to < v_from THEN
        v_errs := fgc.err(v_errs, 'to', 'The end date must not be before the start date.');
    ELSIF v_period = 'week' AND v_to - v_from > 7 * 600 THEN
        v_errs := fgc.err(v_errs, 'from', 'Ask for at most 600 weeks at a time.');
    END IF;
    PERFORM fgc.raise_errors(v_errs);
    v_sector := fgc.training_sector_code(v_sector);

    IF v_measure IS NULL THEN
        SELECT count(*), jsonb_agg(to_jsonb(r)) INTO v_count, v_items
          FROM fgc.training_measure_rows(v_from, v_to, v_period, v_course, v_sector, v_area, v_group) r;
    ELSE
        SELECT count(*), jsonb_agg(to_jsonb(r)) INTO v_count, v_items
          FROM fgc.training_measure(v_measure, v_from, v_to, v_period, v_course, v_sector, v_area, v_group) r;
    END IF;
    IF v_count > 5000 THEN
        PERFORM api.fail('FG422', 'That would be more than 5,000 rows: choose a longer period, a shorter range or fewer groups.',
            jsonb_build_array(jsonb_build_object('field', 'period', 'message', 'Too many rows for one response.')));
    END IF;
    RETURN api.ok(jsonb_build_object(
        'measure', v_measure, 'period', v_period, 'from', v_from, 'to', v_to,
        'course_id', v_course, 'sector', v_sector, 'cluster', upper(fgc.arg_text(args, 'cluster')),
        'group_by', v_group, 'items', COALESCE(v_items, '[]'::jsonb)));
END
$$;

-- ---------------------------------------------------------------------------
-- Register import
-- ---------------------------------------------------------------------------

-- A register column heading as the import knows it: lower case, spaces and hyphens as
-- underscores, with the usual spreadsheet variants mapped to one name.
CREATE FUNCTION fgc.training_register_column(heading text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE h
        WHEN 'full_name' THEN 'name'
        WHEN 'attendee' THEN 'name'
        WHEN 'email' THEN 'work_email'
        WHEN 'e_mail' THEN 'work_email'
        WHEN 'work_e_mail' THEN 'work_email'
        WHEN 'email_address' THEN 'work_email'
        WHEN 'organization' THEN 'organisation'
        WHEN 'employer' THEN 'organisation'
        WHEN 'cluster' THEN 'cluster_code'
        WHEN 'area' THEN 'cluster_code'
        WHEN 'role' THEN 'job_role'
        WHEN 'job_title' THEN 'job_role'
        WHEN 'attendance' THEN 'status'
        WHEN 'feedback' THEN 'feedback_score'
        WHEN 'score' THEN 'feedback_score'
        WHEN 'session' THEN 'session_id'
        WHEN 'course_code' THEN 'course'
        WHEN 'course_name' THEN 'course'
        WHEN 'session_date' THEN 'date'
        WHEN 'held_on' THEN 'date'
        WHEN 'starts_at' THEN 'start_time'
        WHEN 'time' THEN 'start_time'
        ELSE h END
      FROM (SELECT btrim(regexp_replace(lower($1), '[^a-z0-9]+', '_', 'g'), '_') AS h) x
$$;

-- A register's date cell: YYYY-MM-DD or the British DD/MM/YYYY; NULL when it is neither or
-- not a real date.
CREATE FUNCTION fgc.training_parse_date(cell text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v text := btrim($1);
    m text[];
BEGIN
    m := regexp_match(v, '^([0-9]{4})-([0-9]{2})-([0-9]{2})$');
    IF m IS NOT NULL THEN
        RETURN make_date(m[1]::integer, m[2]::integer, m[3]::integer);
    END IF;
    m := regexp_match(v, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$');
    IF m IS NOT NULL THEN
        RETURN make_date(m[3]::integer, m[2]::integer, m[1]::integer);
    END IF;
    RETURN NULL;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RETURN NULL;
END
$$;

-- A register's status cell: blank means attended (a register records who came).
CREATE FUNCTION fgc.training_register_status(cell text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE regexp_replace(COALESCE(lower(btrim($1)), ''), '[^a-z]+', '_', 'g')
        WHEN '' THEN 'attended'
        WHEN 'attended' THEN 'attended'
        WHEN 'present' THEN 'attended'
        WHEN 'did_not_attend' THEN 'did_not_attend'
        WHEN 'dna' THEN 'did_not_attend'
        WHEN 'absent' THEN 'did_not_attend'
        WHEN 'no_show' THEN 'did_not_attend'
        WHEN 'cancelled' THEN 'cancelled'
        WHEN 'canceled' THEN 'cancelled'
        WHEN 'booked' THEN 'booked'
    END
$$;

-- args: session_id (the register of one session, from the path) or none (a course-wide
-- register whose rows name their session); header (the CSV's first record, as text); records:
-- [{"line": n, "values": [text, ...]}], n being the line of the file on which the record starts.
-- Takes every row it can in one transaction and reports each row it could not take with its
-- line and the reason. Importing the same register again changes nothing.
CREATE FUNCTION api.training_register_import(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_path_session bigint := fgc.arg_bigint(args, 'session_id');
    v_header jsonb := COALESCE(args->'header', '[]'::jsonb);
    v_records jsonb := COALESCE(args->'records', '[]'::jsonb);
    v_cols jsonb := '{}';       -- column name -> index
    v_ignored jsonb := '[]';
    v_known text[] := ARRAY['session_id', 'course', 'date', 'start_time', 'name', 'work_email', 'organisation',
                            'sector', 'cluster_code', 'job_role', 'status', 'feedback_score'];
    v_col text;
    v_i integer;
    v_rec jsonb;
    v_vals jsonb;
    v_line integer;
    v_rows jsonb := '[]';       -- rows that passed the checks, to apply
    v_rejected jsonb := '[]';
    v_blank integer := 0;
    v_session fgc.training_sessions;
    v_course fgc.training_courses;
    v_session_id bigint;
    v_name text;
    v_email text;
    v_org text;
    v_sector_cell text;
    v_sector text;
    v_cluster_cell text;
    v_area bigint;
    v_job text;
    v_status text;
    v_feedback_cell text;
    v_feedback integer;
    v_reason text;
    v_date date;
    v_time time;
    v_n integer;
    v_row jsonb;
    v_person fgc.training_people;
    v_booking fgc.training_bookings;
    v_seen jsonb := '{}';       -- "session/person" -> line, for duplicates within the file
    v_sessions bigint[] := '{}';
    v_created integer := 0;
    v_updated integer := 0;
    v_unchanged integer := 0;
    v_people_created integer := 0;
    v_people_updated integer := 0;
    v_matches integer;
    v_delta jsonb;
    v_key text;
BEGIN
    PERFORM fgc.training_require_writer(ctx, 'import attendance registers');
    IF v_path_session IS NOT NULL THEN
        SELECT * INTO v_session FROM fgc.training_sessions s WHERE s.id = v_path_session;
        IF NOT FOUND THEN
            PERFORM api.fail('FG404', 'There is no such training session.');
        END IF;
    END IF;

    -- The header.
    IF jsonb_typeof(v_header) <> 'array' OR jsonb_array_length(v_header) = 0 THEN
        PERFORM fgc.field_error('header', 'The register has no header line naming its columns.');
    END IF;
    FOR v_i IN 0 .. jsonb_array_length(v_header) - 1 LOOP
        v_col := fgc.training_register_column(v_header->>v_i);
        IF v_col = '' OR v_col IS NULL THEN
            CONTINUE;
        ELSIF NOT v_col = ANY (v_known) THEN
            v_ignored := v_ignored || to_jsonb(btrim(v_header->>v_i));
        ELSIF v_cols ? v_col THEN
            PERFORM fgc.field_error('header', format('The register has two %s columns (%s and %s).',
                v_col, v_cols->>v_col, v_i + 1));
        ELSE
            v_cols := v_cols || jsonb_build_object(v_col, v_i);
        END IF;
    END LOOP;
    IF NOT v_cols ? 'name' THEN
        PERFORM fgc.field_error('header', 'The register needs a name column.');
    END IF;
    IF v_path_session IS NULL AND NOT v_cols ? 'session_id' AND NOT (v_cols ? 'course' AND v_cols ? 'date') THEN
        PERFORM fgc.field_error('header',
            'A register for several sessions needs a session_id column, or course and date columns.');
    END IF;
    IF jsonb_typeof(v_records) <> 'array' OR jsonb_array_length(v_records) = 0 THEN
        PERFORM fgc.field_error('records', 'The register has no rows below its header.');
    END IF;

    -- Pass 1: check each row on its own and find its session.
    FOR v_rec IN SELECT e FROM jsonb_array_elements(v_records) AS e LOOP
        v_line := (v_rec->>'line')::integer;
        v_vals := v_rec->'values';
        IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(v_vals) AS x WHERE btrim(x) <> '') THEN
            v_blank := v_blank + 1;
            CONTINUE;
        END IF;
        IF jsonb_array_length(v_vals) <> jsonb_array_length(v_header) THEN
            v_rejected := v_rejected || jsonb_build_object('line', v_line, 'reason', format(
                'The row has %s fields but the header has %s columns.', jsonb_array_length(v_vals), jsonb_array_length(v_header)));
            CONTINUE;
        END IF;

        v_reason := NULL;
        v_session_id := v_path_session;
        -- Cells by column name (NULL when the column is absent or the cell blank).
        v_name := regexp_replace(NULLIF(btrim(v_vals->>(v_cols->>'name')::integer), ''), '\s+', ' ', 'g');
        v_email := lower(NULLIF(btrim(v_vals->>(v_cols->>'work_email')::integer), ''));
        v_org := NULLIF(btrim(v_vals->>(v_cols->>'organisation')::integer), '');
        v_sector_cell := NULLIF(btrim(v_vals->>(v_cols->>'sector')::integer), '');
        v_cluster_cell := NULLIF(btrim(v_vals->>(v_cols->>'cluster_code')::integer), '');
        v_job := NULLIF(btrim(v_vals->>(v_cols->>'job_role')::integer), '');
        v_status := fgc.training_register_status(v_vals->>(v_cols->>'status')::integer);
        v_feedback_cell := NULLIF(btrim(v_vals->>(v_cols->>'feedback_score')::integer), '');
        v_sector := NULL;
        v_area := NULL;
        v_feedback := NULL;

        -- Which session.
        IF v_cols ? 'session_id' AND NULLIF(btrim(v_vals->>(v_cols->>'session_id')::integer), '') IS NOT NULL THEN
            v_col := btrim(v_vals->>(v_cols->>'session_id')::integer);
            IF v_col !~ '^[0-9]{1,15}$' THEN
                v_reason := format('The session_id "%s" is not a number.', v_col);
            ELSIF v_path_session IS NOT NULL AND v_col::bigint <> v_path_session THEN
                v_reason := format('The row is for session %s, but this is the register of session %s.', v_col, v_path_session);
            ELSIF NOT EXISTS (SELECT 1 FROM fgc.training_sessions s WHERE s.id = v_col::bigint) THEN
                v_reason := format('There is no session %s.', v_col);
            ELSE
                v_session_id := v_col::bigint;
            END IF;
        ELSIF v_path_session IS NULL THEN
            v_col := NULLIF(btrim(v_vals->>(v_cols->>'course')::integer), '');
            SELECT * INTO v_course FROM fgc.training_courses c
             WHERE c.code = upper(v_col) OR fgc.training_norm(c.name) = fgc.training_norm(v_col);
            v_date := fgc.training_parse_date(v_vals->>(v_cols->>'date')::integer);
            IF v_col IS NULL THEN
                v_reason := 'The row names no course (or session_id).';
            ELSIF v_course.id IS NULL THEN
                v_reason := format('There is no course "%s".', v_col);
            ELSIF v_date IS NULL THEN
                v_reason := format('"%s" is not a date; write dates as YYYY-MM-DD or DD/MM/YYYY.',
                                   COALESCE(btrim(v_vals->>(v_cols->>'date')::integer), ''));
            ELSE
                v_time := NULL;
                IF v_cols ? 'start_time' AND NULLIF(btrim(v_vals->>(v_cols->>'start_time')::integer), '') IS NOT NULL THEN
                    IF btrim(v_vals->>(v_cols->>'start_time')::integer) !~ '^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' THEN
                        v_reason := 'The start time must be written as HH:MM.';
                    ELSE
                        v_time := btrim(v_vals->>(v_cols->>'start_time')::integer)::time;
                    END IF;
                END IF;
                IF v_reason IS NULL THEN
                    SELECT count(*), min(s.id) INTO v_n, v_session_id FROM fgc.training_sessions s
                     WHERE s.course_id = v_course.id AND s.held_on = v_date
                       AND (v_time IS NULL OR s.starts_at = v_time);
                    IF v_n = 0 THEN
                        v_reason := format('There is no %s session on %s%s.', v_course.name, fgc.date_words(v_date),
                                           CASE WHEN v_time IS NULL THEN '' ELSE ' at ' || to_char(v_time, 'HH24:MI') END);
                        v_session_id := NULL;
                    ELSIF v_n > 1 THEN
                        v_reason := format('There are %s %s sessions on %s: add a start_time or session_id column.',
                                           v_n, v_course.name, fgc.date_words(v_date));
                        v_session_id := NULL;
                    END IF;
                END IF;
            END IF;
        END IF;

        IF v_reason IS NULL AND v_session_id IS NOT NULL AND v_path_session IS NOT NULL
           AND (v_cols ? 'course' OR v_cols ? 'date') THEN
            -- A session register may repeat the course and date; they must agree with the session.
            v_col := NULLIF(btrim(v_vals->>(v_cols->>'course')::integer), '');
            IF v_col IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM fgc.training_courses c
                 WHERE c.id = v_session.course_id AND (c.code = upper(v_col) OR fgc.training_norm(c.name) = fgc.training_norm(v_col))) THEN
                v_reason := format('The row is for the course "%s", but this session is of another course.', v_col);
            END IF;
            v_col := NULLIF(btrim(v_vals->>(v_cols->>'date')::integer), '');
            IF v_reason IS NULL AND v_col IS NOT NULL
               AND fgc.training_parse_date(v_col) IS DISTINCT FROM v_session.held_on THEN
                v_reason := format('The row is dated %s, but this session was held on %s.', v_col,
                                   fgc.date_words(v_session.held_on));
            END IF;
        END IF;

        -- The person and the attendance.
        IF v_reason IS NULL AND v_name IS NULL THEN
            v_reason := 'The name is missing.';
        ELSIF v_reason IS NULL AND length(v_name) > 200 THEN
            v_reason := 'The name is longer than 200 characters.';
        END IF;
        IF v_reason IS NULL AND v_email IS NOT NULL AND NOT fgc.training_email_ok(v_email) THEN
            v_reason := format('"%s" is not an e-mail address.', v_email);
        END IF;
        IF v_reason IS NULL AND (length(v_org) > 200 OR length(v_job) > 200) THEN
            v_reason := 'The organisation or job role is longer than 200 characters.';
        END IF;
        IF v_reason IS NULL AND v_sector_cell IS NOT NULL THEN
            v_sector := fgc.training_sector_code(v_sector_cell);
            IF v_sector IS NULL THEN
                v_reason := format('"%s" is not a sector; use one of %s.', v_sector_cell, fgc.training_sector_list());
            END IF;
        END IF;
        IF v_reason IS NULL AND v_cluster_cell IS NOT NULL THEN
            SELECT a.id INTO v_area FROM fgc.areas a WHERE a.code = upper(v_cluster_cell) AND a.kind = 'cluster';
            IF v_area IS NULL THEN
                v_reason := format('"%s" is not a cluster code.', v_cluster_cell);
            END IF;
        END IF;
        IF v_reason IS NULL AND v_status IS NULL THEN
            v_reason := format('"%s" is not a status; use attended, did_not_attend, cancelled or booked.',
                               btrim(v_vals->>(v_cols->>'status')::integer));
        END IF;
        IF v_reason IS NULL AND v_feedback_cell IS NOT NULL THEN
            IF v_feedback_cell !~ '^[1-5]$' THEN
                v_reason := format('The feedback score "%s" is not a whole number from 1 to 5.', v_feedback_cell);
            ELSIF v_status <> 'attended' THEN
                v_reason := 'A feedback score is given, but the person did not attend.';
            ELSE
                v_feedback := v_feedback_cell::integer;
            END IF;
        END IF;
        IF v_reason IS NULL AND v_status IN ('attended', 'did_not_attend')
           AND (SELECT s.held_on FROM fgc.training_sessions s WHERE s.id = v_session_id) > fgc.today() THEN
            v_reason := 'The session has not happened yet, so attendance cannot be recorded.';
        END IF;

        IF v_reason IS NOT NULL THEN
            v_rejected := v_rejected || jsonb_build_object('line', v_line, 'reason', v_reason);
            CONTINUE;
        END IF;
        v_rows := v_rows || jsonb_build_object(
            'line', v_line, 'session_id', v_session_id, 'name', v_name, 'email', v_email, 'organisation', v_org,
            'sector', v_sector, 'area_id', v_area, 'job_role', v_job, 'status', v_status, 'feedback', v_feedback);
        IF NOT v_session_id = ANY (v_sessions) THEN
            v_sessions := v_sessions || v_session_id;
        END IF;
    END LOOP;

    -- Lock the sessions in one order, so that two imports cannot deadlock and capacity holds.
    PERFORM 1 FROM fgc.training_sessions s WHERE s.id = ANY (v_sessions) ORDER BY s.id FOR UPDATE;

    -- Pass 2: match or add the person, then add or change the booking. Each row is its own
    -- subtransaction: a row that cannot be taken leaves nothing behind, and the rest still count.
    FOR v_row IN SELECT e FROM jsonb_array_elements(v_rows) AS e LOOP
        v_line := (v_row->>'line')::integer;
        v_reason := NULL;
        v_person := NULL;
        v_booking := NULL;
        v_delta := '{}';
        BEGIN
            IF v_row->>'email' IS NOT NULL THEN
                SELECT * INTO v_person FROM fgc.training_people p WHERE p.work_email = v_row->>'email';
            END IF;
            IF v_person.id IS NULL THEN
                -- By name and organisation: without an e-mail among everyone; with one, among
                -- people with no e-mail recorded (a different recorded e-mail is a different person).
                SELECT count(*), min(p.id) INTO v_matches, v_person.id FROM fgc.training_people p
                 WHERE fgc.training_norm(p.full_name) = fgc.training_norm(v_row->>'name')
                   AND fgc.training_norm(p.organisation) IS NOT DISTINCT FROM fgc.training_norm(v_row->>'organisation')
                   AND (v_row->>'email' IS NULL OR p.work_email IS NULL);
                IF v_matches > 1 THEN
                    PERFORM api.fail('FG422', format(
                        '%s people called %s at %s are recorded; add their work e-mail to tell them apart.',
                        v_matches, v_row->>'name', COALESCE(v_row->>'organisation', 'no organisation')));
                END IF;
                IF v_matches = 1 THEN
                    SELECT * INTO v_person FROM fgc.training_people p WHERE p.id = v_person.id;
                END IF;
            END IF;

            IF v_person.id IS NULL THEN
                IF v_row->>'sector' IS NULL THEN
                    PERFORM api.fail('FG422', format(
                        '%s is not yet recorded, and a new person needs a sector.', v_row->>'name'));
                END IF;
                INSERT INTO fgc.training_people (full_name, work_email, organisation, sector, area_id, job_role)
                VALUES (v_row->>'name', v_row->>'email', v_row->>'organisation', v_row->>'sector',
                        (v_row->>'area_id')::bigint, v_row->>'job_role')
                RETURNING * INTO v_person;
                v_delta := v_delta || '{"people_created": 1}';
            ELSIF (v_person.work_email IS NULL AND v_row->>'email' IS NOT NULL)
                  OR (v_person.organisation IS NULL AND v_row->>'organisation' IS NOT NULL)
                  OR (v_person.area_id IS NULL AND v_row->>'area_id' IS NOT NULL)
                  OR (v_person.job_role IS NULL AND v_row->>'job_role' IS NOT NULL) THEN
                -- Fill in what the record lacks; never overwrite what it has.
                UPDATE fgc.training_people p SET
                    work_email = COALESCE(p.work_email, v_row->>'email'),
                    organisation = COALESCE(p.organisation, v_row->>'organisation'),
                    area_id = COALESCE(p.area_id, (v_row->>'area_id')::bigint),
                    job_role = COALESCE(p.job_role, v_row->>'job_role')
                 WHERE p.id = v_person.id
                RETURNING * INTO v_person;
                v_delta := v_delta || '{"people_updated": 1}';
            END IF;

            v_key := (v_row->>'session_id') || '/' || v_person.id;
            IF v_seen ? v_key THEN
                PERFORM api.fail('FG409', format('%s is already on line %s of this register for the same session.',
                                                 v_person.full_name, v_seen->>v_key));
            END IF;

            SELECT * INTO v_session FROM fgc.training_sessions s WHERE s.id = (v_row->>'session_id')::bigint;
            SELECT * INTO v_booking FROM fgc.training_bookings b
             WHERE b.session_id = v_session.id AND b.person_id = v_person.id FOR UPDATE;
            IF v_booking.id IS NULL THEN
                IF v_row->>'status' <> 'cancelled' THEN
                    PERFORM fgc.training_check_place(v_session);
                END IF;
                INSERT INTO fgc.training_bookings (session_id, person_id, status, feedback_score, source)
                VALUES (v_session.id, v_person.id, v_row->>'status', (v_row->>'feedback')::smallint, 'register');
                v_delta := v_delta || '{"created": 1}';
            ELSIF (v_row->>'status' = 'booked' AND v_booking.status <> 'cancelled')
                  OR (v_booking.status = v_row->>'status'
                      AND (v_row->>'feedback' IS NULL OR v_booking.feedback_score = (v_row->>'feedback')::integer)) THEN
                -- Nothing new. ("booked" records no attendance, so it never undoes attendance.)
                v_delta := v_delta || '{"unchanged": 1}';
            ELSE
                IF v_booking.status = 'cancelled' THEN
                    PERFORM fgc.training_check_place(v_session);
                END IF;
                UPDATE fgc.training_bookings b SET
                    status = v_row->>'status',
                    feedback_score = CASE WHEN v_row->>'status' = 'attended'
                                          THEN COALESCE((v_row->>'feedback')::smallint, b.feedback_score) END
                 WHERE b.id = v_booking.id;
                v_delta := v_delta || '{"updated": 1}';
            END IF;
        EXCEPTION
            WHEN SQLSTATE 'FG409' OR SQLSTATE 'FG422' THEN
                GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT;
            WHEN unique_violation OR foreign_key_violation OR check_violation THEN
                v_reason := 'The row conflicts with a change made at the same time or breaks a rule of the data; '
                            || 'import the register again, and check the row if it is refused again.';
        END;
        IF v_reason IS NOT NULL THEN
            v_rejected := v_rejected || jsonb_build_object('line', v_line, 'reason', v_reason);
            CONTINUE;
        END IF;
        v_seen := v_seen || jsonb_build_object(v_key, v_line);
        v_created := v_created + COALESCE((v_delta->>'created')::integer, 0);
        v_updated := v_updated + COALESCE((v_delta->>'updated')::integer, 0);
        v_unchanged := v_unchanged + COALESCE((v_delta->>'unchanged')::integer, 0);
        v_people_created := v_people_created + COALESCE((v_delta->>'people_created')::integer, 0);
        v_people_updated := v_people_updated + COALESCE((v_delta->>'people_updated')::integer, 0);
    END LOOP;

    RETURN api.ok(jsonb_build_object(
        'session_ids', to_jsonb(v_sessions),
        'rows', jsonb_array_length(v_records) - v_blank,
        'blank_rows', v_blank,
        'accepted', v_created + v_updated + v_unchanged,
        'bookings_created', v_created,
        'bookings_updated', v_updated,
        'unchanged', v_unchanged,
        'people_created', v_people_created,
        'people_updated', v_people_updated,
        'rejected', (SELECT COALESCE(jsonb_agg(r ORDER BY (r->>'line')::integer), '[]'::jsonb)
                       FROM jsonb_array_elements(v_rejected) AS r),
        'ignored_columns', v_ignored));
END
$$;

-- ---------------------------------------------------------------------------
-- The indicator catalogue (migrations/0007_indicators.sql)
--
-- The measures that fit the engine's flow shape are catalogued as performance measures (kind
-- 'fgc': the programme's own services). A person is placed in their cluster and its authority;
-- someone with no cluster recorded counts for the authority as "not assigned to a cluster" when
-- fgcd holds exactly one local authority (the usual case), and is otherwise left out of area
-- figures. Two measures do not fit and are served by GET /api/v1/training/measures only:
-- training_feedback_mean (the engine has no mean statistic; training_feedback_good_pct is
-- catalogued instead) and training_target_progress_pct (a cumulative count against a target,
-- which is neither a flow nor a snapshot).
-- ---------------------------------------------------------------------------

-- The authority of people without a cluster: the only local authority, if there is just one.
CREATE FUNCTION fgc.training_default_la()
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN count(*) = 1 THEN min(a.id) END FROM fgc.areas a WHERE a.kind = 'local_authority'
$$;

-- Bookings with an attendance outcome on sessions held from from_date to to_date, placed in the
-- person's cluster and authority (see above).
CREATE FUNCTION fgc.training_outcomes(la bigint, from_date date, to_date date)
RETURNS TABLE(booking_id bigint, person_id bigint, session_id bigint, status text, feedback_score smallint,
              area_id bigint, local_authority_id bigint, held_on date)
LANGUAGE sql STABLE AS $$
    SELECT b.id, b.person_id, b.session_id, b.status, b.feedback_score,
           COALESCE(p.area_id, d.la), COALESCE(a.parent_id, d.la), s.held_on
      FROM fgc.training_bookings b
      JOIN fgc.training_sessions s ON s.id = b.session_id
      JOIN fgc.training_people p ON p.id = b.person_id
      LEFT JOIN fgc.areas a ON a.id = p.area_id
      CROSS JOIN (SELECT fgc.training_default_la() AS la) d
     WHERE b.status IN ('attended', 'did_not_attend')
       AND s.held_on BETWEEN $2 AND $3
       AND ($1 IS NULL OR COALESCE(a.parent_id, d.la) = $1)
$$;

-- People trained: each person with an attended booking in the period, once.
CREATE FUNCTION fgc.measure_training_people_trained(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT o.person_id, o.area_id, o.local_authority_id, o.held_on, true, false, NULL::numeric
      FROM fgc.training_outcomes($1, $2, $3) o
     WHERE o.status = 'attended'
$$;

-- Sessions run: sessions in the period with at least one person attending (in an area, those
-- with someone from the area attending).
CREATE FUNCTION fgc.measure_training_sessions_run(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT o.session_id, o.area_id, o.local_authority_id, o.held_on, true, false, NULL::numeric
      FROM fgc.training_outcomes($1, $2, $3) o
     WHERE o.status = 'attended'
$$;

-- Attendance: numerator the places attended, denominator the places attended or not attended
-- (cancelled bookings and bookings with no outcome yet are in neither).
CREATE FUNCTION fgc.measure_training_attendance(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT o.booking_id, o.area_id, o.local_authority_id, o.held_on, o.status = 'attended', true, NULL::numeric
      FROM fgc.training_outcomes($1, $2, $3) o
$$;

-- Feedback: of the people who attended and gave a score, those who gave 4 or 5 out of 5; the
-- value is the score.
CREATE FUNCTION fgc.measure_training_feedback(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT o.booking_id, o.area_id, o.local_authority_id, o.held_on, o.feedback_score >= 4, true,
           o.feedback_score::numeric
      FROM fgc.training_outcomes($1, $2, $3) o
     WHERE o.status = 'attended' AND o.feedback_score IS NOT NULL
$$;

INSERT INTO fgc.indicators (id, position, name, definition, source, kind, measure, statistic,
                            numerator, denominator, factor, rounding, lower_is_better, unit, readers) VALUES
('training_people_trained', 300, 'People trained in restorative practice',
 'People with at least one attended booking on a restorative practice training session held in the period (any course), each person counted once in the period however many sessions they attended. Booked, cancelled and did-not-attend places do not count. A person is placed in the cluster recorded for them now.',
 'fgcd training records (local performance measure: how much did we do?). Family Valued, Leeds City Council: restorative practice training for the children''s workforce and partners (DfE Children''s Social Care Innovation Programme).',
 'fgc', 'fgc.measure_training_people_trained(bigint,date,date)', 'count',
 'People who attended training in the period', NULL, 1, NULL, false, 'people',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer']),
('training_sessions_run', 310, 'Training sessions run',
 'Restorative practice training sessions held in the period at which at least one person attended. For an area: sessions attended by at least one person from the area.',
 'fgcd training records (local performance measure: how much did we do?).',
 'fgc', 'fgc.measure_training_sessions_run(bigint,date,date)', 'count',
 'Sessions held in the period with someone attending', NULL, 1, NULL, false, 'sessions',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer']),
('training_attendance_rate_pct', 320, 'Training places attended',
 'Of the places on sessions held in the period whose outcome is recorded (attended or did not attend), the percentage attended, rounded half up to 1 decimal place. Cancelled bookings and places still only booked are left out.',
 'fgcd training records (local performance measure: how well did we do it? % of training attended against booked).',
 'fgc', 'fgc.measure_training_attendance(bigint,date,date)', 'percentage',
 'Places attended', 'Places attended or not attended', 100, 1, false, '%',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer']),
('training_feedback_good_pct', 330, 'Training rated good or very good',
 'Of the people who attended a session held in the period and gave a feedback score (1 to 5), the percentage who gave 4 or 5, rounded half up to 1 decimal place. The mean score is training_feedback_mean in GET /api/v1/training/measures.',
 'fgcd training records (local performance measure: how well did we do it?).',
 'fgc', 'fgc.measure_training_feedback(bigint,date,date)', 'percentage',
 'Feedback scores of 4 or 5', 'Feedback scores given', 100, 1, false, '%',
 ARRAY['admin', 'manager', 'data_analyst', 'trainer']);
