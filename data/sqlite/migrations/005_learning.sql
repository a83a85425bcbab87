-- Learning: spaced review, mock exams and item quality. Review cards are not stored: a member's card for a
-- question is the FSRS replay of their graded attempts at it (daily answers and the private attempts below).

-- "I guessed" on the feedback of a right answer: the attempt then rates Hard instead of Good. Set by a
-- separate UPDATE of the member's own row, never by the answer's insert.
ALTER TABLE answers ADD COLUMN guessed INTEGER NOT NULL DEFAULT 0;

-- A mock exam: its questions in order (ids joined by newlines), drawn from seed; it ends at ends_at or when
-- stopped or fully answered (finished_at). Unanswered questions count as wrong in its report.
CREATE TABLE exams (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	user_id      TEXT NOT NULL,
	seed         INTEGER NOT NULL,
	questions    TEXT NOT NULL,
	started_at   INTEGER NOT NULL, -- unix ms
	ends_at      INTEGER NOT NULL,
	finished_at  INTEGER,
	timed_out    INTEGER NOT NULL DEFAULT 0
);
-- One exam in progress per member and group, whatever the number of processes.
CREATE UNIQUE INDEX exams_open ON exams (group_id, user_id) WHERE finished_at IS NULL;
CREATE INDEX exams_member ON exams (group_id, user_id, id);

-- Private attempts share one table: practice questions, review cards and exam answers (kind). An exam answer
-- is its exam's answer at a position, once.
ALTER TABLE practice ADD COLUMN kind TEXT NOT NULL DEFAULT 'practice' CHECK (kind IN ('practice', 'review', 'exam'));
ALTER TABLE practice ADD COLUMN exam_id INTEGER REFERENCES exams (id);
ALTER TABLE practice ADD COLUMN position INTEGER;
ALTER TABLE practice ADD COLUMN guessed INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX practice_exam ON practice (exam_id, position) WHERE exam_id IS NOT NULL;
-- What a member's review cards and readiness are derived from, read from the index alone.
CREATE INDEX practice_graded ON practice (group_id, user_id, answered_at, question_id, correct, guessed) WHERE answered_at IS NOT NULL;

-- A member's report of a problem with a question: one per member and question (a later one may add a reason).
CREATE TABLE flags (
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	question_id  TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (group_id, question_id, user_id)
) WITHOUT ROWID;

-- A question's standing in a group, when it is not simply in rotation: suspended (by flags or a negative
-- discrimination) until a moderator keeps or retires it. Suspended and retired questions leave the group's
-- rotation, practice, reviews and exams.
CREATE TABLE item_states (
	group_id     INTEGER NOT NULL REFERENCES groups (id),
	question_id  TEXT NOT NULL,
	state        TEXT NOT NULL CHECK (state IN ('suspended', 'kept', 'retired')),
	reason       TEXT NOT NULL DEFAULT '',
	since        INTEGER NOT NULL, -- unix ms
	by_user      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (group_id, question_id)
) WITHOUT ROWID;

-- The group's item statistics as last computed (a snapshot: computing them reads every answer of the group,
-- so /study items reads this instead). discrimination is NULL where it is undefined; shares are the option
-- shares, comma-separated.
CREATE TABLE item_stats (
	group_id        INTEGER NOT NULL REFERENCES groups (id),
	question_id     TEXT NOT NULL,
	answers         INTEGER NOT NULL,
	p_value         REAL NOT NULL,
	discrimination  REAL,
	shares          TEXT NOT NULL,
	PRIMARY KEY (group_id, question_id)
) WITHOUT ROWID;

-- When each group's snapshot was computed, over how many answers, and the highest answer and practice row
-- ids it saw (a later row means there is something new to count).
CREATE TABLE item_snapshots (
	group_id          INTEGER PRIMARY KEY REFERENCES groups (id),
	computed_at       INTEGER NOT NULL,
	answers           INTEGER NOT NULL,
	last_answer_id    INTEGER NOT NULL,
	last_practice_id  INTEGER NOT NULL
);

-- What a group's moderators should be told at their next command (a question was suspended): kept in the
-- database so every process and a restart see it, and told once.
CREATE TABLE group_notices (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES groups (id),
	text        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	told_at     INTEGER
);
CREATE INDEX group_notices_pending ON group_notices (group_id) WHERE told_at IS NULL;
