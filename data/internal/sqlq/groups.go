package sqlq

import (
	"context"
	"errors"
	"fmt"

	"github.com/studybot/studybot/bot"
)

var (
	findGroup  = New(`SELECT id FROM groups WHERE platform = ? AND ext_id = ?`)
	memberName = New(`SELECT m.name FROM members m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND m.user_id = ?`)
	groupZone = New(`SELECT tz FROM groups WHERE platform = ? AND ext_id = ?`)
	zoneByID  = New(`SELECT tz FROM groups WHERE id = ?`)
)

// FindGroup returns the row id of a group, 0 if it has none yet. The stores cache it: a group's row is
// never deleted or renumbered.
func FindGroup(ctx context.Context, q Querier, g bot.GroupRef) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, findGroup, g.Platform, g.GroupID).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up group: %w", err)
	}
	return id, nil
}

// MemberName implements bot.Members.MemberName: "" for a member never seen.
func MemberName(ctx context.Context, q Querier, g bot.GroupRef, userID string) (string, error) {
	var name string
	err := q.QueryRow(ctx, memberName, g.Platform, g.GroupID, userID).Scan(&name)
	if errors.Is(err, ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("member name: %w", err)
	}
	return name, nil
}

// GroupZone implements bot.Channels.GroupZone: UTC for a group never seen.
func GroupZone(ctx context.Context, q Querier, g bot.GroupRef) (string, error) {
	var tz string
	err := q.QueryRow(ctx, groupZone, g.Platform, g.GroupID).Scan(&tz)
	if errors.Is(err, ErrNoRows) {
		return "UTC", nil
	}
	if err != nil {
		return "", fmt.Errorf("group zone: %w", err)
	}
	return tz, nil
}

// ZoneByID returns the zone name of the group of row id gid.
func ZoneByID(ctx context.Context, q Querier, gid int64) (string, error) {
	var tz string
	if err := q.QueryRow(ctx, zoneByID, gid).Scan(&tz); err != nil {
		return "", fmt.Errorf("group zone: %w", err)
	}
	return tz, nil
}
