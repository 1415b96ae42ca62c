INSERT INTO allergy_tags (user_id, tag, allergen, severity, added_version)
VALUES ($1, $2, $3, $4, $5)
