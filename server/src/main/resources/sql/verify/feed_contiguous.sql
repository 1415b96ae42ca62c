-- Per user ($1, or every user when null): the feed holds every version from above the retention
-- floor up to users.version, and nothing beyond it (pruning only removes versions <= the floor).
SELECT u.user_id, 'feed-contiguous' AS invariant,
       format('versions (%s, %s] should all be in the feed; it holds %s of them, the highest is %s',
              u.feed_floor, u.version, coalesce(c.above_floor, 0), coalesce(c.top, 0)) AS detail
FROM users u
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE version > u.feed_floor) AS above_floor, max(version) AS top
  FROM changes WHERE user_id = u.user_id) c ON true
WHERE ($1::text IS NULL OR u.user_id = $1)
  AND (coalesce(c.above_floor, 0) <> u.version - u.feed_floor OR coalesce(c.top, 0) > u.version)
UNION ALL
SELECT DISTINCT c.user_id, 'feed-contiguous', 'changes exist for a user who has no users row'
FROM changes c
WHERE ($1::text IS NULL OR c.user_id = $1)
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = c.user_id)
