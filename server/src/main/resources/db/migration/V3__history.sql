-- Scan history (contract §4): one row per entry id the client made, kept after a delete as a
-- tombstone (deleted = true, user content wiped) so the change feed can carry the removal and
-- the id can never come back. note and verdict are last-writer-wins registers, each with the
-- stamp (server-receive hybrid clock, device id, op id) that wrote it.

CREATE TABLE history (
  user_id            text        NOT NULL,
  id                 uuid        NOT NULL,
  scanned_at         timestamptz NOT NULL,
  barcode            text,
  product_name       text,
  verdict            text CHECK (verdict IN ('safe', 'caution', 'unsafe', 'unknown')),
  allergens_detected jsonb,
  note               text,
  verdict_ts         bigint,
  verdict_device_id  text,
  verdict_op_id      uuid,
  note_ts            bigint,
  note_device_id     text,
  note_op_id         uuid,
  deleted            boolean     NOT NULL DEFAULT false,
  version            bigint      NOT NULL,   -- change-feed version of the entry's last change
  content_hash       bytea       NOT NULL,   -- SHA-256 of the normalised create body
  PRIMARY KEY (user_id, id),
  CHECK (deleted OR (verdict IS NOT NULL AND allergens_detected IS NOT NULL
    AND verdict_ts IS NOT NULL AND note_ts IS NOT NULL))
);

-- Pages: newest scanned_at first, ties by id ascending; tombstones are never listed.
CREATE INDEX history_page ON history (user_id, scanned_at DESC, id) WHERE NOT deleted;
-- The resource's ETag: the user's greatest history version.
CREATE INDEX history_version ON history (user_id, version);
