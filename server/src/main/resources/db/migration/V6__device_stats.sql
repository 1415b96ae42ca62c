-- The queue health each device last reported with a push (contract §5 clientStats), for the
-- operators' inspector and dashboards.
CREATE TABLE device_stats (
  user_id                text        NOT NULL,
  device_id              text        NOT NULL,
  queue_depth            integer     NOT NULL,
  oldest_pending_seconds bigint      NOT NULL,
  failed                 integer     NOT NULL,
  reported_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, device_id)
);
