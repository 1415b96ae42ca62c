UPDATE allergy_tags SET removed_version = $3, removed_by = $4, removed_cause = $5
WHERE user_id = $1 AND tag = $2
