package bot

import (
	"regexp"
	"slices"
	"testing"
)

// urlRE is what Links matches by hand.
var urlRE = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:)!?]`)

// linksByRE is Links as it was written with the regular expression.
func linksByRE(s string) []Link {
	var out []Link
	last := 0
	for _, m := range urlRE.FindAllStringIndex(s, -1) {
		if m[0] > last {
			out = append(out, Link{Text: s[last:m[0]]})
		}
		out = append(out, Link{Text: s[m[0]:m[1]], URL: s[m[0]:m[1]]})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, Link{Text: s[last:]})
	}
	return out
}

var linkCases = []string{
	"", "NIST SP 800-88", "45 CFR 164.404 https://www.ecfr.gov/current/title-45/section-164.404",
	"See https://a.example/x. And (http://b.example/y), then https://c.example/z!?", "https://x", "https://x.", "https://xy",
	"http://", "https://", "httpss://x.y", "hhttps://x.y/z", "https://ünïcödé.example/päth", "https://a\xffb", "x https://a\"b",
	"https://a<b>c https://d\te", "https://a.b;:,", "https://é.", "https://..a", "http://a)b)", "https://https://x.y",
}

func TestLinksMatchTheExpression(t *testing.T) {
	for _, s := range linkCases {
		if got, want := Links(s), linksByRE(s); !slices.Equal(got, want) {
			t.Errorf("%q\n got %q\nwant %q", s, got, want)
		}
	}
}

func FuzzLinks(f *testing.F) {
	for _, s := range linkCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Links(s), linksByRE(s); !slices.Equal(got, want) {
			t.Fatalf("%q\n got %q\nwant %q", s, got, want)
		}
	})
}
