-- Issue 13: a user's allergy op log, compacted. One row per user holds every op the log held
-- up to `version` (the allergies version after them), so a cold read costs one row plus the
-- ops logged since, not one row per op ever accepted. allergy_ops stays the source of truth:
-- a snapshot is written in the transaction of the op that makes it due, under the user's row
-- lock, and the verify command checks it equals a replay of the log's prefix.

CREATE TABLE allergy_snapshots (
  user_id  text    PRIMARY KEY,
  version  bigint  NOT NULL,           -- allergies version the snapshot is as of
  ops      integer NOT NULL,           -- how many ops it holds
  state    text    NOT NULL            -- store/AllergySnapshot's JSON
);

GRANT SELECT, INSERT, UPDATE ON allergy_snapshots TO ${appRole};
GRANT SELECT ON allergy_snapshots TO ${maintenanceRole};

ALTER TABLE allergy_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE allergy_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON allergy_snapshots TO ${appRole}
  USING (user_id = current_setting('foodlens.user_id', true))
  WITH CHECK (user_id = current_setting('foodlens.user_id', true));
CREATE POLICY maintenance ON allergy_snapshots TO ${maintenanceRole} USING (true);
