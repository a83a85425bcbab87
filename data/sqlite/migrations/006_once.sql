-- Keys seen once, kept until they expire: a Slack event id, so that Slack's retry of an event already
-- answered is dropped by whichever process it reaches.
CREATE TABLE once_keys (
	key         TEXT PRIMARY KEY,
	expires_at  INTEGER NOT NULL -- unix milliseconds
) WITHOUT ROWID;
