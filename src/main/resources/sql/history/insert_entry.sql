INSERT INTO history (user_id, id, scanned_at, barcode, product_name, verdict, allergens_detected,
                     note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id,
                     note_op_id, version, content_hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
