package discord

// Reading a request: its signed body, and the interaction in it.

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/internal/httpbody"
)

// verify checks the request's Ed25519 signature the way discordgo.VerifyInteraction does (the key signs
// the X-Signature-Timestamp header followed by the body) and returns the body. The body is read once,
// straight into the signed message (httpbody.Append: a click's body fits its first buffer):
// VerifyInteraction copies it through two growing buffers and puts a third copy back in the request.
func verify(r *http.Request, key ed25519.PublicKey) (body []byte, ok bool) {
	sig, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
	if ts == "" || len(sig) != 2*ed25519.SignatureSize {
		return nil, false
	}
	var raw [ed25519.SignatureSize]byte
	if _, err := hex.Decode(raw[:], []byte(sig)); err != nil {
		return nil, false
	}
	msg, err := httpbody.Append([]byte(ts), r.Body, r.ContentLength)
	if err != nil || !ed25519.Verify(key, msg, raw[:]) {
		return nil, false
	}
	return msg[len(ts):], true
}

// DecodeInteraction parses an interaction payload, refusing one without a type, id or token. Button clicks,
// the burst after every post, are decoded through a lean struct that skips the copy of the whole message
// Discord sends along, and of the member all but what command reads (user, nick, roles, permissions);
// everything else goes through discordgo's own decoder.
func DecodeInteraction(body []byte) (*discordgo.Interaction, error) {
	var lean struct {
		ID        string                    `json:"id"`
		AppID     string                    `json:"application_id"`
		Type      discordgo.InteractionType `json:"type"`
		Token     string                    `json:"token"`
		Version   int                       `json:"version"`
		GuildID   string                    `json:"guild_id"`
		ChannelID string                    `json:"channel_id"`
		Member    *struct {
			User        *discordgo.User `json:"user"`
			Nick        string          `json:"nick"`
			Roles       []string        `json:"roles"`
			Permissions int64           `json:"permissions,string"`
		} `json:"member"`
		User *discordgo.User `json:"user"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &lean); err != nil {
		return nil, err
	}
	if lean.Type == 0 || (lean.Type != discordgo.InteractionPing && (lean.ID == "" || lean.Token == "")) {
		return nil, errors.New("interaction without type, id or token")
	}
	if lean.Type == discordgo.InteractionMessageComponent {
		var data discordgo.MessageComponentInteractionData
		if len(lean.Data) > 0 {
			if err := json.Unmarshal(lean.Data, &data); err != nil {
				return nil, err
			}
		}
		i := &discordgo.Interaction{ID: lean.ID, AppID: lean.AppID, Type: lean.Type, Token: lean.Token, Version: lean.Version,
			GuildID: lean.GuildID, ChannelID: lean.ChannelID, User: lean.User, Data: data}
		if m := lean.Member; m != nil {
			i.Member = &discordgo.Member{User: m.User, Nick: m.Nick, Roles: m.Roles, Permissions: m.Permissions}
		}
		return i, nil
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		return nil, err
	}
	return &i, nil
}
