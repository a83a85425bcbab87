-- The web page links' tokens are kept only as their SHA-256 (hex): a copy of the database (a backup, a
-- leak) opens no group's page. SQLite has no sha256(), so the tokens already stored are hashed in Go, in
-- this migration's transaction right after this statement (hashWebTokens in show.go). Links given out
-- before keep working: a request's token is hashed and looked up.
ALTER TABLE web_tokens RENAME COLUMN token TO token_hash;
