-- Deterministic synthetic status history at Leeds scale per authority (psql -v scale=N for N authorities) for bench/indicators_bench.sh.
--
-- Per authority (one "Leeds"): 25 clusters, six of them holding half of the children; ONS-style
-- populations for 2018 to 2025 (about 176,000 children, two vintages of 2023); 50,000 children;
-- about 64,000 CIN episodes referred from mid-2019 to March 2025 (about 11,500 a year, a fifth
-- of them re-referrals, about 5,900 open at a date, 30% with domestic abuse as a factor); about
-- 4,900 looked-after episodes (about 1,500 looked after at a date, X1 changes of episode, some
-- short breaks); about 3,500 child protection plans (about 450 open at a date).
--
-- setseed makes every run produce the same data. The rows are written straight into the record
-- and current tables with the row triggers switched off for the load (the triggers do the same
-- work one row at a time, which would take minutes at national scale), then switched back on.
-- Only for a throwaway benchmark database.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

SELECT setseed(0.20160401);

ALTER TABLE fgc.children DISABLE TRIGGER USER;
ALTER TABLE fgc.cin_episode_records DISABLE TRIGGER USER;
ALTER TABLE fgc.cla_episode_records DISABLE TRIGGER USER;
ALTER TABLE fgc.cpp_records DISABLE TRIGGER USER;
ALTER TABLE fgc.areas DISABLE TRIGGER USER;
ALTER TABLE fgc.area_populations DISABLE TRIGGER USER;

-- Authorities and clusters. The first authority is called Leeds and has Leeds's ONS code.
INSERT INTO fgc.areas (code, name, kind)
SELECT CASE WHEN a = 1 THEN 'E08000035' ELSE format('E9%s', lpad(a::text, 7, '0')) END,
       CASE WHEN a = 1 THEN 'Leeds (synthetic)' ELSE format('Synthetic authority %s', a) END,
       'local_authority'
  FROM generate_series(1, :scale) AS a;

CREATE TEMP TABLE bench_la AS
SELECT a.id, row_number() OVER (ORDER BY a.code = 'E08000035' DESC, a.code) AS n
  FROM fgc.areas a WHERE a.kind = 'local_authority';

INSERT INTO fgc.areas (code, name, kind, parent_id)
SELECT format('L%s-C%s', l.n, lpad(c::text, 2, '0')), format('Cluster %s of authority %s', c, l.n),
       'cluster', l.id
  FROM bench_la l CROSS JOIN generate_series(1, 25) AS c;

CREATE TEMP TABLE bench_cluster AS
SELECT a.id, a.parent_id AS la_id, split_part(a.code, '-C', 2)::int AS c
  FROM fgc.areas a WHERE a.kind = 'cluster' AND a.code ~ '^L[0-9]+-C[0-9]{2}$';
CREATE INDEX ON bench_cluster (la_id, c);

-- Populations: clusters of 5,000 to 9,000 children growing 0.5% a year; the authority is the
-- sum. 2023 has a first estimate and a revision loaded later (the revision must win).
INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at)
SELECT b.id, y, (b.base * (1 + 0.005 * (y - 2018)))::int, format('mid-%s (June %s)', y, y + 1),
       make_date(y + 1, 6, 30)
  FROM (SELECT id, 5000 + (random() * 4000)::int AS base FROM bench_cluster) b
 CROSS JOIN generate_series(2018, 2025) AS y;
INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at)
SELECT p.area_id, 2023, p.population_0_17 + 37, 'mid-2023 revised (October 2025)', '2025-10-01'
  FROM fgc.area_populations p JOIN bench_cluster b ON b.id = p.area_id
 WHERE p.year = 2023;
INSERT INTO fgc.area_populations (area_id, year, population_0_17, vintage, loaded_at)
SELECT b.la_id, p.year, sum(p.population_0_17), p.vintage, max(p.loaded_at)
  FROM fgc.area_populations p JOIN bench_cluster b ON b.id = p.area_id
 GROUP BY b.la_id, p.year, p.vintage;

