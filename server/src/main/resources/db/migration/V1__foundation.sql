-- Every primary key leads with user_id so the schema can be distributed by user.

CREATE TABLE users (
  user_id         text        PRIMARY KEY,
  version         bigint      NOT NULL DEFAULT 0,   -- change-feed position, +1 per change
  hlc             bigint      NOT NULL DEFAULT 0,   -- last server-receive stamp, microseconds
  migration_state text        NOT NULL DEFAULT 'none',
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Per-field last-writer-wins registers of profile and settings; value SQL NULL = cleared.
CREATE TABLE lww_fields (
  user_id    text        NOT NULL,
  entity     text        NOT NULL,
  field      text        NOT NULL,
  value      jsonb,
  ts         bigint      NOT NULL,
  device_id  text        NOT NULL,
  op_id      uuid        NOT NULL,
  client_ts  timestamptz,
  version    bigint      NOT NULL,
  PRIMARY KEY (user_id, entity, field)
);

-- The change feed: every applied change with the new state of what changed.
CREATE TABLE changes (
  user_id    text        NOT NULL,
  version    bigint      NOT NULL,
  entity     text        NOT NULL,
  key        text        NOT NULL,
  state      jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, version)
);

-- The dedupe ledger. A row without response_status is a claim whose transaction is still open;
-- other transactions never see it, because it commits together with its outcome.
CREATE TABLE idempotency_ledger (
  user_id         text        NOT NULL,
  key             uuid        NOT NULL,
  fingerprint     bytea       NOT NULL,
  response_status integer,
  response_body   bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_ledger_expires_at ON idempotency_ledger (expires_at);
