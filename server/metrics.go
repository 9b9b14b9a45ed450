package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus series prod exports at /metrics. A nil
// *metrics (dev) records nothing.
type metrics struct {
	reg      *prometheus.Registry
	duration *prometheus.HistogramVec
	tokens   *prometheus.CounterVec
	rejected prometheus.Counter
	shedded  prometheus.Counter
	store    *prometheus.HistogramVec
}

func newMetrics(g *hashGate) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "jwtlab_http_request_duration_seconds",
			Help: "Time to serve a request, by route and status.",
			// From 100 µs (a token check) to 10 s (a write timeout).
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route", "code"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jwtlab_tokens_total",
			Help: "Tokens issued (obtain, refresh) and refresh tokens blacklisted.",
		}, []string{"event"}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jwtlab_password_hash_rejected_total",
			Help: "Logins refused with 503 because every hash slot and queue place was taken.",
		}),
		shedded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jwtlab_requests_shed_total",
			Help: "API requests refused with 503 because max_in_flight were being served.",
		}),
		store: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jwtlab_store_duration_seconds",
			Help:    "Time of store operations.",
			Buckets: prometheus.ExponentialBuckets(0.00001, 4, 10), // 10 µs .. 2.6 s
		}, []string{"op"}),
	}
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "jwtlab_password_hash_queue_depth",
		Help: "Logins waiting for a password hash slot.",
	}, func() float64 { return float64(g.waiting.Load()) })
	m.reg.MustRegister(m.duration, m.tokens, m.rejected, m.shedded, m.store, queue,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	if m != nil {
		m.duration.WithLabelValues(route, strconv.Itoa(code)).Observe(d.Seconds())
	}
}

func (m *metrics) issued(how string) {
	if m != nil {
		m.tokens.WithLabelValues(how).Inc()
	}
}

func (m *metrics) blacklisted() {
	if m != nil {
		m.tokens.WithLabelValues("blacklist").Inc()
	}
}

func (m *metrics) hashRejected() {
	if m != nil {
		m.rejected.Inc()
	}
}

func (m *metrics) shed() {
	if m != nil {
		m.shedded.Inc()
	}
}

func (m *metrics) storeLatency(op string, d time.Duration) {
	if m != nil {
		m.store.WithLabelValues(op).Observe(d.Seconds())
	}
}
