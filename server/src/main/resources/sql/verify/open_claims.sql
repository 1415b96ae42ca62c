-- A claim commits together with its outcome, so a committed claim without one, older than the
-- request timeout ($2 seconds), is a write that never finished. $1: one user, or all when null.
SELECT user_id, 'ledger-claim-open' AS invariant,
       format('key %s claimed at %s has no stored outcome', key, created_at) AS detail
FROM idempotency_ledger
WHERE ($1::text IS NULL OR user_id = $1)
  AND response_status IS NULL
  AND created_at < now() - make_interval(secs => $2)
