package sqlq

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// ChannelCols are the columns ScanChannel reads, of channels c and groups g.
const ChannelCols = `g.platform, g.ext_id, c.ext_id, c.sched_hour, c.sched_minute, c.sched_tz, c.sched_days, c.window_secs, c.sched_since, c.next_due, c.domains, c.pack, c.threads_off`

var (
	findChannel = New(`SELECT c.id FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`)
	channelByRef = New(`SELECT ` + ChannelCols + ` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`)
	scheduledChannels = New(`SELECT ` + ChannelCols + ` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE c.sched_hour IS NOT NULL ORDER BY c.id`)
	clearSchedule = New(`UPDATE channels SET sched_hour = NULL, sched_minute = NULL, sched_tz = NULL, sched_days = NULL,
				sched_since = NULL, next_due = NULL WHERE id = ?`)
	setSchedule = New(`UPDATE channels SET sched_hour = ?, sched_minute = ?, sched_tz = ?, sched_days = ?,
			window_secs = ?, sched_since = ?, next_due = ? WHERE id = ?`)
	setGroupZone = New(`UPDATE groups SET tz = ? WHERE platform = ? AND ext_id = ?`)
	setDomains   = New(`UPDATE channels SET domains = ? WHERE id = ?`)
	setPack      = New(`UPDATE channels SET pack = ? WHERE id = ?`)
	setThreads   = New(`UPDATE channels SET threads_off = ? WHERE id = ?`)
)

// FindChannel returns the row id of a channel, 0 if it has none yet. The stores cache it: a channel's
// row is never deleted or renumbered.
func FindChannel(ctx context.Context, q Querier, c bot.ChannelRef) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, findChannel, c.Platform, c.GroupID, c.ChannelID).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up channel: %w", err)
	}
	return id, nil
}

// ScanChannel reads a row of ChannelCols.
func ScanChannel(row interface{ Scan(...any) error }) (bot.Channel, error) {
	var ch bot.Channel
	var hour, minute, days *int64
	var tz *string
	var window int64
	var since, next *int64
	var domains string
	if err := row.Scan(&ch.Ref.Platform, &ch.Ref.GroupID, &ch.Ref.ChannelID, &hour, &minute, &tz, &days, &window, &since, &next, &domains, &ch.Pack, &ch.ThreadsOff); err != nil {
		return bot.Channel{}, err
	}
	if hour != nil {
		s := &bot.Schedule{Hour: int(*hour), Window: time.Duration(window) * time.Second, Since: encode.NullTime(since), NextDue: encode.NullTime(next)}
		if minute != nil {
			s.Minute = int(*minute)
		}
		if tz != nil {
			s.Zone = *tz
		}
		if days != nil {
			s.Days = bot.Days(*days)
		}
		ch.Schedule = s
	}
	if domains != "" {
		ch.Domains = strings.Split(domains, ",")
	}
	return ch, nil
}

// Channel implements bot.Channels.Channel: a channel never seen has no schedule and every domain.
func Channel(ctx context.Context, q Querier, ref bot.ChannelRef) (bot.Channel, error) {
	ch, err := ScanChannel(q.QueryRow(ctx, channelByRef, ref.Platform, ref.GroupID, ref.ChannelID))
	if errors.Is(err, ErrNoRows) {
		return bot.Channel{Ref: ref}, nil
	}
	if err != nil {
		return bot.Channel{}, fmt.Errorf("load channel: %w", err)
	}
	return ch, nil
}

// ScheduledChannels implements bot.Channels.ScheduledChannels.
func ScheduledChannels(ctx context.Context, q Querier) ([]bot.Channel, error) {
	rows, err := q.Query(ctx, scheduledChannels)
	out, err := collect(rows, err, func(r Rows) (bot.Channel, error) { return ScanChannel(r) })
	if err != nil {
		return nil, fmt.Errorf("scheduled channels: %w", err)
	}
	return out, nil
}

// SetSchedule implements bot.Channels.SetSchedule in the store's transaction, for the channel of row id
// cid: nil clears it. Setting a schedule also makes its zone the group's zone.
func SetSchedule(ctx context.Context, q Querier, cid int64, ref bot.ChannelRef, s *bot.Schedule) error {
	if s == nil {
		if _, err := q.Exec(ctx, clearSchedule, cid); err != nil {
			return fmt.Errorf("clear schedule: %w", err)
		}
		return nil
	}
	window := s.Window
	if window <= 0 {
		window = bot.DefaultWindow
	}
	if _, err := q.Exec(ctx, setSchedule, s.Hour, s.Minute, s.Zone, int(s.Days), int64(window/time.Second),
		encode.MS(s.Since), encode.MS(s.NextDue), cid); err != nil {
		return fmt.Errorf("set schedule: %w", err)
	}
	if _, err := q.Exec(ctx, setGroupZone, s.Zone, ref.Platform, ref.GroupID); err != nil {
		return fmt.Errorf("set group zone: %w", err)
	}
	return nil
}

// SetDomains implements bot.Channels.SetDomains for the channel of row id cid.
func SetDomains(ctx context.Context, q Querier, cid int64, domains []string) error {
	if _, err := q.Exec(ctx, setDomains, strings.Join(domains, ","), cid); err != nil {
		return fmt.Errorf("set domains: %w", err)
	}
	return nil
}

// SetChannelPack implements bot.Channels.SetChannelPack for the channel of row id cid.
func SetChannelPack(ctx context.Context, q Querier, cid int64, pack string) error {
	if _, err := q.Exec(ctx, setPack, pack, cid); err != nil {
		return fmt.Errorf("set channel pack: %w", err)
	}
	return nil
}

// SetThreads implements bot.Channels.SetThreads for the channel of row id cid.
func SetThreads(ctx context.Context, q Querier, cid int64, off bool) error {
	if _, err := q.Exec(ctx, setThreads, off, cid); err != nil {
		return fmt.Errorf("set threads: %w", err)
	}
	return nil
}
