-- psql: users :from .. :to (numeric ids), each a copy of the template user :tmpl after its one
-- PATCH /me/profile (displayName "User <id>", locale): the users row, both LWW registers, their
-- two feed rows and the write's ledger entry with its stored answer, exactly as the gateway wrote
-- them for the template, with the user's own id in the name. Set-based (one INSERT … SELECT per
-- table over generate_series): 990,000 users took 94 s on 2 cores shared with other work, not a
-- million requests. Every row carries its own user_id, so the gateway's app role sees it through
-- the own_rows policy once foodlens.user_id names that user; the rows are written here as the
-- superuser, which bypasses RLS.
-- The ledger key doubles as the registers' op id, as the gateway does; the fingerprint is the
-- template's (nobody replays these keys; they expire like any other after the ledger's TTL).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;
SELECT set_config('grow.tmpl', :'tmpl', true) \g /dev/null
DO $$
BEGIN
  IF (SELECT count(*) FROM lww_fields WHERE user_id = current_setting('grow.tmpl')) <> 2
     OR (SELECT version FROM users WHERE user_id = current_setting('grow.tmpl')) <> 2
     OR (SELECT count(*) FROM idempotency_ledger WHERE user_id = current_setting('grow.tmpl')) <> 1 THEN
    RAISE EXCEPTION 'template user % is not one PATCH of two fields', current_setting('grow.tmpl');
  END IF;
END
$$;
CREATE TEMP TABLE grow_ids ON COMMIT DROP AS
  SELECT g::text AS id, gen_random_uuid() AS op FROM generate_series(:from::bigint, :to::bigint) g;
INSERT INTO users (user_id, version, hlc, migration_state, feed_floor, history_count)
  SELECT i.id, t.version, t.hlc, t.migration_state, t.feed_floor, t.history_count
  FROM grow_ids i CROSS JOIN users t WHERE t.user_id = :'tmpl';
INSERT INTO lww_fields (user_id, entity, field, value, ts, device_id, op_id, client_ts, version)
  SELECT i.id, t.entity, t.field, replace(t.value::text, 'User ' || :'tmpl', 'User ' || i.id)::jsonb,
         t.ts, t.device_id, i.op, t.client_ts, t.version
  FROM grow_ids i CROSS JOIN lww_fields t WHERE t.user_id = :'tmpl';
INSERT INTO changes (user_id, version, entity, key, state)
  SELECT i.id, t.version, t.entity, t.key, replace(t.state::text, 'User ' || :'tmpl', 'User ' || i.id)::jsonb
  FROM grow_ids i CROSS JOIN changes t WHERE t.user_id = :'tmpl';
INSERT INTO idempotency_ledger (user_id, key, fingerprint, response_status, response_body, expires_at)
  SELECT i.id, i.op, t.fingerprint, t.response_status,
         convert_to(replace(convert_from(t.response_body, 'UTF8'), 'User ' || :'tmpl', 'User ' || i.id), 'UTF8'),
         t.expires_at
  FROM grow_ids i CROSS JOIN idempotency_ledger t WHERE t.user_id = :'tmpl';
COMMIT;
ANALYZE users, lww_fields, changes, idempotency_ledger;
