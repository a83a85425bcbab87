-- As data/sqlite's migration 010.
-- Several packs in one database, one per channel, and a question known by (pack, version, id) wherever it
-- is stored. pack_versions keeps every imported version, so a question posted or drawn into an exam from an
-- older version still resolves after a newer one is imported; packs keeps pointing at the newest.
CREATE TABLE pack_versions (
	name         TEXT NOT NULL,
	version      INTEGER NOT NULL,
	source       BYTEA NOT NULL,
	imported_at  BIGINT NOT NULL,
	PRIMARY KEY (name, version)
);
INSERT INTO pack_versions (name, version, source, imported_at) SELECT name, version, source, imported_at FROM packs;
-- A channel's pack by name; '' is the operator's default (STUDYBOT_PACK).
ALTER TABLE channels ADD COLUMN pack TEXT NOT NULL DEFAULT '';
-- Version 0 is "as the pack was when this row was written", for rows from before this migration.
ALTER TABLE posts ADD COLUMN pack_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exams ADD COLUMN pack TEXT NOT NULL DEFAULT '';
ALTER TABLE exams ADD COLUMN pack_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE practice ADD COLUMN pack TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN pack_version INTEGER NOT NULL DEFAULT 0;
