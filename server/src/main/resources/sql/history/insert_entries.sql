-- allergens_detected arrives as JSON text (store/RowKind.Col.JSON).
INSERT INTO history (user_id, id, scanned_at, barcode, product_name, verdict, allergens_detected,
                     note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id,
                     note_op_id, version, content_hash)
SELECT $1, r.id, r.scanned_at, r.barcode, r.product_name, r.verdict, r.allergens::jsonb,
       r.note, r.verdict_ts, r.verdict_device_id, r.verdict_op_id, r.note_ts, r.note_device_id,
       r.note_op_id, r.version, r.content_hash
FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
            $8::text[], $9::bigint[], $10::text[], $11::uuid[], $12::bigint[], $13::text[],
            $14::uuid[], $15::bigint[], $16::bytea[])
  AS r(id, scanned_at, barcode, product_name, verdict, allergens, note, verdict_ts,
       verdict_device_id, verdict_op_id, note_ts, note_device_id, note_op_id, version,
       content_hash)
