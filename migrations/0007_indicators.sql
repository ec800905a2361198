-- Indicator engine: the catalogue of OBA indicators, area groups, one measure function per definition, the period sweep, disclosure control and the indicator API.
--
-- How it fits together (docs/indicators.md has the definitions in words, with worked examples):
--
--   fgc.indicators          the catalogue: one row per indicator. Its "measure" names the one SQL
--                           function that says what is counted; the row says how the count becomes
--                           a value (count, rate per 10,000, percentage or median; factor; rounding).
--   fgc.measure_*           one function per definition. A snapshot measure returns the episodes
--                           during which a child counts (start inclusive, end exclusive); a flow
--                           measure returns dated events with numerator/denominator flags.
--   fgc.indicator_compute   the engine: for any periods (a single date or period, or ISO weeks,
--                           months, quarters, reporting years) it cuts each child's episodes down to
--                           the parts not already covered (so a child counts once) and sweeps over
--                           their starts and ends with a running sum, or counts events per period.
--                           A single value is the same code with one period, so a weekly series
--                           always equals the point-in-time values at each week end.
--   fgc.indicator_results   turns counts into values with the population of the right year and
--                           vintage, then applies disclosure control.
--   api.indicator_*         the operations the daemon calls (daemon/routes_indicators.c).
--
-- Who counts where: a cluster's children are those whose area_id is the cluster; an authority's
-- are those whose local_authority_id is it (including children known only at authority level); a
-- group's are those in its clusters; the rest of the authority is the authority minus the group.
-- A child counts in their current area on every date (areas carry no address history).

-- ---------------------------------------------------------------------------
-- Small helpers: reporting years, periods, exact rounding
-- ---------------------------------------------------------------------------

-- The reporting year (1 April to 31 March) containing d, named by the year of its 31 March.
CREATE FUNCTION fgc.reporting_year_end(d date)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT extract(year FROM $1)::integer + CASE WHEN extract(month FROM $1) >= 4 THEN 1 ELSE 0 END
$$;

-- The first day of the period containing d: ISO week (Monday), calendar month, quarter (the
-- quarters of a reporting year are calendar quarters), reporting year (1 April). For 'custom'
-- the whole range is one period starting at origin.
CREATE FUNCTION fgc.period_start(period text, d date, origin date)
RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE $1
        -- Monday 5 January 1970 starts an ISO week; integer arithmetic is several times faster
        -- than date_trunc, and a national series computes this for millions of rows.
        WHEN 'week' THEN $2 - ((($2 - DATE '1970-01-05') % 7) + 7) % 7
        WHEN 'month' THEN date_trunc('month', $2::timestamp)::date
        WHEN 'quarter' THEN date_trunc('quarter', $2::timestamp)::date
        WHEN 'year' THEN make_date(fgc.reporting_year_end($2) - 1, 4, 1)
        WHEN 'custom' THEN $3
    END
$$;

-- The last day of the period that starts on start (not for 'custom').
CREATE FUNCTION fgc.period_end(period text, start date)
RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE $1
        WHEN 'week' THEN $2 + 6
        WHEN 'month' THEN ($2 + interval '1 month')::date - 1
        WHEN 'quarter' THEN ($2 + interval '3 months')::date - 1
        WHEN 'year' THEN ($2 + interval '12 months')::date - 1
    END
$$;

-- The periods of a series: every period from the one containing from to the one containing to,
-- whole (so the first and last may reach outside from and to). 'custom' is the range itself.
CREATE FUNCTION fgc.periods(period text, from_date date, to_date date)
RETURNS TABLE(period_start date, period_end date)
LANGUAGE sql IMMUTABLE AS $$
    SELECT $2, $3 WHERE $1 = 'custom'
    UNION ALL
    SELECT g::date, fgc.period_end($1, g::date)
      FROM generate_series(fgc.period_start($1, $2, $2)::timestamp,
                           fgc.period_start($1, $3, $3)::timestamp,
                           CASE $1 WHEN 'week' THEN interval '1 week' WHEN 'month' THEN interval '1 month'
                                   WHEN 'quarter' THEN interval '3 months' ELSE interval '12 months' END) AS g
     WHERE $1 <> 'custom'
$$;

-- num / den x factor rounded half up to digits decimal places, computed exactly in integers:
-- floor((2 x num x factor x 10^digits + den) / (2 x den)) / 10^digits. NULL when den is 0 or
-- unknown. England 2025: 81,770 / 12,183,016 x 10,000 = 67.118... -> 67.
CREATE FUNCTION fgc.ratio_half_up(num bigint, den bigint, factor integer, digits integer)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN $1 IS NULL OR $2 IS NULL OR $2 <= 0 THEN NULL
        ELSE round(div(2 * $1::numeric * $3 * (10::numeric ^ $4) + $2, 2 * $2::numeric)
                   / (10::numeric ^ $4), $4)
    END
$$;

-- Half up to the nearest 10 (5 -> 10, 15 -> 20), for published counts.
CREATE FUNCTION fgc.round10(n bigint)
RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT (($1 + 5) / 10) * 10
$$;

-- Indexes for the engine. A series walks every episode of the authority (or of the country) in
-- child order, joined to the child's areas; with these covering indexes both sides are read by
-- index-only scans in that order and merge-joined with no sort (measured at national scale,
-- bench/indicators_bench.sh: the join takes about 40% less time than with heap fetches). The
-- first finds an authority's children.
CREATE INDEX children_local_authority_idx ON fgc.children (local_authority_id, area_id);
CREATE INDEX children_areas_idx ON fgc.children (id) INCLUDE (area_id, local_authority_id);
CREATE INDEX cin_episodes_spell_idx ON fgc.cin_episodes (child_id, referral_date)
    INCLUDE (closure_date, referral_nfa);
CREATE INDEX cla_episodes_spell_idx ON fgc.cla_episodes (child_id, decom) INCLUDE (dec, short_break);
CREATE INDEX cpp_plans_spell_idx ON fgc.cpp_plans (child_id, start_date) INCLUDE (end_date);

-- ---------------------------------------------------------------------------
-- Area groups: named sets of clusters (the six targeted clusters, say) to compare with the rest
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.area_groups (
    id bigserial PRIMARY KEY,
    -- Groups are named in query strings either by id or by name, so a name is never all digits.
    name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200 AND name !~ '^[0-9]+$'),
    description text CHECK (length(description) <= 2000),
    local_authority_id bigint NOT NULL REFERENCES fgc.areas,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX area_groups_name_idx ON fgc.area_groups (lower(name));

CREATE TRIGGER area_groups_version BEFORE UPDATE ON fgc.area_groups
    FOR EACH ROW EXECUTE FUNCTION fgc.bump_version();

CREATE TABLE fgc.area_group_members (
    group_id bigint NOT NULL REFERENCES fgc.area_groups ON DELETE CASCADE,
    area_id bigint NOT NULL REFERENCES fgc.areas,
    PRIMARY KEY (group_id, area_id)
);

CREATE INDEX area_group_members_area_idx ON fgc.area_group_members (area_id);

SELECT audit.enable('fgc.area_groups');
SELECT audit.enable('fgc.area_group_members');

