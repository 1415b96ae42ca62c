SELECT coalesce(max(version), 0) AS version FROM history WHERE user_id = $1
