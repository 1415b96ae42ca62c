INSERT INTO allergy_tags (user_id, tag, allergen, severity, added_version)
SELECT $1, r.*
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[]) AS r
