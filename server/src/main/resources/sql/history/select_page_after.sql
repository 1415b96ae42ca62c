-- Keyset page after the cursor (scanned_at $2, id $3) in the order scanned_at DESC, id ASC.
-- "scanned_at <= $2" bounds the index range; the OR drops the cursor row and its earlier ties.
SELECT id, scanned_at, barcode, product_name, verdict, allergens_detected,
       note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id, note_op_id,
       deleted, content_hash
FROM history
WHERE user_id = $1 AND NOT deleted AND scanned_at <= $2 AND (scanned_at < $2 OR id > $3)
ORDER BY scanned_at DESC, id
LIMIT $4
