-- A member's own time zone (/study me zone), for the times in their private replies and their reminder;
-- '' follows the group's.
ALTER TABLE members ADD COLUMN tz TEXT NOT NULL DEFAULT '';

-- Members' daily reminders (/study remind). next_due is when the scheduler next looks at one (a replica's
-- claim moves it a minute on while it handles it); blocked_at, when the platform refused the member a
-- direct message: none is queued for them until they turn reminders on again.
CREATE TABLE reminders (
	group_id    BIGINT NOT NULL REFERENCES groups (id),
	user_id     TEXT NOT NULL,
	enabled     BOOLEAN NOT NULL DEFAULT true,
	hour        INTEGER NOT NULL,
	minute      INTEGER NOT NULL,
	next_due    BIGINT NOT NULL, -- unix ms
	blocked_at  BIGINT,          -- unix ms
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX reminders_due ON reminders (next_due) WHERE enabled AND blocked_at IS NULL;

-- The outbox takes a reminder (kind 'remind'), queued in the member's direct-message queue: a channel row
-- whose ext_id is 'dm:' and the user id. The check on kind goes, as on SQLite: the kinds are the core's
-- (bot.Deliver…).
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
-- One reminder per member per day: the unique key, not a read before the write, makes it happen once.
CREATE UNIQUE INDEX outbox_remind ON outbox (channel_id, payload) WHERE kind = 'remind';
