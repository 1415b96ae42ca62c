-- What the console's rollout page needs beyond the migration status report, as one JSON
-- document: per entity, the users holding server data, the legacy records imported and the bad
-- ones skipped (from every user's migration summary), and the writes refused for good in the
-- last 15 minutes and hour; and how the devices' last reported queues are spread.
-- A refused write's entity is the path in its problem's instance; a push's refused op is
-- counted under "push", because its problem names the batch, not the op's entity.
WITH entities(entity, ord) AS (
  VALUES ('profile', 1), ('settings', 2), ('allergies', 3), ('history', 4)
), refused AS (
  SELECT coalesce(substring(b.body->>'instance' FROM '^/me/(profile|settings|allergies|history|migrate)'),
                  CASE WHEN b.body->>'instance' = '/me/sync/push' THEN 'push' END,
                  'other') AS entity,
         b.created_at
  FROM (SELECT created_at, CASE WHEN response_body IS NULL OR octet_length(response_body) = 0
                               THEN '{}'::jsonb
                               ELSE convert_from(response_body, 'UTF8')::jsonb END AS raw
        FROM idempotency_ledger
        -- expires_at = created_at + the retention ($1 seconds): its index finds the last hour
        -- without reading the whole ledger on every refresh of every open console.
        WHERE expires_at >= now() + make_interval(secs => $1) - interval '1 hour'
          AND created_at >= now() - interval '1 hour' AND response_status >= 400) l
  CROSS JOIN LATERAL (SELECT l.created_at, coalesce(l.raw->'problem', l.raw) AS body) b
), summaries AS (
  SELECT migration_summary AS s FROM users WHERE migration_summary IS NOT NULL
)
SELECT json_build_object(
  'generatedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  'entities', (SELECT json_agg(json_build_object(
      'entity', e.entity,
      'usersWithServerData', CASE e.entity
          WHEN 'profile' THEN (SELECT count(DISTINCT user_id) FROM lww_fields WHERE entity = 'profile')
          WHEN 'settings' THEN (SELECT count(DISTINCT user_id) FROM lww_fields WHERE entity = 'settings')
          WHEN 'allergies' THEN (SELECT count(DISTINCT user_id) FROM allergy_ops)
          ELSE (SELECT count(DISTINCT user_id) FROM history) END,
      'imported', (SELECT coalesce(sum((s->'imported'->>e.entity)::bigint), 0) FROM summaries),
      'skipped', (SELECT coalesce(sum((s->'skipped'->>e.entity)::bigint), 0) FROM summaries),
      'invalid', (SELECT coalesce(sum((s->'invalid'->>e.entity)::bigint), 0) FROM summaries),
      'refusedLast15Minutes', (SELECT count(*) FROM refused r WHERE r.entity = e.entity
                                 AND r.created_at >= now() - interval '15 minutes'),
      'refusedLastHour', (SELECT count(*) FROM refused r WHERE r.entity = e.entity))
    ORDER BY e.ord) FROM entities e),
  'refusedElsewhere', (SELECT coalesce(json_object_agg(entity, n), '{}') FROM
      (SELECT entity, count(*) AS n FROM refused
       WHERE entity NOT IN (SELECT entity FROM entities) GROUP BY entity) o),
  'queueDepth', (SELECT json_agg(json_build_object('bucket', label, 'devices', n) ORDER BY ord)
    FROM (SELECT b.label, b.ord, count(d.device_id) AS n
          FROM (VALUES ('0', 1, 0, 1), ('1-9', 2, 1, 10), ('10-99', 3, 10, 100),
                       ('100-999', 4, 100, 1000), ('1000+', 5, 1000, NULL))
               AS b(label, ord, lo, hi)
          LEFT JOIN device_stats d ON d.queue_depth >= b.lo
                                  AND (b.hi IS NULL OR d.queue_depth < b.hi)
          GROUP BY b.label, b.ord) q),
  'oldestPending', (SELECT json_agg(json_build_object('bucket', label, 'devices', n) ORDER BY ord)
    FROM (SELECT b.label, b.ord, count(d.device_id) AS n
          FROM (VALUES ('under 1 min', 1, 0, 60), ('1-10 min', 2, 60, 600),
                       ('10-60 min', 3, 600, 3600), ('1-24 h', 4, 3600, 86400),
                       ('1 day+', 5, 86400, NULL))
               AS b(label, ord, lo, hi)
          LEFT JOIN device_stats d ON d.oldest_pending_seconds >= b.lo
                                  AND (b.hi IS NULL OR d.oldest_pending_seconds < b.hi)
          GROUP BY b.label, b.ord) q)
)::text AS rollout
