-- The state arrives as JSON text, encoded before the flush (see PgChangeFeed.Change).
INSERT INTO changes (user_id, version, entity, key, state) VALUES ($1, $2, $3, $4, $5::text::jsonb)
