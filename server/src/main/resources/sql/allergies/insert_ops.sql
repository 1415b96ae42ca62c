-- One row per element of the arrays (store/RowKind): every op of a write in one statement.
INSERT INTO allergy_ops (user_id, op_id, version, last_version, kind, allergen, severity,
                         observed_version, merge_mode, conflict_id, decision, ts, device_id)
SELECT $1, r.*
FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[],
            $8::bigint[], $9::text[], $10::uuid[], $11::text[], $12::bigint[], $13::text[]) AS r
