-- One statement, one snapshot: the user's version and floor agree with the rows returned.
-- No user row yet = nothing was ever written: no rows at all.
SELECT u.version AS user_version, u.feed_floor, c.version, c.entity, c.state::text AS state,
       (extract(epoch FROM c.created_at) * 1000000)::bigint AS stamp,
       (SELECT (extract(epoch FROM s.created_at) * 1000000)::bigint FROM changes s
        WHERE s.user_id = u.user_id AND s.version = $2) AS since_stamp,
       (SELECT (extract(epoch FROM h.created_at) * 1000000)::bigint FROM changes h
        WHERE h.user_id = u.user_id AND h.version = u.version) AS head_stamp
FROM users u
LEFT JOIN LATERAL (
  SELECT version, entity, state, created_at FROM changes
  WHERE user_id = u.user_id AND version > $2
  ORDER BY version
  LIMIT $3) c ON true
WHERE u.user_id = $1
ORDER BY c.version
