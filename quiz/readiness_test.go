package quiz

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// testDomainIDs are the ids of the test pack's domains, in pack order.
func testDomainIDs() []string { return []string{"a", "b", "c", "d", "e"} }

// newTestPack builds a pack with HIT-001's five domain weights and counts[i] four-choice questions in
// domain i, named like "c007".
func newTestPack(counts [5]int) *Pack {
	p := &Pack{ID: "test", Title: "Test pack", Version: 1, Exam: testExam}
	weights := []int{13, 15, 26, 25, 21}
	for i, id := range testDomainIDs() {
		p.Domains = append(p.Domains, Domain{ID: id, Name: "Domain " + id, Weight: weights[i]})
		for j := range counts[i] {
			p.Questions = append(p.Questions, Question{
				ID: fmt.Sprintf("%s%03d", id, j), Domain: id, Objective: "1.1", Difficulty: 2,
				Text: "Question?", Choices: []string{"one", "two", "three", "four"}, Answer: 1,
			})
		}
	}
	p.index()
	return p
}

// testExam is the test pack's exam: HIT-001's published format.
var testExam = Exam{Name: "Test exam", Code: "T-1", Questions: 75, Minutes: 60, Scale: &Scale{Min: 100, Max: 900, Pass: 650}, Stated: true}

// testNow is the fixed moment readiness tests take as now, so they never depend on the clock.
func testNow() time.Time { return time.Date(2017, 1, 31, 12, 0, 0, 0, time.UTC) }

// domainAnswers returns n answers in one domain, an hour apart ending at end, with share of them right
// spread evenly through the run.
func domainAnswers(domain string, n int, share float64, end time.Time) []Evidence {
	out := make([]Evidence, n)
	for j := range n {
		right := math.Floor(float64(j+1)*share+1e-9) > math.Floor(float64(j)*share+1e-9)
		out[j] = Evidence{
			QuestionID: fmt.Sprintf("%s%03d", domain, j%10), Domain: domain, Correct: right,
			At: end.Add(-time.Duration(n-1-j) * time.Hour),
		}
	}
	return out
}

// everyDomain returns perDomain answers in each of the five domains at the given share right.
func everyDomain(perDomain int, share float64) []Evidence {
	var out []Evidence
	for _, id := range testDomainIDs() {
		out = append(out, domainAnswers(id, perDomain, share, testNow())...)
	}
	return out
}

