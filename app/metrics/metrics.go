// Package metrics holds studybot's Prometheus metrics in a registry of its own (no global state), and
// implements the observer hooks of the core and the adapters.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/studybot/studybot/bot"
)

// Metrics is one process's set of metrics.
type Metrics struct {
	reg          *prometheus.Registry
	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	posted       *prometheus.CounterVec
	answers      *prometheus.CounterVec
	lag          prometheus.Histogram
	failures     *prometheus.CounterVec
}

// New registers every metric, with the Go runtime and process collectors, in a new registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "studybot_interactions_total",
			Help: "Interactions handled, by platform, kind (command, button, mention, ping) and outcome."}, []string{"platform", "kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "studybot_interaction_duration_seconds",
			Help:    "Time from receiving an interaction to having its answer.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"platform", "kind"}),
		posted: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "studybot_questions_posted_total",
			Help: "Daily questions posted."}, []string{"platform"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "studybot_answers_recorded_total",
			Help: "Daily answers recorded (first clicks only)."}, []string{"platform", "correct"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "studybot_scheduler_lag_seconds",
			Help:    "How late a scheduled question was posted after its slot time.",
			Buckets: []float64{.1, .5, 1, 5, 15, 30, 60, 300, 3600, 86400}}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "studybot_platform_call_failures_total",
			Help: "Calls to Discord or Slack that failed or had to be retried, by operation."}, []string{"platform", "op"}),
	}
	m.reg.MustRegister(m.interactions, m.latency, m.posted, m.answers, m.lag, m.failures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Interaction returns an observer for one platform's adapter.
func (m *Metrics) Interaction(platform string) func(kind, outcome string, d time.Duration) {
	return func(kind, outcome string, d time.Duration) {
		m.interactions.WithLabelValues(platform, kind, outcome).Inc()
		m.latency.WithLabelValues(platform, kind).Observe(d.Seconds())
	}
}

// Retry returns a hook counting one platform's retried calls.
func (m *Metrics) Retry(platform string) func() {
	c := m.failures.WithLabelValues(platform, "retry")
	return func() { c.Inc() }
}

// QuestionPosted implements bot.Observer.
func (m *Metrics) QuestionPosted(platform string) { m.posted.WithLabelValues(platform).Inc() }

// AnswerRecorded implements bot.Observer.
func (m *Metrics) AnswerRecorded(platform string, correct bool) {
	m.answers.WithLabelValues(platform, strconv.FormatBool(correct)).Inc()
}

// ChatFailed implements bot.Observer.
func (m *Metrics) ChatFailed(platform, op string) { m.failures.WithLabelValues(platform, op).Inc() }

// SchedulerLag implements bot.Observer.
func (m *Metrics) SchedulerLag(d time.Duration) { m.lag.Observe(d.Seconds()) }

var _ bot.Observer = (*Metrics)(nil)
