-- The audit of toggle changes, newest first: one page of $1 rows before revision $2.
SELECT coalesce(json_agg(json_build_object(
         'revision', revision, 'name', name, 'from', from_value, 'to', to_value,
         'changedBy', changed_by,
         'changedAt', to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
         ORDER BY revision DESC), '[]')::text AS changes
FROM (SELECT * FROM toggle_changes WHERE revision < $2 ORDER BY revision DESC LIMIT $1) c
