-- Each answer carries the member's participation streak in its channel up to and including that post.
-- A streak counts the channel's scheduled questions only (the product contract): an answer to one carries
-- one more than the member's answer to the channel's previous scheduled post had, else 1; a question a
-- moderator posted with /study post (slot 'manual-…') neither extends nor breaks it, and an answer to one
-- carries the streak unchanged. An answer then computes its streak from one row instead of walking back
-- through the channel's posts, and /study stats reads it.
ALTER TABLE answers ADD COLUMN streak INTEGER NOT NULL DEFAULT 1;

-- Existing answers to scheduled posts: number each channel's scheduled posts, and within a member's
-- answers in that channel the posts whose number minus the member's own count is the same form one
-- unbroken run (gaps and islands).
WITH numbered AS (
	SELECT id, channel_id, row_number() OVER (PARTITION BY channel_id ORDER BY id) AS n
	FROM posts WHERE slot NOT LIKE 'manual-%'
), runs AS (
	SELECT a.id, p.channel_id, a.user_id, p.n,
		p.n - row_number() OVER (PARTITION BY p.channel_id, a.user_id ORDER BY p.n) AS run
	FROM answers a JOIN numbered p ON p.id = a.post_id
), streaks AS (
	SELECT id, row_number() OVER (PARTITION BY channel_id, user_id, run ORDER BY n) AS streak FROM runs
)
UPDATE answers SET streak = streaks.streak FROM streaks WHERE answers.id = streaks.id;

-- Existing answers to /study post questions: the streak the member had at the channel's scheduled
-- question before it (0 if they had not answered that one).
UPDATE answers SET streak = coalesce((
	SELECT prev.streak FROM answers prev
	WHERE prev.user_id = answers.user_id AND prev.post_id = (
		SELECT max(q.id) FROM posts q JOIN posts me ON me.id = answers.post_id
		WHERE q.channel_id = me.channel_id AND q.id < me.id AND q.slot NOT LIKE 'manual-%')), 0)
WHERE post_id IN (SELECT id FROM posts WHERE slot LIKE 'manual-%');

-- Leaderboards sort one group's bucket rows (one per member who answered in the period) instead of
-- reading them off an index: the index cost six more b-tree pages in every answer's commit, and
-- answers come in bursts while leaderboards are asked for one at a time.
DROP INDEX scores_rank;
