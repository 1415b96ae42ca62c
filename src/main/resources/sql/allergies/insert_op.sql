INSERT INTO allergy_ops (user_id, op_id, version, last_version, kind, allergen, severity,
                         observed_version, merge_mode, conflict_id, decision, ts, device_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
