INSERT INTO device_stats (user_id, device_id, queue_depth, oldest_pending_seconds, failed)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, device_id) DO UPDATE
  SET queue_depth = excluded.queue_depth,
      oldest_pending_seconds = excluded.oldest_pending_seconds,
      failed = excluded.failed, reported_at = now()
