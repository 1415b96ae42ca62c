-- What a reader holding the allergies as of $2 (0 for none) lacks, as one statement so the
-- snapshot and the ops after it come from one view of the log: the user's snapshot when it is
-- newer than $2 (state not null, ops its op count), then the ops after the newer of the two,
-- in received order.
WITH snapshot AS (
  SELECT version, ops, state FROM allergy_snapshots WHERE user_id = $1 AND version > $2
)
SELECT * FROM (
SELECT NULL::uuid AS op_id, version, version AS last_version, NULL AS kind, NULL AS allergen,
       NULL AS severity, NULL::bigint AS observed_version, NULL AS merge_mode,
       NULL::uuid AS conflict_id, NULL AS decision, NULL::bigint AS ts, NULL AS device_id,
       ops, state
FROM snapshot
UNION ALL
SELECT op_id, version, last_version, kind, allergen, severity, observed_version, merge_mode,
       conflict_id, decision, ts, device_id, NULL::integer AS ops, NULL AS state
FROM allergy_ops
WHERE user_id = $1 AND version > GREATEST($2, (SELECT max(version) FROM snapshot))
) AS log
ORDER BY state IS NULL, version
