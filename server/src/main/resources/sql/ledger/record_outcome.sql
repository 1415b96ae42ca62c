UPDATE idempotency_ledger SET response_status = $3, response_body = $4
WHERE user_id = $1 AND key = $2
