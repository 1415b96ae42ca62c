-- pgbench -M prepared: a SKETCH of the same write as ONE autocommit statement of data-modifying
-- CTEs (design §7's calibration), to show what fewer round trips would buy: claim the key, lock
-- and advance the user (version + 1, hlc = max(now, hlc + 1)), merge the register in SQL (LWW on
-- ts), append the feed row. Not what the gateway runs today; the outcome body is stored at claim.
\set u random(:first, :first + :nusers - 1)
\set r random(1, 9000000000000000000)
WITH claim AS (
  INSERT INTO idempotency_ledger (user_id, key, fingerprint, response_status, response_body, expires_at)
  VALUES (:u, md5(:r::text || '-' || :client_id::text)::uuid, '\x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 200, '\x7b2276657273696f6e223a322c226669656c6473223a7b22646973706c61794e616d65223a22706762656e6368222c226c6f63616c65223a22656e2d4742227d7d', now() + make_interval(secs => 2592000.0))
  ON CONFLICT (user_id, key) DO NOTHING
  RETURNING user_id),
usr AS (
  UPDATE users SET version = version + 1,
         hlc = greatest(hlc + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
  WHERE user_id = (SELECT user_id FROM claim)
  RETURNING user_id, version, hlc),
fld AS (
  INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
  SELECT user_id, 'profile', 'displayName', '"cte"', hlc, 'bench', md5(:r::text || '-' || :client_id::text)::uuid, NULL, version FROM usr
  ON CONFLICT (user_id, entity, field) DO UPDATE
    SET value = excluded.value, ts = excluded.ts, device_id = excluded.device_id,
        op_id = excluded.op_id, client_ts = excluded.client_ts, version = excluded.version
    WHERE lww_fields.ts < excluded.ts
  RETURNING user_id, version)
INSERT INTO changes (user_id, version, entity, key, state)
SELECT user_id, version, 'profile', 'displayName', '{"field":"displayName","value":"cte"}' FROM fld;
