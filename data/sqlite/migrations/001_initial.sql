-- Groups are Discord servers, Slack workspaces or the console; channels belong to a group.
CREATE TABLE groups (
	id          INTEGER PRIMARY KEY,
	platform    TEXT NOT NULL,
	ext_id      TEXT NOT NULL,
	tz          TEXT NOT NULL DEFAULT 'UTC',
	UNIQUE (platform, ext_id)
);

CREATE TABLE members (
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	user_id     TEXT NOT NULL,
	name        TEXT NOT NULL,
	PRIMARY KEY (group_id, user_id)
);

CREATE TABLE channels (
	id            INTEGER PRIMARY KEY,
	group_id      INTEGER NOT NULL REFERENCES groups (id),
	ext_id        TEXT NOT NULL,
	sched_hour    INTEGER,
	sched_minute  INTEGER,
	sched_tz      TEXT,
	sched_days    INTEGER,
	window_secs   INTEGER NOT NULL DEFAULT 86400,
	domains       TEXT NOT NULL DEFAULT '',
	UNIQUE (group_id, ext_id)
);

-- One row per daily question posted. UNIQUE (channel_id, slot) is what makes a scheduled post happen once,
-- even with two processes on one file.
CREATE TABLE posts (
	id              INTEGER PRIMARY KEY,
	channel_id      INTEGER NOT NULL REFERENCES channels (id),
	slot            TEXT NOT NULL,
	pack            TEXT NOT NULL,
	question_id     TEXT NOT NULL,
	domain          TEXT NOT NULL,
	cycle           INTEGER NOT NULL DEFAULT 0,
	posted_at       INTEGER NOT NULL, -- unix milliseconds
	closes_at       INTEGER NOT NULL,
	closed_at       INTEGER,
	message_id      TEXT NOT NULL DEFAULT '',
	delivery_error  TEXT NOT NULL DEFAULT '',
	UNIQUE (channel_id, slot)
);
CREATE INDEX posts_open ON posts (closes_at) WHERE closed_at IS NULL;
CREATE INDEX posts_channel ON posts (channel_id, id);

-- UNIQUE (post_id, user_id) makes "one answer per member per question" true.
CREATE TABLE answers (
	id           INTEGER PRIMARY KEY,
	post_id      INTEGER NOT NULL REFERENCES posts (id),
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	user_id      TEXT NOT NULL,
	choice       INTEGER NOT NULL,
	correct      INTEGER NOT NULL,
	points       INTEGER NOT NULL,
	domain       TEXT NOT NULL,
	question_id  TEXT NOT NULL,
	answered_at  INTEGER NOT NULL,
	week         TEXT NOT NULL, -- the leaderboard buckets the answer counts in, in the group's zone
	month        TEXT NOT NULL,
	UNIQUE (post_id, user_id)
);

CREATE INDEX answers_member ON answers (group_id, user_id);

-- Running totals per member, period bucket ('all', 'w2026-03-02', 'm2026-03') and domain ('*' for all
-- domains together), updated in the
-- same transaction as each answer, so a leaderboard reads a few rows per member instead of every answer.
CREATE TABLE scores (
	group_id  INTEGER NOT NULL REFERENCES groups (id),
	period    TEXT NOT NULL,
	domain    TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	points    INTEGER NOT NULL DEFAULT 0,
	answered  INTEGER NOT NULL DEFAULT 0,
	correct   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (group_id, period, domain, user_id)
) WITHOUT ROWID;
CREATE INDEX scores_rank ON scores (group_id, period, domain, points DESC, correct DESC);

CREATE TABLE practice (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	user_id      TEXT NOT NULL,
	question_id  TEXT NOT NULL,
	domain       TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	choice       INTEGER,
	correct      INTEGER,
	answered_at  INTEGER
);
CREATE INDEX practice_member ON practice (group_id, user_id);

CREATE TABLE mods (
	group_id  INTEGER NOT NULL REFERENCES groups (id),
	kind      TEXT NOT NULL CHECK (kind IN ('user', 'role')),
	subject   TEXT NOT NULL,
	PRIMARY KEY (group_id, kind, subject)
);

CREATE TABLE confirmations (
	id          TEXT PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	user_id     TEXT NOT NULL,
	action      TEXT NOT NULL,
	expires_at  INTEGER NOT NULL
);

-- Packs imported with `studybot pack import`, kept whole so a restart loads the same content.
CREATE TABLE packs (
	name         TEXT PRIMARY KEY,
	version      INTEGER NOT NULL,
	source       BLOB NOT NULL,
	imported_at  INTEGER NOT NULL
);
