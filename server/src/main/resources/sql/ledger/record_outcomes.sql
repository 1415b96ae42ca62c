-- The outcomes of many claimed keys (a push's fresh ops) in one statement.
UPDATE idempotency_ledger l SET response_status = o.status, response_body = o.body
FROM unnest($2::uuid[], $3::int[], $4::bytea[]) AS o(key, status, body)
WHERE l.user_id = $1 AND l.key = o.key
