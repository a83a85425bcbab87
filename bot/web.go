package bot

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// cmdWeb answers privately with the group's web page link, made on first use; "reset" makes a new one.
// Only the token's hash is stored, so a link made before cannot be shown again: the reply says so and
// leaves that link working (it may be pinned or shared), and reset is the way to a new one.
func (b *Bot) cmdWeb(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if b.publicURL == "" {
		return Reply{Private: true, Text: "The web page is not set up: the operator must set STUDYBOT_PUBLIC_URL to the address studybot is reached at (e.g. https://study.example.com) and restart it."}, nil
	}
	g := cmd.Channel.Group()
	token := newWebToken()
	var note string
	if in.Get("action") == "reset" {
		if err := b.webTokens.ResetWebToken(ctx, g, HashWebToken(token)); err != nil {
			return Reply{}, fmt.Errorf("reset web token: %w", err)
		}
		note = "A new link; the old one no longer works.\n"
	} else {
		created, err := b.webTokens.CreateWebToken(ctx, g, HashWebToken(token))
		if err != nil {
			return Reply{}, fmt.Errorf("web token: %w", err)
		}
		if !created {
			return Reply{Private: true, Text: "This group already has a web page link, and it still works. studybot keeps only a fingerprint of it, " +
				"so it cannot show it again: use the link you were given, or /study web reset for a new one (the old link then stops working)."}, nil
		}
	}
	return Reply{Private: true, Text: note + "The group's read-only page (leaderboards, participation, accuracy per domain, the month's hardest questions): " +
		b.publicURL + WebPath + token + "\nAnyone with the link can see it, with members' names. Keep this message: studybot cannot show the link again. " +
		"/study web reset makes a new link and stops this one."}, nil
}

// newWebToken returns 128 random bits, URL-safe: the link is the only key to the page.
func newWebToken() string {
	var buf [16]byte
	if _, err := rand.Read(buf[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(buf[:])
}
