package bot

import (
	"fmt"
	"testing"
	"time"
)

// TestPctRoundsLikeShare: a share shown from a fraction (a question's share right in /study items) reads
// the same as the same share counted (the recap, /study stats): whole percent, half up, so 1 of 8 is 13%
// in both.
func TestPctRoundsLikeShare(t *testing.T) {
	for of := 1; of <= 400; of++ {
		for n := 0; n <= of; n++ {
			want := fmt.Sprintf("%d%%", share(n, of))
			if got := pct(float64(n) / float64(of)); got != want {
				t.Fatalf("pct(%d/%d) = %s, want %s as share(%d, %d)", n, of, got, want, n, of)
			}
		}
	}
}

// TestDueTimeShowsTheYearWhenFarOrInAnotherYear: a coming time reads "Tue 14:00 EST" within the week,
// with its date further out, and with its year too when it is more than six months away or falls in
// another year, so that a review due next year is not read as due this year (issue 26, defect 9).
func TestDueTimeShowsTheYearWhenFarOrInAnotherYear(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, ny) // a Monday
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ny) }
	cases := []struct {
		name string
		now  time.Time
		t    time.Time
		want string
	}{
		{"tomorrow", now, at(2026, 3, 3, 14), "Tue 14:00 EST"},
		{"five days on", now, at(2026, 3, 7, 14), "Sat 14:00 EST"},
		{"in two weeks", now, at(2026, 3, 16, 14), "Mon 16 Mar 14:00 EDT"},
		{"five months on", now, at(2026, 8, 2, 14), "Sun 2 Aug 14:00 EDT"},
		{"seven months on, same year", now, at(2026, 10, 2, 14), "Fri 2 Oct 2026 14:00 EDT"},
		{"next year", now, at(2027, 3, 2, 14), "Tue 2 Mar 2027 14:00 EST"},
		{"early next year, under six months", time.Date(2026, 12, 20, 9, 0, 0, 0, ny), at(2027, 1, 12, 14), "Tue 12 Jan 2027 14:00 EST"},
		{"three days on, in the new year", time.Date(2026, 12, 30, 9, 0, 0, 0, ny), at(2027, 1, 2, 14), "Sat 2 Jan 2027 14:00 EST"},
		{"eight months ago", now, at(2025, 7, 2, 14), "Wed 2 Jul 2025 14:00 EDT"},
	}
	for _, c := range cases {
		if got := dueTime(c.t, c.now); got != c.want {
			t.Errorf("%s: dueTime(%v) = %q, want %q", c.name, c.t, got, c.want)
		}
	}
}
