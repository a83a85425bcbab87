package slack_test

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifestsGrantWhatTheAdapterCalls: both app manifests in deploy/ ask for the bot scope of every Web API
// method the adapter calls. The fake Slack of these tests does not check scopes, so a scope missing here
// would pass every other test and fail only in a real workspace (as im:write once did: reminders open a
// direct message with conversations.open, which Slack grants only with it).
func TestManifestsGrantWhatTheAdapterCalls(t *testing.T) {
	need := map[string]string{
		"chat.postMessage":                "chat:write",
		"conversations.open":              "im:write",
		"files.getUploadURLExternal":      "files:write",
		"files.info":                      "files:read",
		"users.info":                      "users:read",
		"conversations.history":           "channels:history",
		"conversations.history (private)": "groups:history",
		"app_mention events":              "app_mentions:read",
		"slash commands":                  "commands",
	}
	for _, file := range []string{"../../deploy/slack-app-manifest.yaml", "../../deploy/slack-app-manifest-socket.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			OAuth struct {
				Scopes struct {
					Bot []string `yaml:"bot"`
				} `yaml:"scopes"`
			} `yaml:"oauth_config"`
		}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for method, scope := range need {
			if !slices.Contains(m.OAuth.Scopes.Bot, scope) {
				t.Errorf("%s: no bot scope %s, which %s needs", file, scope, method)
			}
		}
	}
}
