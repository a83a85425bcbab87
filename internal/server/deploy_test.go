package server

import (
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestComposeFile checks deploy/compose.yaml without a Docker engine: PostgreSQL and two studybot
// replicas with health checks behind a proxy whose upstreams are those replicas, and an environment that
// studybot's own configuration check accepts (a PostgreSQL URL, the gateway off).
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatal(err)
	}
	caddy, err := os.ReadFile("../../deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	// ${VAR:?message} and ${VAR:-default} as compose expands them, with test values.
	expand := regexp.MustCompile(`\$\{([A-Z_]+)(:[?-][^}]*)?\}`)
	values := map[string]string{"POSTGRES_PASSWORD": "pw", "DISCORD_BOT_TOKEN": "t", "DISCORD_APP_ID": "1",
		"DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "STUDYBOT_HOST": "study.example.com"}
	replicas := 0
	for name, svc := range compose.Services {
		if !strings.HasPrefix(name, "studybot-") {
			continue
		}
		replicas++
		if len(svc.Healthcheck.Test) == 0 || svc.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s: no health check, or it does not wait for a healthy database", name)
		}
		if !strings.Contains(string(caddy), name+":8080") {
			t.Errorf("the Caddyfile does not send requests to %s", name)
		}
		if !strings.Contains(compose.Services["proxy"].DependsOn[name].Condition, "healthy") {
			t.Errorf("the proxy does not wait for %s", name)
		}
		vals := map[string]*string{}
		for _, v := range Variables {
			e := expand.ReplaceAllStringFunc(svc.Environment[v.Env], func(m string) string { return values[expand.FindStringSubmatch(m)[1]] })
			if e == "" {
				e = v.Def
			}
			vals[v.Env] = &e
		}
		cfg, err := BuildConfig(vals)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Behind Caddy, the web page's rate limit must tell visitors apart by Caddy's X-Forwarded-For.
		caddyAt := netip.MustParseAddr("172.18.0.5") // an address of a compose network
		if !slices.ContainsFunc(cfg.TrustedProxies, func(p netip.Prefix) bool { return p.Contains(caddyAt) }) {
			t.Errorf("%s: STUDYBOT_TRUSTED_PROXIES %v does not cover the proxy on the compose network: every visitor would share its rate limit", name, cfg.TrustedProxies)
		}
		if !strings.HasPrefix(cfg.PublicURL, "https://") {
			t.Errorf("%s: STUDYBOT_PUBLIC_URL %q: /study web needs it, and Caddy serves HTTPS", name, cfg.PublicURL)
		}
		if !IsPostgres(cfg.DB) || cfg.DiscordGateway {
			t.Errorf("%s: STUDYBOT_DB %s, gateway %v: replicas share PostgreSQL and take interactions over the endpoint", name, cfg.DB, cfg.DiscordGateway)
		}
	}
	if replicas < 2 {
		t.Fatalf("%d studybot replicas, want two", replicas)
	}
	if pg := compose.Services["postgres"]; !strings.HasPrefix(pg.Image, "postgres:") || len(pg.Healthcheck.Test) == 0 {
		t.Fatalf("postgres service: %+v", pg)
	}
	if !strings.Contains(string(caddy), "health_uri /healthz") {
		t.Fatal("the proxy does not check the replicas' /healthz")
	}
}
