-- What the allergy projections and the feed hold for one user ($1), one row per fact:
-- tags (allergen, severity, removed), conflicts (state, decision) and the latest feed state of
-- each allergen and conflict.
SELECT 'tag' AS kind, tag::text AS key,
       jsonb_build_object('allergen', allergen, 'severity', severity,
                          'removed', removed_version IS NOT NULL)::text AS state
FROM allergy_tags WHERE user_id = $1
UNION ALL
SELECT 'conflict-row', id::text, jsonb_build_object('state', state, 'decision', decision)::text
FROM allergy_conflicts WHERE user_id = $1
UNION ALL
SELECT * FROM (
  SELECT DISTINCT ON (entity, key) 'feed-' || entity, key, state::text
  FROM changes WHERE user_id = $1 AND entity IN ('allergy', 'conflict')
  ORDER BY entity, key, version DESC) latest
