-- A participation streak counts a channel's scheduled questions only (the product contract): a question a
-- moderator posts with /study post neither extends a streak nor breaks it. Migration 002 counted every
-- post; recount. Scheduled posts have a date as their slot, /study post ones a slot starting 'manual-'.
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

-- An answer to a /study post question carries the streak the member had at the channel's scheduled
-- question before it (0 if they had not answered that one).
UPDATE answers SET streak = coalesce((
	SELECT prev.streak FROM answers prev
	WHERE prev.user_id = answers.user_id AND prev.post_id = (
		SELECT max(q.id) FROM posts q JOIN posts me ON me.id = answers.post_id
		WHERE q.channel_id = me.channel_id AND q.id < me.id AND q.slot NOT LIKE 'manual-%')), 0)
WHERE post_id IN (SELECT id FROM posts WHERE slot LIKE 'manual-%');
