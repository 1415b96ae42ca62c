-- Bounded batches keep each purge transaction short while writes go on. Entries are named by
-- their key, not their ctid: on Citus a ctid is only unique within a shard.
DELETE FROM idempotency_ledger
WHERE (user_id, key) IN (
  SELECT user_id, key FROM idempotency_ledger WHERE expires_at <= now() LIMIT $1)
