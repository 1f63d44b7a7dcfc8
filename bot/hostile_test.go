package bot_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// hostileResolver maps test host names to the addresses an attacker would
// point them at; any other name does not resolve.
type hostileResolver map[string][]string

func (r hostileResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := r[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, ip := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(ip)})
	}
	return out, nil
}

// loopbackOnlyDialer fails the test if asked to connect anywhere but loopback.
func loopbackOnlyDialer(t *testing.T) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			t.Errorf("the fetcher tried to connect to %s", addr)
			return nil, errors.New("test dialer: non-loopback address")
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

const articleHTML = `<!doctype html><html><head><title>Coordination centre opens in Kyiv</title>
<meta property="og:site_name" content="Example Wire"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2026-01-09T10:00:00Z"></head><body><article>
<h1>Coordination centre opens in Kyiv</h1>
<p>Ukrainian officials said on Friday that the planned coordination centre in Kyiv would open within weeks of any ceasefire, staffed by liaison officers from the countries that pledged forces to the multinational force.</p>
<p>The officials said the centre would share intelligence with the headquarters in Paris and would publish a weekly report on ceasefire violations, according to a statement released after the meeting.</p>
<p>Diplomats cautioned that the timetable depended on a ceasefire that does not yet exist, and that parliaments in several countries would still have to approve any deployment of troops.</p>
</article></body></html>`

// TestHostileSourcesLeaveIndexUnchanged feeds the library hostile URLs and
// responses: each is refused with its own clear sentence, and the index is
// exactly as it was.
func TestHostileSourcesLeaveIndexUnchanged(t *testing.T) {
	ctx := context.Background()
	junk := make([]byte, 4096)
	rand.Read(junk)
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML)
	})
	mux.HandleFunc("/article-copy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/to-internal", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://internal.test/admin", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>" + strings.Repeat("troops ", 1<<20) + "</p></body></html>"))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("ceasefire ", 1000))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(junk)
	})
	mux.HandleFunc("/octets", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(junk)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><nav>Home</nav></body></html>")
	})
	mux.HandleFunc("/junk", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(junk)
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resolver := hostileResolver{
		"internal.test":            {"10.1.2.3"},
		"metadata.test":            {"169.254.169.254"},
		"rebind.test":              {"93.184.216.34", "192.168.0.10"},
		"v6private.test":           {"fd00::1"},
		"cgnat.test":               {"100.64.3.4"},
		"metadata.google.internal": {"169.254.169.254"},
	}
	// strict never reaches loopback; lenient is the test-only fetcher that may
	// reach this test's loopback server, with every other check in force.
	strict := &ingest.Fetcher{Resolver: resolver, DialContext: loopbackOnlyDialer(t), Timeout: 5 * time.Second}
	lenient := &ingest.Fetcher{Resolver: resolver, DialContext: loopbackOnlyDialer(t), Timeout: 5 * time.Second, AllowLoopback: true, MaxBytes: 1 << 20}

	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{Dim: 128}})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	seed := bot.NewLibrary(idx, lenient, data.Articles(), nil)
	if _, err := seed.SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Add(ctx, "", srv.URL+"/article", nil); err != nil {
		t.Fatalf("loading a real article: %v", err)
	}

	tests := []struct {
		name    string
		lenient bool
		ref     string
		want    string // part of the sentence the user sees
	}{
		{"ftp scheme", false, "ftp://example.com/file.txt", "Only http and https"},
		{"file scheme", false, "file:///etc/passwd", "Only http and https"},
		{"local path", false, "/etc/passwd", "Only http and https"},
		{"javascript scheme", false, "javascript:alert(1)", "Only http and https"},
		{"data scheme", false, "data:text/html,<p>hi</p>", "Only http and https"},
		{"gopher scheme", false, "gopher://example.com/", "Only http and https"},
		{"user info", false, "http://admin:secret@example.com/", "user name or password"},
		{"loopback literal", false, "http://127.0.0.1/", "loopback"},
		{"decimal loopback", false, "http://2130706433/", "loopback"},
		{"hex and short loopback", false, "http://0x7f.1/", "loopback"},
		{"short loopback", false, "http://127.1/", "loopback"},
		{"ipv6 loopback", false, "http://[::1]/", "loopback"},
		{"ipv4-mapped ipv6 loopback", false, "http://[::ffff:127.0.0.1]/", "loopback"},
		{"localhost", false, "http://localhost:8080/", "loopback"},
		{"metadata by address", false, "http://169.254.169.254/latest/meta-data/", "metadata"},
		{"metadata by name", false, "http://metadata.google.internal/computeMetadata/v1/", "metadata"},
		{"metadata via resolver", false, "http://metadata.test/", "metadata"},
		{"private 10/8 via resolver", false, "http://internal.test/", "private"},
		{"private 192.168/16", false, "http://192.168.1.1/", "private"},
		{"private 172.16/12", false, "http://172.16.5.4/", "private"},
		{"unique local ipv6 via resolver", false, "http://v6private.test/", "private"},
		{"cgnat via resolver", false, "http://cgnat.test/", "address"},
		{"link-local ipv6", false, "http://[fe80::1]/", "link-local"},
		{"unspecified", false, "http://0.0.0.0/", "address"},
		{"multicast", false, "http://224.0.0.1/", "multicast"},
		{"public and private answer", false, "http://rebind.test/", "private"},
		{"redirect to metadata", true, srv.URL + "/to-metadata", "metadata"},
		{"redirect to private name", true, srv.URL + "/to-internal", "private"},
		{"redirect loop", true, srv.URL + "/loop", "redirects"},
		{"oversized body", true, srv.URL + "/big", "larger than"},
		{"endless body", true, srv.URL + "/endless", "larger than"},
		{"image", true, srv.URL + "/image", "image/png"},
		{"octet stream", true, srv.URL + "/octets", "application/octet-stream"},
		{"empty page", true, srv.URL + "/empty", "no article text"},
		{"binary junk as html", true, srv.URL + "/junk", "text"},
		{"not found", true, srv.URL + "/missing", "404"},
		{"same URL again", true, srv.URL + "/article", "already loaded"},
		{"same text at another URL", true, srv.URL + "/article-copy", "already loaded"},
	}
	before, beforeLen := idx.Sources(), idx.Len()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := strict
			if tt.lenient {
				f = lenient
			}
			lib := bot.NewLibrary(idx, f, data.Articles(), nil)
			_, err := lib.Add(ctx, "", tt.ref, nil)
			if err == nil {
				t.Fatalf("%s was loaded", tt.ref)
			}
			msg := bot.Friendly(err)
			if !strings.Contains(strings.ToLower(msg), strings.ToLower(tt.want)) {
				t.Errorf("user sees %q, want it to mention %q (error: %v)", msg, tt.want, err)
			}
			if strings.Contains(msg, "\n") || strings.HasPrefix(msg, "Sorry, something went wrong") {
				t.Errorf("user sees no clear one-line reason: %q", msg)
			}
			if got := idx.Sources(); !reflect.DeepEqual(got, before) || idx.Len() != beforeLen {
				t.Errorf("index changed: %d sources / %d chunks, want %d / %d", len(got), idx.Len(), len(before), beforeLen)
			}
		})
	}
}
