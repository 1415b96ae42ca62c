-- Issue 12: a per-user quota of live history entries, checked on every create. Counting rows on
-- each write would cost a scan per request, so the count lives on the user's row, which every
-- write locks anyway, and moves with each create and delete.
ALTER TABLE users ADD COLUMN history_count integer NOT NULL DEFAULT 0;

UPDATE users u
SET history_count = h.live
FROM (SELECT user_id, count(*) AS live FROM history WHERE NOT deleted GROUP BY user_id) h
WHERE h.user_id = u.user_id;
