package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/internal/fakeapi"
)

// answeredOnce posts a question and has member answer it, so that /study history has a week to show.
func answeredOnce(t *testing.T, h *harness) {
	t.Helper()
	h.command(moderator, "post")
	p := mustOpenPost(t, h)
	if code, _ := h.send(discordtest.Click("g1", "c1", member, h.fake.CardButtons("c1", 0)[2], p.MessageID)); code != 200 {
		t.Fatalf("click: HTTP %d", code)
	}
}

// historyPNG checks that files are one PNG named history.png, as wide as web/chart draws, and returns its
// size in bytes.
func historyPNG(t *testing.T, files map[string]fakeapi.File) int {
	t.Helper()
	f, ok := files["files[0]"]
	if !ok || len(files) != 1 || f.Name != "history.png" || f.ContentType != "image/png" {
		t.Fatalf("files %+v", files)
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil || img.Bounds().Dx() != 800 {
		t.Fatalf("attached PNG: %v", err)
	}
	return len(f.Data)
}

// historyPayload checks that an interaction response's JSON is an ephemeral message with the weeks' table.
func historyPayload(t *testing.T, payload []byte) {
	t.Helper()
	var resp map[string]any
	if err := json.Unmarshal(payload, &resp); err != nil {
		t.Fatalf("payload_json %q: %v", payload, err)
	}
	if resp["type"] != float64(4) || !ephemeral(resp) || !strings.Contains(content(resp), "Your share right per week, last 12 weeks") {
		t.Fatalf("payload_json %v", resp)
	}
}

// TestHistoryChartIsAnEphemeralAttachment: /study history answered through the interactions endpoint is a
// multipart/form-data response, the ephemeral message as payload_json and the chart's PNG as files[0].
func TestHistoryChartIsAnEphemeralAttachment(t *testing.T) {
	h := newHarness(t)
	answeredOnce(t, h)
	resp, err := http.DefaultClient.Do(key.Request(h.srv.URL, discordtest.Command("g1", "c1", member, "history", nil), h.now))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode != 200 || err != nil || mt != "multipart/form-data" {
		t.Fatalf("HTTP %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(resp.Body, params["boundary"])
	var payload []byte
	files := map[string]fakeapi.File{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(p)
		if p.FormName() == "payload_json" {
			payload = data
			continue
		}
		files[p.FormName()] = fakeapi.File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data}
	}
	historyPayload(t, payload)
	t.Logf("history chart PNG: %d bytes", historyPNG(t, files))
}

// TestHistoryChartOverTheGatewayAndDeferred: over the gateway the response is the multipart callback; a
// command slow enough to be deferred edits its original response with the chart as files[0].
func TestHistoryChartOverTheGatewayAndDeferred(t *testing.T) {
	h := newHarness(t)
	answeredOnce(t, h)
	i := decode(t, discordtest.Command("g1", "c1", member, "history", nil))
	h.adapter.HandleGateway(context.Background(), i)
	calls := h.fake.Calls("POST", "/api/v9/interactions/"+i.ID+"/"+i.Token+"/callback")
	if len(calls) != 1 {
		t.Fatalf("%d callbacks", len(calls))
	}
	historyPayload(t, calls[0].Body)
	historyPNG(t, calls[0].Files)

	release := make(chan struct{})
	a, err := discord.New(discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: h.fake.APIBase(),
		Now: func() time.Time { return h.now }, DeferAfter: time.Millisecond}, slowCore{Core: h.bot, delay: release})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	defer srv.Close()
	if code, resp := h.sendReq(key.Request(srv.URL, discordtest.Command("g1", "c1", member, "history", nil), h.now)); code != 200 || resp["type"] != float64(5) || !ephemeral(resp) {
		t.Fatalf("want a deferred ephemeral response, got %d %v", code, resp)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Close(ctx)
	edits := h.fake.Calls("PATCH", "/api/v9/webhooks/app/")
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), "Your share right per week") {
		t.Fatalf("follow-up edits: %+v", edits)
	}
	historyPNG(t, edits[0].Files)
}
