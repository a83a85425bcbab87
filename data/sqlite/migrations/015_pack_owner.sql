-- Who may publish a pack's next version: '' for the operator (studybot pack import, the embedded packs'
-- names), or the group ("platform/group id") whose moderators imported it or whose own pack it is from chat.
-- A group sees and uses the operator's packs and its own, not another group's.
ALTER TABLE packs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
