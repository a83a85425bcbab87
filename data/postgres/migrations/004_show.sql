-- The weekly recap and the web page, as data/sqlite's migration 007: the secret token of each group's web
-- page link (/g/{token}), and an index for totalling a group's answers over spans of time.
CREATE TABLE web_tokens (
	group_id    BIGINT PRIMARY KEY REFERENCES groups (id),
	token       TEXT NOT NULL UNIQUE,
	created_at  BIGINT NOT NULL
);

CREATE INDEX answers_time ON answers (group_id, answered_at);
