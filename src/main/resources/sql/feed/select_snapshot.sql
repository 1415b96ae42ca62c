-- The compacted feed: for each (entity, key) only its latest change, in version order. Paging it
-- from version 0 yields the user's whole current state; a change that lands between pages
-- supersedes an older row and is itself delivered on a later page.
SELECT u.version AS user_version, u.feed_floor, c.version, c.entity, c.state::text AS state,
       (extract(epoch FROM c.created_at) * 1000000)::bigint AS stamp,
       (SELECT (extract(epoch FROM s.created_at) * 1000000)::bigint FROM changes s
        WHERE s.user_id = u.user_id AND s.version = $2) AS since_stamp,
       (SELECT (extract(epoch FROM h.created_at) * 1000000)::bigint FROM changes h
        WHERE h.user_id = u.user_id AND h.version = u.version) AS head_stamp
FROM users u
LEFT JOIN LATERAL (
  SELECT version, entity, state, created_at FROM changes c
  WHERE c.user_id = u.user_id AND c.version > $2
    AND NOT EXISTS (
      SELECT 1 FROM changes n
      WHERE n.user_id = c.user_id AND n.entity = c.entity AND n.key = c.key
        AND n.version > c.version)
  ORDER BY c.version
  LIMIT $3) c ON true
WHERE u.user_id = $1
ORDER BY c.version
