-- The web page links' tokens are kept only as their SHA-256 (hex), as data/sqlite's migration 010: a copy
-- of the database (a backup, a leak) opens no group's page. Links given out before keep working: a
-- request's token is hashed and looked up.
UPDATE web_tokens SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE web_tokens RENAME COLUMN token TO token_hash;
