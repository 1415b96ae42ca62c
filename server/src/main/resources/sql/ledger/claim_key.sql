-- Claims (user, key) for this transaction, or takes over an entry past its retention that the
-- purge has not reached yet. A concurrent claim of the same key waits here until this
-- transaction ends; no row back means the key is held by a committed entry.
-- $4 is now and $5 the expiry, both from the gateway's clock: the conflict branch may only use
-- immutable expressions (Citus refuses now() there), so it reads the time from excluded.
INSERT INTO idempotency_ledger (user_id, key, fingerprint, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, key) DO UPDATE
  SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
      created_at = excluded.created_at, expires_at = excluded.expires_at
  WHERE idempotency_ledger.expires_at <= excluded.created_at
RETURNING 1
