-- Prunes up to $2 feed rows older than $1 seconds that no snapshot needs any more: rows
-- superseded by a newer change of the same key, and tombstones (a deleted history entry, an
-- absent allergen). Raises each touched user's feed_floor to the highest version pruned.
-- Rows are named by their key, not their ctid: on Citus a ctid is only unique within a shard.
WITH doomed AS (
  SELECT c.user_id, c.version FROM changes c
  WHERE c.created_at < now() - make_interval(secs => $1)
    AND ((c.state ->> 'deleted') = 'true'
      OR (c.entity = 'allergy' AND (c.state ->> 'present') = 'false')
      OR EXISTS (
        SELECT 1 FROM changes n
        WHERE n.user_id = c.user_id AND n.entity = c.entity AND n.key = c.key
          AND n.version > c.version))
  LIMIT $2),
pruned AS (
  DELETE FROM changes
  WHERE (user_id, version) IN (SELECT user_id, version FROM doomed)
  RETURNING user_id, version),
floors AS (
  UPDATE users u SET feed_floor = greatest(u.feed_floor, p.top)
  FROM (SELECT user_id, max(version) AS top FROM pruned GROUP BY user_id) p
  WHERE u.user_id = p.user_id)
SELECT count(*) AS pruned FROM pruned
