package encode

import (
	"slices"
	"testing"
	"time"
)

func TestQuestionsRoundTrip(t *testing.T) {
	ids := []string{"reg-001", "ops-014", "sec-062"}
	s, err := Questions(ids)
	if err != nil || s != "reg-001\nops-014\nsec-062" {
		t.Fatalf("Questions = %q, %v", s, err)
	}
	if got := ParseQuestions(s); !slices.Equal(got, ids) {
		t.Fatalf("ParseQuestions = %q, want %q", got, ids)
	}
	if got := ParseQuestions(""); got != nil {
		t.Fatalf("no questions read as %q", got)
	}
	for _, bad := range [][]string{{"a", ""}, {"a\nb"}} {
		if _, err := Questions(bad); err == nil {
			t.Errorf("Questions(%q) accepted an id it could not read back", bad)
		}
	}
}

func TestSharesRoundTrip(t *testing.T) {
	v := []float64{0.5, 0.25, 0.125, 0.125}
	s := Shares(v)
	if s != "0.5,0.25,0.125,0.125" {
		t.Fatalf("Shares = %q", s)
	}
	if got := ParseShares(s); !slices.Equal(got, v) {
		t.Fatalf("ParseShares = %v, want %v", got, v)
	}
	if got := Shares([]float64{1.0 / 3}); got != "0.333333" {
		t.Fatalf("a third is written %q, want six significant digits", got)
	}
	if Shares(nil) != "" || ParseShares("") != nil {
		t.Fatal("no shares must be the empty string and back")
	}
}

func TestTimeRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 29, 1, 30, 0, 123_000_000, time.FixedZone("CET", 3600))
	if got := Time(MS(at)); !got.Equal(at) || got.Location() != time.UTC {
		t.Fatalf("Time(MS(%v)) = %v, want the same instant in UTC", at, got)
	}
	if MS(time.Time{}) != 0 || !Time(0).IsZero() {
		t.Fatal("the zero time must be written 0 and read back as zero")
	}
	if NullMS(time.Time{}) != nil || !NullTime(nil).IsZero() {
		t.Fatal("the zero time must be written NULL and read back as zero")
	}
	if got := NullTime(NullMS(at)); !got.Equal(at) {
		t.Fatalf("NullTime(NullMS(%v)) = %v", at, got)
	}
}