func TestBetaQuantileMatchesClosedForms(t *testing.T) {
	tests := []struct {
		name       string
		prob, a, b float64
		want       float64
	}{
		{"uniform", 0.05, 1, 1, 0.05},
		{"uniform high", 0.95, 1, 1, 0.95},
		{"power a=5", 0.05, 5, 1, math.Pow(0.05, 1.0/5)},
		{"power a=3000", 0.05, 3000, 1, math.Pow(0.05, 1.0/3000)},
		{"mirror b=7.5", 0.95, 1, 7.5, 1 - math.Pow(0.05, 1/7.5)},
		{"symmetric median", 0.5, 20.25, 20.25, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := betaQuantile(tt.prob, tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("betaQuantile(%g, %g, %g) = %.12f, want %.12f", tt.prob, tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestBetaQuantileAgainstBinomial checks integer-parameter quantiles through the identity
// I_x(a, b) = P(Binomial(a+b−1, x) ≥ a), which the code under test does not use.
func TestBetaQuantileAgainstBinomial(t *testing.T) {
	binomTail := func(n, k int, x float64) float64 {
		sum := 0.0
		for i := k; i <= n; i++ {
			lc := lgamma(float64(n+1)) - lgamma(float64(i+1)) - lgamma(float64(n-i+1))
			sum += math.Exp(lc + float64(i)*math.Log(x) + float64(n-i)*math.Log1p(-x))
		}
		return sum
	}
	for _, c := range []struct{ a, b int }{{35, 7}, {17, 25}, {2, 2}, {400, 100}, {3, 40}} {
		for _, prob := range []float64{0.05, 0.5, 0.95} {
			x := betaQuantile(prob, float64(c.a), float64(c.b))
			if got := binomTail(c.a+c.b-1, c.a, x); math.Abs(got-prob) > 1e-9 {
				t.Errorf("Beta(%d,%d) quantile %.2f = %.10f, whose CDF is %.12f", c.a, c.b, prob, x, got)
			}
		}
	}
}

func TestReadinessBands(t *testing.T) {
	p := newTestPack([5]int{10, 10, 10, 10, 10})
	tests := []struct {
		name string
		ev   []Evidence
		want Band
	}{
		{"all right in one domain only", domainAnswers("c", 30, 1, testNow()), BandNotEnough},
		{"too few in all", everyDomain(3, 1), BandNotEnough},
		{"one domain with two", everyDomain(10, 1)[:42], BandNotEnough},
		{"200 at 85 %", everyDomain(40, 0.85), BandLikely},
		{"200 at 40 %", everyDomain(40, 0.40), BandNotYet},
		{"200 at 70 %", everyDomain(40, 0.70), BandBorderline},
		{"2000 at 72 %", everyDomain(400, 0.72), BandLikely},
		{"2000 at 65 %", everyDomain(400, 0.65), BandNotYet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Readiness(tt.ev, testNow())
			if r.Band != tt.want {
				t.Errorf("band %q, want %q (answers %d, mastery %.3f [%.3f, %.3f], scaled %d [%d, %d])",
					r.Band, tt.want, r.Answers, r.Mastery, r.Low, r.High, r.Scaled, r.ScaledLow, r.ScaledHigh)
			}
			if r.Answers != len(tt.ev) {
				t.Errorf("Answers %d, want %d", r.Answers, len(tt.ev))
			}
			if !(0 <= r.Low && r.Low <= r.Mastery && r.Mastery <= r.High && r.High <= 1) {
				t.Errorf("interval [%.3f, %.3f] does not hold mastery %.3f inside [0, 1]", r.Low, r.High, r.Mastery)
			}
			if !(testExam.Scale.Min <= r.ScaledLow && r.ScaledLow <= r.Scaled && r.Scaled <= r.ScaledHigh && r.ScaledHigh <= testExam.Scale.Max) {
				t.Errorf("scaled %d [%d, %d] out of order or range", r.Scaled, r.ScaledLow, r.ScaledHigh)
			}
			for _, d := range r.Domains {
				if !(0 <= d.Low && d.Low <= d.Mastery && d.Mastery <= d.High && d.High <= 1) {
					t.Errorf("domain %s interval [%.3f, %.3f] does not hold mastery %.3f", d.Domain, d.Low, d.High, d.Mastery)
				}
			}
		})
	}
}

func TestReadinessNext(t *testing.T) {
	p := newTestPack([5]int{10, 10, 10, 10, 10})
	// spec maps a domain to its right and wrong answer counts; missing domains have none.
	tests := []struct {
		name string
		spec map[string][2]int
		want string
	}{
		// a: 13 × (1 − 1/12) = 11.9 beats c: 26 × (1 − 7/12) = 10.8.
		{"small domain all wrong", map[string][2]int{"a": {0, 10}, "b": {10, 0}, "c": {6, 4}, "d": {10, 0}, "e": {10, 0}}, "a"},
		// c: 26 × (1 − 3/12) = 19.5 beats a's 11.9.
		{"heavy domain mostly wrong", map[string][2]int{"a": {0, 10}, "b": {10, 0}, "c": {2, 8}, "d": {10, 0}, "e": {10, 0}}, "c"},
		// b unanswered: 15 × 1/2 = 7.5 beats c: 26 × (1 − 10/12) = 4.3.
		{"unanswered domain", map[string][2]int{"a": {9, 1}, "c": {9, 1}, "d": {9, 1}, "e": {9, 1}}, "b"},
		{"nothing answered: heaviest", nil, "c"},
		// d: 25 × (1 − 6/12) = 12.5 beats e: 21 × (1 − 6/12) = 10.5 and c: 26 × (1 − 8/12) = 8.7.
		{"heavy domain half right", map[string][2]int{"a": {10, 0}, "b": {10, 0}, "c": {7, 3}, "d": {5, 5}, "e": {5, 5}}, "d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev []Evidence
			for _, id := range testDomainIDs() {
				rw := tt.spec[id]
				for k := range rw[0] + rw[1] {
					ev = append(ev, Evidence{QuestionID: id + "000", Domain: id, Correct: k < rw[0], At: testNow()})
				}
			}
			if got := p.Readiness(ev, testNow()).Next; got != tt.want {
				t.Errorf("Next = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadinessRecentAnswersWeighMore(t *testing.T) {
	p := newTestPack([5]int{10, 10, 10, 10, 10})
	old, recent := testNow().Add(-60*24*time.Hour), testNow()
	streak := func(right bool, end time.Time) []Evidence {
		share := 0.0
		if right {
			share = 1
		}
		return domainAnswers("c", 10, share, end)
	}
	improving := p.Readiness(append(streak(false, old), streak(true, recent)...), testNow())
	slipping := p.Readiness(append(streak(true, old), streak(false, recent)...), testNow())
	im, sm := improving.Domains[2].Mastery, slipping.Domains[2].Mastery
	if !(im > 0.7 && sm < 0.3) {
		t.Errorf("old wrong then recent right: mastery %.3f; old right then recent wrong: %.3f", im, sm)
	}
	if improving.Mastery <= slipping.Mastery {
		t.Errorf("overall mastery %.3f improving is not above %.3f slipping", improving.Mastery, slipping.Mastery)
	}

	// One right answer now and one wrong answer a half-life ago: Beta(1+1, 1+0.5).
	ev := []Evidence{
		{QuestionID: "a000", Domain: "a", Correct: true, At: testNow()},
		{QuestionID: "a001", Domain: "a", Correct: false, At: testNow().Add(-ReadinessHalfLife)},
	}
	if got, want := p.Readiness(ev, testNow()).Domains[0].Mastery, 2/3.5; math.Abs(got-want) > 1e-12 {
		t.Errorf("half-life mastery %.6f, want %.6f", got, want)
	}
	// An answer dated in the future weighs as one made now.
	ev[1].At = testNow().Add(time.Hour)
	if got, want := p.Readiness(ev, testNow()).Domains[0].Mastery, 2/4.0; math.Abs(got-want) > 1e-12 {
		t.Errorf("future answer mastery %.6f, want %.6f", got, want)
	}
}

func TestReadinessDomainsInPackOrderAndUnknownSkipped(t *testing.T) {
	p := newTestPack([5]int{10, 10, 10, 10, 10})
	ev := []Evidence{
		{QuestionID: "d001", Domain: "d", Correct: true, At: testNow()},
		{QuestionID: "b002", Correct: true, At: testNow()}, // domain looked up from the question
		{QuestionID: "b003", Domain: "b", Correct: false, At: testNow()},
		{QuestionID: "z001", Correct: true, At: testNow()},              // unknown question
		{QuestionID: "x001", Domain: "x", Correct: true, At: testNow()}, // unknown domain
	}
	r := p.Readiness(ev, testNow())
	if r.Answers != 3 {
		t.Errorf("Answers %d, want 3", r.Answers)
	}
	wantAnswers := []int{0, 2, 0, 1, 0}
	if len(r.Domains) != len(wantAnswers) {
		t.Fatalf("%d domains, want %d", len(r.Domains), len(wantAnswers))
	}
	for i, d := range r.Domains {
		if d.Domain != testDomainIDs()[i] || d.Answers != wantAnswers[i] {
			t.Errorf("domain %d: %s with %d answers, want %s with %d", i, d.Domain, d.Answers, testDomainIDs()[i], wantAnswers[i])
		}
	}
	if m := r.Domains[0].Mastery; m != 0.5 {
		t.Errorf("unanswered domain mastery %.3f, want the prior mean 0.5", m)
	}
	if r.Band != BandNotEnough {
		t.Errorf("band %q with 3 answers", r.Band)
	}
}

func TestExamScore(t *testing.T) {
	pct := Exam{PassPercent: 70}
	tests := []struct {
		e    Exam
		m    float64
		want int
	}{
		{testExam, 0, 100}, {testExam, 1, 900}, {testExam, 0.6875, 650}, {testExam, 0.5, 500},
		{testExam, -0.2, 100}, {testExam, 1.3, 900}, {testExam, 0.68, 644},
		{pct, 0, 0}, {pct, 0.714, 71}, {pct, 1, 100}, {pct, 2, 100},
	}
	for _, tt := range tests {
		if got := tt.e.Score(tt.m); got != tt.want {
			t.Errorf("%s Score(%g) = %d, want %d", tt.e.ScaleText(), tt.m, got, tt.want)
		}
	}
}

func BenchmarkReadiness5000(b *testing.B) {
	p := newTestPack([5]int{50, 50, 50, 50, 50})
	ev := make([]Evidence, 5000)
	for i := range ev {
		id := testDomainIDs()[i%5]
		ev[i] = Evidence{
			QuestionID: fmt.Sprintf("%s%03d", id, i%50), Domain: id, Correct: i%7 != 0,
			At: testNow().Add(-time.Duration(i) * 37 * time.Minute),
		}
	}
	for b.Loop() {
		if r := p.Readiness(ev, testNow()); r.Answers != len(ev) {
			b.Fatalf("Answers %d", r.Answers)
		}
	}
}

// TestReadinessDoesNotImproveWithoutStudy: a member at about a quarter right who stops for nine months keeps
// that estimate in every domain (it once drifted to the prior's 50 % and read "borderline"); the interval
// widens, and the verdict waits for new answers.
func TestReadinessDoesNotImproveWithoutStudy(t *testing.T) {
	p := newTestPack([5]int{20, 20, 20, 20, 20})
	end := testNow()
	var ev []Evidence
	for _, id := range testDomainIDs() {
		ev = append(ev, domainAnswers(id, 12, 0.25, end)...)
	}
	then := p.Readiness(ev, end)
	if then.Band != BandNotYet || then.Stale {
		t.Fatalf("at the time: %q (stale %v), want not yet", then.Band, then.Stale)
	}
	later := p.Readiness(ev, end.Add(270*24*time.Hour))
	for i, d := range later.Domains {
		was := then.Domains[i]
		if math.Abs(d.Mastery-was.Mastery) > 1e-9 {
			t.Errorf("domain %s: mastery %.3f after nine idle months, was %.3f", d.Domain, d.Mastery, was.Mastery)
		}
		if d.High-d.Low <= was.High-was.Low {
			t.Errorf("domain %s: interval %.3f-%.3f, no wider than %.3f-%.3f", d.Domain, d.Low, d.High, was.Low, was.High)
		}
	}
	if later.Band != BandNotEnough || !later.Stale {
		t.Errorf("after nine idle months: %q (stale %v), want not enough answers, stale", later.Band, later.Stale)
	}
	if later.Mastery > then.Mastery+1e-9 {
		t.Errorf("overall mastery rose from %.3f to %.3f without study", then.Mastery, later.Mastery)
	}
}
