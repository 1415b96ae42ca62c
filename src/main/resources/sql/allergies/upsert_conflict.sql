INSERT INTO allergy_conflicts (user_id, id, allergen, remove_op_id, add_op_id, state, decision,
                               detected_version, updated_version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (user_id, id) DO UPDATE
  SET state = excluded.state, decision = excluded.decision,
      updated_version = excluded.updated_version
