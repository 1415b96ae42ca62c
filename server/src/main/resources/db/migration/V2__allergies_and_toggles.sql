-- Allergies (contract §4): the log of accepted ops is the source of truth; replaying it in
-- version order rebuilds the user's OR-Set. allergy_tags and allergy_conflicts are projections
-- of that log, written in the same transaction, for operators and SQL-side queries.

CREATE TABLE allergy_ops (
  user_id          text    NOT NULL,
  op_id            uuid    NOT NULL,           -- the Idempotency-Key; for an add, its OR-Set tag
  version          bigint  NOT NULL,           -- the op's own change-feed version
  last_version     bigint  NOT NULL,           -- the last change-feed version the op wrote
  kind             text    NOT NULL CHECK (kind IN ('add', 'remove', 'resolve')),
  allergen         text,                       -- add, remove
  severity         text,                       -- add; NULL = unknown
  observed_version bigint,                     -- add, remove (capped below version)
  merge_mode       text CHECK (merge_mode IN ('manual', 'last-writer-wins')), -- add, remove
  conflict_id      uuid,                       -- resolve
  decision         text CHECK (decision IN ('keep', 'remove')),             -- resolve
  ts               bigint  NOT NULL,           -- server-receive hybrid clock, microseconds
  device_id        text    NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, op_id),
  UNIQUE (user_id, version)
);

-- One row per add: its tag, and when and why it died (NULL while live).
CREATE TABLE allergy_tags (
  user_id         text    NOT NULL,
  tag             uuid    NOT NULL,
  allergen        text    NOT NULL,
  severity        text,
  added_version   bigint  NOT NULL,
  removed_version bigint,
  removed_by      uuid,
  removed_cause   text,
  PRIMARY KEY (user_id, tag)
);
CREATE INDEX allergy_tags_live ON allergy_tags (user_id, allergen) WHERE removed_version IS NULL;

-- One row per remove-vs-add conflict; id = Conflict.idOf(remove, add).
CREATE TABLE allergy_conflicts (
  user_id          text    NOT NULL,
  id               uuid    NOT NULL,
  allergen         text    NOT NULL,
  remove_op_id     uuid    NOT NULL,
  add_op_id        uuid    NOT NULL,
  state            text    NOT NULL CHECK (state IN ('open', 'resolved', 'superseded')),
  decision         text CHECK (decision IN ('keep', 'remove')),
  detected_version bigint  NOT NULL,
  updated_version  bigint  NOT NULL,
  PRIMARY KEY (user_id, id)
);

-- Operator toggles (contract §7). Not per user. revision grows on every change, so an instance
-- can tell a newer snapshot from an older one whatever order its reads complete in.
CREATE SEQUENCE toggles_revision;

CREATE TABLE toggles (
  name     text    PRIMARY KEY,
  value    boolean NOT NULL,
  revision bigint  NOT NULL DEFAULT 0
);

INSERT INTO toggles (name, value) VALUES ('writesPaused', false), ('manualMerge', true);
