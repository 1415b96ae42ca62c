-- The app role forgets a user's least recently reporting devices past quotas.devicesPerUser
-- (inspect/upsert_device_stats.sql); row-level security keeps that to the transaction's user.
GRANT DELETE ON device_stats TO ${appRole};
