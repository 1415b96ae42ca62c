SELECT field, value::text AS value, ts, device_id, op_id, version
FROM lww_fields
WHERE user_id = $1 AND entity = $2
