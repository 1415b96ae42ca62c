-- Outside any write transaction: NOTIFY takes a global lock at commit.
SELECT pg_notify($1, $2)
