package main

import (
	"os/exec"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/studybot/studybot"

// TestInternalIsTheBottom keeps internal/ the ground floor of the house (architecture.md): its packages are
// utilities that stores and adapters share, so none of them may depend, directly or through another
// package, on a package of this module outside internal/. The wiring lives in app/ and cmd/ instead.
func TestInternalIsTheBottom(t *testing.T) {
	// .Deps is what `go list -deps` lists for the package: everything it imports, transitively.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, module+"/internal/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		t.Fatalf("go list found %d packages under internal/, want the utilities:\n%s", len(lines), out)
	}
	for _, line := range lines {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		for _, dep := range deps {
			if strings.HasPrefix(dep, module+"/") && !strings.HasPrefix(dep, module+"/internal/") {
				t.Errorf("%s depends on %s: internal/ must import nothing of the project outside internal/", pkg, dep)
			}
		}
	}
}