-- ---------------------------------------------------------------------------
-- Measures: one function per definition
--
-- Snapshot measures: (la, from, to) -> the episodes during which a child counts, overlapping
-- [from, to]: child_id, area_id, local_authority_id, start_date (counts from that day),
-- end_date (no longer counts on that day; NULL when open). A child with several or overlapping
-- episodes is counted once: the engine merges them.
--
-- Flow measures: (la, from, to) -> dated events in [from, to]: unit_id (what is counted once per
-- period: a child, an episode, a referral), area_id, local_authority_id, on_date, in_numerator,
-- in_denominator, value (for medians).
--
-- la (a local authority's id, or NULL for every authority) only narrows the work; the engine
-- applies the area filter itself.
-- ---------------------------------------------------------------------------

-- CLA at a date (SSDA903): an episode started on or before the date and not ceased by it, not a
-- short break (V3/V4). An X1 end followed by a new episode the same day leaves the child looked
-- after; the merge into spells counts them once.
CREATE FUNCTION fgc.measure_cla_looked_after(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, c.area_id, c.local_authority_id, e.decom, e.dec
      FROM fgc.cla_episodes e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE NOT e.short_break
       AND ($1 IS NULL OR c.local_authority_id = $1)
       AND e.decom <= $3
       AND (e.dec IS NULL OR e.dec > $2)
$$;

-- CIN at a date (CIN census): an episode of need with its referral on or before the date and not
-- closed by it (an episode closed on the date is no longer open: DfE's "at 31 March" counts
-- episodes with no closure date in the year's return, and one closed on 31 March has one).
-- Referrals that ended in no further action (ReferralNFA) are not children in need.
CREATE FUNCTION fgc.measure_cin_open(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, c.area_id, c.local_authority_id, e.referral_date, e.closure_date
      FROM fgc.cin_episodes e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE NOT e.referral_nfa
       AND ($1 IS NULL OR c.local_authority_id = $1)
       AND e.referral_date <= $3
       AND (e.closure_date IS NULL OR e.closure_date > $2)
$$;

-- CPP at a date (CIN census): a plan started on or before the date and not ended by it.
CREATE FUNCTION fgc.measure_cpp_open(la bigint, from_date date, to_date date)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, c.area_id, c.local_authority_id, e.start_date, e.end_date
      FROM fgc.cpp_plans e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND e.start_date <= $3
       AND (e.end_date IS NULL OR e.end_date > $2)
$$;

-- CLA starting in the period: episodes with RNE S (started to be looked after), not short
-- breaks; each child once per period (DfE counts the first occasion only).
CREATE FUNCTION fgc.measure_cla_starts(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, c.area_id, c.local_authority_id, e.decom, true, false, NULL::numeric
      FROM fgc.cla_episodes e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE e.rne = 'S'
       AND NOT e.short_break
       AND ($1 IS NULL OR c.local_authority_id = $1)
       AND e.decom BETWEEN $2 AND $3
$$;

-- CLA ceasing in the period: episodes that ended with a reason other than X1 (an X1 end is a
-- change of episode, not a ceasing), not short breaks; each child once per period (DfE: "only
-- the last occasion on which a child ceased to be looked after in the year has been counted").
CREATE FUNCTION fgc.measure_cla_ceased(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.child_id, c.area_id, c.local_authority_id, e.dec, true, false, NULL::numeric
      FROM fgc.cla_episodes e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE e.dec BETWEEN $2 AND $3
       AND e.rec IS NOT NULL
       AND e.rec <> 'X1'
       AND NOT e.short_break
       AND ($1 IS NULL OR c.local_authority_id = $1)
$$;

-- Child protection plans starting in the period, counted as plans (a child with two plans
-- starting in the period counts twice, as in DfE's "plans starting during the year").
CREATE FUNCTION fgc.measure_cpp_starts(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.episode_id, c.area_id, c.local_authority_id, e.start_date, true, true, NULL::numeric
      FROM fgc.cpp_plans e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND e.start_date BETWEEN $2 AND $3
$$;

-- Second or subsequent plans: of the plans starting in the period (measure_cpp_starts), those
-- whose child had a plan before: NumberOfPreviousCPP above 0, or an earlier plan on record.
CREATE FUNCTION fgc.measure_cpp_subsequent(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT s.unit_id, s.area_id, s.local_authority_id, s.on_date,
           COALESCE(p.number_of_previous_cpp, 0) > 0
               OR EXISTS (SELECT 1 FROM fgc.cpp_plans q
                           WHERE q.child_id = p.child_id AND q.start_date < p.start_date),
           true, NULL::numeric
      FROM fgc.measure_cpp_starts($1, $2, $3) s
      JOIN fgc.cpp_plans p ON p.episode_id = s.unit_id
$$;

-- Referrals (CIN episodes) in [from, to], each flagged once here, the one definition of a
-- re-referral: the same child had an earlier referral whose date plus 12 months is on or after
-- this referral's date. So a referral exactly 12 months after the last is a re-referral and one a
-- day later is not. "Plus 12 months" is calendar arithmetic: 29 February 2024 + 12 months is
-- 28 February 2025. The most recent earlier referral decides, so only it is looked at.
CREATE FUNCTION fgc.cin_referrals_flagged(la bigint, from_date date, to_date date)
RETURNS TABLE(episode_id bigint, child_id bigint, area_id bigint, local_authority_id bigint,
              referral_date date, re_referral boolean, domestic_abuse boolean)
LANGUAGE sql STABLE AS $$
    SELECT e.episode_id, e.child_id, c.area_id, c.local_authority_id, e.referral_date,
           COALESCE((SELECT max(p.referral_date)
                       FROM fgc.cin_episodes p
                      WHERE p.child_id = e.child_id
                        AND p.referral_date < e.referral_date
                        AND p.referral_date >= e.referral_date - 400)
                    + interval '12 months' >= e.referral_date, false),
           e.domestic_abuse
      FROM fgc.cin_episodes e
      JOIN fgc.children c ON c.id = e.child_id
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND e.referral_date BETWEEN $2 AND $3
$$;

-- Referrals in the period: CIN episodes by referral date, counted as referrals (DfE counts
-- referrals, not children), including those that ended in no further action.
CREATE FUNCTION fgc.measure_referrals(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT r.episode_id, r.area_id, r.local_authority_id, r.referral_date, true, true, NULL::numeric
      FROM fgc.cin_referrals_flagged($1, $2, $3) r
$$;

-- Re-referrals within 12 months: numerator the re-referrals, denominator every referral.
CREATE FUNCTION fgc.measure_re_referrals(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT r.episode_id, r.area_id, r.local_authority_id, r.referral_date, r.re_referral, true,
           NULL::numeric
      FROM fgc.cin_referrals_flagged($1, $2, $3) r
$$;

-- Re-referrals where domestic abuse was a factor at assessment (3A, 3B or 3C): numerator those
-- re-referrals, denominator every referral with domestic abuse as a factor.
CREATE FUNCTION fgc.measure_re_referrals_dv(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT r.episode_id, r.area_id, r.local_authority_id, r.referral_date, r.re_referral, true,
           NULL::numeric
      FROM fgc.cin_referrals_flagged($1, $2, $3) r
     WHERE r.domestic_abuse
$$;

-- FGC referrals in the period (by referral date), placed in the primary child's area.
CREATE FUNCTION fgc.measure_fgc_referrals(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT r.id, c.area_id, c.local_authority_id, r.referred_on, true, false, NULL::numeric
      FROM fgc.referrals r
      JOIN fgc.children c ON c.id = r.child_id
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND r.referred_on BETWEEN $2 AND $3
$$;

-- Each FGC referral's first initial conference (a reconvened conference is not a second FGC):
-- dated by that conference, with the days from referral to it and whether a plan was recorded
-- and agreed at the referral's initial conference.
CREATE FUNCTION fgc.fgc_first_conferences(la bigint, from_date date, to_date date)
RETURNS TABLE(referral_id bigint, area_id bigint, local_authority_id bigint, held_on date,
              days integer, plan_recorded boolean, plan_agreed boolean)
LANGUAGE sql STABLE AS $$
    SELECT r.id, c.area_id, c.local_authority_id, f.held_on, f.held_on - r.referred_on,
           p.recorded IS NOT NULL, COALESCE(p.agreed, false)
      FROM fgc.referrals r
      JOIN fgc.children c ON c.id = r.child_id
      JOIN LATERAL (SELECT min(k.held_on) AS held_on
                      FROM fgc.conferences k
                     WHERE k.referral_id = r.id AND k.kind = 'initial') f ON true
      LEFT JOIN LATERAL (SELECT true AS recorded, bool_or(pl.agreed) AS agreed
                           FROM fgc.plans pl
                           JOIN fgc.conferences k ON k.id = pl.conference_id
                          WHERE pl.referral_id = r.id AND k.kind = 'initial'
                         HAVING count(*) > 0) p ON true
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND f.held_on BETWEEN $2 AND $3
$$;

-- FGCs held: referrals whose first initial conference was in the period; the value is the days
-- from referral to that conference (for the median).
CREATE FUNCTION fgc.measure_fgc_conferences(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT f.referral_id, f.area_id, f.local_authority_id, f.held_on, true, true, f.days::numeric
      FROM fgc.fgc_first_conferences($1, $2, $3) f
$$;

-- Plans agreed: of the referrals whose first initial conference was in the period and whose
-- plan decision is recorded, those with a plan agreed.
CREATE FUNCTION fgc.measure_fgc_plans_agreed(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT f.referral_id, f.area_id, f.local_authority_id, f.held_on, f.plan_agreed, true,
           NULL::numeric
      FROM fgc.fgc_first_conferences($1, $2, $3) f
     WHERE f.plan_recorded
$$;

-- Follow-up of children after their first FGC: every child in an FGC (the primary child and the
-- others named in referral_children) with the date of the first initial conference of any of
-- their referrals (C), followed up on C + months (F). Returned when F is in [from, to] and not in
-- the future (an outcome not yet observable is not counted): whether the child was looked after
-- on F (the CLA-at-a-date rule) and whether they started to be looked after (RNE S, not a short
-- break) between C and F inclusive.
CREATE FUNCTION fgc.fgc_follow_up(la bigint, from_date date, to_date date, months integer)
RETURNS TABLE(child_id bigint, area_id bigint, local_authority_id bigint, conference_on date,
              follow_up_on date, looked_after boolean, entered_care boolean)
LANGUAGE sql STABLE AS $$
    WITH fgc_children AS (
        SELECT r.child_id, r.id AS referral_id FROM fgc.referrals r
        UNION
        SELECT rc.child_id, rc.referral_id FROM fgc.referral_children rc
    ), firsts AS (
        SELECT fc.child_id, min(k.held_on) AS conference_on
          FROM fgc_children fc
          JOIN fgc.conferences k ON k.referral_id = fc.referral_id AND k.kind = 'initial'
         GROUP BY fc.child_id
    ), due AS (
        SELECT f.child_id, f.conference_on,
               (f.conference_on + make_interval(months => $4))::date AS follow_up_on
          FROM firsts f
    )
    SELECT d.child_id, c.area_id, c.local_authority_id, d.conference_on, d.follow_up_on,
           EXISTS (SELECT 1 FROM fgc.cla_episodes e
                    WHERE e.child_id = d.child_id AND NOT e.short_break
                      AND e.decom <= d.follow_up_on
                      AND (e.dec IS NULL OR e.dec > d.follow_up_on)),
           EXISTS (SELECT 1 FROM fgc.cla_episodes e
                    WHERE e.child_id = d.child_id AND NOT e.short_break AND e.rne = 'S'
                      AND e.decom BETWEEN d.conference_on AND d.follow_up_on)
      FROM due d
      JOIN fgc.children c ON c.id = d.child_id
     WHERE ($1 IS NULL OR c.local_authority_id = $1)
       AND d.follow_up_on BETWEEN $2 AND $3
       AND d.follow_up_on <= fgc.today()
$$;

CREATE FUNCTION fgc.measure_fgc_at_home_6m(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT f.child_id, f.area_id, f.local_authority_id, f.follow_up_on, NOT f.looked_after, true,
           NULL::numeric
      FROM fgc.fgc_follow_up($1, $2, $3, 6) f
$$;

CREATE FUNCTION fgc.measure_fgc_at_home_12m(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT f.child_id, f.area_id, f.local_authority_id, f.follow_up_on, NOT f.looked_after, true,
           NULL::numeric
      FROM fgc.fgc_follow_up($1, $2, $3, 12) f
$$;

CREATE FUNCTION fgc.measure_fgc_entered_care_12m(la bigint, from_date date, to_date date)
RETURNS TABLE(unit_id bigint, area_id bigint, local_authority_id bigint, on_date date,
              in_numerator boolean, in_denominator boolean, value numeric)
LANGUAGE sql STABLE AS $$
    SELECT f.child_id, f.area_id, f.local_authority_id, f.follow_up_on, f.entered_care, true,
           NULL::numeric
      FROM fgc.fgc_follow_up($1, $2, $3, 12) f
$$;

-- ---------------------------------------------------------------------------
-- The catalogue
-- ---------------------------------------------------------------------------

CREATE TABLE fgc.indicators (
    id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,62}$'),
    position integer NOT NULL UNIQUE,            -- order in lists
    name text NOT NULL CHECK (btrim(name) <> ''),
    definition text NOT NULL CHECK (btrim(definition) <> ''),
    source text NOT NULL CHECK (btrim(source) <> ''), -- publication and section, with its address
    -- snapshot: at a date (31 March for a reporting year); flow: events in a period; fgc: events
    -- of the FGC service in a period (performance measures rather than population indicators).
    kind text NOT NULL CHECK (kind IN ('snapshot', 'flow', 'fgc')),
    -- The one function that defines what is counted (see "Measures" above).
    measure regprocedure NOT NULL,
    -- count: the numerator; rate: numerator / population 0-17 x factor; percentage: numerator /
    -- denominator x factor; median: the median of the measure's values.
    statistic text NOT NULL CHECK (statistic IN ('count', 'rate', 'percentage', 'median')),
    numerator text NOT NULL,
    denominator text,
    factor integer NOT NULL CHECK (factor IN (1, 100, 10000)),
    rounding smallint CHECK (rounding IN (0, 1)), -- decimal places; NULL for counts (never rounded here)
    lower_is_better boolean,                      -- NULL: neither direction is better in itself
    unit text NOT NULL,
    -- Roles that may read its values; every role may read the catalogue.
    readers text[] NOT NULL DEFAULT ARRAY['admin', 'manager', 'data_analyst', 'fgc_coordinator', 'social_worker'],
    CHECK ((statistic = 'count') = (rounding IS NULL)),
    CHECK (statistic <> 'count' OR factor = 1),
    CHECK (statistic <> 'rate' OR factor = 10000),
    CHECK (statistic <> 'percentage' OR (factor = 100 AND denominator IS NOT NULL))
);

COMMENT ON TABLE fgc.indicators IS
    'The indicator catalogue: definitions as data; each row''s measure function is the one place its counting rule lives';

SELECT audit.enable('fgc.indicators');

-- Sources. The DfE publications are on explore-education-statistics.service.gov.uk (EES).
INSERT INTO fgc.indicators (id, position, name, definition, source, kind, measure, statistic,
                            numerator, denominator, factor, rounding, lower_is_better, unit) VALUES
('cla_count', 10, 'Children looked after',
 'Children looked after at the date (31 March for a reporting year): children with a looked-after episode that started on or before the date and had not ceased by it (an episode ceasing on the date does not count), counting each child once and excluding children looked after under an agreed series of short-term breaks (legal status V3 or V4).',
 'DfE, Children looked after in England including adoptions, national and local authority tables: children looked after at 31 March (methodology: "Children looked after at 31 March"). https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions',
 'snapshot', 'fgc.measure_cla_looked_after(bigint,date,date)', 'count',
 'Children looked after at the date', NULL, 1, NULL, true, 'children'),
('cla_rate_per_10k', 20, 'Children looked after per 10,000 children',
 'Children looked after at the date (as cla_count) divided by the ONS mid-year estimate of the population aged 0 to 17 for the year before the end of the reporting year (2024 estimates for 31 March 2025), times 10,000, rounded half up to a whole number.',
 'DfE, Children looked after in England including adoptions: rate of children looked after at 31 March per 10,000 children aged under 18. https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions',
 'snapshot', 'fgc.measure_cla_looked_after(bigint,date,date)', 'rate',
 'Children looked after at the date', 'ONS mid-year population aged 0 to 17', 10000, 0, true, 'per 10,000 children'),
('cla_starts', 30, 'Children who started to be looked after',
 'Children who started to be looked after in the period: episodes with reason for new episode S, excluding short breaks (V3, V4), counting each child once per period (the first occasion).',
 'DfE, Children looked after in England including adoptions: children who started to be looked after during the year ending 31 March. https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions',
 'flow', 'fgc.measure_cla_starts(bigint,date,date)', 'count',
 'Children starting to be looked after in the period', NULL, 1, NULL, true, 'children'),
('cla_ceased', 40, 'Children who ceased to be looked after',
 'Children who ceased to be looked after in the period: episodes ending in the period with a reason other than X1 (an X1 end starts a new episode the same day and is not a ceasing), excluding short breaks, counting each child once per period (the last occasion).',
 'DfE, Children looked after in England including adoptions: children who ceased to be looked after during the year ending 31 March ("only the last occasion on which a child ceased to be looked after in the year has been counted"). https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions',
 'flow', 'fgc.measure_cla_ceased(bigint,date,date)', 'count',
 'Children ceasing to be looked after in the period', NULL, 1, NULL, NULL, 'children'),
('cin_count', 50, 'Children in need',
 'Children in need at the date (31 March for a reporting year): children with an episode of need whose referral was on or before the date and which was not closed by it (an episode closed on the date does not count), counting each child once and leaving out referrals that ended in no further action.',
 'DfE, Children in need (formerly Characteristics of children in need), national and local authority tables: children in need at 31 March. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'snapshot', 'fgc.measure_cin_open(bigint,date,date)', 'count',
 'Children in need at the date', NULL, 1, NULL, true, 'children'),
('cin_rate_per_10k', 60, 'Children in need per 10,000 children',
 'Children in need at the date (as cin_count) divided by the ONS mid-year estimate of the population aged 0 to 17 for the year before the end of the reporting year, times 10,000, rounded half up to 1 decimal place.',
 'DfE, Children in need: rate of children in need at 31 March per 10,000 children. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'snapshot', 'fgc.measure_cin_open(bigint,date,date)', 'rate',
 'Children in need at the date', 'ONS mid-year population aged 0 to 17', 10000, 1, true, 'per 10,000 children'),
('cpp_count', 70, 'Children on a child protection plan',
 'Children who were the subject of a child protection plan at the date: a plan started on or before the date and not ended by it (a plan ending on the date does not count), counting each child once.',
 'DfE, Children in need: children who were the subject of a child protection plan at 31 March. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'snapshot', 'fgc.measure_cpp_open(bigint,date,date)', 'count',
 'Children on a plan at the date', NULL, 1, NULL, true, 'children'),
('cpp_rate_per_10k', 80, 'Children on a child protection plan per 10,000 children',
 'Children on a child protection plan at the date (as cpp_count) divided by the ONS mid-year estimate of the population aged 0 to 17 for the year before the end of the reporting year, times 10,000, rounded half up to 1 decimal place.',
 'DfE, Children in need: rate of children who were the subject of a child protection plan at 31 March per 10,000 children. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'snapshot', 'fgc.measure_cpp_open(bigint,date,date)', 'rate',
 'Children on a plan at the date', 'ONS mid-year population aged 0 to 17', 10000, 1, true, 'per 10,000 children'),
('cpp_starts', 90, 'Child protection plans starting',
 'Child protection plans starting in the period, counted as plans.',
 'DfE, Children in need: child protection plans starting during the year. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'flow', 'fgc.measure_cpp_starts(bigint,date,date)', 'count',
 'Plans starting in the period', NULL, 1, NULL, true, 'plans'),
('cpp_subsequent_pct', 100, 'Second or subsequent child protection plans',
 'Of the child protection plans starting in the period, the percentage whose child had been the subject of a plan before (NumberOfPreviousCPP above 0, or an earlier plan on record), rounded half up to 1 decimal place.',
 'DfE, Children in need: child protection plans starting during the year which were second or subsequent plans. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'flow', 'fgc.measure_cpp_subsequent(bigint,date,date)', 'percentage',
 'Plans starting in the period whose child had a previous plan', 'Plans starting in the period', 100, 1, true, '%'),
('referrals', 110, 'Referrals to children''s social care',
 'Referrals in the period: episodes of need with a referral date in the period, counted as referrals (a child referred twice counts twice), including referrals that ended in no further action.',
 'DfE, Children in need: referrals during the year. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'flow', 'fgc.measure_referrals(bigint,date,date)', 'count',
 'Referrals in the period', NULL, 1, NULL, NULL, 'referrals'),
('re_referrals_12m', 120, 'Re-referrals within 12 months',
 'Referrals in the period that were within 12 months of a previous referral of the same child: the previous referral''s date plus 12 calendar months is on or after this referral''s date (exactly 12 months later is a re-referral; a day more is not).',
 'DfE, Children in need: referrals within 12 months of a previous referral; Children in need: a focus on re-referrals. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need-a-focus-on-re-referrals',
 'flow', 'fgc.measure_re_referrals(bigint,date,date)', 'count',
 'Re-referrals in the period', NULL, 1, NULL, true, 'referrals'),
('re_referral_rate_12m', 130, 'Re-referral rate within 12 months',
 'Re-referrals within 12 months (as re_referrals_12m) as a percentage of all referrals in the period, rounded half up to 1 decimal place.',
 'DfE, Children in need: percentage of referrals within 12 months of a previous referral. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need',
 'flow', 'fgc.measure_re_referrals(bigint,date,date)', 'percentage',
 'Re-referrals in the period', 'Referrals in the period', 100, 1, true, '%'),
('re_referrals_dv_12m', 140, 'Re-referrals within 12 months where domestic abuse is a factor',
 'Re-referrals within 12 months (as re_referrals_12m) where domestic abuse was a factor identified at the end of assessment: 3A (concerning the child), 3B (a parent or carer) or 3C (another person in the household).',
 'DfE, Children in need: factors identified at the end of assessment (domestic abuse 3A, 3B, 3C); Children in need: a focus on re-referrals, re-referrals by assessment factor. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need-a-focus-on-re-referrals',
 'flow', 'fgc.measure_re_referrals_dv(bigint,date,date)', 'count',
 'Re-referrals in the period with domestic abuse as a factor', NULL, 1, NULL, true, 'referrals'),
('re_referral_rate_dv_12m', 150, 'Re-referral rate within 12 months where domestic abuse is a factor',
 'Of the referrals in the period where domestic abuse (3A, 3B or 3C) was a factor at assessment, the percentage that were re-referrals within 12 months, rounded half up to 1 decimal place.',
 'DfE, Children in need: a focus on re-referrals, re-referral rate by factor identified at assessment. https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need-a-focus-on-re-referrals',
 'flow', 'fgc.measure_re_referrals_dv(bigint,date,date)', 'percentage',
 'Re-referrals in the period with domestic abuse as a factor', 'Referrals in the period with domestic abuse as a factor', 100, 1, true, '%'),
('fgc_referrals', 200, 'Referrals for a family group conference',
 'FGC referrals made in the period (by referral date), whatever happened to them, counted as referrals (families) and placed in the primary child''s area.',
 'fgcd FGC records (local performance measure: how much did we do?). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_referrals(bigint,date,date)', 'count',
 'FGC referrals made in the period', NULL, 1, NULL, NULL, 'referrals'),
('fgc_conferences_held', 210, 'Family group conferences held',
 'FGCs held in the period: referrals whose first initial conference was held in the period (a reconvened initial conference and review conferences are not further FGCs).',
 'fgcd FGC records (local performance measure: how much did we do?). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_conferences(bigint,date,date)', 'count',
 'Referrals whose first conference was held in the period', NULL, 1, NULL, false, 'conferences'),
('fgc_plans_agreed_pct', 220, 'Family group conferences with a plan agreed',
 'Of the referrals whose first initial conference was held in the period and whose plan decision has been recorded, the percentage where the family agreed a plan, rounded half up to 1 decimal place. Conferences still awaiting the decision are left out until it is recorded.',
 'fgcd FGC records (local performance measure: how well did we do it?). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_plans_agreed(bigint,date,date)', 'percentage',
 'Referrals with a plan agreed', 'Referrals whose first conference was held in the period with the plan decision recorded', 100, 1, false, '%'),
('fgc_days_referral_to_conference', 230, 'Days from referral to conference (median)',
 'The median number of calendar days from the FGC referral date to the first initial conference, for referrals whose first conference was held in the period, to 1 decimal place (a median of an even number of waits can end in .5). The median, not the mean, because waits are skewed: a few families who take months to be ready would move a mean far from what a typical family waits.',
 'fgcd FGC records (local performance measure: how well did we do it?; timeliness). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_conferences(bigint,date,date)', 'median',
 'Median of the days from referral to first conference', 'Referrals whose first conference was held in the period', 1, 1, true, 'days'),
('fgc_at_home_6m_pct', 240, 'Children not looked after 6 months after their FGC',
 'Of the children in an FGC (primary and other children named in the referral) whose first initial conference was held at least 6 months before the end of the period and whose 6-month follow-up date (first conference plus 6 calendar months) fell in the period, the percentage who were not looked after on the follow-up date (no open episode other than a short break), rounded half up to 1 decimal place.',
 'fgcd FGC and SSDA903 records (local performance measure: is anyone better off?: children remaining with their family network after an FGC). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_at_home_6m(bigint,date,date)', 'percentage',
 'Children not looked after 6 months after their first FGC', 'Children whose 6-month follow-up fell in the period', 100, 1, false, '%'),
('fgc_at_home_12m_pct', 250, 'Children not looked after 12 months after their FGC',
 'As fgc_at_home_6m_pct with 12 months: of the children whose 12-month follow-up date (first conference plus 12 calendar months) fell in the period, the percentage not looked after on that date, rounded half up to 1 decimal place.',
 'fgcd FGC and SSDA903 records (local performance measure: is anyone better off?). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_at_home_12m(bigint,date,date)', 'percentage',
 'Children not looked after 12 months after their first FGC', 'Children whose 12-month follow-up fell in the period', 100, 1, false, '%'),
('fgc_entered_care_12m_pct', 260, 'Children who entered care within 12 months of their FGC',
 'Of the children whose 12-month follow-up date (first conference plus 12 calendar months) fell in the period, the percentage who started to be looked after (an episode with reason S, not a short break) on or after the conference date and on or before the follow-up date, rounded half up to 1 decimal place.',
 'fgcd FGC and SSDA903 records (local performance measure: is anyone better off?). Family Valued evaluation: DfE Children''s Social Care Innovation Programme Evaluation Report 43 (July 2017). https://innovationcsc.co.uk/projects/family-valued/',
 'fgc', 'fgc.measure_fgc_entered_care_12m(bigint,date,date)', 'percentage',
 'Children who started to be looked after within 12 months of their first FGC', 'Children whose 12-month follow-up fell in the period', 100, 1, true, '%');

-- ---------------------------------------------------------------------------
-- The engine
-- ---------------------------------------------------------------------------

-- What to count: children of la (NULL: every authority), narrowed to area_ids (or, with negate,
-- to the authority without them), and how to split the result into buckets:
--   one        a single figure (bucket 0)
--   area       one figure per child's area_id (a cluster, or the authority for children known
--              only at authority level)
--   authority  one figure per local authority
--   compare    bucket 1 for children in area_ids, bucket 2 for the rest of the authority
CREATE TYPE fgc.indicator_target AS (
    la_id bigint,
    area_ids bigint[],
    negate boolean,
    mode text
);

-- One bucket of a result: its number, how it is shown, and the areas whose populations add up
-- (pop_plus) or are taken away (pop_minus) to make its population.
CREATE TYPE fgc.indicator_bucket AS (
    bucket bigint,
    label jsonb,
    pop_plus bigint[],
    pop_minus bigint[]
);

-- Counts for every bucket and period. For a snapshot measure: each child's episodes, in order of
-- start, are cut down to the part their earlier episodes do not already cover (a running maximum
-- of end dates), so overlapping or touching episodes count once; then every part adds 1 in the
-- period its start falls in (or the first period) and takes 1 away in the period its end falls
-- in; the running sum over periods is the count at each period's end. For a flow measure:
-- distinct units per period in the numerator and the denominator, and the median of the values.
-- p_from and p_to must be period boundaries (fgc.periods) or, for 'custom', any range.
CREATE FUNCTION fgc.indicator_compute(p_measure regprocedure, p_kind text, p_target fgc.indicator_target,
                                      p_buckets bigint[], p_period text, p_from date, p_to date)
RETURNS TABLE(bucket bigint, period_start date, period_end date, numerator bigint,
              denominator bigint, median numeric)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_fn text;
    v_bucket text;
    v_filter text := '';
BEGIN
    SELECT format('%I.%I', n.nspname, p.proname) INTO v_fn
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.oid = p_measure;
    v_bucket := CASE p_target.mode
        WHEN 'one' THEN '0::bigint'
        WHEN 'area' THEN 'm.area_id'
        WHEN 'authority' THEN 'm.local_authority_id'
        WHEN 'compare' THEN 'CASE WHEN m.area_id = ANY ($6) THEN 1::bigint ELSE 2::bigint END'
    END;
    IF v_fn IS NULL OR v_bucket IS NULL THEN
        RAISE EXCEPTION 'fgc.indicator_compute: bad measure or mode %', p_target.mode;
    END IF;
    IF p_target.mode = 'one' THEN
        v_filter := 'AND ($6 IS NULL OR (m.area_id = ANY ($6)) <> $7)';
    END IF;

    IF p_kind = 'snapshot' THEN
        RETURN QUERY EXECUTE format($q$
            WITH e AS (
                SELECT %2$s AS bucket, m.child_id, m.start_date, m.end_date
                  FROM %1$s($1, $2, $3) AS m
                 WHERE ($1 IS NULL OR m.local_authority_id = $1) %3$s
                   AND m.start_date <= $3 AND (m.end_date IS NULL OR m.end_date > $2)
            ), o AS (
                SELECT e.bucket, e.start_date, e.end_date,
                       max(COALESCE(e.end_date, 'infinity'::date)) OVER w1 AS prev_end
                  FROM e
                WINDOW w1 AS (PARTITION BY e.child_id ORDER BY e.start_date
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            ), parts AS MATERIALIZED (
                -- The part of each episode that the child's earlier episodes do not cover,
                -- [greatest(start, prev_end), end): these parts are disjoint and together cover
                -- what the episodes cover. ps1 is the period where a part starts (or the first
                -- period), ps2 the one where it ends (NULL beyond the last). Materialising these
                -- narrow rows once and aggregating them twice measured faster than emitting two
                -- rows per part (bench/indicators_bench.sh, national scale).
                SELECT o.bucket,
                       CASE WHEN greatest(o.start_date, o.prev_end) <= $3
                            THEN fgc.period_start($4, greatest(o.start_date, o.prev_end, $2), $2) END AS ps1,
                       CASE WHEN o.end_date <= $3
                            THEN fgc.period_start($4, o.end_date, $2) END AS ps2
                  FROM o
                 WHERE o.prev_end IS NULL OR COALESCE(o.end_date, 'infinity'::date) > o.prev_end
            ), agg AS (
                SELECT x.bucket, x.ps, sum(x.delta) AS delta
                  FROM (SELECT parts.bucket, parts.ps1 AS ps, count(*) AS delta
                          FROM parts WHERE parts.ps1 IS NOT NULL GROUP BY 1, 2
                        UNION ALL
                        SELECT parts.bucket, parts.ps2, -count(*)
                          FROM parts WHERE parts.ps2 IS NOT NULL GROUP BY 1, 2) x
                 GROUP BY x.bucket, x.ps
            )
            SELECT b.bucket, p.period_start, p.period_end,
                   (sum(COALESCE(agg.delta, 0)) OVER (PARTITION BY b.bucket ORDER BY p.period_start))::bigint,
                   NULL::bigint, NULL::numeric
              FROM unnest($5) AS b(bucket)
             CROSS JOIN fgc.periods($4, $2, $3) AS p
              LEFT JOIN agg ON agg.bucket = b.bucket AND agg.ps = p.period_start
             ORDER BY 1, 2
        $q$, v_fn, v_bucket, v_filter)
        USING p_target.la_id, p_from, p_to, p_period, p_buckets, p_target.area_ids,
              COALESCE(p_target.negate, false);
    ELSE
        RETURN QUERY EXECUTE format($q$
            WITH e AS (
                SELECT %2$s AS bucket, fgc.period_start($4, m.on_date, $2) AS ps, m.unit_id,
                       m.in_numerator, m.in_denominator, m.value
                  FROM %1$s($1, $2, $3) AS m
                 WHERE ($1 IS NULL OR m.local_authority_id = $1) %3$s
                   AND m.on_date BETWEEN $2 AND $3
            ), agg AS (
                SELECT e.bucket, e.ps,
                       count(DISTINCT e.unit_id) FILTER (WHERE e.in_numerator) AS num,
                       count(DISTINCT e.unit_id) FILTER (WHERE e.in_denominator) AS den,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.value)
                           FILTER (WHERE e.in_denominator AND e.value IS NOT NULL) AS med
                  FROM e
                 GROUP BY e.bucket, e.ps
            )
            SELECT b.bucket, p.period_start, p.period_end, COALESCE(agg.num, 0)::bigint,
                   COALESCE(agg.den, 0)::bigint, agg.med::numeric
              FROM unnest($5) AS b(bucket)
             CROSS JOIN fgc.periods($4, $2, $3) AS p
              LEFT JOIN agg ON agg.bucket = b.bucket AND agg.ps = p.period_start
             ORDER BY 1, 2
        $q$, v_fn, v_bucket, v_filter)
        USING p_target.la_id, p_from, p_to, p_period, p_buckets, p_target.area_ids,
              COALESCE(p_target.negate, false);
    END IF;
END
$fn$;

-- The population aged 0-17 of (the areas in plus) minus (the areas in minus) for the mid-year
-- want, or if some area has no estimate for it, the latest earlier year for which every area has
-- one. For each (area, year) the estimate loaded last is used (the newest vintage); vintage lists
-- the vintages used.
CREATE FUNCTION fgc.population_for(plus bigint[], minus bigint[], want integer)
RETURNS TABLE(year integer, population bigint, vintage text)
LANGUAGE sql STABLE AS $$
    WITH latest AS (
        SELECT DISTINCT ON (p.area_id, p.year) p.area_id, p.year, p.population_0_17, p.vintage
          FROM fgc.area_populations p
         WHERE p.area_id = ANY (COALESCE($1, '{}') || COALESCE($2, '{}'))
           AND p.year <= $3
         ORDER BY p.area_id, p.year, p.loaded_at DESC, p.vintage DESC
    )
    SELECT l.year,
           sum(CASE WHEN l.area_id = ANY ($1) THEN l.population_0_17 ELSE -l.population_0_17 END)::bigint,
           string_agg(DISTINCT l.vintage, ', ' ORDER BY l.vintage)
      FROM latest l
     GROUP BY l.year
    HAVING count(*) = (SELECT count(DISTINCT a) FROM unnest(COALESCE($1, '{}') || COALESCE($2, '{}')) AS a)
     ORDER BY l.year DESC
     LIMIT 1
$$;

-- Values for every bucket and period, with disclosure control.
--
-- value: count -> the numerator; rate -> numerator / population x factor; percentage ->
-- numerator / denominator x factor; median -> the median (numerator NULL, denominator the number
-- of cases); rounded half up (fgc.ratio_half_up). Rates use the population of the mid-year
-- before the end of the reporting year containing the period's end (fgc.population_for).
--
-- Disclosure control (p_suppress), per period over the buckets (areas that add up to a total):
--   primary    a count of 1 to 5 (the numerator; for percentages and medians also the
--              denominator) is suppressed, and so is every value derived from it;
--   secondary  when exactly one bucket of a period is suppressed and there are others, the
--              bucket with the next smallest count is suppressed too (a non-zero count before a
--              zero; ties by area code), so that the first cannot be worked out from the total.
-- p_round10 rounds the counts shown (numerators; denominators that are counts) to the nearest
-- 10; values are still worked out from the exact counts.
CREATE FUNCTION fgc.indicator_results(p_ind fgc.indicators, p_target fgc.indicator_target,
                                      p_buckets fgc.indicator_bucket[], p_period text,
                                      p_from date, p_to date, p_suppress boolean, p_round10 boolean)
RETURNS TABLE(bucket bigint, period_start date, period_end date, numerator bigint,
              denominator bigint, value numeric, pop_year integer, pop_vintage text,
              pop_value bigint, suppressed boolean)
LANGUAGE sql STABLE AS $$
    WITH b AS (
        SELECT u.bucket, u.label->>'code' AS code, u.pop_plus, u.pop_minus FROM unnest(p_buckets) AS u
    ), r AS (
        SELECT * FROM fgc.indicator_compute(p_ind.measure, p_ind.kind, p_target,
                                            ARRAY(SELECT b.bucket FROM b), p_period, p_from, p_to)
    ), wanted AS (
        SELECT DISTINCT r.bucket, fgc.reporting_year_end(r.period_end) - 1 AS want
          FROM r
         WHERE p_ind.statistic = 'rate'
    ), pops AS (
        SELECT w.bucket, w.want, pp.year, pp.population, pp.vintage
          FROM wanted w
          JOIN b ON b.bucket = w.bucket
          LEFT JOIN LATERAL fgc.population_for(b.pop_plus, b.pop_minus, w.want) pp ON true
    ), v AS (
        SELECT r.bucket, b.code, r.period_start, r.period_end,
               CASE WHEN p_ind.statistic = 'median' THEN NULL ELSE r.numerator END AS num,
               CASE p_ind.statistic WHEN 'rate' THEN pops.population
                                    WHEN 'count' THEN NULL
                                    ELSE r.denominator END AS den,
               CASE p_ind.statistic
                   WHEN 'count' THEN r.numerator::numeric
                   WHEN 'rate' THEN fgc.ratio_half_up(r.numerator, pops.population, p_ind.factor, p_ind.rounding)
                   WHEN 'percentage' THEN fgc.ratio_half_up(r.numerator, r.denominator, p_ind.factor, p_ind.rounding)
                   WHEN 'median' THEN round(r.median, p_ind.rounding)
               END AS val,
               pops.year, pops.vintage, pops.population
          FROM r
          JOIN b ON b.bucket = r.bucket
          LEFT JOIN pops ON pops.bucket = r.bucket
                        AND pops.want = fgc.reporting_year_end(r.period_end) - 1
    ), f AS (
        SELECT v.*,
               COALESCE(v.num BETWEEN 1 AND 5
                        OR (p_ind.statistic IN ('percentage', 'median') AND v.den BETWEEN 1 AND 5),
                        false) AS primary_s,
               COALESCE(v.num, v.den, 0) AS size
          FROM v
         WHERE p_suppress
    ), g AS (
        SELECT f.*,
               count(*) FILTER (WHERE f.primary_s) OVER (PARTITION BY f.period_start) AS n_primary,
               count(*) OVER (PARTITION BY f.period_start) AS n_set,
               row_number() OVER (PARTITION BY f.period_start, f.primary_s
                                  ORDER BY (f.size = 0), f.size, f.code, f.bucket) AS rank_s
          FROM f
    ), s AS (
        -- Without disclosure control the windows above are not needed (a one-time filter
        -- skips them).
        SELECT g.bucket, g.period_start, g.period_end, g.num, g.den, g.val, g.year, g.vintage,
               g.population, g.primary_s OR (g.n_primary = 1 AND g.n_set > 1 AND g.rank_s = 1) AS supp
          FROM g
        UNION ALL
        SELECT v.bucket, v.period_start, v.period_end, v.num, v.den, v.val, v.year, v.vintage,
               v.population, false
          FROM v
         WHERE NOT p_suppress
    )
    SELECT s.bucket, s.period_start, s.period_end,
           CASE WHEN s.supp THEN NULL WHEN p_round10 THEN fgc.round10(s.num) ELSE s.num END,
           CASE WHEN s.supp AND p_ind.statistic <> 'rate' THEN NULL
                WHEN p_round10 AND p_ind.statistic <> 'rate' THEN fgc.round10(s.den)
                ELSE s.den END,
           CASE WHEN s.supp THEN NULL
                WHEN p_round10 AND p_ind.statistic = 'count' THEN fgc.round10(s.num)::numeric
                ELSE s.val END,
           s.year, s.vintage, s.population, s.supp
      FROM s
$$;

-- ---------------------------------------------------------------------------
-- Resolving the request: indicator, areas, periods
-- ---------------------------------------------------------------------------

-- The indicator named by args.indicator, if the caller may read its values (FG404 / FG403).
CREATE FUNCTION fgc.indicator_for_reading(ctx jsonb, args jsonb)
RETURNS fgc.indicators
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_ind fgc.indicators;
BEGIN
    SELECT * INTO v_ind FROM fgc.indicators WHERE id = fgc.arg_text(args, 'indicator');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no indicator with that id. GET /api/v1/indicators lists them.');
    END IF;
    IF fgc.ctx_role(ctx) IS NULL OR NOT fgc.ctx_role(ctx) = ANY (v_ind.readers) THEN
        PERFORM api.fail('FG403', format('As %s you may not read the values of %s.',
                                         fgc.role_phrase(fgc.ctx_role(ctx)), v_ind.id));
    END IF;
    RETURN v_ind;
END
$$;

CREATE FUNCTION fgc.area_label(a fgc.areas)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('code', a.code, 'name', a.name, 'kind', a.kind)
        || CASE WHEN a.parent_id IS NOT NULL
                THEN jsonb_build_object('local_authority', (SELECT p.code FROM fgc.areas p WHERE p.id = a.parent_id))
                ELSE '{}'::jsonb END
$$;

-- The area group named by id (all digits) or by name (any case); FG422 on field when unknown.
CREATE FUNCTION fgc.resolve_area_group(ref text, field text)
RETURNS fgc.area_groups
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_group fgc.area_groups;
BEGIN
    IF ref ~ '^[0-9]{1,18}$' THEN
        SELECT * INTO v_group FROM fgc.area_groups WHERE id = ref::bigint;
    ELSE
        SELECT * INTO v_group FROM fgc.area_groups WHERE lower(name) = lower(btrim(ref));
    END IF;
    IF v_group.id IS NULL THEN
        PERFORM fgc.field_error(field, format('There is no area group %s.', ref));
    END IF;
    RETURN v_group;
END
$$;

-- What to count and how to split it, from args: area (code), group (id or name),
-- compare ('rest'), areas ('all-clusters' with area = an authority, or 'all-authorities').
CREATE FUNCTION fgc.indicator_scope(args jsonb, OUT target fgc.indicator_target,
                                    OUT buckets fgc.indicator_bucket[], OUT whole jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_code text := upper(fgc.arg_text(args, 'area'));
    v_group_ref text := fgc.arg_text(args, 'group');
    v_compare text := fgc.arg_text(args, 'compare');
    v_areas text := fgc.arg_text(args, 'areas');
    v_area fgc.areas;
    v_la fgc.areas;
    v_group fgc.area_groups;
    v_members bigint[];
    v_label jsonb;
BEGIN
    IF v_compare IS NOT NULL AND v_compare <> 'rest' THEN
        PERFORM fgc.field_error('compare', 'Compare must be rest.');
    END IF;
    IF v_areas IS NOT NULL AND v_areas NOT IN ('all-clusters', 'all-authorities') THEN
        PERFORM fgc.field_error('areas', 'Areas must be all-clusters or all-authorities.');
    END IF;
    IF v_areas IS NOT NULL AND (v_compare IS NOT NULL OR v_group_ref IS NOT NULL) THEN
        PERFORM fgc.field_error('areas', 'Areas cannot be combined with group or compare.');
    END IF;
    IF v_code IS NOT NULL AND v_group_ref IS NOT NULL THEN
        PERFORM fgc.field_error('group', 'Give either an area or a group, not both.');
    END IF;

    IF v_areas = 'all-authorities' THEN
        IF v_code IS NOT NULL THEN
            PERFORM fgc.field_error('area', 'Leave out area with areas=all-authorities.');
        END IF;
        target := ROW(NULL, NULL, false, 'authority')::fgc.indicator_target;
        buckets := ARRAY(SELECT ROW(a.id, fgc.area_label(a), ARRAY[a.id], '{}'::bigint[])::fgc.indicator_bucket
                           FROM fgc.areas a WHERE a.kind = 'local_authority' ORDER BY a.code);
        whole := NULL;
        RETURN;
    END IF;

    IF v_code IS NULL AND v_group_ref IS NULL THEN
        PERFORM fgc.field_error('area', 'Give an area (the code of a local authority or cluster) or a group.');
    END IF;

    IF v_group_ref IS NOT NULL THEN
        v_group := fgc.resolve_area_group(v_group_ref, 'group');
        SELECT * INTO v_la FROM fgc.areas WHERE id = v_group.local_authority_id;
        v_members := ARRAY(SELECT m.area_id FROM fgc.area_group_members m WHERE m.group_id = v_group.id ORDER BY 1);
        v_label := jsonb_build_object('kind', 'group', 'id', v_group.id, 'name', v_group.name,
                                      'code', 'group-' || v_group.id, 'local_authority', v_la.code,
                                      'clusters', (SELECT jsonb_agg(a.code ORDER BY a.code)
                                                     FROM fgc.areas a WHERE a.id = ANY (v_members)));
    ELSE
        SELECT * INTO v_area FROM fgc.areas WHERE code = v_code;
        IF NOT FOUND THEN
            PERFORM fgc.field_error('area', format('There is no area with the code %s.', v_code));
        END IF;
        IF v_area.kind = 'cluster' THEN
            SELECT * INTO v_la FROM fgc.areas WHERE id = v_area.parent_id;
            v_members := ARRAY[v_area.id];
        ELSE
            v_la := v_area;
        END IF;
        v_label := fgc.area_label(v_area);
    END IF;
    whole := fgc.area_label(v_la);

    IF v_areas = 'all-clusters' THEN
        IF v_area.kind IS DISTINCT FROM 'local_authority' THEN
            PERFORM fgc.field_error('area', 'With areas=all-clusters, give the code of a local authority.');
        END IF;
        target := ROW(v_la.id, NULL, false, 'area')::fgc.indicator_target;
        -- Every cluster, then the children known only at the authority's level, so that the
        -- buckets add up to the authority (which disclosure control relies on).
        buckets := ARRAY(SELECT ROW(a.id, fgc.area_label(a), ARRAY[a.id], '{}'::bigint[])::fgc.indicator_bucket
                           FROM fgc.areas a WHERE a.parent_id = v_la.id ORDER BY a.code)
                   || ROW(v_la.id, jsonb_build_object('code', v_la.code, 'name',
                              format('%s: not assigned to a cluster', v_la.name), 'kind', 'unassigned',
                              'local_authority', v_la.code),
                          '{}'::bigint[], '{}'::bigint[])::fgc.indicator_bucket;
    ELSIF v_compare = 'rest' THEN
        IF v_members IS NULL THEN
            PERFORM fgc.field_error('compare', 'Compare with the rest needs a cluster or a group, not a whole authority.');
        END IF;
        target := ROW(v_la.id, v_members, false, 'compare')::fgc.indicator_target;
        buckets := ARRAY[
            ROW(1, v_label, v_members, '{}'::bigint[])::fgc.indicator_bucket,
            ROW(2, jsonb_build_object('kind', 'rest', 'code', v_la.code || '-rest',
                                      'name', format('%s outside %s', v_la.name, v_label->>'name'),
                                      'local_authority', v_la.code),
                ARRAY[v_la.id], v_members)::fgc.indicator_bucket];
    ELSIF v_members IS NULL THEN
        target := ROW(v_la.id, NULL, false, 'one')::fgc.indicator_target;
        buckets := ARRAY[ROW(0, v_label, ARRAY[v_la.id], '{}'::bigint[])::fgc.indicator_bucket];
    ELSE
        target := ROW(v_la.id, v_members, false, 'one')::fgc.indicator_target;
        buckets := ARRAY[ROW(0, v_label, v_members, '{}'::bigint[])::fgc.indicator_bucket];
    END IF;
END
$$;

-- Whether values are suppressed: as asked (default no), and always for social workers, who see
-- aggregates only and often know the families behind a small number in their own cluster.
CREATE FUNCTION fgc.indicator_suppress(ctx jsonb, args jsonb)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(fgc.arg_bool($2, 'suppress'), false) OR fgc.ctx_role($1) = 'social_worker'
$$;

-- One point of a result as JSON (json rather than jsonb: a series has thousands of points, and
-- building json text, then converting the whole body once, is about twice as fast). Suppressed
-- figures become "c"; a rate carries the population it was worked out with.
CREATE FUNCTION fgc.indicator_point(period_start date, period_end date, statistic text,
                                    numerator bigint, denominator bigint, value numeric,
                                    pop_year integer, pop_vintage text, pop_value bigint,
                                    suppressed boolean)
RETURNS json
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN $3 = 'rate' THEN
        json_build_object(
            'period_start', $1, 'period_end', $2,
            'value', CASE WHEN $10 THEN '"c"'::json ELSE to_json($6) END,
            'numerator', CASE WHEN $10 THEN '"c"'::json ELSE to_json($4) END,
            'denominator', $5,
            'suppressed', $10,
            'population', CASE WHEN $7 IS NULL THEN NULL
                               ELSE json_build_object('year', $7, 'vintage', $8, 'value', $9) END)
    ELSE
        json_build_object(
            'period_start', $1, 'period_end', $2,
            'value', CASE WHEN $10 THEN '"c"'::json ELSE to_json($6) END,
            'numerator', CASE WHEN $10 AND $3 <> 'median' THEN '"c"'::json ELSE to_json($4) END,
            'denominator', CASE WHEN $10 AND $3 IN ('percentage', 'median') THEN '"c"'::json ELSE to_json($5) END,
            'suppressed', $10)
    END
$$;

CREATE FUNCTION fgc.indicator_json(i fgc.indicators, ctx jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', i.id, 'name', i.name, 'definition', i.definition, 'source', i.source,
        'kind', i.kind, 'statistic', i.statistic, 'numerator', i.numerator,
        'denominator', i.denominator, 'factor', i.factor, 'rounding', i.rounding,
        'lower_is_better', i.lower_is_better, 'unit', i.unit,
        'measure', i.measure::text,
        'readable', COALESCE(fgc.ctx_role(ctx) = ANY (i.readers), false))
$$;

-- ---------------------------------------------------------------------------
-- API: indicators
-- ---------------------------------------------------------------------------

-- The catalogue. Every signed-in role may read it (values are checked per indicator).
CREATE FUNCTION api.indicator_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT api.ok(jsonb_build_object(
        'items', COALESCE((SELECT jsonb_agg(fgc.indicator_json(i, ctx) ORDER BY i.position)
                             FROM fgc.indicators i), '[]'::jsonb),
        'next_cursor', NULL))
$$;

-- args: indicator; area (code) or group (id or name) [compare=rest]; at (date) or year
-- (reporting year ending 31 March) or from and to; suppress, round10.
-- Snapshots are taken at: at; 31 March of year; to; or today. Flows cover: from..to; the
-- reporting year; the reporting year to date of at; or the reporting year to date.
CREATE FUNCTION api.indicator_value(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_ind fgc.indicators := fgc.indicator_for_reading(ctx, args);
    v_scope record;
    v_at date := fgc.arg_date(args, 'at');
    v_year integer := fgc.arg_int(args, 'year');
    v_from date := fgc.arg_date(args, 'from');
    v_to date := fgc.arg_date(args, 'to');
    v_suppress boolean := fgc.indicator_suppress(ctx, args);
    v_round10 boolean := COALESCE(fgc.arg_bool(args, 'round10'), false);
    v_period jsonb;
    v_rows jsonb;
    v_body jsonb;
BEGIN
    IF v_year IS NOT NULL AND (v_year < 1972 OR v_year > 2100) THEN
        PERFORM fgc.field_error('year', 'Year is the year of the 31 March that ends the reporting year, such as 2025.');
    END IF;
    IF (v_at IS NOT NULL)::int + (v_year IS NOT NULL)::int + (v_from IS NOT NULL OR v_to IS NOT NULL)::int > 1 THEN
        PERFORM fgc.field_error('at', 'Give one of at, year, or from and to.');
    END IF;
    IF (v_from IS NULL) <> (v_to IS NULL) THEN
        PERFORM fgc.field_error(CASE WHEN v_from IS NULL THEN 'from' ELSE 'to' END, 'Give both from and to.');
    END IF;
    IF v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    IF fgc.arg_text(args, 'areas') IS NOT NULL THEN
        PERFORM fgc.field_error('areas', 'Every area''s values at once come from the series endpoint.');
    END IF;
    v_scope := fgc.indicator_scope(args);

    IF v_ind.kind = 'snapshot' THEN
        v_at := COALESCE(v_at, make_date(v_year, 3, 31), v_to, fgc.today());
        v_from := v_at;
        v_to := v_at;
        v_period := jsonb_build_object('at', v_at);
    ELSE
        IF v_year IS NOT NULL THEN
            v_from := make_date(v_year - 1, 4, 1);
            v_to := make_date(v_year, 3, 31);
        ELSIF v_from IS NULL THEN
            v_to := COALESCE(v_at, fgc.today());
            v_from := make_date(fgc.reporting_year_end(v_to) - 1, 4, 1);
        END IF;
        v_period := jsonb_build_object('period', jsonb_build_object('from', v_from, 'to', v_to));
    END IF;

    SELECT jsonb_agg(jsonb_build_object('area', b.label)
                     || (fgc.indicator_point(NULL, NULL, v_ind.statistic, r.numerator, r.denominator,
                                             r.value, r.pop_year, r.pop_vintage, r.pop_value,
                                             r.suppressed)::jsonb - 'period_start' - 'period_end')
                     ORDER BY b.ord)
      INTO v_rows
      FROM fgc.indicator_results(v_ind, v_scope.target, v_scope.buckets, 'custom', v_from, v_to,
                                 v_suppress, v_round10) r
      JOIN unnest(v_scope.buckets) WITH ORDINALITY AS b(bucket, label, pop_plus, pop_minus, ord)
        ON b.bucket = r.bucket;

    v_body := jsonb_build_object('indicator', v_ind.id, 'name', v_ind.name, 'unit', v_ind.unit,
                                 'statistic', v_ind.statistic, 'disclosure_control', v_suppress,
                                 'rounded_to_10', v_round10)
              || v_period || (v_rows->0);
    IF jsonb_array_length(v_rows) > 1 THEN
        v_body := v_body || jsonb_build_object('compare', v_rows->1);
    END IF;
    RETURN api.ok(v_body);
END
$$;

-- args: indicator; area or group [compare=rest] or areas (all-clusters with area = an authority,
-- or all-authorities); from, to (default: the 52 weeks to today); period (week, month, quarter,
-- year; default week); suppress, round10. Snapshots are taken at each period's end; flows are
-- counted within each period. Periods are whole, so the first and last may reach outside from and to.
CREATE FUNCTION api.indicator_series(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_ind fgc.indicators := fgc.indicator_for_reading(ctx, args);
    v_scope record;
    v_period text := COALESCE(fgc.arg_text(args, 'period'), 'week');
    v_to date := COALESCE(fgc.arg_date(args, 'to'), fgc.today());
    v_from date := COALESCE(fgc.arg_date(args, 'from'), fgc.arg_date(args, 'to') - 363, fgc.today() - 363);
    v_suppress boolean := fgc.indicator_suppress(ctx, args);
    v_round10 boolean := COALESCE(fgc.arg_bool(args, 'round10'), false);
    v_count integer;
    v_series jsonb;
    v_body jsonb;
BEGIN
    IF v_period NOT IN ('week', 'month', 'quarter', 'year') THEN
        PERFORM fgc.field_error('period', 'Period must be week, month, quarter or year.');
    END IF;
    IF v_to < v_from THEN
        PERFORM fgc.field_error('to', 'The end date must not be before the start date.');
    END IF;
    v_from := fgc.period_start(v_period, v_from, v_from);
    v_to := fgc.period_end(v_period, fgc.period_start(v_period, v_to, v_to));
    SELECT count(*) INTO v_count FROM fgc.periods(v_period, v_from, v_to);
    IF v_count > 1100 THEN
        PERFORM fgc.field_error('from', format('That is %s periods; ask for 1,100 or fewer (21 years of weeks).', v_count));
    END IF;
    v_scope := fgc.indicator_scope(args);

    -- Points are built as json text and the body is converted to jsonb once (see
    -- fgc.indicator_point).
    SELECT json_agg(json_build_object('area', b.label, 'points', s.points) ORDER BY b.ord)
      INTO v_series
      FROM (SELECT r.bucket,
                   json_agg(fgc.indicator_point(r.period_start, r.period_end, v_ind.statistic,
                                                r.numerator, r.denominator, r.value, r.pop_year,
                                                r.pop_vintage, r.pop_value, r.suppressed)
                            ORDER BY r.period_start) AS points
              FROM fgc.indicator_results(v_ind, v_scope.target, v_scope.buckets, v_period, v_from, v_to,
                                         v_suppress, v_round10) r
             GROUP BY r.bucket) s
      JOIN unnest(v_scope.buckets) WITH ORDINALITY AS b(bucket, label, pop_plus, pop_minus, ord)
        ON b.bucket = s.bucket;

    v_body := jsonb_build_object('indicator', v_ind.id, 'name', v_ind.name, 'unit', v_ind.unit,
                                 'statistic', v_ind.statistic, 'kind', v_ind.kind, 'period', v_period,
                                 'from', v_from, 'to', v_to, 'disclosure_control', v_suppress,
                                 'rounded_to_10', v_round10);
    IF (v_scope.target).mode = 'one' THEN
        v_body := v_body || jsonb_build_object('area', v_series->0->'area', 'points', v_series->0->'points');
    ELSE
        v_body := v_body || jsonb_build_object('area', v_scope.whole, 'series', COALESCE(v_series::jsonb, '[]'::jsonb));
    END IF;
    RETURN api.ok(v_body);
END
$$;

-- ---------------------------------------------------------------------------
-- API: area groups
-- ---------------------------------------------------------------------------

CREATE FUNCTION fgc.area_group_json(g fgc.area_groups)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', g.id,
        'name', g.name,
        'description', g.description,
        'local_authority', (SELECT a.code FROM fgc.areas a WHERE a.id = g.local_authority_id),
        'clusters', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', a.id, 'code', a.code, 'name', a.name)
                                               ORDER BY a.code)
                                FROM fgc.area_group_members m
                                JOIN fgc.areas a ON a.id = m.area_id
                               WHERE m.group_id = g.id), '[]'::jsonb),
        'version', g.version,
        'created_at', g.created_at,
        'updated_at', g.updated_at)
$$;

-- The members named by args: cluster_ids (ids) or clusters (codes). Every one must be a cluster,
-- all of the same authority, at least one. Returns the ids and the authority; FG422 otherwise.
CREATE FUNCTION fgc.area_group_members_from(args jsonb, OUT ids bigint[], OUT la_id bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_field text := CASE WHEN args ? 'clusters' THEN 'clusters' ELSE 'cluster_ids' END;
    v_refs jsonb := args->v_field;
    v_missing text;
    v_count integer;
BEGIN
    IF v_refs IS NULL OR jsonb_typeof(v_refs) <> 'array' OR jsonb_array_length(v_refs) = 0 THEN
        PERFORM fgc.field_error(v_field, 'Give the clusters in the group (at least one).');
    END IF;
    IF jsonb_array_length(v_refs) > 500 THEN
        PERFORM fgc.field_error(v_field, 'A group has at most 500 clusters.');
    END IF;
    IF v_field = 'clusters' THEN
        SELECT string_agg(r, ', ') INTO v_missing
          FROM jsonb_array_elements_text(v_refs) AS r
         WHERE NOT EXISTS (SELECT 1 FROM fgc.areas a WHERE a.code = upper(r) AND a.kind = 'cluster');
        ids := ARRAY(SELECT DISTINCT a.id FROM jsonb_array_elements_text(v_refs) AS r
                       JOIN fgc.areas a ON a.code = upper(r) ORDER BY 1);
    ELSE
        SELECT string_agg(r, ', ') INTO v_missing
          FROM jsonb_array_elements_text(v_refs) AS r
         WHERE r !~ '^[0-9]{1,18}$'
            OR NOT EXISTS (SELECT 1 FROM fgc.areas a WHERE a.id = r::bigint AND a.kind = 'cluster');
        IF v_missing IS NULL THEN
            ids := ARRAY(SELECT DISTINCT r::bigint FROM jsonb_array_elements_text(v_refs) AS r ORDER BY 1);
        END IF;
    END IF;
    IF v_missing IS NOT NULL THEN
        PERFORM fgc.field_error(v_field, format('These are not clusters: %s.', v_missing));
    END IF;
    SELECT count(DISTINCT a.parent_id), min(a.parent_id) INTO v_count, la_id
      FROM fgc.areas a WHERE a.id = ANY (ids);
    IF v_count <> 1 THEN
        PERFORM fgc.field_error(v_field, 'The clusters of a group must all belong to one local authority.');
    END IF;
END
$$;

-- FG422 unless name can name a group: 1 to 200 characters, not only digits (ids are).
CREATE FUNCTION fgc.check_area_group_name(name text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF $1 IS NULL OR length($1) > 200 THEN
        PERFORM fgc.field_error('name', 'Enter a name for the group (up to 200 characters).');
    ELSIF $1 ~ '^[0-9]+$' THEN
        PERFORM fgc.field_error('name', 'A group''s name cannot be only digits (ids are written that way).');
    END IF;
END
$$;

CREATE FUNCTION fgc.area_group_set_members(group_id bigint, ids bigint[])
RETURNS void
LANGUAGE sql AS $$
    DELETE FROM fgc.area_group_members m WHERE m.group_id = $1 AND NOT m.area_id = ANY ($2);
    INSERT INTO fgc.area_group_members (group_id, area_id)
    SELECT $1, a FROM unnest($2) AS a
    ON CONFLICT DO NOTHING;
$$;

-- args: name, description, cluster_ids (or clusters: codes).
CREATE FUNCTION api.area_group_create(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_name text := fgc.arg_text(args, 'name');
    v_members record;
    v_group fgc.area_groups;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'create area groups');
    PERFORM fgc.check_area_group_name(v_name);
    v_members := fgc.area_group_members_from(args);
    INSERT INTO fgc.area_groups (name, description, local_authority_id)
    VALUES (v_name, fgc.arg_text(args, 'description'), v_members.la_id)
    ON CONFLICT DO NOTHING
    RETURNING * INTO v_group;
    IF NOT FOUND THEN
        PERFORM api.fail('FG409', format('An area group called %s already exists.', v_name));
    END IF;
    PERFORM fgc.area_group_set_members(v_group.id, v_members.ids);
    RETURN api.ok(fgc.area_group_json(v_group), 201, '/api/v1/area-groups/' || v_group.id);
END
$$;

-- args: cursor, limit. Readers of indicators need the groups to choose one.
CREATE FUNCTION api.area_group_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_limit integer := fgc.page_limit(args);
    v_after bigint := fgc.cursor_decode(args->>'cursor');
    v_items jsonb;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst', 'fgc_coordinator', 'social_worker'],
                             'list area groups');
    SELECT jsonb_agg(s.j ORDER BY s.id) INTO v_items
      FROM (SELECT g.id, fgc.area_group_json(g) AS j
              FROM fgc.area_groups g
             WHERE v_after IS NULL OR g.id > v_after
             ORDER BY g.id
             LIMIT v_limit + 1) s;
    RETURN api.ok(fgc.page(v_items, v_limit));
END
$$;

-- args: id
CREATE FUNCTION api.area_group_get(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_group fgc.area_groups;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin', 'manager', 'data_analyst', 'fgc_coordinator', 'social_worker'],
                             'see area groups');
    SELECT * INTO v_group FROM fgc.area_groups WHERE id = fgc.arg_bigint(args, 'id');
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such area group.');
    END IF;
    RETURN api.ok(fgc.area_group_json(v_group));
END
$$;

-- args: id; any of name, description (null to clear), cluster_ids or clusters (replace the
-- members). If-Match.
CREATE FUNCTION api.area_group_update(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_group fgc.area_groups;
    v_name text;
    v_members record;
    v_la bigint;
BEGIN
    PERFORM fgc.require_role(ctx, ARRAY['admin'], 'change area groups');
    SELECT * INTO v_group FROM fgc.area_groups WHERE id = fgc.arg_bigint(args, 'id') FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM api.fail('FG404', 'There is no such area group.');
    END IF;
    PERFORM fgc.check_version(ctx, v_group.version);
    v_name := CASE WHEN args ? 'name' THEN fgc.arg_text(args, 'name') ELSE v_group.name END;
    PERFORM fgc.check_area_group_name(v_name);
    IF EXISTS (SELECT 1 FROM fgc.area_groups g WHERE lower(g.name) = lower(v_name) AND g.id <> v_group.id) THEN
        PERFORM api.fail('FG409', format('An area group called %s already exists.', v_name));
    END IF;
    IF args ? 'cluster_ids' OR args ? 'clusters' THEN
        v_members := fgc.area_group_members_from(args);
        v_la := v_members.la_id;
        PERFORM fgc.area_group_set_members(v_group.id, v_members.ids);
    END IF;
    UPDATE fgc.area_groups SET
        name = v_name,
        description = CASE WHEN args ? 'description' THEN fgc.arg_text(args, 'description') ELSE description END,
        local_authority_id = COALESCE(v_la, local_authority_id)
     WHERE id = v_group.id
    RETURNING * INTO v_group;
    RETURN api.ok(fgc.area_group_json(v_group));
END
$$;
