-- One page of the whole-database check: up to $2 user ids after $1 (from the first when null;
-- no user id is empty), in key order, so each page is a bounded walk of the primary key.
SELECT user_id FROM users WHERE user_id > coalesce($1::text, '') ORDER BY user_id LIMIT $2
