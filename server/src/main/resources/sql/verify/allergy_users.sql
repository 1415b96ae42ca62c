-- Users whose allergies the checker replays: $1, or every user with an allergy op when null.
SELECT DISTINCT user_id FROM allergy_ops WHERE $1::text IS NULL OR user_id = $1 ORDER BY user_id
