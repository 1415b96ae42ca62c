-- One row per entry id (store/RowKind keeps an entry's last registers of the write).
UPDATE history h
SET verdict = r.verdict, verdict_ts = r.verdict_ts, verdict_device_id = r.verdict_device_id,
    verdict_op_id = r.verdict_op_id, note = r.note, note_ts = r.note_ts,
    note_device_id = r.note_device_id, note_op_id = r.note_op_id, version = r.version
FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::uuid[], $7::text[],
            $8::bigint[], $9::text[], $10::uuid[], $11::bigint[])
  AS r(id, verdict, verdict_ts, verdict_device_id, verdict_op_id, note, note_ts, note_device_id,
       note_op_id, version)
WHERE h.user_id = $1 AND h.id = r.id
