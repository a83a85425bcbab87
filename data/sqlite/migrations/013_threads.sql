-- Each reveal opens a discussion thread (a Discord thread, Slack thread replies) unless a moderator turned
-- them off for the channel with /study schedule ... threads off.
ALTER TABLE channels ADD COLUMN threads_off INTEGER NOT NULL DEFAULT 0;

-- The outbox also carries that thread: kind 'thread', its post the revealed one, its payload the reveal's
-- message id. It is queued in the transaction that records the reveal delivered, so it is owed once.
-- SQLite cannot change a CHECK in place: the table is rebuilt with the wider one, rows and ids kept.
CREATE TABLE outbox_new (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL DEFAULT (lower(hex(randomblob(6)))),
	channel_id   INTEGER NOT NULL REFERENCES channels (id),
	kind         TEXT NOT NULL CHECK (kind IN ('card', 'reveal', 'close', 'recap', 'thread')),
	post_id      INTEGER REFERENCES posts (id), -- the post a card, reveal, close or thread is about; NULL for a recap
	payload      TEXT NOT NULL DEFAULT '',      -- what else the message needs (a recap: its week; a thread: the reveal's message id)
	status       TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'sending', 'delivered', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	maybe_sent   INTEGER NOT NULL DEFAULT 0, -- an earlier attempt may have created the message
	not_before   INTEGER NOT NULL,           -- unix ms: due from
	expires_at   INTEGER NOT NULL,           -- unix ms: given up after (the channel's day is over)
	claimed_by   TEXT NOT NULL DEFAULT '',
	lease_until  INTEGER NOT NULL DEFAULT 0, -- unix ms: while sending, when the claim lapses
	message_id   TEXT NOT NULL DEFAULT '',
	error        TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	done_at      INTEGER
);
INSERT INTO outbox_new (id, key, channel_id, kind, post_id, payload, status, attempts, maybe_sent, not_before, expires_at,
		claimed_by, lease_until, message_id, error, created_at, done_at)
	SELECT id, key, channel_id, kind, post_id, payload, status, attempts, maybe_sent, not_before, expires_at,
		claimed_by, lease_until, message_id, error, created_at, done_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_open ON outbox (channel_id, id) WHERE status IN ('due', 'sending');
CREATE UNIQUE INDEX outbox_recap ON outbox (channel_id, payload) WHERE kind = 'recap';
