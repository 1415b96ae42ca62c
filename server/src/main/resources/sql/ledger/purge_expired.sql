-- Bounded batches keep each purge transaction short while writes go on.
DELETE FROM idempotency_ledger
WHERE ctid = ANY (ARRAY(
  SELECT ctid FROM idempotency_ledger WHERE expires_at <= now() LIMIT $1))
