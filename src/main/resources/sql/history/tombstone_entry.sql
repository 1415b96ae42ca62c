-- The user asked for the scan to be gone: keep only what the tombstone needs.
UPDATE history
SET deleted = true, barcode = NULL, product_name = NULL, verdict = NULL,
    allergens_detected = NULL, note = NULL, verdict_ts = NULL, verdict_device_id = NULL,
    verdict_op_id = NULL, note_ts = NULL, note_device_id = NULL, note_op_id = NULL, version = $3
WHERE user_id = $1 AND id = $2
