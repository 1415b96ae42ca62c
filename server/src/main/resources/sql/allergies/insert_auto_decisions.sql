-- One row per pair (store/RowKind keeps the first decision of a pair named twice, as the
-- conflict clause does for a pair decided by an earlier write).
INSERT INTO lww_auto_decisions (user_id, pair_id, allergen, decision, remove_op_id, add_op_id,
  decided_version)
SELECT $1, r.*
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::bigint[]) AS r
ON CONFLICT (user_id, pair_id) DO NOTHING
