// Command startup measures how long `studybot serve` takes from exec to its first /healthz 200, and its
// resident memory once idle, with both Discord and Slack configured against local fakes.
//
//	go run ./bench/startup [-bin path/to/studybot] [-runs 5] [-idle 3s]
//
// Without -bin it builds the binary first; pass -bin with the output of scripts/build-static.sh to measure
// the binary the Docker image ships.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
)

func main() {
	bin := flag.String("bin", "", "studybot binary to measure (default: build one)")
	runs := flag.Int("runs", 5, "how many starts to measure")
	idle := flag.Duration("idle", 3*time.Second, "how long to let serve idle before reading its memory")
	flag.Parse()
	if err := run(*bin, *runs, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run(bin string, runs int, idle time.Duration) error {
	dir, err := os.MkdirTemp("", "studybot-startup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "studybot")
		build := exec.Command("go", "build", "-o", bin, "./cmd/studybot")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	dfake, sfake := discordtest.NewServer(), slacktest.NewServer()
	defer dfake.Close()
	defer sfake.Close()
	key := discordtest.NewKey(5)

	var starts []time.Duration
	var rss []int
	for i := 0; i < runs; i++ {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		cmd := exec.Command(bin, "serve")
		cmd.Env = []string{
			"STUDYBOT_DB=" + filepath.Join(dir, fmt.Sprintf("run%d.db", i)), "STUDYBOT_HTTP_ADDR=" + addr, "STUDYBOT_LOG_LEVEL=warn",
			"DISCORD_BOT_TOKEN=t", "DISCORD_APP_ID=1", "DISCORD_PUBLIC_KEY=" + key.PublicHex(), "DISCORD_GATEWAY=false",
			"DISCORD_API_BASE=" + dfake.APIBase(),
			"SLACK_BOT_TOKEN=xoxb-t", "SLACK_SIGNING_SECRET=s", "SLACK_API_URL=" + sfake.APIURL(),
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			return err
		}
		healthy := false
		for time.Since(start) < 10*time.Second {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					healthy = true
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		took := time.Since(start)
		if !healthy {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("run %d: not healthy within 10s", i)
		}
		time.Sleep(idle)
		kb, err := residentKB(cmd.Process.Pid)
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if err != nil {
			return err
		}
		starts = append(starts, took)
		rss = append(rss, kb)
	}
	slices.Sort(starts)
	slices.Sort(rss)
	fmt.Printf("startup: %d runs of %s serve (Discord endpoint + Slack HTTP configured, fakes on loopback)\n", runs, bin)
	fmt.Printf("exec to first /healthz 200: median %s, min %s, max %s\n", starts[len(starts)/2].Round(100*time.Microsecond),
		starts[0].Round(100*time.Microsecond), starts[len(starts)-1].Round(100*time.Microsecond))
	fmt.Printf("resident memory after %s idle: median %.1f MB, max %.1f MB\n", idle, float64(rss[len(rss)/2])/1024, float64(rss[len(rss)-1])/1024)
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// residentKB reads VmRSS from /proc.
func residentKB(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			var kb int
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}
