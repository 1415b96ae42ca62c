UPDATE users SET version = $2, hlc = $3, history_count = $4 WHERE user_id = $1
