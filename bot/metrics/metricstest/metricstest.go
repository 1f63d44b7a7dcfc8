// Package metricstest reads what bot/metrics serves, for the tests of the
// packages that count into it: an HTTP GET, the samples of a /metrics page,
// and a wait for samples to reach their values.
package metricstest

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Get fetches url and returns the status and the body, trimmed; any failure
// to fetch it fails the test.
func Get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, strings.TrimSpace(string(body))
}

// Scrape reads the /metrics page under base (e.g. "http://127.0.0.1:9090")
// into its samples by series, `name{label="value",...}` as Prometheus
// writes it. A page that is not 200 or a line that is not a sample fails the
// test.
func Scrape(t testing.TB, base string) map[string]float64 {
	t.Helper()
	status, page := Get(t, base+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("GET %s/metrics: status %d\n%s", base, status, page)
	}
	samples := map[string]float64{}
	for _, line := range strings.Split(page, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("bad sample line %q", line)
		}
		samples[line[:i]] = v
	}
	return samples
}

// WaitSamples scrapes base's /metrics until every series of want reads its
// value (an answer's series are updated one after the other), and fails the
// test, naming the series that differ, if they do not within wait.
func WaitSamples(t testing.TB, base string, want map[string]float64, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		got := Scrape(t, base)
		var wrong []string
		for series, w := range want {
			if g, ok := got[series]; !ok || g != w {
				wrong = append(wrong, fmt.Sprintf("%s = %v (present %v), want %v", series, g, ok, w))
			}
		}
		if len(wrong) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/metrics:\n%s", base, strings.Join(wrong, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
