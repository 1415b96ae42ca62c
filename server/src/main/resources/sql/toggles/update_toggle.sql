-- Each change takes a fresh revision, so every instance can keep the newest snapshot it saw.
-- last_off_at marks when a toggle went from on to off (the report counts decisions since).
-- The revision is drawn in a CTE, not in SET: Citus refuses a volatile function (nextval) in
-- an UPDATE of a distributed or reference table, and evaluates the CTE first, once.
WITH next AS (SELECT nextval('toggles_revision') AS revision, now() AS at)
UPDATE toggles
SET revision = next.revision,
    last_off_at = CASE WHEN value AND NOT $2 THEN next.at ELSE last_off_at END,
    value = $2
FROM next
WHERE name = $1
