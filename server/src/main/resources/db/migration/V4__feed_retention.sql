-- The change feed's retention: superseded rows and tombstones older than feed.retention are
-- pruned; feed_floor is the highest version pruned for the user, and a checkpoint below it may
-- have missed a change, so it gets 410 checkpoint-expired.
ALTER TABLE users ADD COLUMN feed_floor bigint NOT NULL DEFAULT 0;

-- Compaction ("is there a newer change of this entity and key?") and the snapshot read.
CREATE INDEX changes_latest ON changes (user_id, entity, key, version DESC);
CREATE INDEX changes_created_at ON changes (created_at);
