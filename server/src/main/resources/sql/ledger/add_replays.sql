UPDATE idempotency_ledger l
SET replays = l.replays + t.n, last_replayed_at = now()
FROM unnest($1::text[], $2::uuid[], $3::int[]) AS t(user_id, key, n)
WHERE l.user_id = t.user_id AND l.key = t.key
