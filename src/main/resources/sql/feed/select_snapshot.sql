-- The compacted feed: for each (entity, key) only its latest change, in version order. Paging it
-- from version 0 yields the user's whole current state; a change that lands between pages
-- supersedes an older row and is itself delivered on a later page. Shaped as select_since: the
-- user's row first (version NULL), then the changes, without an outer join.
SELECT * FROM (
  SELECT u.version AS user_version, u.feed_floor, NULL::bigint AS version, NULL::text AS entity,
         NULL::text AS state, NULL::bigint AS stamp,
         (SELECT (extract(epoch FROM s.created_at) * 1000000)::bigint FROM changes s
          WHERE s.user_id = u.user_id AND s.version = $2) AS since_stamp,
         (SELECT (extract(epoch FROM h.created_at) * 1000000)::bigint FROM changes h
          WHERE h.user_id = u.user_id AND h.version = u.version) AS head_stamp
  FROM users u
  WHERE u.user_id = $1
  UNION ALL
  SELECT NULL, NULL, c.version, c.entity, c.state::text,
         (extract(epoch FROM c.created_at) * 1000000)::bigint, NULL, NULL
  FROM (
    SELECT version, entity, state, created_at FROM changes c
    WHERE c.user_id = $1 AND c.version > $2
      AND NOT EXISTS (
        SELECT 1 FROM changes n
        WHERE n.user_id = c.user_id AND n.entity = c.entity AND n.key = c.key
          AND n.version > c.version)
    ORDER BY c.version
    LIMIT $3) c
) feed
ORDER BY version NULLS FIRST
