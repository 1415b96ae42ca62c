-- One statement, one snapshot: the user's version and floor agree with the rows returned.
-- No user row yet = nothing was ever written: no rows at all. The user's row comes first, with
-- no change in it (version NULL), then up to $3 changes after version $2: a union, not an
-- outer join, which Citus refuses on Postgres 15 and 16 once row security adds its qual.
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
    SELECT version, entity, state, created_at FROM changes
    WHERE user_id = $1 AND version > $2
    ORDER BY version
    LIMIT $3) c
) feed
ORDER BY version NULLS FIRST
