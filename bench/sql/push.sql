-- pgbench -M prepared: what Postgres needs for one push of :ops history creates, set-based, in
-- one transaction — the same rows the gateway writes (ledger claims in key order, completed
-- entries read back, user lock, :ops history rows, :ops feed rows, :ops outcomes, the user's new
-- version) in 7 statements, as the gateway's PgPushStore does (one unnest statement per kind of row).
\set u random(:first, :first + :nusers - 1)
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO idempotency_ledger (user_id, key, fingerprint, expires_at)
SELECT :u, md5(:r::text || '-o' || g)::uuid, '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'::bytea, now() + make_interval(secs => 2592000.0)
FROM generate_series(1, :ops) g ORDER BY 2
ON CONFLICT (user_id, key) DO UPDATE
  SET fingerprint = excluded.fingerprint, response_status = NULL, response_body = NULL,
      created_at = now(), expires_at = excluded.expires_at
  WHERE idempotency_ledger.expires_at <= now();
SELECT key, fingerprint, response_status, response_body FROM idempotency_ledger
WHERE user_id = :u AND key = ANY (ARRAY(SELECT md5(:r::text || '-o' || g)::uuid FROM generate_series(1, :ops) g))
  AND response_status IS NOT NULL;
INSERT INTO users (user_id) VALUES (:u)
ON CONFLICT (user_id) DO UPDATE SET user_id = excluded.user_id
RETURNING version, hlc \gset
INSERT INTO history (user_id, id, scanned_at, barcode, product_name, verdict, allergens_detected,
                     note, verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id,
                     note_op_id, version, content_hash)
SELECT :u, md5(:r::text || '-h' || g)::uuid, '2026-11-24T10:00:00Z', '7891000100103', 'Bench biscuit', 'unsafe', '["peanut"]',
       NULL, :hlc::bigint + g, 'bench', md5(:r::text || '-o' || g)::uuid, :hlc::bigint + g, 'bench', md5(:r::text || '-o' || g)::uuid, :version::bigint + g,
       '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'::bytea
FROM generate_series(1, :ops) g;
INSERT INTO changes (user_id, version, entity, key, state)
SELECT :u, :version::bigint + g, 'history', md5(:r::text || '-h' || g),
       jsonb_build_object('entity', 'history', 'id', md5(:r::text || '-h' || g)::uuid, 'deleted', false,
         'entry', jsonb_build_object('id', md5(:r::text || '-h' || g)::uuid, 'scannedAt', '2026-11-24T10:00:00.000000Z',
           'barcode', '7891000100103', 'productName', 'Bench biscuit', 'verdict', 'unsafe',
           'allergensDetected', '["peanut"]'::jsonb, 'note', NULL))
FROM generate_series(1, :ops) g;
UPDATE idempotency_ledger SET response_status = 200, response_body = '\x7b22737461747573223a226170706c696564227d'
WHERE user_id = :u AND key = ANY (ARRAY(SELECT md5(:r::text || '-o' || g)::uuid FROM generate_series(1, :ops) g));
\set nv :version + :ops
\set nh :hlc + :ops
UPDATE users SET version = :nv, hlc = :nh WHERE user_id = :u;
COMMIT;
