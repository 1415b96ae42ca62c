-- Least privilege (issue 12): the gateway serves as ${appRole}, which may only run the DML its
-- statements need, and only on the rows of the user named by the transaction's
-- foodlens.user_id (set with set_config(..., true) in the same round trip as the first
-- statement). A statement that forgot its WHERE user_id sees and changes nothing.
-- Background jobs that work across users (ledger purge, feed pruning, replay counts, the
-- migration report) SET LOCAL ROLE ${maintenanceRole} inside their own transaction: that role
-- sees every row but may only read, and delete or update what those jobs clean up.
-- The roles themselves are created (when missing) by Migrator before Flyway runs; Flyway runs
-- as the owner role, which owns every table. FORCE makes the owner obey the policies too:
-- a data migration that must touch every user's rows does SET LOCAL ROLE ${maintenanceRole}
-- or RESET ROLE (the admin connection) for that statement.

GRANT SELECT, INSERT, UPDATE ON users, lww_fields, idempotency_ledger, allergy_tags,
  allergy_conflicts, history, device_stats TO ${appRole};
GRANT SELECT, INSERT ON changes, allergy_ops, lww_auto_decisions TO ${appRole};
GRANT SELECT, UPDATE ON toggles TO ${appRole};
GRANT USAGE ON SEQUENCE toggles_revision TO ${appRole};
GRANT SELECT ON flyway_schema_history TO ${appRole};

GRANT SELECT ON users, lww_fields, changes, idempotency_ledger, allergy_ops, allergy_tags,
  allergy_conflicts, history, device_stats, lww_auto_decisions, toggles TO ${maintenanceRole};
GRANT DELETE ON idempotency_ledger, changes TO ${maintenanceRole};
GRANT UPDATE ON idempotency_ledger, users TO ${maintenanceRole};

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'lww_fields', 'changes', 'idempotency_ledger',
      'allergy_ops', 'allergy_tags', 'allergy_conflicts', 'history', 'device_stats',
      'lww_auto_decisions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY own_rows ON %I TO ${appRole} '
        || 'USING (user_id = current_setting(''foodlens.user_id'', true)) '
        || 'WITH CHECK (user_id = current_setting(''foodlens.user_id'', true))', t);
    EXECUTE format('CREATE POLICY maintenance ON %I TO ${maintenanceRole} USING (true)', t);
  END LOOP;
END
$$;
