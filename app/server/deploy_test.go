package server

import (
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/studybot/studybot/bot"
)

// TestComposeFile checks deploy/compose.yaml without a Docker engine: PostgreSQL and two studybot
// replicas with health checks behind a proxy whose upstreams are those replicas, and an environment that
// studybot's own configuration check accepts (a PostgreSQL URL, the gateway off, the public URL the
// proxy serves, so /study web works). The image is built once, and the proxy starts without waiting for
// every replica to be healthy (its health checks route around one that is not).
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
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
		"DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
		"STUDYBOT_HOST": "study.example.com"}
	replicas, builds := 0, 0
	images := map[string]bool{}
	for name, svc := range compose.Services {
		if !strings.HasPrefix(name, "studybot-") {
			continue
		}
		replicas++
		if svc.Build != nil {
			builds++
		}
		images[svc.Image] = true
		if len(svc.Healthcheck.Test) == 0 || svc.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s: no health check, or it does not wait for a healthy database", name)
		}
		if !strings.Contains(string(caddy), name+":8080") {
			t.Errorf("the Caddyfile does not send requests to %s", name)
		}
		if c := compose.Services["proxy"].DependsOn[name].Condition; c == "service_healthy" {
			t.Errorf("the proxy waits for %s to be healthy: one bad replica would keep the site down", name)
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
		if cfg.PublicURL != "https://study.example.com" {
			t.Errorf("%s: STUDYBOT_PUBLIC_URL %q, want https:// and STUDYBOT_HOST, which the proxy serves", name, cfg.PublicURL)
		}
	}
	if replicas < 2 {
		t.Fatalf("%d studybot replicas, want two", replicas)
	}
	if builds != 1 || len(images) != 1 || images[""] {
		t.Errorf("%d replicas build, with images %v: want one build, tagged with the one image every replica runs", builds, images)
	}
	if pg := compose.Services["postgres"]; !strings.HasPrefix(pg.Image, "postgres:") || len(pg.Healthcheck.Test) == 0 {
		t.Fatalf("postgres service: %+v", pg)
	}
	if !strings.Contains(string(caddy), "health_uri /healthz") {
		t.Fatal("the proxy does not check the replicas' /healthz")
	}
}

// TestCaddyfileServesOnlyThePublicRoutes: the proxy passes on the four signed platform endpoints (POST)
// and the group's web page with its chart (GET under bot.WebPath), and answers everything else itself
// with 404, so /healthz and /metrics are not published. (Checked on the file's text: CI has no Caddy. The
// behaviour was tried by hand with Caddy 2.6 on loopback.)
func TestCaddyfileServesOnlyThePublicRoutes(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	caddy := strings.Join(lines, "\n")
	for _, want := range []string{
		"not {\nmethod POST\npath /discord/interactions /slack/commands /slack/interactions /slack/events\n}",
		"not {\nmethod GET HEAD\npath " + bot.WebPath + "*\n}",
		"handle @hidden {\nrespond 404\n}\nhandle {\nreverse_proxy ",
	} {
		if !strings.Contains(caddy, want) {
			t.Errorf("the Caddyfile lacks\n%s", want)
		}
	}
	if strings.Count(caddy, "\n@hidden {") != 1 || strings.Count(caddy, "not {") != 2 || strings.Count(caddy, "reverse_proxy") != 1 {
		t.Errorf("one @hidden matcher of two not blocks, and one reverse_proxy, expected:\n%s", caddy)
	}
	if strings.Contains(caddy, "/metrics") || strings.Count(caddy, "/healthz") != 1 || !strings.Contains(caddy, "health_uri /healthz") {
		t.Errorf("/healthz is for the health checks alone, /metrics for nobody:\n%s", caddy)
	}
}

// TestDockerImageLeavesTheFileVariablesFree: the image sets no variable that may also come from a file
// (STUDYBOT_DB and the secrets), since NAME and NAME_FILE together are refused: STUDYBOT_DB_FILE, as
// Docker and Kubernetes mount secrets, must work with the image as it is.
func TestDockerImageLeavesTheFileVariablesFree(t *testing.T) {
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	env := regexp.MustCompile(`(?m)^ENV\s+((?:.*\\\n)*.*)`)
	for _, m := range env.FindAllStringSubmatch(string(raw), -1) {
		for _, v := range Variables {
			if v.FileVar() != "" && regexp.MustCompile(`\b`+v.Env+`=`).MatchString(m[1]) {
				t.Errorf("the Dockerfile sets %s, so %s could not be used with the image", v.Env, v.FileVar())
			}
		}
	}
	// The default, studybot.db, is then found in the working directory, the volume.
	if !strings.Contains(string(raw), "WORKDIR /data") || Variables[0].Env != "STUDYBOT_DB" || Variables[0].Def != "studybot.db" {
		t.Error("without STUDYBOT_DB, the image's database must still be /data/studybot.db (the volume)")
	}
}
