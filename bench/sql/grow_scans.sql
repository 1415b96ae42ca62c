-- psql: gives each of :count users (:first, :first + :stride, …) :scans more history entries,
-- copies of the template user :tmpl's one entry (pushed through the gateway) with their own ids,
-- op ids and scan times a minute apart, each with its feed row at the next version and stamps
-- after the user's clock; then the users' version, clock and live count move past them, as a
-- push of those creates would leave them. content_hash is recomputed for each id with the
-- gateway's formula (HistoryCreate.contentHash), checked against the template first. The push's
-- ledger entries are left out: a user with thousands of scans made most of them longer ago than
-- the ledger keeps outcomes (30 days). Set-based and as the superuser (see grow_users.sql).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;
SELECT set_config('grow.tmpl', :'tmpl', true) \g /dev/null
CREATE TEMP TABLE scan_tmpl ON COMMIT DROP AS SELECT h.*, c.state FROM history h
  JOIN changes c ON c.user_id = h.user_id AND c.entity = 'history' AND c.key = h.id::text
  WHERE h.user_id = :'tmpl';
CREATE FUNCTION pg_temp.scan_hash(h scan_tmpl, id uuid, at timestamptz) RETURNS bytea
  LANGUAGE sql AS $$
  SELECT sha256(convert_to(format(
    '{"allergensDetected":%s,"barcode":%s,"id":%s,"note":%s,"productName":%s,"scannedAt":%s,"verdict":%s}',
    h.allergens_detected::text, coalesce(to_jsonb(h.barcode)::text, 'null'), to_jsonb(id::text)::text,
    coalesce(to_jsonb(h.note)::text, 'null'), coalesce(to_jsonb(h.product_name)::text, 'null'),
    (extract(epoch FROM at) * 1000000)::bigint, to_jsonb(h.verdict)::text), 'UTF8')) $$;
CREATE FUNCTION pg_temp.scan_time(at timestamptz) RETURNS text LANGUAGE sql AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
DO $$
DECLARE t scan_tmpl;
BEGIN
  SELECT * INTO t FROM scan_tmpl;
  IF (SELECT count(*) FROM scan_tmpl) <> 1 OR t.deleted
     OR pg_temp.scan_hash(t, t.id, t.scanned_at) <> t.content_hash
     OR pg_temp.scan_time(t.scanned_at) <> t.state -> 'entry' ->> 'scannedAt' THEN
    RAISE EXCEPTION 'template entry of % no longer matches the gateway''s hash or feed format', current_setting('grow.tmpl');
  END IF;
END
$$;
CREATE TEMP TABLE scan_rows ON COMMIT DROP AS
  SELECT u.user_id, g, u.version + g AS version, u.hlc + g AS ts,
         gen_random_uuid() AS id, gen_random_uuid() AS op,
         t.scanned_at - make_interval(mins => g) AS at
  FROM users u CROSS JOIN generate_series(1, :scans) g CROSS JOIN scan_tmpl t
  WHERE u.user_id IN (SELECT (:first::bigint + k * :stride::bigint)::text FROM generate_series(0, :count - 1) k);
INSERT INTO history (user_id, id, scanned_at, barcode, product_name, verdict, allergens_detected, note,
                     verdict_ts, verdict_device_id, verdict_op_id, note_ts, note_device_id, note_op_id,
                     deleted, version, content_hash)
  SELECT r.user_id, r.id, r.at, t.barcode, t.product_name, t.verdict, t.allergens_detected, t.note,
         r.ts, t.verdict_device_id, r.op, r.ts, t.note_device_id, r.op, false, r.version,
         pg_temp.scan_hash(t, r.id, r.at)
  FROM scan_rows r CROSS JOIN scan_tmpl t;
INSERT INTO changes (user_id, version, entity, key, state)
  SELECT r.user_id, r.version, 'history', r.id::text,
         t.state || jsonb_build_object('id', r.id::text, 'entry', (t.state -> 'entry')
           || jsonb_build_object('id', r.id::text, 'scannedAt', pg_temp.scan_time(r.at)))
  FROM scan_rows r CROSS JOIN scan_tmpl t;
UPDATE users u SET version = u.version + s.n, hlc = u.hlc + s.n, history_count = u.history_count + s.n
  FROM (SELECT user_id, count(*) AS n FROM scan_rows GROUP BY user_id) s
  WHERE u.user_id = s.user_id;
COMMIT;
ANALYZE users, history, changes;
