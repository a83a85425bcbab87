-- The secret token in each group's web page link (/g/{token}): 128 random bits, made on a moderator's first
-- /study web and replaced by /study web reset, after which the old link finds nothing.
CREATE TABLE web_tokens (
	group_id    INTEGER PRIMARY KEY REFERENCES groups (id),
	token       TEXT NOT NULL UNIQUE,
	created_at  INTEGER NOT NULL
);

-- The weekly recap and the web page total a group's answers over spans of time.
CREATE INDEX answers_time ON answers (group_id, answered_at);
