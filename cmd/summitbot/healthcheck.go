package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthcheckTimeout bounds the whole health check request.
const healthcheckTimeout = 3 * time.Second

// healthcheck asks the /healthz of a running summitbot serve, at
// METRICS_ADDR, whether it is healthy, for container health checks: it
// prints the answer and returns nil on 200, and otherwise an error, whose
// exit status is 1 (never 2, which container runtimes reserve).
func (a *app) healthcheck(ctx context.Context, args []string) error {
	fs := a.newFlags("healthcheck")
	pos, err := parse(fs, args)
	var help *helpRequest
	if errors.As(err, &help) {
		return err
	} else if err != nil {
		return errors.New(oneLine(err)) // exit status 1 only, as below
	}
	if len(pos) > 0 {
		return errors.New("healthcheck takes no arguments")
	}
	if a.cfg.MetricsAddr == "" {
		return errors.New("healthcheck: METRICS_ADDR is not set: set it to the address summitbot serve answers /healthz on, e.g. METRICS_ADDR=:9090, for both serve and healthcheck")
	}
	url := "http://" + dialAddr(a.cfg.MetricsAddr) + "/healthz"
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// No proxy: the server is this machine or one the operator named.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %s is not answering (is summitbot serve running with this METRICS_ADDR?): %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	text := strings.Join(strings.Fields(string(body)), " ")
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s: %s", url, resp.Status, text)
	}
	fmt.Fprintln(a.stdout, text)
	return nil
}

// dialAddr is where to reach a server listening on addr: on this machine's
// loopback when addr listens on every interface (0.0.0.0 or [::]).
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		if ip.To4() != nil {
			host = "127.0.0.1"
		} else {
			host = "::1"
		}
	}
	return net.JoinHostPort(host, port)
}

// healthFailed turns an error before the health check could run (bad
// configuration) into a plain failure, so its exit status is 1.
func healthFailed(err error) error {
	return fmt.Errorf("healthcheck: %s", oneLine(err))
}
