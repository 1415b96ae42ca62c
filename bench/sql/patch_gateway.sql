-- pgbench -M prepared: the statements one PATCH /me/profile (one field) runs, in the gateway's
-- order and round trips (IdempotentWrites.patch -> UserScope.writeInTwo): BEGIN, the user
-- setting and the two field statements in one pipeline, then the stored answer and COMMIT in a
-- second. Taken from server/src/main/resources/sql/{fields/claim_and_advance, fields/merge_patch,
-- ledger/record_outcome}.sql; the gateway passes the key, fingerprint, clock and body as
-- parameters, here they are derived from random numbers and the server's clock so each
-- transaction claims a fresh key. Users :first .. :first + :nusers - 1.
\set u random(:first, :first + :nusers - 1)
\set r random(1, 9000000000000000000)
\startpipeline
BEGIN;
SELECT set_config('foodlens.user_id', :u::text, true);
WITH claim AS (
  INSERT INTO idempotency_ledger (user_id, key, fingerprint, expires_at)
  VALUES (:u, md5(:r::text || '-' || :client_id::text)::uuid, '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', now() + make_interval(secs => 2592000.0))
  ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
        created_at = now(), expires_at = excluded.expires_at
    WHERE idempotency_ledger.expires_at <= now()
  RETURNING user_id)
INSERT INTO users AS u (user_id, version, hlc)
SELECT user_id, 1::bigint, greatest((extract(epoch FROM clock_timestamp()) * 1000000)::bigint, 1)
FROM claim
ON CONFLICT (user_id) DO UPDATE
  SET version = u.version + 1::bigint,
      hlc = greatest((extract(epoch FROM clock_timestamp()) * 1000000)::bigint, u.hlc + 1)
RETURNING version, hlc;
WITH mine AS (
  SELECT version - 1 AS base, hlc FROM users
  WHERE user_id = :u::text AND EXISTS (SELECT 1 FROM idempotency_ledger
    WHERE user_id = :u::text AND key = md5(:r::text || '-' || :client_id::text)::uuid AND response_status IS NULL)),
patch AS (
  SELECT p.field, p.value::jsonb AS value, m.base + p.i AS version, m.hlc AS ts
  FROM mine m, unnest('{displayName}'::text[], '{"\"pgbench\""}'::text[]) WITH ORDINALITY AS p(field, value, i)),
merged AS (
  INSERT INTO lww_fields AS f (user_id, entity, field, value, ts, device_id, op_id, client_ts,
      version)
  SELECT :u, 'profile', field, value, ts, 'bench', md5(:r::text || '-' || :client_id::text)::uuid, NULL, version FROM patch
  ON CONFLICT (user_id, entity, field) DO UPDATE
    SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
        op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version
    WHERE f.ts < excluded.ts
  RETURNING field, value, ts, device_id, op_id, version),
fed AS (
  INSERT INTO changes (user_id, version, entity, key, state)
  SELECT :u, version, 'profile', field, jsonb_build_object('field', field, 'value', value) FROM merged)
SELECT field, value::text AS value, ts, device_id, op_id, version, true AS patched FROM merged
UNION ALL
SELECT field, value::text, ts, device_id, op_id, version, false FROM lww_fields
WHERE user_id = :u::text AND entity = 'profile' AND field <> ALL ('{displayName}'::text[])
  AND EXISTS (SELECT 1 FROM mine);
\endpipeline
\startpipeline
UPDATE idempotency_ledger SET response_status = 200, response_body = '\x7b2276657273696f6e223a322c226669656c6473223a7b22646973706c61794e616d65223a22706762656e6368222c226c6f63616c65223a22656e2d4742227d7d'
WHERE user_id = :u AND key = md5(:r::text || '-' || :client_id::text)::uuid;
COMMIT;
\endpipeline
