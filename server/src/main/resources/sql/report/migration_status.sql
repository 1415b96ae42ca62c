-- The operators' migration status report (issue 8), as one JSON document in one round trip:
-- served by GET /admin/migration-status and printed by `foodlens-sync.jar report`.
SELECT json_build_object(
  'generatedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  'users', (SELECT json_build_object(
      'total', count(*),
      'byMigrationState', json_build_object(
        'none', count(*) FILTER (WHERE migration_state = 'none'),
        'in-progress', count(*) FILTER (WHERE migration_state = 'in-progress'),
        'complete', count(*) FILTER (WHERE migration_state = 'complete')))
    FROM users),
  'usersWithServerData', json_build_object(
    'profile', (SELECT count(DISTINCT user_id) FROM lww_fields WHERE entity = 'profile'),
    'settings', (SELECT count(DISTINCT user_id) FROM lww_fields WHERE entity = 'settings'),
    'allergies', (SELECT count(DISTINCT user_id) FROM allergy_ops),
    'history', (SELECT count(DISTINCT user_id) FROM history)),
  'allergyConflicts', (SELECT json_build_object(
      'open', count(*) FILTER (WHERE state = 'open'),
      'resolved', count(*) FILTER (WHERE state = 'resolved'),
      'superseded', count(*) FILTER (WHERE state = 'superseded'))
    FROM allergy_conflicts),
  'manualMergeGate', (SELECT json_build_object(
      'on', t.value,
      'lastTurnedOffAt', t.last_off_at,
      'automaticDecisionsSince', (SELECT count(*) FROM lww_auto_decisions d
                                  WHERE t.last_off_at IS NOT NULL
                                    AND d.decided_at >= t.last_off_at))
    FROM toggles t WHERE t.name = 'manualMerge'),
  'ledger', (SELECT json_build_object(
      'entries', count(*),
      'applied', count(*) FILTER (WHERE response_status BETWEEN 200 AND 299),
      'refused', count(*) FILTER (WHERE response_status >= 400),
      'replays', coalesce(sum(replays), 0))
    FROM idempotency_ledger),
  'deviceQueues', (SELECT json_build_object(
      'devicesReporting', count(*),
      'queueDepthTotal', coalesce(sum(queue_depth), 0),
      'queueDepthMax', coalesce(max(queue_depth), 0),
      'oldestPendingSecondsMax', coalesce(max(oldest_pending_seconds), 0),
      'failedTotal', coalesce(sum(failed), 0),
      'lastReportAt', max(reported_at))
    FROM device_stats)
)::text AS report
