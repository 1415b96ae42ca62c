-- Every change of a write in one statement; states arrive as JSON text (PgChangeFeed.Change).
INSERT INTO changes (user_id, version, entity, key, state)
SELECT $1, c.version, c.entity, c.key, c.state::jsonb
FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS c(version, entity, key, state)
