package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// HandleErr runs one command and returns what to show, with the error behind a refusal or a failure: it is
// the core's one entry point for adapters. Errors become private replies: a user's mistake says what was
// wrong; our own failure is answered with a generic apology and logged here, once, with its cause and where
// it happened, so adapters only count it.
func (b *Bot) HandleErr(ctx context.Context, cmd Command) (Reply, error) {
	reply, err := b.handle(ctx, cmd)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			b.log.ErrorContext(ctx, "command failed", "platform", cmd.Channel.Platform, "group", cmd.Channel.GroupID,
				"channel", cmd.Channel.ChannelID, "command", cmd.Name, "err", err)
		}
		return Reply{Private: true, Text: ErrorMessage(err)}, err
	}
	return reply, nil
}

func (b *Bot) handle(ctx context.Context, cmd Command) (Reply, error) {
	if cmd.Channel.Platform == "" || cmd.Channel.GroupID == "" || cmd.User.ID == "" {
		return Reply{}, fmt.Errorf("command without platform, group or user: %+v", cmd.Channel)
	}
	// A member's name enters the core here, and is kept and shown as CleanName makes it.
	cmd.User.Name = CleanName(cmd.User.Name)
	cmd, grouped := b.resolveGroup(cmd)
	if grouped != "" {
		return b.groupHelp(ctx, cmd, grouped)
	}
	spec, ok := b.byName[cmd.Name]
	if ok {
		cmd.Name = spec.Name // "me goal", as Discord sends it, is the row "goal"
	}
	if !ok || (spec.Hidden && !cmd.Click) {
		// A button's action typed as a command is not one: typed, it would carry any post, exam or
		// confirmation its words name, from any channel.
		help, err := b.cmdHelp(ctx, cmd, Input{})
		if err != nil {
			return Reply{}, err
		}
		help.Text = fmt.Sprintf("Unknown command %q.\n\n%s", cmd.Name, help.Text)
		return help, nil
	}
	if cmd.Request != "" && !spec.Idempotent {
		if err := b.firstRequest(ctx, cmd); err != nil {
			return Reply{}, err
		}
	}
	var pk *quiz.Pack
	if spec.hasDomainArg() {
		var err error
		if pk, err = b.packFor(ctx, cmd.Channel); err != nil {
			return Reply{}, err
		}
	}
	in, err := b.parse(*spec, cmd, pk)
	if err != nil {
		return Reply{}, err
	}
	// An answer records the member's name in its own transaction; everything else does it here.
	if cmd.User.Name != "" && spec.Name != ActionAnswer {
		if err := b.members.TouchMember(ctx, cmd.Channel.Group(), cmd.User.ID, cmd.User.Name); err != nil {
			return Reply{}, fmt.Errorf("touch member: %w", err)
		}
	}
	needsMod := spec.Mod
	for _, a := range spec.Args {
		needsMod = needsMod || (a.Mod && in.Has(a.Name))
	}
	if needsMod {
		if err := b.requireModerator(ctx, cmd, *spec, in); err != nil {
			return Reply{}, err
		}
	}
	r, err := spec.handle(b, ctx, cmd, in)
	if err == nil {
		if note := b.moderatorNotices(ctx, cmd, *spec, needsMod); note != "" {
			r.Text = joinParagraphs(note, r.Text)
		}
	}
	return r, err
}

// resolveGroup reads a typed subcommand group: "/study pack use biology" arrives as the name "pack" with
// the arguments "use biology", and becomes "pack use" with "biology". A group typed without one of its
// subcommands is returned as grouped, for groupHelp.
func (b *Bot) resolveGroup(cmd Command) (_ Command, grouped string) {
	if _, ok := b.byName[cmd.Name]; ok || !b.isGroup(cmd.Name) {
		return cmd, ""
	}
	if len(cmd.Args) > 0 {
		if name := cmd.Name + " " + strings.ToLower(cmd.Args[0]); b.byName[name] != nil {
			cmd.Name, cmd.Args = name, cmd.Args[1:]
			return cmd, ""
		}
	}
	return cmd, cmd.Name
}

