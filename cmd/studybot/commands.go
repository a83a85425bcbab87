package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/app/dbcopy"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
	"github.com/studybot/studybot/web"
)

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("studybot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseDBFlag parses a subcommand's flags, of which -db is one (and any other settings named), checks
// them and returns the other arguments. Flags may come before or after the other arguments
// ("pack import FILE -db DB" and "pack import -db DB FILE" are the same).
func (e env) parseDBFlag(fs *flag.FlagSet, args []string, more ...string) (server.Config, []string, error) {
	s := server.RegisterFlags(fs, e.getenv, append([]string{"STUDYBOT_DB"}, more...)...)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return server.Config{}, nil, err
		}
		return server.Config{}, nil, &exitError{code: exitConfig}
	}
	vals, err := s.Resolve()
	if err != nil {
		return server.Config{}, nil, err
	}
	cfg, err := server.BuildConfig(vals)
	return cfg, rest, err
}

// parseInterspersed parses flags wherever they stand among the arguments and returns the non-flag
// arguments in order; everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if consumed := len(args) - len(left); consumed > 0 && args[consumed-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

func (e env) console(ctx context.Context, args []string) error {
	fs := newFlagSet("console", e.stderr)
	now := fs.String("now", "", "start the console's clock at this RFC 3339 time instead of now (for scripts)")
	webAddr := fs.String("web", "", "also serve the group's web page at this address, e.g. 127.0.0.1:8080, so that /study web gives a link that opens")
	cfg, rest, err := e.parseDBFlag(fs, args, "STUDYBOT_PACK", "STUDYBOT_PUBLIC_URL")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{code: exitConfig, msg: fmt.Sprintf("console takes no arguments, got %q", rest)}
	}
	start := time.Now()
	if *now != "" {
		start, err = time.Parse(time.RFC3339, *now)
		if err != nil {
			return &exitError{code: exitConfig, msg: fmt.Sprintf("-now %q is not an RFC 3339 time like 2026-03-02T08:00:00-05:00", *now)}
		}
	}
	clock := bot.NewManualClock(start)
	echo := true
	if f, ok := e.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			echo = false // a person typing sees their own lines
		}
	}
	// The web page is served from the console's own process: its links are the page's address, unless
	// STUDYBOT_PUBLIC_URL says otherwise (a tunnel, a proxy).
	var ln net.Listener
	if *webAddr != "" {
		if ln, err = net.Listen("tcp", *webAddr); err != nil {
			return &exitError{code: exitConfig, msg: fmt.Sprintf("-web %s: %v", *webAddr, err)}
		}
		defer ln.Close()
		if cfg.PublicURL == "" {
			cfg.PublicURL = "http://" + ln.Addr().String()
		}
	}
	m := server.NewMain()
	m.Config, m.Clock = cfg, clock
	if err := m.Open(ctx); err != nil {
		return err
	}
	defer m.Close()
	if ln != nil {
		mux := http.NewServeMux()
		web.New(m.Bot, web.Options{Clock: clock}).Register(mux)
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		fmt.Fprintf(e.stdout, "The group's web page is served at %s/g/… (/study web gives its link).\n", cfg.PublicURL)
	}
	c := console.New(m.Bot, clock, e.stdout, echo)
	c.SetChartDir(chartDir(cfg.DB))
	m.Bot.SetChat(bot.PlatformConsole, c)
	if err := m.Bot.Tick(ctx); err != nil {
		fmt.Fprintf(e.stdout, "scheduler: %v\n", err)
	}
	if err := m.Bot.Flush(ctx); err != nil {
		fmt.Fprintf(e.stdout, "delivery: %v\n", err)
	}
	return c.Run(ctx, e.stdin)
}

func (e env) serve(ctx context.Context, args []string) error {
	m := server.NewMain()
	if err := m.ParseConfig(args, e.getenv, e.stderr); err != nil {
		return err
	}
	if !m.Config.HasPlatform() {
		return &server.ConfigError{Var: "DISCORD_BOT_TOKEN", Message: "no chat platform is configured: set DISCORD_BOT_TOKEN (with DISCORD_APP_ID) or SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN); try `studybot console` to run without one"}
	}
	m.Logger = server.NewLogger(m.Config, e.stderr)
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	defer m.Close()
	return m.Run(ctx)
}

func (e env) pack(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &exitError{code: exitConfig, msg: "usage: studybot pack validate|import|export|stats ..."}
	}
	switch args[0] {
	case "validate":
		return e.packValidate(args[1:])
	case "import":
		return e.packImport(ctx, args[1:])
	case "export":
		return e.packExport(ctx, args[1:])
	case "stats":
		return e.packStats(args[1:])
	}
	return &exitError{code: exitConfig, msg: fmt.Sprintf("unknown pack command %q: use validate, import, export or stats", args[0])}
}

