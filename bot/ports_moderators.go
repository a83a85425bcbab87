package bot

import "context"

// Moderators keeps the members and roles a group added with /study mods add.
type Moderators interface {
	// AddMod adds a moderator (a user or a role); RemoveMod removes one and reports whether it was there.
	AddMod(ctx context.Context, g GroupRef, m Mod) error
	RemoveMod(ctx context.Context, g GroupRef, m Mod) (bool, error)
	// Mods lists the group's added moderators.
	Mods(ctx context.Context, g GroupRef) ([]Mod, error)
}
