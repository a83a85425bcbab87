// Command studybot runs the study bot: the console demo, the server with its chat adapters, and the pack,
// backup and health tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // IANA zones work in a static binary on an image without them

	"github.com/studybot/studybot/app/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK     = 0
	exitFail   = 1 // the command ran and failed (an invalid pack, a failed health check)
	exitConfig = 2 // bad usage or configuration
)

// env is what a subcommand runs with, so tests can run the real program in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		printUsage(stderr)
		return exitConfig
	}
	var err error
	switch args[0] {
	case "console":
		err = e.console(ctx, args[1:])
	case "serve":
		err = e.serve(ctx, args[1:])
	case "pack":
		err = e.pack(ctx, args[1:])
	case "backup":
		err = e.backup(ctx, args[1:])
	case "migrate":
		err = e.migrate(ctx, args[1:])
	case "healthcheck":
		err = e.healthcheck(ctx, args[1:])
	case "version":
		fmt.Fprintln(stdout, versionString())
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
	default:
		fmt.Fprintf(stderr, "studybot: unknown command %q\n", args[0])
		printUsage(stderr)
		return exitConfig
	}
	return exitCode(err, stderr)
}

// exitError carries an exit status with a message already printed, or to print.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ce *server.ConfigError
	var ee *exitError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, server.ErrUsage):
		return exitConfig
	case errors.As(err, &ce):
		fmt.Fprintf(stderr, "studybot: %s\n", ce.Error())
		return exitConfig
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(stderr, "studybot: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "studybot: %v\n", err)
	return exitFail
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `studybot: a study-group bot for Discord and Slack

Usage:
  studybot console [-db FILE] [-pack NAME] [-now TIME]
                                       a local chat in the terminal (no tokens); reads commands from stdin
  studybot serve [flags]               run the bot: chat adapters with credentials, scheduler, HTTP server
  studybot pack validate FILE...       check pack files; every problem as file:line: field: message
  studybot pack import FILE [-db FILE] store a pack in the database (all or nothing)
  studybot pack export NAME [-db FILE] print a pack's YAML (the embedded healthcare-it, or an imported one)
  studybot pack stats [FILE]           questions per domain, objective, difficulty and answer position
  studybot backup FILE [-db FILE]      a consistent copy of the live database (SQLite)
  studybot migrate FROM TO             copy a database into a new one: a SQLite file into PostgreSQL
                                       (postgres://…) or back; all or nothing, checked before it commits
  studybot healthcheck [-url URL]      exit 0 when GET /healthz answers 200
  studybot version                     version and VCS revision

Configuration (environment variables; each but a secret has a flag that overrides it; a secret, and
STUDYBOT_DB, may instead be read from the file that NAME_FILE names):
`)
	for _, v := range server.Variables {
		def := v.Def
		if def == "" {
			def = "-"
		}
		flag := "-" + v.Flag
		if v.Secret {
			flag = v.FileVar()
		}
		fmt.Fprintf(w, "  %-22s %-25s default %-12s %s\n", v.Env, flag, def, v.Help)
	}
}
