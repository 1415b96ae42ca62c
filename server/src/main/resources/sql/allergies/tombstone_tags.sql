-- One row per tag (store/RowKind keeps the last tombstone of a tag named twice).
UPDATE allergy_tags t
SET removed_version = r.version, removed_by = r.removed_by, removed_cause = r.cause
FROM unnest($2::uuid[], $3::bigint[], $4::uuid[], $5::text[]) AS r(tag, version, removed_by, cause)
WHERE t.user_id = $1 AND t.tag = r.tag
