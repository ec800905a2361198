-- pgbench script for scripts/bench.sh: the referral that bench/post_referral.lua POSTs, written straight into fgc.referrals, one row per transaction.
--
-- Variables (set by scripts/bench.sh with -D): child_id, referrer_id.
-- The row fires the same audit trigger as a referral made through fgcd; what fgcd does
-- besides (token check, validation, idempotency record, the referral's children and first
-- history event) is left out, so this is the database's cost of the row itself.
INSERT INTO fgc.referrals (child_id, referred_on, referrer_id, referrer_name, referral_stage,
                           domestic_violence, reason)
VALUES (:child_id, current_date - 1, :referrer_id, 'Benchmark referrer', 'child_in_need', false,
        'Family support needed after a period of parental ill health; the wider family have offered to help and an FGC could plan that support.');
