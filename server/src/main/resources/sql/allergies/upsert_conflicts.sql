-- One row per conflict id (store/RowKind keeps a conflict's last state of the write).
INSERT INTO allergy_conflicts (user_id, id, allergen, remove_op_id, add_op_id, state, decision,
                               detected_version, updated_version)
SELECT $1, r.*
FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
            $8::bigint[], $9::bigint[]) AS r
ON CONFLICT (user_id, id) DO UPDATE
  SET state = excluded.state, decision = excluded.decision,
      updated_version = excluded.updated_version
