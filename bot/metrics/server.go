package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health is the JSON body of /healthz.
type Health struct {
	// Status is "ok" when the gateway is connected and the index open, else "unavailable".
	Status string `json:"status"`
	// Gateway is "connected" or "disconnected".
	Gateway string `json:"gateway"`
	// Index is "opening", "open" or "closed".
	Index string `json:"index"`
	// Sources counts the loaded sources of every scope while the index is open.
	Sources *int `json:"sources,omitempty"`
}

// Health returns the health /healthz reports now, and whether it is ok.
func (m *Metrics) Health() (Health, bool) {
	snap := m.state.snapshot()
	h := Health{Status: "unavailable", Gateway: "disconnected", Index: snap.index}
	if snap.connected {
		h.Gateway = "connected"
	}
	if snap.index == indexOpen {
		n := snap.shared + snap.server
		h.Sources = &n
	}
	ok := snap.connected && snap.index == indexOpen
	if ok {
		h.Status = "ok"
	}
	return h, ok
}

// Handler serves GET /healthz (200 with status "ok" when the gateway is
// connected and the index open, 503 otherwise, with a JSON body saying
// which) and GET /metrics (Prometheus's text format).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		h, ok := m.Health()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(h) // a write error means the client left
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	return mux
}

// Timeouts of the metrics server.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 60 * time.Second
)

// Server is the HTTP server of /healthz and /metrics. Start it with Listen
// and stop it with Shutdown, which waits for its goroutine.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	done chan error
}

// Listen listens on addr (host:port; port 0 picks a free one) and serves
// m.Handler there from a goroutine until Shutdown. log receives the server's
// own errors; nil discards them.
func (m *Metrics) Listen(addr string, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	s := &Server{
		srv: &http.Server{
			Handler:           m.Handler(),
			ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout:       readTimeout,
			WriteTimeout:      writeTimeout,
			IdleTimeout:       idleTimeout,
			MaxHeaderBytes:    16 << 10,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		ln:   ln,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Shutdown stops the server: it stops listening, lets requests in progress
// finish until ctx is done (then closes their connections), and waits for
// the server's goroutine.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("metrics: shut down: %w", err), s.srv.Close())
	}
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("metrics: serve: %w", serr))
	}
	return err
}
