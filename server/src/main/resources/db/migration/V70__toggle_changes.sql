-- Issue 18: every change an operator makes to a toggle, written in the transaction that makes it,
-- so "who paused allergies, and when?" has an answer that survives restarts and log rotation.
-- revision is the toggles_revision value the change took: unique, and ordered like the changes.
CREATE TABLE toggle_changes (
  revision   bigint      PRIMARY KEY,
  name       text        NOT NULL,
  from_value boolean     NOT NULL,
  to_value   boolean     NOT NULL,
  changed_by text        NOT NULL,   -- the admin token's sub
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX toggle_changes_name ON toggle_changes (name, revision DESC);

-- Not per user, like toggles: no row-level policy (RowLevelSecurityTest lists both). The app
-- role appends and never rewrites.
GRANT SELECT, INSERT ON toggle_changes TO ${appRole};
GRANT SELECT ON toggle_changes TO ${maintenanceRole};
