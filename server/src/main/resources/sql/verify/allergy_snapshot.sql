-- One user's ($1) allergy snapshot, if any.
SELECT version, ops, state FROM allergy_snapshots WHERE user_id = $1
