package slack

import "testing"

func TestHookAllowed(t *testing.T) {
	a, err := New(Config{BotToken: "xoxb-t", APIURL: "http://127.0.0.1:9000/api/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := New(Config{BotToken: "xoxb-t"}, nil)
	for _, tt := range []struct {
		url        string
		configured bool // allowed with the API URL set
		prod       bool // allowed with Slack's own API
	}{
		{"https://hooks.slack.com/commands/T1/1/abc", true, true},
		{"https://HOOKS.slack.com/actions/T1/1/abc", true, true},
		{"https://hooks.slack.com:443/actions/T1/1/abc", true, true},
		{"https://hooks.slack-gov.com/actions/T1/1/abc", true, true},
		{"http://127.0.0.1:9000/hooks/x", true, false},
		{"http://hooks.slack.com/actions/T1/1/abc", false, false},
		{"https://hooks.slack.com:8443/actions/T1/1/abc", false, false},
		{"https://hooks.slack.com.evil.example/x", false, false},
		{"https://evil.example/hooks.slack.com", false, false},
		{"https://user:pw@hooks.slack.com/x", false, false},
		{"http://127.0.0.1:9001/hooks/x", false, false},
		{"https://127.0.0.1:9000/hooks/x", false, false},
		{"http://169.254.169.254/latest/meta-data/", false, false},
		{"/hooks/x", false, false},
		{"::", false, false},
	} {
		if got := a.hookAllowed(tt.url); got != tt.configured {
			t.Errorf("with an API URL: hookAllowed(%q) = %v, want %v", tt.url, got, tt.configured)
		}
		if got := prod.hookAllowed(tt.url); got != tt.prod {
			t.Errorf("with Slack's API: hookAllowed(%q) = %v, want %v", tt.url, got, tt.prod)
		}
	}
}
