package slacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The requests Slack sends an app, signed as Slack signs them: slash commands, button clicks, modal
// submissions and mentions.

// Sign adds Slack's signature headers for body at time at.
func Sign(req *http.Request, secret string, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// Request builds a signed POST.
func Request(target, contentType, secret string, body []byte, at time.Time) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", contentType)
	Sign(req, secret, body, at)
	return req
}

var triggers atomic.Int64

// triggerID returns a trigger_id of Slack's shape, a new one each time, as Slack gives every command and
// click its own.
func triggerID() string {
	return fmt.Sprintf("%d.42.abcd", 1337000+triggers.Add(1))
}

// SlashCommand builds the form body Slack posts for "/study TEXT".
func SlashCommand(team, channel, user, userName, text, responseURL string) []byte {
	v := url.Values{}
	v.Set("token", "deprecated-verification-token")
	v.Set("team_id", team)
	v.Set("team_domain", "study")
	v.Set("channel_id", channel)
	v.Set("channel_name", "hit-study")
	v.Set("user_id", user)
	v.Set("user_name", userName)
	v.Set("command", "/study")
	v.Set("text", text)
	v.Set("api_app_id", "A1")
	v.Set("response_url", responseURL)
	v.Set("trigger_id", triggerID())
	return []byte(v.Encode())
}

// BlockActionsJSON builds the JSON of a block_actions interaction for a button click.
func BlockActionsJSON(team, channel, user, actionID, responseURL, messageTS string) []byte {
	p := map[string]any{
		"type": "block_actions", "api_app_id": "A1", "token": "deprecated", "trigger_id": triggerID(),
		"team":         map[string]any{"id": team, "domain": "study"},
		"user":         map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"channel":      map[string]any{"id": channel, "name": "hit-study"},
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false},
		"message":      map[string]any{"type": "message", "ts": messageTS, "bot_id": "B1", "text": "question"},
		"response_url": responseURL,
		"actions": []map[string]any{{"action_id": actionID, "block_id": "sb-card", "type": "button", "value": "x",
			"text": map[string]any{"type": "plain_text", "text": "A"}, "action_ts": "1772000000.1"}},
	}
	b, _ := json.Marshal(p)
	return b
}

// BlockActions builds the form body Slack posts for a click: payload=JSON.
func BlockActions(team, channel, user, actionID, responseURL, messageTS string) []byte {
	return []byte(url.Values{"payload": {string(BlockActionsJSON(team, channel, user, actionID, responseURL, messageTS))}}.Encode())
}

// ViewSubmission builds the form body Slack posts when a member sends a modal: payload=JSON of a
// view_submission with the view's callback_id and private_metadata as opened, and each input's value in
// view.state.values[block_id][action_id].
func ViewSubmission(team, user, callbackID, privateMetadata string, values map[string][2]string) []byte {
	state := map[string]any{}
	for block, v := range values {
		state[block] = map[string]any{v[0]: map[string]any{"type": "plain_text_input", "value": v[1]}}
	}
	p := map[string]any{
		"type": "view_submission", "api_app_id": "A1", "token": "deprecated", "trigger_id": triggerID(),
		"team": map[string]any{"id": team, "domain": "study"},
		"user": map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"view": map[string]any{"id": "V1", "team_id": team, "type": "modal", "callback_id": callbackID,
			"private_metadata": privateMetadata, "state": map[string]any{"values": state}, "hash": "1.abc"},
	}
	b, _ := json.Marshal(p)
	return []byte(url.Values{"payload": {string(b)}}.Encode())
}

// MentionJSON builds an event_callback for an app_mention.
func MentionJSON(team, channel, user, eventID, text, ts string) []byte {
	b, _ := json.Marshal(map[string]any{
		"token": "deprecated", "team_id": team, "api_app_id": "A1", "type": "event_callback", "event_id": eventID,
		"event_time": 1772000000, "authorizations": []any{map[string]any{"team_id": team, "user_id": "UBOT", "is_bot": true}},
		"event": map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts},
	})
	return b
}
