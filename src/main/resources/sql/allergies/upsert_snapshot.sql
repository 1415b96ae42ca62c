-- The user's compacted allergy log; an older snapshot never replaces a newer one.
INSERT INTO allergy_snapshots (user_id, version, ops, state)
VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, ops = EXCLUDED.ops,
                                    state = EXCLUDED.state
WHERE allergy_snapshots.version < EXCLUDED.version
