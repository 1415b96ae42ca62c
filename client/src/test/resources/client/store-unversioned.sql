-- A device store as the last release before the schema was versioned wrote it (user_version 0):
-- Db's tables of commit 6b78d67, with ops.sent. One user, alice: three scans and a tombstone
-- pulled, an allergy, a checkpoint, and one scan made offline that never left the device.
CREATE TABLE ops (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, op_id TEXT NOT NULL, entity TEXT NOT NULL, action TEXT NOT NULL, target TEXT, payload TEXT NOT NULL, observed_version INTEGER, client_ts TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, problem TEXT, server_status TEXT, version INTEGER, sent INTEGER NOT NULL DEFAULT 1, UNIQUE (user_id, op_id));
CREATE INDEX ops_by_state ON ops (user_id, state, seq);
CREATE TABLE snapshot (user_id TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (user_id, entity, key));
CREATE TABLE sync_state (user_id TEXT PRIMARY KEY, checkpoint TEXT, server_version INTEGER NOT NULL DEFAULT 0, last_sync_at INTEGER, failures INTEGER NOT NULL DEFAULT 0, retry_at INTEGER);
CREATE TABLE user_meta (user_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (user_id, name));
CREATE TABLE device_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE migration_chunks (user_id TEXT NOT NULL, idx INTEGER NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (user_id, idx));
INSERT INTO snapshot VALUES ('alice', 'history', '11111111-1111-4111-8111-111111111111', '{"deleted":false,"entry":{"id":"11111111-1111-4111-8111-111111111111","scannedAt":"2026-11-20T08:00:00Z","barcode":"1","productName":"Oat milk","verdict":"safe","allergensDetected":[],"note":null}}');
INSERT INTO snapshot VALUES ('alice', 'history', '22222222-2222-4222-8222-222222222222', '{"deleted":false,"entry":{"id":"22222222-2222-4222-8222-222222222222","scannedAt":"2026-11-21T08:00:00.5Z","barcode":"2","productName":"Peanut bar","verdict":"unsafe","allergensDetected":["peanut"],"note":"no"}}');
INSERT INTO snapshot VALUES ('alice', 'history', '33333333-3333-4333-8333-333333333333', '{"deleted":false,"entry":{"id":"33333333-3333-4333-8333-333333333333","scannedAt":"2026-11-21T08:00:00Z","barcode":"3","productName":"Rice","verdict":"safe","allergensDetected":[],"note":null}}');
INSERT INTO snapshot VALUES ('alice', 'history', '44444444-4444-4444-8444-444444444444', '{"deleted":true}');
INSERT INTO snapshot VALUES ('alice', 'allergy', 'peanut', '{"present":true,"severity":"severe","pendingConfirmation":false}');
INSERT INTO sync_state VALUES ('alice', 'c7.d1.fixture', 7, 1764000000000, 0, NULL);
INSERT INTO ops (user_id, op_id, entity, action, target, payload, observed_version, client_ts, created_at, state, attempts, sent) VALUES ('alice', '55555555-5555-4555-8555-555555555555', 'history', 'create', NULL, '{"id":"66666666-6666-4666-8666-666666666666","scannedAt":"2026-11-22T08:00:00Z","barcode":null,"productName":"Made offline","verdict":"caution","note":null,"allergensDetected":["sesame"]}', NULL, '2026-11-22T08:00:00Z', 1764000100000, 'pending', 0, 0);
