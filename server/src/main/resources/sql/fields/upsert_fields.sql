-- One row per (entity, field) (store/RowKind keeps a field's last value of the write: ON
-- CONFLICT DO UPDATE may not touch a row twice). value arrives as JSON text, NULL = cleared.
INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
SELECT $1, r.entity, r.field, r.value::jsonb, r.ts, r.device_id, r.op_id, r.client_ts, r.version
FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::uuid[],
            $8::timestamptz[], $9::bigint[])
  AS r(entity, field, value, ts, device_id, op_id, client_ts, version)
ON CONFLICT (user_id, entity, field) DO UPDATE
  SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
      op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version
