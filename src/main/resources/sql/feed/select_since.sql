-- One statement, one snapshot: the user's version and floor agree with the rows returned.
-- No user row yet = nothing was ever written: no rows at all.
SELECT u.version AS user_version, u.feed_floor, c.version, c.entity, c.state::text AS state
FROM users u
LEFT JOIN LATERAL (
  SELECT version, entity, state FROM changes
  WHERE user_id = u.user_id AND version > $2
  ORDER BY version
  LIMIT $3) c ON true
WHERE u.user_id = $1
ORDER BY c.version
