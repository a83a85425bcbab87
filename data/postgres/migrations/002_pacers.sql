-- Pacers space events that a limit counts across every replica, such as requests against Discord's
-- global rate limit, which is per bot and not per process: next_us is the next free slot in microseconds
-- of the database server's clock, which every replica shares. Nothing here outlives a second or two, so
-- `studybot migrate` does not copy it.
CREATE TABLE pacers (
	name     TEXT PRIMARY KEY,
	next_us  BIGINT NOT NULL
);
