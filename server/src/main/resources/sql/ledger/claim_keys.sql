-- Claims many (user, key)s at once (a push's op ids), in key order: two transactions that claim
-- overlapping keys take their row locks in the same order and cannot deadlock. As in claim_key,
-- a key held by an open transaction makes this wait. Which keys are ours is read next
-- (ledger/select_entries): every key without a committed entry. $4 is now and $5 the expiry,
-- from the gateway's clock, as in claim_key.
INSERT INTO idempotency_ledger (user_id, key, fingerprint, created_at, expires_at)
SELECT $1, k.key, k.fingerprint, $4, $5
FROM unnest($2::uuid[], $3::bytea[]) AS k(key, fingerprint)
ORDER BY k.key
ON CONFLICT (user_id, key) DO UPDATE
  SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
      created_at = excluded.created_at, expires_at = excluded.expires_at
  WHERE idempotency_ledger.expires_at <= excluded.created_at
