-- pgbench script for scripts/bench.sh: the same referral through api.dispatch, as fgcd sends it, without HTTP (fgcd's cost minus the daemon's).
--
-- Variables (set by scripts/bench.sh with -D): child_id, referrer_id. The referral is dated yesterday.
-- Each transaction has its own Idempotency-Key, as under wrk; the request hash is fixed, so
-- the rare repeated random key is answered as a replay rather than an error.
\set key random(1, 1000000000000)
SELECT api.dispatch('referral_create',
    ('{"user_id": ' || :referrer_id || ', "username": "bench-coordinator", "role": "fgc_coordinator",'
     ' "team_id": null, "request_id": "pgbench", "idempotency_key": "pgbench-' || :client_id || '-' || :key || '",'
     ' "request_hash": "pgbench"}')::jsonb,
    ('{"child_id": ' || :child_id || ', "referred_on": "' || (current_date - 1) || '", "referral_stage": "child_in_need",'
     ' "domestic_violence": false, "referrer_name": "Benchmark referrer",'
     ' "reason": "Family support needed after a period of parental ill health; the wider family have offered to help and an FGC could plan that support."}')::jsonb);
