package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/summitbot/summitbot/retrieval"
)

// Gateway is the running Discord bot as health checks and metrics see it;
// *discord.Bot satisfies it.
type Gateway interface {
	// Connected reports whether the gateway is connected now.
	Connected() bool
	// QueueLength returns how many admitted answers wait for a free slot.
	QueueLength() int
}

// Index is the open index as health checks and metrics see it;
// *retrieval.Index satisfies it.
type Index interface {
	// Sources returns the loaded sources of every scope.
	Sources() []retrieval.Source
}

// States of the index in /healthz.
const (
	indexOpening = "opening" // not open yet
	indexOpen    = "open"
	indexClosed  = "closed" // open once, then closed
)

// SetGateway makes g the bot whose connection /healthz reports and whose
// queue length /metrics shows; nil forgets it (the gateway then reads as
// disconnected).
func (m *Metrics) SetGateway(g Gateway) {
	m.state.mu.Lock()
	defer m.state.mu.Unlock()
	m.state.gateway = g
}

// SetIndex makes ix the index whose sources /healthz and /metrics count;
// until then the index reads as "opening". SetIndex(nil) marks it closed:
// once it returns, ix is no longer read, so it may be closed.
func (m *Metrics) SetIndex(ix Index) {
	m.state.mu.Lock()
	defer m.state.mu.Unlock()
	if ix == nil && m.state.index != nil {
		m.state.closed = true
	}
	m.state.index = ix
}

// state is the gateway and index, read when /healthz or /metrics is asked
// for. It is a prometheus.Collector of the gauges computed from them.
type state struct {
	mu      sync.RWMutex // held while reading gateway or index; SetIndex(nil) waits for readers
	gateway Gateway
	index   Index
	closed  bool

	descConnected, descIndexOpen, descQueue, descSources, descServers *prometheus.Desc
}

// snapshot is the state at one moment.
type snapshot struct {
	connected bool
	queue     int
	index     string // indexOpening, indexOpen or indexClosed
	shared    int    // sources in the shared scope
	server    int    // sources of single servers, all servers together
	servers   int    // servers with sources of their own
}

func (s *state) snapshot() snapshot {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var snap snapshot
	if s.gateway != nil {
		snap.connected = s.gateway.Connected()
		snap.queue = s.gateway.QueueLength()
	}
	switch {
	case s.index != nil:
		snap.index = indexOpen
		guilds := map[string]bool{}
		for _, src := range s.index.Sources() {
			if src.Guild == "" {
				snap.shared++
				continue
			}
			snap.server++
			guilds[src.Guild] = true
		}
		snap.servers = len(guilds)
	case s.closed:
		snap.index = indexClosed
	default:
		snap.index = indexOpening
	}
	return snap
}

// newState returns a state with nothing set yet, and its gauges' descriptions.
func newState() *state {
	return &state{
		descConnected: prometheus.NewDesc("summitbot_gateway_connected",
			"1 when the Discord gateway is connected, else 0.", nil, nil),
		descIndexOpen: prometheus.NewDesc("summitbot_index_open",
			"1 when the index is open, else 0.", nil, nil),
		descQueue: prometheus.NewDesc("summitbot_queue_length",
			"Admitted questions waiting for a free answer slot now.", nil, nil),
		descSources: prometheus.NewDesc("summitbot_sources",
			"Sources loaded, by scope: shared (every server answers from them) or server (all servers' own together).",
			[]string{"scope"}, nil),
		descServers: prometheus.NewDesc("summitbot_source_servers",
			"Discord servers with sources of their own.", nil, nil),
	}
}

// Describe sends the descriptions of the state's gauges.
func (s *state) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{s.descConnected, s.descIndexOpen, s.descQueue, s.descSources, s.descServers} {
		ch <- d
	}
}

// Collect reads the gateway and index and sends the gauges. The source
// counts are sent only while the index is open.
func (s *state) Collect(ch chan<- prometheus.Metric) {
	snap := s.snapshot()
	ch <- prometheus.MustNewConstMetric(s.descConnected, prometheus.GaugeValue, boolValue(snap.connected))
	ch <- prometheus.MustNewConstMetric(s.descIndexOpen, prometheus.GaugeValue, boolValue(snap.index == indexOpen))
	ch <- prometheus.MustNewConstMetric(s.descQueue, prometheus.GaugeValue, float64(snap.queue))
	if snap.index == indexOpen {
		ch <- prometheus.MustNewConstMetric(s.descSources, prometheus.GaugeValue, float64(snap.shared), "shared")
		ch <- prometheus.MustNewConstMetric(s.descSources, prometheus.GaugeValue, float64(snap.server), "server")
		ch <- prometheus.MustNewConstMetric(s.descServers, prometheus.GaugeValue, float64(snap.servers))
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
