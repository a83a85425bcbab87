-- When a channel's schedule was set or last changed (unix milliseconds). Only slots from then on are owed,
-- so a schedule set after today's slot time starts with the next slot instead of posting at once; NULL for
-- schedules set before this column existed, which owe every slot as before.
ALTER TABLE channels ADD COLUMN sched_since INTEGER;
