-- A member's exam date in a group (/study goal), as data/sqlite's migration 012: a calendar day as text,
-- YYYY-MM-DD; set_at is unix milliseconds.
CREATE TABLE goals (
	group_id   BIGINT NOT NULL REFERENCES groups (id),
	user_id    TEXT NOT NULL,
	exam_date  TEXT NOT NULL,
	set_at     BIGINT NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
