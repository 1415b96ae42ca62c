SELECT op_id, version, last_version, kind, allergen, severity, observed_version, merge_mode,
       conflict_id, decision, ts, device_id
FROM allergy_ops
WHERE user_id = $1
ORDER BY version
