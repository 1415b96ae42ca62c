SELECT fingerprint, response_status, response_body
FROM idempotency_ledger
WHERE user_id = $1 AND key = $2
