-- pgbench -M prepared: the naive write design §7 calibrates against — BEGIN, 3 statements
-- (ledger row with its outcome, the field upsert, the feed row), COMMIT; no user lock, no
-- version read. Users :first .. :first + :nusers - 1; feed versions are random (never read).
\set u random(:first, :first + :nusers - 1)
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO idempotency_ledger (user_id, key, fingerprint, response_status, response_body, expires_at)
VALUES (:u, md5(:r::text || '-' || :client_id::text)::uuid, '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 200, '\x7b2276657273696f6e223a322c226669656c6473223a7b22646973706c61794e616d65223a22706762656e6368222c226c6f63616c65223a22656e2d4742227d7d', now() + make_interval(secs => 2592000.0));
INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
VALUES (:u, 'profile', 'displayName', '"naive"', :r, 'bench', md5(:r::text || '-' || :client_id::text)::uuid, NULL, :r)
ON CONFLICT (user_id, entity, field) DO UPDATE
  SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
      op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version;
INSERT INTO changes (user_id, version, entity, key, state) VALUES ('n' || :u::text, :r, 'profile', 'displayName', '{"field":"displayName","value":"naive"}');
COMMIT;
