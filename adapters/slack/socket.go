package slack

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunSocket connects over Socket Mode and handles commands, clicks and mentions until ctx ends. Reconnects
// are slack-go's socketmode client's. Every request goes through the same handlers as the HTTP endpoints.
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
			a.socketEvent(ctx, client, evt)
		}
	}
}

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
		client.Ack(*evt.Request, a.HandleSlash(ctx, sc))
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		a.HandleInteraction(ctx, cb)
		client.Ack(*evt.Request)
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		var e eventEnvelope
		if err := json.Unmarshal(evt.Request.Payload, &e); err == nil {
			a.HandleEvent(ctx, e) // only starts the reply, so the ack stays prompt
		}
		client.Ack(*evt.Request)
	}
}
