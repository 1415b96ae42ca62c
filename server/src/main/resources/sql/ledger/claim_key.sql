-- Claims (user, key) for this transaction, or takes over an entry past its retention that the
-- purge has not reached yet. A concurrent claim of the same key waits here until this
-- transaction ends; no row back means the key is held by a committed entry.
INSERT INTO idempotency_ledger (user_id, key, fingerprint, expires_at)
VALUES ($1, $2, $3, now() + make_interval(secs => $4))
ON CONFLICT (user_id, key) DO UPDATE
  SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
      created_at = now(), expires_at = excluded.expires_at
  WHERE idempotency_ledger.expires_at <= now()
RETURNING 1
