package slack

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/adapters/slack/slacktest"
)

// realClick is a block_actions payload shaped like the ones Slack sends for a click on a studybot card: the
// whole message with its blocks comes along, and the state of its inputs.
const realClick = `{"type":"block_actions","user":{"id":"U0123","username":"ada","name":"ada","team_id":"T9"},
"api_app_id":"A1","token":"deprecated","container":{"type":"message","message_ts":"1772000000.000100","channel_id":"C7","is_ephemeral":false},
"trigger_id":"1.2.3","team":{"id":"T9","domain":"study"},"enterprise":null,"is_enterprise_install":false,
"channel":{"id":"C7","name":"hit-study"},
"message":{"bot_id":"B1","type":"message","text":"Question","user":"UBOT","ts":"1772000000.000100","app_id":"A1",
 "blocks":[{"type":"section","block_id":"s1","text":{"type":"mrkdwn","text":"*Security · Q12*\nWhich control…","verbatim":false}},
  {"type":"section","block_id":"s2","text":{"type":"mrkdwn","text":"*A)* one\n*B)* two\n*C)* three\n*D)* four","verbatim":false}},
  {"type":"context","block_id":"c1","elements":[{"type":"mrkdwn","text":"Objective 1.2 · q12","verbatim":false}]},
  {"type":"actions","block_id":"sb-card-1","elements":[{"type":"button","action_id":"sb:answer:1:A","text":{"type":"plain_text","text":"A","emoji":true},"style":"primary"}]}],
 "metadata":{"event_type":"studybot_post","event_payload":{"key":"k1"}}},
"state":{"values":{}},"response_url":"https://hooks.slack.com/actions/T9/1/abc",
"actions":[{"action_id":"sb:answer:1:B","block_id":"sb-card-1","text":{"type":"plain_text","text":"B","emoji":true},"value":"b","style":"primary","type":"button","action_ts":"1772000001.1"}]}`

// TestDecodeClickReadsWhatSlackGoReads: the lean decoder gives the adapter the same fields as slack-go's
// full one.
func TestDecodeClickReadsWhatSlackGoReads(t *testing.T) {
	for _, payload := range []string{realClick, string(slacktest.BlockActionsJSON("T1", "C1", "U1", "sb:answer:1:B", "http://x/hook", "1.1")),
		`{"type":"block_actions","actions":[{"action_id":"old","name":"n"},{"action_id":"sb:answer:1:C","block_id":"b"}]}`,
		`{"type":"view_submission","user":{"id":"U1"}}`} {
		sameAsSlackGo(t, []byte(payload))
	}
}

// FuzzDecodeClick: whatever slack-go decodes, the lean decoder decodes too, to the same fields.
func FuzzDecodeClick(f *testing.F) {
	f.Add([]byte(realClick))
	f.Add(slacktest.BlockActionsJSON("T1", "C1", "U1", "sb:answer:1:B", "http://x/hook", "1.1"))
	f.Add([]byte(`{"type":"block_actions","actions":[{"block_id":5,"action_id":7}]}`))
	f.Add([]byte(`{"type":"block_actions","actions":[{"block_id":"b","action_id":null}]}`))
	f.Add([]byte(`{"actions":null,"team":null}`))
	f.Fuzz(func(t *testing.T, payload []byte) { sameAsSlackGo(t, payload) })
}

func sameAsSlackGo(t *testing.T, payload []byte) {
	t.Helper()
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		return
	}
	got, err := decodeClick(payload)
	if err != nil {
		t.Fatalf("slack-go decodes %s, decodeClick fails: %v", payload, err)
	}
	if want := clickOf(cb); got != want {
		t.Fatalf("payload %s\ngot  %+v\nwant %+v", payload, got, want)
	}
}

// FuzzFormPayload: the payload field is read as url.ParseQuery reads it.
func FuzzFormPayload(f *testing.F) {
	f.Add(string(slacktest.BlockActions("T1", "C1", "U1", "sb:answer:1:B", "http://x/hook", "1.1")))
	f.Add("payload=%7B%22a%22%3A1%7D")
	f.Add("payload=a+b%zz")
	f.Add("payload=x&payload=y")
	f.Add("a=1&payload=x;b")
	f.Add("payload=")
	f.Fuzz(func(t *testing.T, body string) {
		form, werr := url.ParseQuery(body)
		got, err := formPayload([]byte(body))
		if (err == nil) != (werr == nil) || (err == nil && string(got) != form.Get("payload")) {
			t.Fatalf("%q: got %q (%v), ParseQuery %q (%v)", body, got, err, form.Get("payload"), werr)
		}
	})
}

// BenchmarkDecodeClick: a click as Slack sends it, with the whole message along.
func BenchmarkDecodeClick(b *testing.B) {
	payload := []byte(realClick)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeClick(payload); err != nil {
			b.Fatal(err)
		}
	}
}