-- Children: 50,000 per authority; half in clusters 1 to 6.
CREATE TEMP TABLE bench_child AS
SELECT (SELECT COALESCE(max(id), 0) FROM fgc.children) + row_number() OVER (ORDER BY l.n, k) AS id,
       l.id AS la_id, k,
       CASE WHEN random() < 0.5 THEN 1 + floor(random() * 6)::int ELSE 7 + floor(random() * 19)::int END AS c
  FROM bench_la l CROSS JOIN generate_series(1, 50000) AS k;

INSERT INTO fgc.children (id, date_of_birth, sex, ethnicity, area_id, local_authority_id, la_child_id)
SELECT ch.id, DATE '2007-04-01' + (random() * 6200)::int, 1 + (random() < 0.5)::int, 'WBRI',
       bc.id, ch.la_id, 'B' || ch.k
  FROM bench_child ch JOIN bench_cluster bc ON bc.la_id = ch.la_id AND bc.c = ch.c;
SELECT setval(pg_get_serial_sequence('fgc.children', 'id'), (SELECT max(id) FROM fgc.children));

-- CIN episodes: the first 48,000 children of each authority are referred 1 to 4 times. The
-- first referral falls between June 2019 and March 2025; 30% end in no further action within
-- 3 days; the rest last about 265 days on average; the next referral comes about 120 days after
-- the previous episode closed. Episodes closing after June 2025 are still open.
CREATE TEMP TABLE bench_cin AS
WITH kids AS (
    SELECT ch.id AS child_id,
           DATE '2019-06-01' + (random() * 2130)::int AS first_date,
           CASE WHEN random() < 0.70 THEN 1 WHEN random() < 0.67 THEN 2
                WHEN random() < 0.70 THEN 3 ELSE 4 END AS k
      FROM bench_child ch WHERE ch.k <= 48000
), eps AS (
    SELECT kd.child_id, kd.first_date, i,
           random() < 0.30 AS nfa,
           -ln(1 - random()) AS u_dur,
           -ln(1 - random()) AS u_gap,
           random() AS u_da
      FROM kids kd CROSS JOIN LATERAL generate_series(1, kd.k) AS i
), lens AS (
    SELECT e.*,
           CASE WHEN e.nfa THEN (random() * 3)::int ELSE 1 + (e.u_dur * 265)::int END AS dur,
           1 + (e.u_gap * 120)::int AS gap
      FROM eps e
), dated AS (
    SELECT l.*,
           l.first_date + (COALESCE(sum(l.dur + l.gap) OVER (PARTITION BY l.child_id ORDER BY l.i
                                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))::int
               AS referral_date
      FROM lens l
)
SELECT nextval('fgc.episode_ids') AS episode_id, d.child_id, d.referral_date,
       CASE WHEN d.referral_date + d.dur > DATE '2025-06-30' THEN NULL ELSE d.referral_date + d.dur END AS closure_date,
       d.nfa, d.u_da < 0.30 AS domestic_abuse
  FROM dated d
 WHERE d.referral_date <= DATE '2025-03-31';

INSERT INTO fgc.cin_episode_records (id, episode_id, child_id, referral_date, referral_source, primary_need,
                                     referral_nfa, closure_date, closure_reason, assessments, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.referral_date, '5A', 'N1', b.nfa, b.closure_date,
       CASE WHEN b.closure_date IS NULL THEN NULL WHEN b.nfa THEN 'RC8' ELSE 'RC7' END,
       CASE WHEN b.domestic_abuse THEN '[{"start_date": null, "factors": ["3B"]}]'::jsonb ELSE '[]'::jsonb END,
       'demo'
  FROM bench_cin b;
INSERT INTO fgc.cin_episodes (episode_id, record_id, child_id, referral_date, referral_source, primary_need,
                              referral_nfa, closure_date, closure_reason, domestic_abuse, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.referral_date, '5A', 'N1', b.nfa, b.closure_date,
       CASE WHEN b.closure_date IS NULL THEN NULL WHEN b.nfa THEN 'RC8' ELSE 'RC7' END,
       b.domestic_abuse, 'demo'
  FROM bench_cin b;

-- Looked-after periods of care: 1,500 per authority already looked after in April 2020
-- (started 2008 to March 2020) and 2,500 starting April 2020 to March 2025, lasting about three
-- years; a fifth of them change legal status or placement once (an X1 end and a new episode the
-- same day). Another 200 children have short breaks (V3).
CREATE TEMP TABLE bench_cla_period AS
WITH picked AS (
    -- 4,200 children of each authority, spread over the clusters
    SELECT ch.id, row_number() OVER (PARTITION BY ch.la_id ORDER BY ch.k) AS r
      FROM bench_child ch
     WHERE ch.k % 11 = 3
), started AS (
    SELECT p.id AS child_id, p.r,
           CASE WHEN p.r <= 1500 THEN DATE '2008-04-01' + (random() * 4382)::int
                ELSE DATE '2020-04-01' + (random() * 1825)::int END AS decom
      FROM picked p
)
SELECT s.child_id, s.decom,
       -- the children already looked after in April 2020 stay for another 1 month to 3 years
       CASE WHEN s.r <= 1500 THEN (DATE '2020-04-01' - s.decom) + 30 + (random() * 1100)::int
            ELSE 30 + (random() * 2160)::int END AS len,
       random() < 0.2 AS changes,
       random() AS u_split,
       s.r > 4000 AS short_break
  FROM started s
 WHERE s.r <= 4200;

CREATE TEMP TABLE bench_cla AS
WITH p AS (
    SELECT b.*, b.decom + b.len AS dec_all FROM bench_cla_period b
), firsts AS (
    SELECT p.child_id, p.decom,
           CASE WHEN p.changes THEN p.decom + greatest(1, (p.len * p.u_split)::int) ELSE p.dec_all END AS dec,
           CASE WHEN p.changes THEN 'X1' ELSE 'E4A' END AS rec,
           CASE WHEN p.short_break THEN 'V3' ELSE 'C2' END AS ls, 'S' AS rne
      FROM p
), seconds AS (
    SELECT p.child_id, p.decom + greatest(1, (p.len * p.u_split)::int) AS decom, p.dec_all AS dec,
           'E4A' AS rec, 'C2' AS ls, 'L' AS rne
      FROM p WHERE p.changes
)
SELECT nextval('fgc.episode_ids') AS episode_id, x.child_id, x.decom, x.rne, x.ls,
       CASE WHEN x.dec > DATE '2025-06-30' THEN NULL ELSE x.dec END AS dec,
       CASE WHEN x.dec > DATE '2025-06-30' THEN NULL ELSE x.rec END AS rec
  FROM (SELECT * FROM firsts UNION ALL SELECT * FROM seconds) x
 WHERE x.decom <= DATE '2025-06-30';

INSERT INTO fgc.cla_episode_records (id, episode_id, child_id, decom, rne, ls, cin, place, dec, rec, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.decom, b.rne, b.ls, 'N1', 'U4', b.dec, b.rec, 'demo'
  FROM bench_cla b;
INSERT INTO fgc.cla_episodes (episode_id, record_id, child_id, decom, rne, ls, cin, place, dec, rec,
                              short_break, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.decom, b.rne, b.ls, 'N1', 'U4', b.dec, b.rec,
       b.ls IN ('V3', 'V4'), 'demo'
  FROM bench_cla b;

-- Child protection plans: 3,500 per authority starting August 2019 to March 2025, about 9
-- months long; 15% of children had a plan before (NumberOfPreviousCPP), 10% have a second plan
-- on record.
CREATE TEMP TABLE bench_cpp AS
WITH firsts AS (
    SELECT ch.id AS child_id, DATE '2019-08-01' + (random() * 2050)::int AS start_date,
           30 + (-ln(1 - random()) * 240)::int AS len,
           CASE WHEN random() < 0.15 THEN 1 ELSE 0 END AS previous,
           random() < 0.10 AS again
      FROM bench_child ch
     WHERE ch.k % 13 = 5 AND ch.k <= 41600   -- 3,200 children of each authority
), plans AS (
    SELECT f.child_id, f.start_date, f.start_date + f.len AS end_date, f.previous FROM firsts f
    UNION ALL
    SELECT f.child_id, f.start_date + f.len + 60 + (random() * 200)::int, NULL, f.previous + 1
      FROM firsts f WHERE f.again
)
SELECT nextval('fgc.episode_ids') AS episode_id, p.child_id, p.start_date,
       CASE WHEN p.end_date IS NULL THEN p.start_date + 30 + (random() * 400)::int ELSE p.end_date END AS end_date,
       p.previous
  FROM plans p
 WHERE p.start_date <= DATE '2025-03-31';
UPDATE bench_cpp SET end_date = NULL WHERE end_date > DATE '2025-06-30';

INSERT INTO fgc.cpp_records (id, episode_id, child_id, start_date, end_date, initial_category,
                             latest_category, number_of_previous_cpp, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.start_date, b.end_date, 'NEG', 'NEG', b.previous, 'demo'
  FROM bench_cpp b;
INSERT INTO fgc.cpp_plans (episode_id, record_id, child_id, start_date, end_date, initial_category,
                           latest_category, number_of_previous_cpp, source)
SELECT b.episode_id, b.episode_id, b.child_id, b.start_date, b.end_date, 'NEG', 'NEG', b.previous, 'demo'
  FROM bench_cpp b;

SELECT setval(pg_get_serial_sequence('fgc.cin_episode_records', 'id'), (SELECT max(id) FROM fgc.cin_episode_records));
SELECT setval(pg_get_serial_sequence('fgc.cla_episode_records', 'id'), (SELECT max(id) FROM fgc.cla_episode_records));
SELECT setval(pg_get_serial_sequence('fgc.cpp_records', 'id'), (SELECT max(id) FROM fgc.cpp_records));

-- The six targeted clusters of Leeds, as an area group.
INSERT INTO fgc.area_groups (name, description, local_authority_id)
SELECT 'Targeted clusters (synthetic)', 'Clusters 1 to 6 of the synthetic Leeds', l.id
  FROM bench_la l WHERE l.n = 1;
INSERT INTO fgc.area_group_members (group_id, area_id)
SELECT g.id, bc.id FROM fgc.area_groups g, bench_cluster bc JOIN bench_la l ON l.id = bc.la_id
 WHERE g.name = 'Targeted clusters (synthetic)' AND l.n = 1 AND bc.c <= 6;

ALTER TABLE fgc.children ENABLE TRIGGER USER;
ALTER TABLE fgc.cin_episode_records ENABLE TRIGGER USER;
ALTER TABLE fgc.cla_episode_records ENABLE TRIGGER USER;
ALTER TABLE fgc.cpp_records ENABLE TRIGGER USER;
ALTER TABLE fgc.areas ENABLE TRIGGER USER;
ALTER TABLE fgc.area_populations ENABLE TRIGGER USER;

VACUUM ANALYZE fgc.areas, fgc.area_populations, fgc.children, fgc.cin_episodes, fgc.cla_episodes, fgc.cpp_plans,
        fgc.cin_episode_records, fgc.cla_episode_records, fgc.cpp_records, fgc.area_groups, fgc.area_group_members;

SELECT (SELECT count(*) FROM fgc.areas WHERE kind = 'local_authority') AS authorities,
       (SELECT count(*) FROM fgc.children) AS children,
       (SELECT count(*) FROM fgc.cin_episodes) AS cin_episodes,
       (SELECT count(*) FROM fgc.cla_episodes) AS cla_episodes,
       (SELECT count(*) FROM fgc.cpp_plans) AS cpp_plans,
       (SELECT count(*) FROM fgc.cin_episodes) + (SELECT count(*) FROM fgc.cla_episodes)
           + (SELECT count(*) FROM fgc.cpp_plans) AS episodes;
