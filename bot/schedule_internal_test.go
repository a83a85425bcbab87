package bot

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scheduleWords are what moderators, and attackers, type for a schedule's time, window and zone.
var scheduleWords = []string{
	"09:00", "9:05", "23:59", "00:00", "9:+5", "+9:05", "-0:05", "09:-5", "09:5", "009:05", "24:00", "09:60", "٩:٠٥", " 09:00 ",
	"48h", "2d", "7d", "8d", "0d", "007d", "213505d", "106752d", "-1d", "+2d", "2.5d", "1h", "59m", "168h", "169h",
	"9223372036854775807ns", "9999999999999h", "UTC", "America/New_York", "america/port-au-prince", "right/UTC",
	"posix/Europe/Berlin", "RIGHT/America/New_York", "Europe/Kyiv", "Etc/GMT+5", "posixrules", "localtime",
	"zone.tab", "../../etc/passwd", "America/../Europe/Berlin",
}

func TestParseClockIsStrict(t *testing.T) {
	tests := []struct {
		in         string
		hour, min  int
		wantRefuse bool
	}{
		{"09:00", 9, 0, false}, {"9:05", 9, 5, false}, {"23:59", 23, 59, false}, {"00:00", 0, 0, false}, {" 17:30 ", 17, 30, false},
		{"9:+5", 0, 0, true}, {"+9:05", 0, 0, true}, {"-0:05", 0, 0, true}, {"09:-5", 0, 0, true}, {"09:5", 0, 0, true},
		{"009:05", 0, 0, true}, {"24:00", 0, 0, true}, {"09:60", 0, 0, true}, {"٩:٠٥", 0, 0, true}, {"9am", 0, 0, true}, {"", 0, 0, true},
	}
	for _, tt := range tests {
		h, m, err := ParseClock(tt.in)
		switch {
		case tt.wantRefuse && ErrorCode(err) != EINVALID:
			t.Errorf("ParseClock(%q) = %02d:%02d, %v; want it refused", tt.in, h, m, err)
		case !tt.wantRefuse && (err != nil || h != tt.hour || m != tt.min):
			t.Errorf("ParseClock(%q) = %02d:%02d, %v; want %02d:%02d", tt.in, h, m, err, tt.hour, tt.min)
		}
	}
}

func TestParseWindowBoundsAndOverflow(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration // 0: refused
	}{
		{"48h", 48 * time.Hour}, {"2d", 48 * time.Hour}, {"7d", MaxWindow}, {"007d", MaxWindow}, {"1h", MinWindow}, {"168h", MaxWindow},
		{"213505d", 0}, // 213505 days of nanoseconds wrap int64 to 24h25m
		{"106752d", 0}, {"99d", 0}, {"8d", 0}, {"0d", 0}, {"-1d", 0}, {"+2d", 0}, {"2.5d", 0}, {"d", 0},
		{"169h", 0}, {"59m", 0}, {"9999999999999h", 0}, {"9223372036854775807ns", 0},
	}
	for _, tt := range tests {
		d, err := ParseWindow(tt.in)
		switch {
		case tt.want == 0 && ErrorCode(err) != EINVALID:
			t.Errorf("ParseWindow(%q) = %v, %v; want it refused", tt.in, d, err)
		case tt.want != 0 && (err != nil || d != tt.want):
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", tt.in, d, err, tt.want)
		}
	}
	_, err := ParseWindow("213505d")
	if !strings.Contains(ErrorMessage(err), "7d (168h) at most") {
		t.Errorf("the refusal does not say the maximum: %q", ErrorMessage(err))
	}
}

func TestParseZoneTakesOnlyEmbeddedZones(t *testing.T) {
	tests := []struct{ in, want string }{ // want "": refused
		{"America/New_York", "America/New_York"}, {"america/port-au-prince", "America/Port-au-Prince"}, {"utc", "UTC"},
		{"Etc/GMT+5", "Etc/GMT+5"}, {"right/UTC", ""}, {"posix/Europe/Berlin", ""}, {"RIGHT/America/New_York", ""},
		{"posixrules", ""}, {"localtime", ""}, {"zone.tab", ""}, {"../../etc/passwd", ""}, {"America/../Europe/Berlin", ""},
	}
	for _, tt := range tests {
		got, err := ParseZone(tt.in)
		switch {
		case tt.want == "" && ErrorCode(err) != EINVALID:
			t.Errorf("ParseZone(%q) = %q, %v; want it refused", tt.in, got, err)
		case tt.want != "" && (err != nil || got != tt.want):
			t.Errorf("ParseZone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseZone("right/UTC"); !strings.Contains(ErrorMessage(err), "use UTC") {
		t.Errorf("right/UTC: %q, want the zone to use instead", ErrorMessage(err))
	}
	// Every zone of this host's database that ParseZone takes, the embedded one has.
	root := "/usr/share/zoneinfo"
	if _, err := os.Stat(root); err != nil {
		return
	}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		name, _ := filepath.Rel(root, path)
		if z, err := ParseZone(name); err == nil && z != "UTC" {
			if _, ok := embeddedZone(z); !ok {
				t.Errorf("ParseZone(%q) took %q, which the embedded database lacks", name, z)
			}
		}
		return nil
	})
}

// FuzzScheduleWords holds the schedule's parsers to their rules on any word: a time taken is HH:MM or H:MM
// of digits in range, a window taken is within its bounds and, given in days, is that many days exactly
// (no overflow), a zone taken is UTC or one of the embedded database's.
func FuzzScheduleWords(f *testing.F) {
	for _, w := range scheduleWords {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, m, err := ParseClock(s); err == nil {
			in := strings.TrimSpace(s)
			if in != fmtClock(h, m, false) && in != fmtClock(h, m, true) {
				t.Errorf("ParseClock(%q) took it as %02d:%02d", s, h, m)
			}
		}
		if d, err := ParseWindow(s); err == nil {
			if d < MinWindow || d > MaxWindow {
				t.Errorf("ParseWindow(%q) = %v, out of bounds", s, d)
			}
			if days, ok := strings.CutSuffix(strings.ToLower(strings.TrimSpace(s)), "d"); ok {
				if n := strings.TrimLeft(days, "0"); n != strconv.Itoa(int(d/(24*time.Hour))) || d%(24*time.Hour) != 0 {
					t.Errorf("ParseWindow(%q) = %v, not %s days", s, d, days)
				}
			}
		}
		if z, err := ParseZone(s); err == nil && z != "UTC" {
			if _, ok := embeddedZone(z); !ok {
				t.Errorf("ParseZone(%q) = %q, not in the embedded database", s, z)
			}
		}
	})
}

func fmtClock(h, m int, pad bool) string {
	if pad {
		return strconv.Itoa(h/10) + strconv.Itoa(h%10) + ":" + strconv.Itoa(m/10) + strconv.Itoa(m%10)
	}
	return strconv.Itoa(h) + ":" + strconv.Itoa(m/10) + strconv.Itoa(m%10)
}
