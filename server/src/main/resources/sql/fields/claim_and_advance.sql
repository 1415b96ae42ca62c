-- The first statement of a profile/settings PATCH (PgFieldStore.claimAndAdvance). Claims
-- (user, key) exactly as ledger/claim_key does (a concurrent claim of the same key waits here;
-- an entry past its retention is taken over) and, only if the claim is ours, creates or locks
-- the user's row and advances it for the patch's $5 fields: version + $5, and the per-user
-- clock rule hlc = max(now, hlc + 1) of crdt.Hlc, with now = $6 read from the gateway's clock.
-- No row back: a committed entry holds the key. The ledger's times, now ($7) and the expiry
-- ($4), come from the gateway's clock as in claim_key. Both inserts are CTEs under a SELECT,
-- which Citus routes whole to the user's shard (an INSERT ... SELECT from a CTE it would plan in
-- parts, and the parts lose the parameters' types).
WITH claim AS (
  INSERT INTO idempotency_ledger (user_id, key, fingerprint, created_at, expires_at)
  VALUES ($1::text, $2::uuid, $3::bytea, $7::timestamptz, $4::timestamptz)
  ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
        created_at = excluded.created_at, expires_at = excluded.expires_at
    WHERE idempotency_ledger.expires_at <= excluded.created_at
  RETURNING user_id),
advanced AS (
  INSERT INTO users AS u (user_id, version, hlc)
  SELECT user_id, $5::bigint, CASE WHEN $5::bigint = 0 THEN 0 ELSE greatest($6::bigint, 1) END
  FROM claim
  ON CONFLICT (user_id) DO UPDATE
    SET version = u.version + $5::bigint,
        hlc = CASE WHEN $5::bigint = 0 THEN u.hlc ELSE greatest($6::bigint, u.hlc + 1) END
  RETURNING version, hlc)
SELECT version, hlc FROM advanced
