package slack

import "testing"

// TestFileIDOf reads the file a member names after /study pack import: an id, or a link bare or escaped as
// Slack sends it; anything else names no file.
func TestFileIDOf(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"F0123ABCD", "F0123ABCD", true},
		{"https://study.slack.com/files/U0MEMBER/F0123ABCD/biology.csv", "F0123ABCD", true},
		{"<https://study.slack.com/files/U0MEMBER/F0123ABCD/biology.csv>", "F0123ABCD", true},
		{"<https://study.slack.com/files/U0MEMBER/F0123ABCD/biology.csv|biology.csv>", "F0123ABCD", true},
		{"biology.csv", "", false},
		{"https://example.com/biology.csv", "", false},
		{"f0123abcd", "", false},
		{"", "", false},
	} {
		if got, ok := fileIDOf(c.in); got != c.want || ok != c.ok {
			t.Errorf("fileIDOf(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzFileIDOf(f *testing.F) {
	f.Add("<https://study.slack.com/files/U0MEMBER/F0123ABCD/biology.csv|biology.csv>")
	f.Add("F0123ABCD")
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := fileIDOf(s); ok != fileID.MatchString(id) {
			t.Fatalf("fileIDOf(%q) = %q, %v: not a file id", s, id, ok)
		}
	})
}
