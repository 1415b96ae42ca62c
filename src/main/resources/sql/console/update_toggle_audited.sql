-- toggles/update_toggle.sql plus its audit row, in one statement. The row lock of `prior` is
-- taken before the snapshot of `changed` matters, so from_value is the value this change
-- replaced even when two operators flip the same toggle at once.
WITH prior AS (
  SELECT name, value FROM toggles WHERE name = $1 FOR UPDATE
), changed AS (
  UPDATE toggles t
  SET revision = nextval('toggles_revision'),
      last_off_at = CASE WHEN t.value AND NOT $2 THEN now() ELSE t.last_off_at END,
      value = $2
  FROM prior
  WHERE t.name = prior.name
  RETURNING t.name, prior.value AS from_value, t.value AS to_value, t.revision
)
INSERT INTO toggle_changes (revision, name, from_value, to_value, changed_by)
SELECT revision, name, from_value, to_value, $3 FROM changed
