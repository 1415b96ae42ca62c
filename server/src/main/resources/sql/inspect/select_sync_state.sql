-- Everything support needs about one user's sync, as one JSON document in one round trip.
-- NULL when the user never wrote anything.
SELECT json_build_object(
  'userId', u.user_id,
  'version', u.version,
  'clock', to_char(to_timestamp(u.hlc / 1000000.0) AT TIME ZONE 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  'feedFloor', u.feed_floor,
  'migrationState', u.migration_state,
  'conflicts', (
    SELECT coalesce(json_object_agg(state, n), '{}')
    FROM (SELECT state, count(*) AS n FROM allergy_conflicts
          WHERE user_id = u.user_id GROUP BY state) c),
  'openConflicts', (
    SELECT coalesce(json_agg(json_build_object('id', id, 'allergen', allergen,
             'detectedVersion', detected_version) ORDER BY detected_version), '[]')
    FROM allergy_conflicts WHERE user_id = u.user_id AND state = 'open'),
  'ledgerByStatus', (
    SELECT coalesce(json_object_agg(status, n), '{}')
    FROM (SELECT response_status::text AS status, count(*) AS n FROM idempotency_ledger
          WHERE user_id = u.user_id GROUP BY response_status) l),
  'replays', (
    SELECT coalesce(sum(replays), 0) FROM idempotency_ledger WHERE user_id = u.user_id),
  'lastReplayed', (
    SELECT coalesce(json_agg(json_build_object('opId', key, 'status', response_status,
             'replays', replays, 'lastReplayedAt', last_replayed_at)
             ORDER BY last_replayed_at DESC), '[]')
    FROM (SELECT key, response_status, replays, last_replayed_at FROM idempotency_ledger
          WHERE user_id = u.user_id AND replays > 0
          ORDER BY last_replayed_at DESC LIMIT 20) p),
  'lastRejected', (
    SELECT coalesce(json_agg(json_build_object('opId', key, 'status', response_status,
             'problem', convert_from(response_body, 'UTF8')::json, 'at', created_at)
             ORDER BY created_at DESC), '[]')
    FROM (SELECT key, response_status, response_body, created_at FROM idempotency_ledger
          WHERE user_id = u.user_id AND response_status >= 400
          ORDER BY created_at DESC LIMIT 20) r),
  'devices', (
    SELECT coalesce(json_agg(json_build_object('deviceId', device_id,
             'queueDepth', queue_depth, 'oldestPendingSeconds', oldest_pending_seconds,
             'failed', failed, 'reportedAt', reported_at) ORDER BY reported_at DESC), '[]')
    FROM device_stats WHERE user_id = u.user_id)
)::text AS state
FROM users u
WHERE u.user_id = $1
