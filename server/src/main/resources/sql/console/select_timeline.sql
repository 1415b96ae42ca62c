-- One user's ops as the server saw them, for the console (issue 18): the ledger's newest $2
-- entries (one per op id, applied or refused; the ledger keeps them for its retention), oldest
-- first, each joined to what the op left behind. The ledger does not record an op's entity or
-- device, so both come from the rows the op wrote: its allergy op, the field registers it still
-- holds, the history entry it stamped, or the feed row at the version it answered. A field op
-- whose register a later op took shows that op's stamp as what decided last-writer-wins. A
-- push's refused op names only the batch ("push"): its problem's instance is the push path.
-- NULL when the user never wrote anything.
WITH l AS (
  SELECT key, response_status AS status, created_at, replays,
         CASE WHEN octet_length(response_body) > 0
              THEN convert_from(response_body, 'UTF8')::jsonb END AS body
  FROM idempotency_ledger
  WHERE user_id = $1 AND response_status IS NOT NULL
  ORDER BY created_at DESC, key
  LIMIT $2
), hist AS (
  -- One pass over the user's history (up to quotas.historyPerUser rows), not one per op.
  SELECT v.op, v.device
  FROM history h
  CROSS JOIN LATERAL (VALUES (h.verdict_op_id, h.verdict_device_id),
                             (h.note_op_id, h.note_device_id)) AS v(op, device)
  WHERE h.user_id = $1 AND v.op IN (SELECT key FROM l)
), ops AS (
  SELECT l.*,
         CASE WHEN jsonb_typeof(l.body->'version') = 'number'
              THEN (l.body->>'version')::bigint END AS answered_version,
         a.version AS allergy_version, a.kind, a.allergen, a.device_id AS allergy_device, a.ts AS allergy_ts,
         a.merge_mode, a.conflict_id AS resolves, a.decision AS resolve_decision
  FROM l
  LEFT JOIN allergy_ops a ON a.user_id = $1 AND a.op_id = l.key
)
SELECT json_build_object(
  'userId', $1::text,
  'ops', coalesce((SELECT json_agg(json_build_object(
      'opId', o.key,
      'at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'status', o.status,
      'verdict', CASE WHEN o.status >= 400 THEN 'refused'
                      WHEN o.body->>'status' = 'conflict' THEN 'conflict'
                      WHEN o.kind IS NOT NULL AND EXISTS (SELECT 1 FROM allergy_conflicts c
                          WHERE c.user_id = $1 AND o.key IN (c.remove_op_id, c.add_op_id)
                            AND c.detected_version = o.allergy_version) THEN 'conflict'
                      ELSE 'applied' END,
      'entity', coalesce(
          CASE WHEN o.body ? 'imported' AND o.body ? 'migration' THEN 'migration' END,
          CASE WHEN o.kind = 'resolve' THEN 'conflict' WHEN o.kind IS NOT NULL THEN 'allergies' END,
          (SELECT f.entity FROM lww_fields f WHERE f.user_id = $1 AND f.op_id = o.key LIMIT 1),
          (SELECT 'history' FROM hist WHERE hist.op = o.key LIMIT 1),
          (SELECT ch.entity FROM changes ch WHERE ch.user_id = $1
             AND ch.version = o.answered_version),
          CASE WHEN coalesce(o.body->'problem', o.body)->>'instance' = '/me/sync/push'
               THEN 'push' END,
          substring(coalesce(o.body->'problem', o.body)->>'instance'
                    FROM '^/me/(profile|settings|allergies|history|migrate)')),
      'deviceId', coalesce(o.allergy_device,
          (SELECT f.device_id FROM lww_fields f WHERE f.user_id = $1 AND f.op_id = o.key LIMIT 1),
          (SELECT hist.device FROM hist WHERE hist.op = o.key LIMIT 1)),
      'replays', o.replays,
      'allergy', CASE WHEN o.kind IS NOT NULL THEN json_build_object('kind', o.kind,
          'allergen', o.allergen, 'mergeMode', o.merge_mode,
          'stamp', json_build_object('at', to_char(to_timestamp(o.allergy_ts / 1000000.0)
              AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'ts', o.allergy_ts,
              'deviceId', o.allergy_device, 'opId', o.key),
          'resolves', o.resolves, 'decision', o.resolve_decision) END,
      'fields', (SELECT json_agg(json_build_object('entity', w.entity, 'field', w.field,
            'won', w.op_id = o.key,
            'decidedBy', json_build_object('opId', w.op_id, 'deviceId', w.device_id,
              'ts', w.ts, 'at', to_char(to_timestamp(w.ts / 1000000.0) AT TIME ZONE 'UTC',
                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
            ORDER BY w.entity, w.field)
          FROM (SELECT f.* FROM lww_fields f WHERE f.user_id = $1 AND f.op_id = o.key
                UNION
                SELECT f.* FROM changes ch
                JOIN lww_fields f ON f.user_id = ch.user_id AND f.entity = ch.entity
                                 AND f.field = ch.key
                WHERE ch.user_id = $1 AND ch.version = o.answered_version
                  AND ch.entity IN ('profile', 'settings')) w),
      'conflicts', (SELECT json_agg(json_build_object('id', c.id, 'allergen', c.allergen,
            'state', c.state, 'decision', c.decision,
            'resolvedBy', (SELECT json_build_object('opId', r.op_id, 'deviceId', r.device_id)
                           FROM allergy_ops r WHERE r.user_id = $1 AND r.kind = 'resolve'
                             AND r.conflict_id = c.id ORDER BY r.version LIMIT 1))
            ORDER BY c.detected_version)
          FROM allergy_conflicts c
          WHERE c.user_id = $1 AND o.key IN (c.remove_op_id, c.add_op_id)),
      'automaticDecisions', (SELECT json_agg(json_build_object('pairId', d.pair_id,
            'allergen', d.allergen, 'decision', d.decision))
          FROM lww_auto_decisions d
          WHERE d.user_id = $1 AND o.key IN (d.remove_op_id, d.add_op_id)),
      'problem', CASE WHEN o.status >= 400 THEN coalesce(o.body->'problem', o.body) END)
    ORDER BY o.created_at, o.key) FROM ops o), '[]'))::text AS timeline
FROM users u
WHERE u.user_id = $1
