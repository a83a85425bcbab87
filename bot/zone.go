package bot

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// LoadZone resolves an IANA zone name ("America/New_York", "UTC"), as stored.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "utc") {
		return time.UTC, nil
	}
	if loc, ok := loadedZones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(EINVALID, "unknown time zone %q: use an IANA name like America/New_York or Europe/Berlin", name)
	}
	loadedZones.Store(name, loc)
	return loc, nil
}

// loadedZones holds the zones LoadZone has read, by name (string -> *time.Location). time.LoadLocation reads
// and parses the zone's file on every call, and the scheduler, the leaderboard and the stores ask for the
// same few zones on every tick and click. Only zones that loaded are kept, so it is bounded by the zone
// database; a *time.Location is safe to share.
var loadedZones sync.Map

// ZoneOrUTC is LoadZone's zone, or UTC for a name that does not load (zones are checked when they are set,
// so a stored one loads).
func ZoneOrUTC(name string) *time.Location {
	loc, err := LoadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// zoneAbbreviations maps abbreviations people type to the IANA zone they usually mean. Go would load some
// of them ("EST", "MST") as fixed offsets without daylight saving, which would move the post by an hour for
// half the year, so they are refused with the zone to use instead.
var zoneAbbreviations = map[string]string{
	"EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York", "EST5EDT": "America/New_York",
	"CST": "America/Chicago", "CDT": "America/Chicago", "CT": "America/Chicago", "CST6CDT": "America/Chicago",
	"MST": "America/Denver (or America/Phoenix, which keeps no daylight saving)", "MDT": "America/Denver", "MT": "America/Denver", "MST7MDT": "America/Denver",
	"PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PT": "America/Los_Angeles", "PST8PDT": "America/Los_Angeles",
	"AKST": "America/Anchorage", "AKDT": "America/Anchorage", "HST": "Pacific/Honolulu",
	"GMT": "Europe/London (or UTC)", "BST": "Europe/London", "WET": "Europe/Lisbon", "CET": "Europe/Berlin",
	"CEST": "Europe/Berlin", "MET": "Europe/Berlin", "EET": "Europe/Athens", "EEST": "Europe/Athens",
	"IST": "Asia/Kolkata (India) or Europe/Dublin (Ireland)", "JST": "Asia/Tokyo", "KST": "Asia/Seoul",
	"AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "ACST": "Australia/Adelaide", "AWST": "Australia/Perth",
	"NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
}

// commonZones are zones moderators often mean, for suggesting a near miss ("America/New_Yrok").
var commonZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
	"America/Halifax", "America/St_Johns", "America/Mexico_City", "America/Bogota", "America/Lima",
	"America/Sao_Paulo", "America/Buenos_Aires", "America/Santiago", "America/Caracas", "America/Puerto_Rico",
	"America/Detroit", "America/Indiana/Indianapolis", "America/Boise", "Pacific/Honolulu", "Pacific/Auckland",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
	"Europe/Rome", "Europe/Amsterdam", "Europe/Brussels", "Europe/Zurich", "Europe/Vienna", "Europe/Stockholm",
	"Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague", "Europe/Athens",
	"Europe/Istanbul", "Europe/Kiev", "Europe/Kyiv", "Europe/Moscow", "Africa/Cairo", "Africa/Johannesburg",
	"Africa/Lagos", "Africa/Nairobi", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok",
	"Asia/Jakarta", "Asia/Singapore", "Asia/Manila", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Taipei",
	"Asia/Seoul", "Asia/Tokyo", "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane",
	"Australia/Sydney", "Australia/Melbourne", "UTC",
}

// ParseZone reads the zone a moderator typed and returns its IANA name. Case does not matter
// ("america/new_york"); an abbreviation ("EST") or a near miss ("America/New_Yrok") is refused with the
// zone to use. Only zones of the database the binary embeds (time/tzdata, see embeddedZones) are taken: a
// host's zoneinfo also has right/ and posix/ variants, which would load here and fail on the Docker image,
// which has no zoneinfo of its own.
func ParseZone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "utc") || strings.EqualFold(s, "etc/utc") || strings.EqualFold(s, "z") {
		return "UTC", nil
	}
	if want, ok := zoneAbbreviations[strings.ToUpper(s)]; ok {
		return "", Errorf(EINVALID, "%q is an abbreviation, not a place: it would not follow daylight saving time. Use an IANA zone: %s.", s, want)
	}
	if strings.EqualFold(s, "local") {
		return "", Errorf(EINVALID, "name the zone, like America/New_York or Europe/Berlin")
	}
	if z, ok := embeddedZone(s); ok {
		if _, err := LoadZone(z); err == nil {
			return z, nil
		}
	}
	for _, prefix := range []string{"right/", "posix/"} {
		if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
			if z, err := ParseZone(s[len(prefix):]); err == nil {
				return "", Errorf(EINVALID, "%q is a variant studybot does not use: use %s.", s, z)
			}
		}
	}
	if best := nearestZone(s); best != "" {
		return "", Errorf(EINVALID, "unknown time zone %q. Did you mean %s?", s, best)
	}
	return "", Errorf(EINVALID, "unknown time zone %q: use an IANA name like America/New_York or Europe/Berlin", s)
}

// embeddedZone finds a zone name of the embedded database (any case) and returns it as the database
// spells it.
func embeddedZone(s string) (string, bool) {
	i := slices.IndexFunc(embeddedZones[:], func(z string) bool { return strings.EqualFold(z, s) })
	if i < 0 {
		return "", false
	}
	return embeddedZones[i], true
}

// nearestZone returns the common zone closest to s in edit distance (case aside), if it is close: at
// most two edits, or the city alone ("new york", "berlin").
func nearestZone(s string) string {
	ls := strings.ToLower(strings.ReplaceAll(s, " ", "_"))
	best, bestD := "", 3
	for _, z := range commonZones {
		lz := strings.ToLower(z)
		_, city, _ := strings.Cut(lz, "/")
		if ls == city {
			return z
		}
		if d := editDistance(ls, lz); d < bestD {
			best, bestD = z, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
