SELECT id, scanned_at, barcode, product_name, verdict, allergens_detected,
       note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id, note_op_id,
       deleted, content_hash
FROM history
WHERE user_id = $1 AND NOT deleted
ORDER BY scanned_at DESC, id
LIMIT $2
