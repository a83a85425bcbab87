-- A member's own time zone (/study me zone), for the times in their private replies and their reminder;
-- '' follows the group's.
ALTER TABLE members ADD COLUMN tz TEXT NOT NULL DEFAULT '';

-- Members' daily reminders (/study remind). next_due is when the scheduler next looks at one (a replica's
-- claim moves it a minute on while it handles it); blocked_at, when the platform refused the member a
-- direct message: none is queued for them until they turn reminders on again.
CREATE TABLE reminders (
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	user_id     TEXT NOT NULL,
	enabled     INTEGER NOT NULL DEFAULT 1,
	hour        INTEGER NOT NULL,
	minute      INTEGER NOT NULL,
	next_due    INTEGER NOT NULL, -- unix ms
	blocked_at  INTEGER,          -- unix ms
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX reminders_due ON reminders (next_due) WHERE enabled AND blocked_at IS NULL;

-- The outbox takes a reminder (kind 'remind'), queued in the member's direct-message queue: a channel row
-- whose ext_id is 'dm:' and the user id. SQLite cannot change a CHECK constraint in place, so the table is
-- made again, without the check on kind: the kinds are the core's (bot.Deliver…), and another check here
-- would make every new kind rebuild the table again.
CREATE TABLE outbox_new (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL DEFAULT (lower(hex(randomblob(6)))),
	channel_id   INTEGER NOT NULL REFERENCES channels (id),
	kind         TEXT NOT NULL,
	post_id      INTEGER REFERENCES posts (id), -- the post a card, reveal or close is about; NULL otherwise
	payload      TEXT NOT NULL DEFAULT '',      -- what else the message needs (a recap: its week; a reminder: its day)
	status       TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'sending', 'delivered', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	maybe_sent   INTEGER NOT NULL DEFAULT 0,
	not_before   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	claimed_by   TEXT NOT NULL DEFAULT '',
	lease_until  INTEGER NOT NULL DEFAULT 0,
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
-- One reminder per member per day: the unique key, not a read before the write, makes it happen once.
CREATE UNIQUE INDEX outbox_remind ON outbox (channel_id, payload) WHERE kind = 'remind';
