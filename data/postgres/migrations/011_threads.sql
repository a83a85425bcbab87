-- Each reveal opens a discussion thread (a Discord thread, Slack thread replies) unless a moderator turned
-- them off for the channel with /study schedule ... threads off.
ALTER TABLE channels ADD COLUMN threads_off BOOLEAN NOT NULL DEFAULT false;

-- The outbox also carries that thread: kind 'thread', its post the revealed one, its payload the reveal's
-- message id. It is queued in the transaction that records the reveal delivered, so it is owed once.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('card', 'reveal', 'close', 'recap', 'thread'));
