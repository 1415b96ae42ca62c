-- Every history row, register and conflict row is the latest change of its key in the feed, at
-- its own version (a deleted entry's tombstone may have been pruned below the floor); every
-- allergy op has its allergen's change at its version; no feed change names a row that is not
-- there. $1: one user, or every user when null.
WITH source AS (
  SELECT user_id, 'history' AS entity, id::text AS key, version, deleted AS tombstone FROM history
  UNION ALL
  SELECT user_id, entity, field, version, false FROM lww_fields
  UNION ALL
  SELECT user_id, 'conflict', id::text, updated_version, false FROM allergy_conflicts
)
SELECT s.user_id, 'feed-reflects' AS invariant,
       format('%s %s is at version %s, the feed''s latest change of it is %s', s.entity, s.key,
              s.version, coalesce('at version ' || c.latest, 'missing')) AS detail
FROM source s
JOIN users u ON u.user_id = s.user_id
LEFT JOIN LATERAL (
  SELECT max(version) AS latest FROM changes ch
  WHERE ch.user_id = s.user_id AND ch.entity = s.entity AND ch.key = s.key) c ON true
WHERE ($1::text IS NULL OR s.user_id = $1)
  AND c.latest IS DISTINCT FROM s.version
  AND NOT (s.tombstone AND c.latest IS NULL AND s.version <= u.feed_floor)
UNION ALL
SELECT o.user_id, 'feed-reflects',
       format('allergy op %s at version %s has no allergy change at that version', o.op_id,
              o.version)
FROM allergy_ops o
JOIN users u ON u.user_id = o.user_id
WHERE ($1::text IS NULL OR o.user_id = $1)
  AND o.version > u.feed_floor
  AND NOT EXISTS (SELECT 1 FROM changes ch
                  WHERE ch.user_id = o.user_id AND ch.version = o.version
                    AND ch.entity = 'allergy')
UNION ALL
SELECT ch.user_id, 'feed-reflects',
       format('the %s change at version %s names %s, which has no row', ch.entity, ch.version,
              ch.key)
FROM changes ch
WHERE ($1::text IS NULL OR ch.user_id = $1)
  AND ((ch.entity = 'history' AND NOT EXISTS (
          -- the key compared as a uuid, so the primary key finds the row: compared as text,
          -- every change scanned all of its user's entries (quadratic at 5,000 scans a user);
          -- a key that is no uuid finds no row and is reported
          SELECT 1 FROM history h WHERE h.user_id = ch.user_id
            AND h.id = CASE WHEN ch.key ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                            THEN ch.key::uuid END))
    OR (ch.entity IN ('profile', 'settings') AND NOT EXISTS (
          SELECT 1 FROM lww_fields f
          WHERE f.user_id = ch.user_id AND f.entity = ch.entity AND f.field = ch.key))
    OR (ch.entity = 'conflict' AND NOT EXISTS (
          SELECT 1 FROM allergy_conflicts k
          WHERE k.user_id = ch.user_id AND k.id::text = ch.key)))
