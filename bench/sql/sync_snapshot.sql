-- pgbench -M prepared: the query behind GET /me/sync without since (PgFeedReader with
-- server/src/main/resources/sql/feed/select_snapshot.sql, limit 500 + 1), for user :user.
SELECT u.version AS user_version, u.feed_floor, c.version, c.entity, c.state::text AS state
FROM users u
LEFT JOIN LATERAL (
  SELECT version, entity, state FROM changes c
  WHERE c.user_id = u.user_id AND c.version > 0
    AND NOT EXISTS (
      SELECT 1 FROM changes n
      WHERE n.user_id = c.user_id AND n.entity = c.entity AND n.key = c.key
        AND n.version > c.version)
  ORDER BY c.version
  LIMIT 501) c ON true
WHERE u.user_id = :user
ORDER BY c.version;
