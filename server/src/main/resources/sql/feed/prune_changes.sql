-- Prunes up to $2 feed rows older than $1 seconds that no snapshot needs any more: rows
-- superseded by a newer change of the same key, and tombstones (a deleted history entry, an
-- absent allergen). Raises each touched user's feed_floor to the highest version pruned.
WITH pruned AS (
  DELETE FROM changes
  WHERE ctid = ANY (ARRAY(
    SELECT c.ctid FROM changes c
    WHERE c.created_at < now() - make_interval(secs => $1)
      AND ((c.state ->> 'deleted') = 'true'
        OR (c.entity = 'allergy' AND (c.state ->> 'present') = 'false')
        OR EXISTS (
          SELECT 1 FROM changes n
          WHERE n.user_id = c.user_id AND n.entity = c.entity AND n.key = c.key
            AND n.version > c.version))
    LIMIT $2))
  RETURNING user_id, version),
floors AS (
  UPDATE users u SET feed_floor = greatest(u.feed_floor, p.top)
  FROM (SELECT user_id, max(version) AS top FROM pruned GROUP BY user_id) p
  WHERE u.user_id = p.user_id)
SELECT count(*) AS pruned FROM pruned
