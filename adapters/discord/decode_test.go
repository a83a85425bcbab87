package discord_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
)

// FuzzDecodeClick: whatever click discordgo decodes, the lean decoder decodes too, to the same fields the
// adapter reads.
func FuzzDecodeClick(f *testing.F) {
	f.Add(discordtest.Click("g1", "c1", discordtest.Member{ID: "42", Name: "Ada", Roles: []string{"r1"}, Permissions: 1 << 5}, "sb:answer:1:B", "m"))
	f.Add([]byte(`{"type": 3, "id": "1", "token": "t", "guild_id": "g", "member": {"user": {"id": "u"}, "nick": "N", "permissions": "8"}, "data": {"custom_id": "x"}}`))
	f.Add([]byte(`{"type": 3, "id": "1", "token": "t", "user": {"id": "u", "global_name": "G"}, "data": {"custom_id": "x"}}`))
	f.Add([]byte(`{"type": 3, "id": "1", "token": "t", "member": {"joined_at": "yesterday", "user": null}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var want discordgo.Interaction
		if err := json.Unmarshal(body, &want); err != nil || want.Type != discordgo.InteractionMessageComponent || want.ID == "" || want.Token == "" {
			return
		}
		got, err := discord.DecodeInteraction(body)
		if err != nil {
			t.Fatalf("discordgo decodes %s, DecodeInteraction fails: %v", body, err)
		}
		read := func(i *discordgo.Interaction) string {
			s := fmt.Sprintf("%s %s %d %s %s %s %s", i.ID, i.AppID, i.Type, i.Token, i.GuildID, i.ChannelID, i.MessageComponentData().CustomID)
			if m := i.Member; m != nil {
				s += fmt.Sprintf(" member %q %v %d", m.Nick, m.Roles, m.Permissions)
				if m.User != nil {
					s += fmt.Sprintf(" %+v", *m.User)
				}
			}
			if i.User != nil {
				s += fmt.Sprintf(" user %+v", *i.User)
			}
			return s
		}
		if g, w := read(got), read(&want); g != w {
			t.Fatalf("body %s\ngot  %s\nwant %s", body, g, w)
		}
	})
}