// printProblems prints every validation problem of err, one per line, and reports whether it had any.
func (e env) printProblems(err error) bool {
	var ve *quiz.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		fmt.Fprintln(e.stderr, p.String())
	}
	return true
}

func (e env) packValidate(args []string) error {
	lint := false
	var files []string
	for _, a := range args {
		if a == "--lint" || a == "-lint" {
			lint = true
			continue
		}
		files = append(files, a)
	}
	if len(files) == 0 {
		return &exitError{code: exitConfig, msg: "usage: studybot pack validate [--lint] FILE..."}
	}
	failed := 0
	for _, f := range files {
		p, err := quiz.LoadFile(f)
		if err != nil {
			failed++
			switch {
			case e.printProblems(err):
			case errors.Is(err, os.ErrNotExist):
				fmt.Fprintf(e.stderr, "%s: no such file\n", f)
			default:
				fmt.Fprintf(e.stderr, "%s: cannot read: %v\n", f, errors.Unwrap(err))
			}
			continue
		}
		if lint {
			if over := quiz.ComputeStats(p).Lint(); len(over) > 0 {
				failed++
				for _, l := range over {
					fmt.Fprintf(e.stderr, "%s: lint: %s\n", f, l)
				}
				continue
			}
		}
		fmt.Fprintf(e.stdout, "%s: ok: pack %s v%d, %d questions in %d domains, %d FAQ entries\n", f, p.ID, p.Version, len(p.Questions), len(p.Domains), len(p.FAQ))
	}
	if failed > 0 {
		return &exitError{code: exitFail, msg: fmt.Sprintf("%d of %d pack files have errors", failed, len(files))}
	}
	return nil
}

func (e env) packImport(ctx context.Context, args []string) error {
	fs := newFlagSet("pack import", e.stderr)
	cfg, rest, err := e.parseDBFlag(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &exitError{code: exitConfig, msg: "usage: studybot pack import FILE [-db FILE|URL]   (a pack's YAML, or CSV, TSV, Anki notes or two columns of terms)"}
	}
	file := rest[0]
	source, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("import pack: %w", err)
	}
	// A spreadsheet, an Anki export or a list of terms becomes a pack of its own, stored as YAML like any.
	var p *quiz.Pack
	var imported *quiz.ImportResult
	switch ext := strings.ToLower(filepath.Ext(file)); ext {
	case ".yaml", ".yml":
		p, err = quiz.Parse(file, source)
	default:
		imported, err = quiz.Import(file, source)
		if imported != nil {
			p = imported.Pack
		}
	}
	if err != nil {
		e.printProblems(err)
		return &exitError{code: exitFail, msg: fmt.Sprintf("%s has errors; nothing was imported", file)}
	}
	db, err := server.OpenDatabase(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if imported != nil {
		// A file has no version of its own: each import of it is the next.
		cur, _, ok, err := db.PackSource(ctx, p.ID)
		if err != nil {
			return err
		}
		if ok {
			p.Version = cur + 1
		}
		src, err := quiz.MarshalYAML(p)
		if err != nil {
			return err
		}
		source = []byte(src)
	}
	if err := db.ImportPack(ctx, p, source, time.Now()); err != nil {
		return err
	}
	what := fmt.Sprintf("%d questions, %d FAQ entries", len(p.Questions), len(p.FAQ))
	if imported != nil {
		what = fmt.Sprintf("%d questions and %d flashcards in %d domains, from %d rows of %s", len(p.Questions), len(p.Flashcards), len(p.Domains), imported.Rows, imported.Format)
	}
	fmt.Fprintf(e.stdout, "imported pack %s v%d: %s\n", p.ID, p.Version, what)
	return nil
}

