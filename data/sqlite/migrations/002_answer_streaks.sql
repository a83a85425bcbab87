-- Each answer carries the member's participation streak in its channel up to and including that post:
-- one more than their answer to the channel's previous post had, else 1. An answer then computes its
-- streak from one row instead of walking back through the channel's posts, and /study stats reads it.
ALTER TABLE answers ADD COLUMN streak INTEGER NOT NULL DEFAULT 1;

-- Existing answers: number each channel's posts, and within a member's answers in that channel the posts
-- whose number minus the member's own count is the same form one unbroken run (gaps and islands).
WITH numbered AS (
	SELECT id, channel_id, row_number() OVER (PARTITION BY channel_id ORDER BY id) AS n FROM posts
), runs AS (
	SELECT a.id, p.channel_id, a.user_id, p.n,
		p.n - row_number() OVER (PARTITION BY p.channel_id, a.user_id ORDER BY p.n) AS run
	FROM answers a JOIN numbered p ON p.id = a.post_id
), streaks AS (
	SELECT id, row_number() OVER (PARTITION BY channel_id, user_id, run ORDER BY n) AS streak FROM runs
)
UPDATE answers SET streak = streaks.streak FROM streaks WHERE answers.id = streaks.id;

-- Leaderboards sort one group's bucket rows (one per member who answered in the period) instead of
-- reading them off an index: the index cost six more b-tree pages in every answer's commit, and
-- answers come in bursts while leaderboards are asked for one at a time.
DROP INDEX scores_rank;
