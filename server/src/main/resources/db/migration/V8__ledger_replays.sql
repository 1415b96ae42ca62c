-- How often each completed write was answered again (a retry after a lost response), for the
-- inspector. Counted in memory and added in batches, never on a request's path.
ALTER TABLE idempotency_ledger
  ADD COLUMN replays integer NOT NULL DEFAULT 0,
  ADD COLUMN last_replayed_at timestamptz;
