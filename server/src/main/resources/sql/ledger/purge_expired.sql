-- Bounded batches keep each purge transaction short while writes go on. Entries are named by
-- their key, not their ctid: on Citus a ctid is only unique within a shard. The expiry is
-- tested again on the row deleted: a claim that took the key over meanwhile (claim_key) made
-- the row live again, and the recheck after its lock skips it.
DELETE FROM idempotency_ledger
WHERE expires_at <= now()
  AND (user_id, key) IN (
    SELECT user_id, key FROM idempotency_ledger WHERE expires_at <= now() LIMIT $1)
