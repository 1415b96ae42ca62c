INSERT INTO lww_auto_decisions (user_id, pair_id, allergen, decision, remove_op_id, add_op_id,
  decided_version)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (user_id, pair_id) DO NOTHING
