-- When the scheduler next has to look at a channel's schedule (unix milliseconds): its first slot not yet
-- handled, worked out by the core (zone, time of day, days, daylight saving) when the schedule is set and
-- each time a slot is handled. A tick reads only the channels due (next_due <= now), through the index, so
-- its cost follows what is due rather than how many channels are scheduled. NULL: no schedule. 0: not
-- worked out yet, so the next tick handles the channel as due and stores the real time; every schedule set
-- before this column existed starts so.
ALTER TABLE channels ADD COLUMN next_due BIGINT;
UPDATE channels SET next_due = 0 WHERE sched_hour IS NOT NULL;
CREATE INDEX channels_due ON channels (next_due) WHERE next_due IS NOT NULL;