func (e env) packExport(ctx context.Context, args []string) error {
	fs := newFlagSet("pack export", e.stderr)
	cfg, rest, err := e.parseDBFlag(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &exitError{code: exitConfig, msg: "usage: studybot pack export NAME [-db FILE|URL]"}
	}
	name := rest[0]
	if _, err := os.Stat(cfg.DB); err == nil || server.IsPostgres(cfg.DB) {
		db, err := server.OpenDatabase(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		_, source, ok, err := db.PackSource(ctx, name)
		if err != nil {
			return err
		}
		if ok {
			_, err = e.stdout.Write(source)
			return err
		}
	}
	def, err := packs.Default()
	if err != nil {
		return err
	}
	if name != def.ID {
		return &exitError{code: exitFail, msg: fmt.Sprintf("no pack %q: the embedded pack is %s", name, def.ID)}
	}
	src, err := packs.Source(packs.DefaultName)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(src)
	return err
}

func (e env) packStats(args []string) error {
	var p *quiz.Pack
	var err error
	switch len(args) {
	case 0:
		p, err = packs.Default()
	case 1:
		p, err = quiz.LoadFile(args[0])
	default:
		return &exitError{code: exitConfig, msg: "usage: studybot pack stats [FILE]"}
	}
	if err != nil {
		if e.printProblems(err) {
			return &exitError{code: exitFail, msg: "the pack has errors"}
		}
		return err
	}
	fmt.Fprint(e.stdout, quiz.ComputeStats(p).String())
	return nil
}

func (e env) backup(ctx context.Context, args []string) error {
	fs := newFlagSet("backup", e.stderr)
	cfg, rest, err := e.parseDBFlag(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &exitError{code: exitConfig, msg: "usage: studybot backup FILE [-db FILE]"}
	}
	if server.IsPostgres(cfg.DB) {
		return &server.ConfigError{Var: "STUDYBOT_DB", Message: server.NoBackup}
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return &server.ConfigError{Var: "STUDYBOT_DB", Message: fmt.Sprintf("%s does not exist", cfg.DB)}
	}
	db, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.DB, rest[0])
	return nil
}

// migrate copies the database FROM (a SQLite file or a postgres:// URL) into the new, empty database TO.
func (e env) migrate(ctx context.Context, args []string) error {
	fs := newFlagSet("migrate", e.stderr)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: exitConfig}
	}
	if len(rest) != 2 {
		return &exitError{code: exitConfig, msg: "usage: studybot migrate FROM TO (each a SQLite file or a postgres:// URL; TO must be empty)"}
	}
	from, to := rest[0], rest[1]
	for _, a := range []struct{ name, value string }{{"FROM", from}, {"TO", to}} {
		if msg := server.CheckDB(a.value); msg != "" {
			return &exitError{code: exitConfig, msg: fmt.Sprintf("migrate %s: %s", a.name, msg)}
		}
	}
	if !server.IsPostgres(from) {
		if _, err := os.Stat(from); err != nil {
			return &exitError{code: exitConfig, msg: fmt.Sprintf("migrate FROM: %s does not exist", from)}
		}
	}
	bar := newProgress(e.stdout)
	rep, err := dbcopy.Copy(ctx, from, to, bar.Update)
	bar.Done()
	if err != nil {
		return &exitError{code: exitFail, msg: fmt.Sprintf("migrate: %v; no rows were copied into %s", err, server.DisplayDB(to))}
	}
	fmt.Fprintf(e.stdout, "copied %s to %s:\n%s", server.DisplayDB(from), server.DisplayDB(to), rep)
	return nil
}

func (e env) healthcheck(ctx context.Context, args []string) error {
	fs := newFlagSet("healthcheck", e.stderr)
	url := fs.String("url", "", "the health URL (default: http://127.0.0.1:PORT/healthz from STUDYBOT_HTTP_ADDR)")
	s := server.RegisterFlags(fs, e.getenv, "STUDYBOT_HTTP_ADDR")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitConfig}
	}
	vals, err := s.Resolve()
	if err != nil {
		return err
	}
	cfg, err := server.BuildConfig(vals)
	if err != nil {
		return err
	}
	target := *url
	if target == "" {
		_, port, _ := net.SplitHostPort(cfg.HTTPAddr) // checked by buildConfig
		target = "http://127.0.0.1:" + port + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return &exitError{code: exitConfig, msg: fmt.Sprintf("healthcheck: %v", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return &exitError{code: exitFail, msg: fmt.Sprintf("healthcheck: %v", err)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	fmt.Fprintf(e.stdout, "%s %s\n", resp.Status, strings.TrimSpace(string(body)))
	if resp.StatusCode != http.StatusOK {
		return &exitError{code: exitFail}
	}
	return nil
}

// version and revision are set at build time with -ldflags "-X main.version=v1.2.3 -X main.revision=…";
// without them the VCS revision comes from the build info Go records.
var (
	version  = "dev"
	revision = ""
)

func versionString() string {
	v, rev, modified, when := version, revision, false, ""
	if rev == "" {
		rev = "unknown"
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if r := settings["vcs.revision"]; r != "" {
			rev = r
		}
		modified = settings["vcs.modified"] == "true"
		when = settings["vcs.time"]
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
	}
	s := fmt.Sprintf("studybot %s (revision %s", v, rev)
	if modified {
		s += ", modified"
	}
	if when != "" {
		s += ", " + when
	}
	return s + ")"
}

// chartDir is where the console writes charts: next to a SQLite file, and in the working directory when
// the database is PostgreSQL (its URL names no directory).
func chartDir(db string) string {
	if server.IsPostgres(db) {
		return "."
	}
	return filepath.Dir(db)
}
