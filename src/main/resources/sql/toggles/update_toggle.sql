-- Each change takes a fresh revision, so every instance can keep the newest snapshot it saw.
UPDATE toggles SET value = $2, revision = nextval('toggles_revision') WHERE name = $1
