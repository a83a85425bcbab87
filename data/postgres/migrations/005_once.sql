-- Keys seen once, kept until they expire: a Slack event id, so that Slack's retry of an event already
-- answered is dropped by whichever replica it reaches.
CREATE TABLE once_keys (
	key         TEXT PRIMARY KEY,
	expires_at  BIGINT NOT NULL -- unix milliseconds
);
