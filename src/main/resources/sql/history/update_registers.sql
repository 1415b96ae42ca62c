UPDATE history
SET verdict = $3, verdict_ts = $4, verdict_device_id = $5, verdict_op_id = $6,
    note = $7, note_ts = $8, note_device_id = $9, note_op_id = $10, version = $11
WHERE user_id = $1 AND id = $2
