-- The user asked for the scans to be gone: keep only what the tombstones need.
UPDATE history h
SET deleted = true, barcode = NULL, product_name = NULL, verdict = NULL,
    allergens_detected = NULL, note = NULL, verdict_ts = NULL, verdict_device_id = NULL,
    verdict_op_id = NULL, note_ts = NULL, note_device_id = NULL, note_op_id = NULL,
    version = r.version
FROM unnest($2::uuid[], $3::bigint[]) AS r(id, version)
WHERE h.user_id = $1 AND h.id = r.id
