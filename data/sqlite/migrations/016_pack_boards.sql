-- Each pack has its own leaderboard (a channel shows its pack's): score rows whose domain is 'pack:' and the
-- pack's name, kept with the others by every answer from now on; here filled from the answers already given.
INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
	SELECT a.group_id, 'all', 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
	FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY a.group_id, 'pack:' || p.pack, a.user_id
	ON CONFLICT (group_id, period, domain, user_id) DO NOTHING;
INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
	SELECT a.group_id, a.week, 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
	FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY a.group_id, a.week, 'pack:' || p.pack, a.user_id
	ON CONFLICT (group_id, period, domain, user_id) DO NOTHING;
INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
	SELECT a.group_id, a.month, 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
	FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY a.group_id, a.month, 'pack:' || p.pack, a.user_id
	ON CONFLICT (group_id, period, domain, user_id) DO NOTHING;
