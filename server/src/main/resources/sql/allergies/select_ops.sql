-- The ops after a version the caller already holds (0 for all), in the order they were received.
SELECT op_id, version, last_version, kind, allergen, severity, observed_version, merge_mode,
       conflict_id, decision, ts, device_id
FROM allergy_ops
WHERE user_id = $1 AND version > $2
ORDER BY version
