-- The committed entries among many keys. Run after claim_keys in the same transaction, it sees
-- every entry whose transaction that claim waited for; our own fresh claims have no status yet.
SELECT key, fingerprint, response_status, response_body
FROM idempotency_ledger
WHERE user_id = $1 AND key = ANY($2) AND response_status IS NOT NULL
