-- pgbench -M prepared: the statements one PATCH /me/profile (one changed field) runs, in the
-- gateway's order, in one transaction (IdempotentWrites.execute -> PgLedgerStore.claim ->
-- PgFieldStore.patch -> UserTx.flush -> PgLedgerStore.record). Taken from
-- src/main/resources/sql/{ledger/claim_key, users/lock_user, fields/select_fields,
-- fields/upsert_field, feed/append_change, users/advance_user, ledger/record_outcome}.sql;
-- the gateway passes the key, fingerprint and body as parameters, here they are derived from
-- random numbers so each transaction claims a fresh key. Users :first .. :first + :nusers - 1.
\set u random(:first, :first + :nusers - 1)
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO idempotency_ledger (user_id, key, fingerprint, expires_at)
VALUES (:u, md5(:r::text || '-' || :client_id::text)::uuid, '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', now() + make_interval(secs => 2592000.0))
ON CONFLICT (user_id, key) DO UPDATE
  SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
      created_at = now(), expires_at = excluded.expires_at
  WHERE idempotency_ledger.expires_at <= now()
RETURNING 1;
INSERT INTO users (user_id) VALUES (:u)
ON CONFLICT (user_id) DO UPDATE SET user_id = excluded.user_id
RETURNING version, hlc \gset
SELECT field, value::text AS value, ts, device_id, op_id, version
FROM lww_fields
WHERE user_id = :u AND entity = 'profile';
\set v :version + 1
\set h :hlc + 1
INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
VALUES (:u, 'profile', 'displayName', '"pgbench"', :h, 'bench', md5(:r::text || '-' || :client_id::text)::uuid, NULL, :v)
ON CONFLICT (user_id, entity, field) DO UPDATE
  SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
      op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version;
INSERT INTO changes (user_id, version, entity, key, state) VALUES (:u, :v, 'profile', 'displayName', '{"field":"displayName","value":"pgbench"}');
UPDATE users SET version = :v, hlc = :h WHERE user_id = :u;
UPDATE idempotency_ledger SET response_status = 200, response_body = '\x7b2276657273696f6e223a322c226669656c6473223a7b22646973706c61794e616d65223a22706762656e6368222c226c6f63616c65223a22656e2d4742227d7d'
WHERE user_id = :u AND key = md5(:r::text || '-' || :client_id::text)::uuid;
COMMIT;
