-- Creates the user on their first write and locks the row for the rest of the transaction:
-- the per-user clock and version advance one writer at a time across all instances.
INSERT INTO users (user_id) VALUES ($1)
ON CONFLICT (user_id) DO UPDATE SET user_id = excluded.user_id
RETURNING version, hlc, history_count
