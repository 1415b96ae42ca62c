-- For the migration-status report (issue 8): each automatic last-writer-wins decision taken
-- while the manual-merge gate was off, and when each toggle last turned off.
CREATE TABLE lww_auto_decisions (
  user_id          text        NOT NULL,
  pair_id          uuid        NOT NULL,   -- the same id a conflict record of the pair would have
  allergen         text        NOT NULL,
  decision         text        NOT NULL CHECK (decision IN ('keep', 'remove')),
  remove_op_id     uuid        NOT NULL,
  add_op_id        uuid        NOT NULL,
  decided_version  bigint      NOT NULL,
  decided_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, pair_id)
);
CREATE INDEX lww_auto_decisions_decided_at ON lww_auto_decisions (decided_at);

ALTER TABLE toggles ADD COLUMN last_off_at timestamptz;
