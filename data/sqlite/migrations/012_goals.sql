-- A member's exam date in a group (/study goal): readiness counts down to it and plans each day's reviews
-- and new questions. The date is a calendar day as text, YYYY-MM-DD; set_at is unix milliseconds.
CREATE TABLE goals (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT NOT NULL,
	exam_date  TEXT NOT NULL,
	set_at     INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
