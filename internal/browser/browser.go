// Package browser starts a headless Chromium through github.com/chromedp/chromedp, for the web page's
// end-to-end test and the README's screenshots. Chromium comes from the system (Debian's chromium package:
// .ci/run installs it); nothing is downloaded.
package browser

import (
	"context"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Find returns the Chromium to use: $STUDYBOT_CHROMIUM, else the first of chromium, chromium-browser,
// google-chrome and headless-shell on the PATH.
func Find() (string, bool) {
	if p := os.Getenv("STUDYBOT_CHROMIUM"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// New starts Chromium headless with a fresh profile in dataDir and returns a chromedp context on its first
// tab; cancel closes the browser. Background traffic (updates, sync, safe browsing) is off: the page under
// test is the only thing it loads. The sandbox is off too, since CI runs as root.
func New(ctx context.Context, execPath, dataDir string) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(dataDir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	return bctx, func() { cancelBrowser(); cancelAlloc() }
}
