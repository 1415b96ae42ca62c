UPDATE users
SET migration_state = $2, migration_source = $3, migration_completed_at = $4,
    migration_summary = $5
WHERE user_id = $1
