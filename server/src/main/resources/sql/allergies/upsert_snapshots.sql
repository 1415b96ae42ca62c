-- The user's compacted allergy log (one row: UserTx.latest keeps the newest of a write); an older
-- snapshot never replaces a newer one.
INSERT INTO allergy_snapshots (user_id, version, ops, state)
SELECT $1, r.*
FROM unnest($2::bigint[], $3::integer[], $4::text[]) AS r
ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, ops = excluded.ops,
                                    state = excluded.state
WHERE allergy_snapshots.version < excluded.version
