package slack

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// socketConcurrency bounds the Socket Mode events handled at once (Adapter.events).
const socketConcurrency = 64

// RunSocket connects over Socket Mode and handles commands, clicks and mentions until ctx ends. Reconnects
// are slack-go's socketmode client's. Every request goes through the same handlers as the HTTP endpoints,
// each event in its own goroutine (at most socketConcurrency at once), so a burst of clicks is acknowledged
// at once rather than one after another.
func (a *Adapter) RunSocket(ctx context.Context) error {
	if a.cfg.AppToken == "" {
		return fmt.Errorf("slack socket mode: no app token")
	}
	client := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt, ok := <-client.Events:
			if !ok {
				return nil
			}
			a.events.Go(ctx, func() { a.socketEvent(ctx, client, evt) }) // waits for a free place, or ctx's end
		}
	}
}

// socketEvent handles one envelope. Socket Mode requests are not signed: they come over the connection
// the app opened with its token, where no one else can send, so a copied request cannot be replayed here,
// and Slack redelivers only events (retry_attempt), which HandleEvent drops by event_id. Commands and
// clicks still go through the handlers that remember their trigger_id.
func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.log.InfoContext(ctx, "slack socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		a.log.WarnContext(ctx, "slack socket mode", "event", string(evt.Type))
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		if msg := a.HandleSlash(ctx, sc); msg != formOpened {
			client.Ack(*evt.Request, msg)
		} else {
			client.Ack(*evt.Request)
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		if cb.Type == slack.InteractionTypeViewSubmission { // a modal sent: the ack carries the answer (modal.go)
			if resp := a.HandleViewSubmission(ctx, cb); resp != nil {
				client.Ack(*evt.Request, resp)
			} else {
				client.Ack(*evt.Request)
			}
			return
		}
		client.Ack(*evt.Request) // the reply goes to the response_url, so the click is acknowledged first
		a.HandleInteraction(ctx, cb)
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		client.Ack(*evt.Request)
		var e eventEnvelope
		if err := json.Unmarshal(evt.Request.Payload, &e); err == nil {
			a.HandleEvent(ctx, e)
		}
	}
}
