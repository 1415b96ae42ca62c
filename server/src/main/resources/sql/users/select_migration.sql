SELECT migration_state, migration_source, migration_completed_at,
       migration_summary::text AS migration_summary
FROM users
WHERE user_id = $1
