-- Keeps the device's report and, past quotas.devicesPerUser ($6) devices, forgets the ones that
-- reported least recently (a reinstall makes a new device id; the old one never reports again).
-- Both parts see the same snapshot: the delete never sees the row upserted here, and skips it.
-- $7 is now, from the gateway's clock (Citus refuses now() in the conflict branch).
WITH kept AS (
  INSERT INTO device_stats (user_id, device_id, queue_depth, oldest_pending_seconds, failed,
                            reported_at)
  VALUES ($1, $2, $3, $4, $5, $7)
  ON CONFLICT (user_id, device_id) DO UPDATE
    SET queue_depth = excluded.queue_depth,
        oldest_pending_seconds = excluded.oldest_pending_seconds,
        failed = excluded.failed, reported_at = excluded.reported_at
  RETURNING device_id
)
DELETE FROM device_stats d
WHERE d.user_id = $1
  AND d.device_id IN (SELECT o.device_id FROM device_stats o
                      WHERE o.user_id = $1 AND o.device_id <> $2
                      ORDER BY o.reported_at DESC, o.device_id
                      OFFSET $6 - 1)
