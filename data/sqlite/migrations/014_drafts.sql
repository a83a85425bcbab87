-- Questions members write in chat (/study question add), kept as typed: a draft being written, one waiting
-- for a moderator, or one approved (into the group's own pack, as question_id) or rejected (with a reason).
-- decided_at and told_at say whether its author has heard of the decision yet.
CREATE TABLE drafts (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	author_id    TEXT NOT NULL,
	author_name  TEXT NOT NULL DEFAULT '',
	stem         TEXT NOT NULL DEFAULT '',
	options      TEXT NOT NULL DEFAULT '',
	answer_key   TEXT NOT NULL DEFAULT '',
	explanation  TEXT NOT NULL DEFAULT '',
	domain       TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL CHECK (status IN ('writing', 'pending', 'approved', 'rejected')),
	reason       TEXT NOT NULL DEFAULT '',
	decided_by   TEXT NOT NULL DEFAULT '',
	question_id  TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL, -- unix ms
	updated_at   INTEGER NOT NULL,
	decided_at   INTEGER,
	form_token   TEXT NOT NULL DEFAULT '', -- the form a new draft was written in: sent twice, it is one draft
	told_at      INTEGER
);
CREATE INDEX drafts_open ON drafts (group_id, id) WHERE status IN ('writing', 'pending');
CREATE UNIQUE INDEX drafts_form ON drafts (group_id, form_token) WHERE form_token <> '';
CREATE INDEX drafts_news ON drafts (group_id, author_id) WHERE decided_at IS NOT NULL AND told_at IS NULL;

-- Who may write questions in a group; a group without a row lets anyone.
CREATE TABLE draft_settings (
	group_id  INTEGER PRIMARY KEY REFERENCES groups (id),
	writers   TEXT NOT NULL CHECK (writers IN ('anyone', 'mods'))
);