func (b *Bot) isGroup(name string) bool {
	for _, s := range b.table {
		if g, _ := s.Path(); g != "" && g == name {
			return true
		}
	}
	return false
}

// groupHelp answers a group typed without a subcommand it has: the group's lines of help.
func (b *Bot) groupHelp(ctx context.Context, cmd Command, group string) (Reply, error) {
	mod, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
	if err != nil {
		return Reply{}, err
	}
	lines := []string{fmt.Sprintf("/study %s needs one of these:", group)}
	for _, s := range b.Commands() {
		if g, _ := s.Path(); g == group && (mod || !s.Mod) {
			lines = append(lines, fmt.Sprintf("%s: %s", s.Usage(mod), s.Summary))
		}
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n")}, nil
}

// requireModerator refuses a moderator command, or a moderator's argument, to anyone else.
func (b *Bot) requireModerator(ctx context.Context, cmd Command, s Spec, in Input) error {
	ok, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	what := "/study " + s.Name
	if !s.Mod {
		for _, a := range s.Args {
			if a.Mod && in.Has(a.Name) {
				what += " … " + a.Name
			}
		}
	}
	return Errorf(EFORBIDDEN, "Only moderators can use %s. Moderators here are %s, and anyone they add with /study mods add.",
		what, b.platform(cmd.Channel.Platform).Admins)
}

// platform describes a platform for messages; one without a Chat is described by its name.
func (b *Bot) platform(name string) PlatformInfo {
	if c, ok := b.chat(name); ok {
		return c.Describe()
	}
	return PlatformInfo{Name: name, Admins: name + " admins"}
}

func joinParagraphs(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

// subject returns the member a command is about (/study stats user, /study readiness user): the one its
// "user" argument names (see findMember), or else the caller; name falls back to the id.
func (b *Bot) subject(ctx context.Context, cmd Command, in Input) (userID, name string, err error) {
	userID, name = cmd.User.ID, cmd.User.Name
	if u := in.Get("user"); u != "" && u != userID {
		if userID, name, err = b.findMember(ctx, cmd.Channel.Group(), u); err != nil {
			return "", "", err
		}
	}
	if name == "" {
		name = userID
	}
	return userID, name, nil
}

// findMember finds the member of group g that ref names: their id as a platform gives it (a Discord or
// Slack mention), or, typed, their id or display name in any case, with or without an @ ("Bob" is the
// console's bob). A name two members share is refused rather than guessed.
//
// Names are searched among the members who answered a daily question (the Summaries port lists them with
// their names); the Members port looks up an id only.
func (b *Bot) findMember(ctx context.Context, g GroupRef, ref string) (userID, name string, err error) {
	n, err := b.members.MemberName(ctx, g, ref)
	if err != nil {
		return "", "", fmt.Errorf("member name: %w", err)
	}
	if n != "" {
		return ref, n, nil
	}
	typed := strings.TrimPrefix(ref, "@")
	// Every answer so far: a day past now leaves the stores' rounding of times out of it.
	all, err := b.summaries.MemberTotals(ctx, g, time.Time{}, b.clock.Now().Add(24*time.Hour))
	if err != nil {
		return "", "", fmt.Errorf("members: %w", err)
	}
	var byName []MemberTotal
	for _, m := range all {
		if strings.EqualFold(m.UserID, typed) {
			return m.UserID, m.Name, nil
		}
		if strings.EqualFold(m.Name, typed) {
			byName = append(byName, m)
		}
	}
	switch len(byName) {
	case 0:
		return "", "", Errorf(ENOTFOUND, "I have no record of %s in this group yet.", ref)
	case 1:
		return byName[0].UserID, byName[0].Name, nil
	}
	return "", "", Errorf(ECONFLICT, "More than one member here is called %s: mention the one you mean.", typed)
}
