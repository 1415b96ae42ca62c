-- The slots of several entry ids at once (a push reads every id it names in one statement).
SELECT id, scanned_at, barcode, product_name, verdict, allergens_detected,
       note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id, note_op_id,
       deleted, content_hash
FROM history
WHERE user_id = $1 AND id = ANY($2)
