-- Sharding by user (issue 16): on a database with the citus extension, every per-user table is
-- distributed by user_id, colocated with users, so one user's rows of every table live on one
-- worker and each request's statements route to that worker; the global tables (toggles) are
-- reference tables, copied to every node. On plain Postgres this migration does nothing.
-- Every primary and unique key already leads with user_id and no foreign key exists
-- (SchemaForShardingTest keeps it so).
-- Citus opens its connections to the workers as the current role, and the owner role cannot
-- log in: the distribution runs as the admin that connected (SET LOCAL ROLE NONE, for this
-- transaction only), and the tables keep their owner.
SET LOCAL ROLE NONE;

DO $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY['users', 'lww_fields', 'changes', 'idempotency_ledger',
      'allergy_ops', 'allergy_tags', 'allergy_conflicts', 'history', 'device_stats',
      'lww_auto_decisions', 'allergy_snapshots'] LOOP
    -- Citus sends a multi-row INSERT ... SELECT to the shards as COPY, which Postgres refuses
    -- under row security: on Citus the per-user tables go without it, and keeping users apart
    -- rests on every statement's user_id (SchemaForShardingTest) and the roles' grants.
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY',
        t);
    IF t = 'users' THEN
      PERFORM create_distributed_table(t, 'user_id');
    ELSE
      PERFORM create_distributed_table(t, 'user_id', colocate_with => 'users');
    END IF;
  END LOOP;
  PERFORM create_reference_table('toggles');
END
$$;
