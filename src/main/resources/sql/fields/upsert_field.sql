INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (user_id, entity, field) DO UPDATE
  SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
      op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version
