package discord

// A reply's chart in an interaction response: Discord lets an ephemeral response carry a file, so
// /study history's chart reaches only the member who asked.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/redact"
	"github.com/studybot/studybot/web/chart"
)

// attachChart draws a reply's chart and attaches it to the response as its one file, which makes the
// response a multipart/form-data body (payload_json and files[0]); the ephemeral flag stays as the reply
// set it. A chart that cannot be drawn is left out, with a warning: the reply's text says what it shows.
func (a *Adapter) attachChart(ctx context.Context, resp *discordgo.InteractionResponse, r bot.Reply) {
	if r.Chart == nil || resp.Data == nil {
		return
	}
	img, err := chart.PNG(*r.Chart)
	if err != nil {
		a.log.WarnContext(ctx, "discord: reply chart not drawn", redact.Err(err))
		return
	}
	resp.Data.Files = []*discordgo.File{{Name: cmp.Or(r.Chart.Name, "chart.png"), ContentType: chart.ContentType, Reader: bytes.NewReader(img)}}
}

// encodeMultipart encodes a response with files as Discord takes it: the JSON (encodeResponse's) as
// payload_json and each file as files[n].
func encodeMultipart(resp *discordgo.InteractionResponse) (contentType string, body []byte, err error) {
	payload, err := encodeResponse(resp)
	if err != nil {
		return "", nil, err
	}
	return discordgo.MultipartBodyWithJSON(json.RawMessage(payload), resp.Data.Files)
}
