-- One toggle set, with its audit row, in one statement. Each change takes a fresh revision, so
-- every instance can keep the newest snapshot it saw; last_off_at marks when a toggle went from
-- on to off (the report counts decisions since). The row lock of `prior` is taken before the
-- snapshot of `changed` matters, so from_value is the value this change replaced even when two
-- operators flip the same toggle at once. The revision is drawn in a CTE, not in SET: Citus
-- refuses a volatile function (nextval) in an UPDATE of a reference table, and evaluates the
-- CTE first, once.
WITH next AS (
  SELECT nextval('toggles_revision') AS revision, now() AS at
), prior AS (
  SELECT name, value FROM toggles WHERE name = $1 FOR UPDATE
), changed AS (
  UPDATE toggles t
  SET revision = next.revision,
      last_off_at = CASE WHEN t.value AND NOT $2 THEN next.at ELSE t.last_off_at END,
      value = $2
  FROM prior, next
  WHERE t.name = prior.name
  RETURNING t.name, prior.value AS from_value, t.value AS to_value, t.revision
)
INSERT INTO toggle_changes (revision, name, from_value, to_value, changed_by)
SELECT revision, name, from_value, to_value, $3 FROM changed
