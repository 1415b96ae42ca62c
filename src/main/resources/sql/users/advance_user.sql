UPDATE users SET version = $2, hlc = $3 WHERE user_id = $1
