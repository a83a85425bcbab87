package slack

// Reading a request: a click's payload, decoded lean.

import (
	"bytes"
	"encoding/json"
	"net/url"

	"github.com/slack-go/slack"
)

// formPayload returns the payload field of an interaction's form body. Slack sends that field alone, which
// is unescaped in place, over body's own bytes (url.QueryUnescape would copy it twice more); anything else
// goes through url.ParseQuery.
func formPayload(body []byte) ([]byte, error) {
	if rest, ok := bytes.CutPrefix(body, []byte("payload=")); ok && bytes.IndexAny(rest, "&;") < 0 {
		return unescapeQuery(rest)
	}
	form, err := url.ParseQuery(string(body))
	return []byte(form.Get("payload")), err
}

// unescapeQuery decodes b as url.QueryUnescape does ('+' is a space, %XX the byte XX, a broken escape an
// error), writing the result over b, which it never outgrows.
func unescapeQuery(b []byte) ([]byte, error) {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '+':
			out = append(out, ' ')
		case '%':
			hi, ok1 := unhex(b, i+1)
			lo, ok2 := unhex(b, i+2)
			if !ok1 || !ok2 {
				return nil, url.EscapeError(b[i:min(i+3, len(b))])
			}
			out = append(out, hi<<4|lo)
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

// unhex is the value of the hex digit b[i], if there is one.
func unhex(b []byte, i int) (byte, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch c := b[i]; {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// click is what HandleInteraction reads of an interaction: its type and, for block_actions, the team, the
// user, the channel, the response_url and the first block action's id. (slack.InteractionCallback, close to
// 4 KB, escaped to the heap with every click when a closure kept it.)
type click struct {
	typ                          slack.InteractionType
	team, userTeam, user, name   string
	channel, responseURL, action string
	trigger                      string // trigger_id: this click's own id (bot.Command.Request)
	hasAction                    bool
}

// clickOf reads a click from an interaction slack-go decoded (Socket Mode).
func clickOf(cb slack.InteractionCallback) click {
	c := click{typ: cb.Type, team: cb.Team.ID, userTeam: cb.User.TeamID, user: cb.User.ID, name: cb.User.Name,
		channel: cb.Channel.ID, responseURL: cb.ResponseURL, trigger: cb.TriggerID}
	if acts := cb.ActionCallback.BlockActions; len(acts) > 0 {
		c.action, c.hasAction = acts[0].ActionID, true
	}
	return c
}

// decodeClick parses an interaction payload (HTTP) into a click. A click, the burst after every post, then
// skips the copy of the whole message (its blocks) and the state that Slack sends along, which slack-go's
// own decoder builds in full.
func decodeClick(payload []byte) (click, error) {
	var lean struct {
		Type string `json:"type"`
		Team struct {
			ID string `json:"id"`
		} `json:"team"`
		User struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			TeamID string `json:"team_id"`
		} `json:"user"`
		Channel struct {
			ID string `json:"id"`
		} `json:"channel"`
		ResponseURL string            `json:"response_url"`
		TriggerID   string            `json:"trigger_id"`
		Actions     []json.RawMessage `json:"actions"`
	}
	if err := json.Unmarshal(payload, &lean); err != nil {
		return click{}, err
	}
	c := click{typ: slack.InteractionType(lean.Type), team: lean.Team.ID, userTeam: lean.User.TeamID, user: lean.User.ID,
		name: lean.User.Name, channel: lean.Channel.ID, responseURL: lean.ResponseURL, trigger: lean.TriggerID}
	// As slack-go does, an action with a "block_id" string is a block action; the others (attachments) are
	// not read.
	for _, raw := range lean.Actions {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			return click{}, err
		}
		if b := bytes.TrimSpace(keys["block_id"]); len(b) == 0 || b[0] != '"' {
			continue
		}
		var act struct {
			ActionID string `json:"action_id"`
		}
		if err := json.Unmarshal(raw, &act); err != nil {
			return click{}, err
		}
		if !c.hasAction {
			c.action, c.hasAction = act.ActionID, true
		}
	}
	return c, nil
}
