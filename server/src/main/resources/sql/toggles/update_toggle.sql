-- Each change takes a fresh revision, so every instance can keep the newest snapshot it saw.
-- last_off_at marks when a toggle went from on to off (the report counts decisions since).
UPDATE toggles
SET revision = nextval('toggles_revision'),
    last_off_at = CASE WHEN value AND NOT $2 THEN now() ELSE last_off_at END,
    value = $2
WHERE name = $1
