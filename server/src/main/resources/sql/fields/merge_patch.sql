-- The second statement of a profile/settings PATCH, pipelined behind claim_and_advance, so its
-- snapshot is taken with the user's row locked and sees every earlier write of the user. Runs
-- only while this transaction holds the key's open claim (an outcome is recorded in the same
-- transaction as its claim, so an open claim is always ours). Stamps the fields $4 (values $5,
-- JSON text; NULL clears) with the clock claim_and_advance set, gives them the versions it
-- reserved in patch order, merges them last-writer-wins (the user's clock never repeats a ts, so
-- the stamp's ts alone decides; device and op id only break ties between equal ts), appends one feed row per merged field
-- and answers the entity's registers after the merge (patched = true for the merged ones).
WITH mine AS (
  SELECT version - cardinality($4::text[]) AS base, hlc FROM users
  WHERE user_id = $1 AND EXISTS (SELECT 1 FROM idempotency_ledger
    WHERE user_id = $1 AND key = $2 AND response_status IS NULL)),
patch AS (
  SELECT p.field, p.value::jsonb AS value, m.base + p.i AS version, m.hlc AS ts
  FROM mine m, unnest($4::text[], $5::text[]) WITH ORDINALITY AS p(field, value, i)),
merged AS (
  INSERT INTO lww_fields AS f (user_id, entity, field, value, ts, device_id, op_id, client_ts,
      version)
  SELECT $1, $3, field, value, ts, $6, $2, NULL, version FROM patch
  ON CONFLICT (user_id, entity, field) DO UPDATE
    SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
        op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version
    WHERE f.ts < excluded.ts
  RETURNING field, value, ts, device_id, op_id, version),
fed AS (
  INSERT INTO changes (user_id, version, entity, key, state)
  SELECT $1, version, $3, field, jsonb_build_object('field', field, 'value', value) FROM merged)
SELECT field, value::text AS value, ts, device_id, op_id, version, true AS patched FROM merged
UNION ALL
SELECT field, value::text, ts, device_id, op_id, version, false FROM lww_fields
WHERE user_id = $1 AND entity = $3 AND field <> ALL ($4::text[])
  AND EXISTS (SELECT 1 FROM mine)
