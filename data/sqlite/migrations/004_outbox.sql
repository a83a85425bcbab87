-- The outbox: every message studybot owes a channel (a question card, a reveal, the edit that closes a card,
-- a weekly recap) is a row here before it is a message, and moves due -> sending -> delivered or failed. A channel's rows
-- go out in id order, one at a time; different channels proceed at once. `key` is the message's stable
-- idempotency key (Discord's nonce, Slack's metadata), the same for every attempt.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL DEFAULT (lower(hex(randomblob(6)))),
	channel_id   INTEGER NOT NULL REFERENCES channels (id),
	kind         TEXT NOT NULL CHECK (kind IN ('card', 'reveal', 'close', 'recap')),
	post_id      INTEGER REFERENCES posts (id), -- the post a card, reveal or close is about; NULL for a recap
	payload      TEXT NOT NULL DEFAULT '',      -- what else the message needs (a recap: its week)
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
CREATE INDEX outbox_open ON outbox (channel_id, id) WHERE status IN ('due', 'sending');

-- Why studybot could not post in a channel (missing access, a channel that is gone), kept until the next
-- moderator command there is told, or a delivery there succeeds. In the database, so every process and a
-- restart see it.
ALTER TABLE channels ADD COLUMN notice TEXT NOT NULL DEFAULT '';

-- One recap per channel per week: the unique key, not a read before the write, makes it happen once.
CREATE UNIQUE INDEX outbox_recap ON outbox (channel_id, payload) WHERE kind = 'recap';
