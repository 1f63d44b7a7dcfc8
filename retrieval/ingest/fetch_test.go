package ingest

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// stubResolver answers lookups from a fixed table and records every call.
// Names not in the table do not exist; it never touches real DNS.
type stubResolver struct {
	hosts map[string][]string

	mu    sync.Mutex
	calls []string
}

// LookupIPAddr implements Resolver.
func (r *stubResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	r.mu.Lock()
	r.calls = append(r.calls, host)
	r.mu.Unlock()
	ips, ok := r.hosts[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	out := make([]net.IPAddr, 0, len(ips))
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

// lookups returns the names looked up so far.
func (r *stubResolver) lookups() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

// newStubResolver maps the test host names used below.
func newStubResolver() *stubResolver {
	return &stubResolver{hosts: map[string][]string{
		"metadata.test":    {"169.254.169.254"},
		"internal.test":    {"10.1.2.3"},
		"cgnat.test":       {"100.64.1.1"},
		"v6private.test":   {"fd12:3456::1"},
		"mapped.test":      {"::ffff:192.168.1.1"},
		"mixed.test":       {"93.184.216.34", "192.168.0.10"},
		"loopback.test":    {"127.0.0.1"},
		"news.example.com": {"127.0.0.1"},
	}}
}

// loopbackDialer returns a DialContext hook that fails the test if it is
// asked to connect anywhere but 127.0.0.1 or ::1, and records what it dialled.
func loopbackDialer(t *testing.T, dialled *[]string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var mu sync.Mutex
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if err := assertLoopback(t, addr); err != nil {
			return nil, err
		}
		if dialled != nil {
			mu.Lock()
			*dialled = append(*dialled, addr)
			mu.Unlock()
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

// blockingDialer checks the address like loopbackDialer, then hangs until
// its context ends, simulating a host that never answers.
func blockingDialer(t *testing.T) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, _, addr string) (net.Conn, error) {
		if err := assertLoopback(t, addr); err != nil {
			return nil, err
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// assertLoopback fails the test unless addr is a literal loopback address.
func assertLoopback(t *testing.T, addr string) error {
	t.Helper()
	host, _, err := net.SplitHostPort(addr)
	if err == nil {
		if ip, perr := netip.ParseAddr(host); perr == nil && (ip.String() == "127.0.0.1" || ip.String() == "::1") {
			return nil
		}
	}
	t.Errorf("dialer asked to connect to %q: only 127.0.0.1 and ::1 may be dialled in tests", addr)
	return errors.New("test dialer: non-loopback address")
}

// newTestServer serves the fixtures and the misbehaving endpoints used by
// the fetch tests, on loopback only.
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	pdfData, err := os.ReadFile("testdata/article.pdf")
	if err != nil {
		t.Fatal(err)
	}
	markdown, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(junk)

	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(article)
	})
	mux.HandleFunc("/world/paris-summit-guarantees", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(article)
	})
	mux.HandleFunc("/echo-host", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, r.Host)
	})
	mux.HandleFunc("/article.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdfData)
	})
	mux.HandleFunc("/article.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write(markdown)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(5<<20+1))
		w.Write([]byte(strings.Repeat("a", 5<<20+1)))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>lorem ipsum</p>", 1000))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			if r.Context().Err() != nil {
				return
			}
		}
	})
	mux.HandleFunc("/png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("/octet", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(junk)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Home</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><div id="app"></div><footer>© Example</footer></body></html>`)
	})
	mux.HandleFunc("/junk", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(junk)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// testFetcher returns a Fetcher that can reach loopback test servers and
// nothing else: stub DNS and a dial hook that fails the test otherwise.
func testFetcher(t *testing.T, res Resolver) *Fetcher {
	return &Fetcher{
		Resolver:       res,
		DialContext:    loopbackDialer(t, nil),
		AllowLoopback:  true, // tests only
		ConnectTimeout: 2 * time.Second,
		Timeout:        10 * time.Second,
	}
}

func TestFetchRefusesHostileInput(t *testing.T) {
	srv := newTestServer(t)
	port := strings.TrimPrefix(srv.URL, "http://127.0.0.1:")

	tests := []struct {
		name  string
		url   string                     // "{srv}" is replaced by the test server's URL, "{port}" by its port
		tweak func(*testing.T, *Fetcher) // optional changes to the test Fetcher
		want  string                     // substring of the refusal sentence
	}{
		// Schemes and URL shape.
		{name: "file scheme", url: "file:///etc/passwd", want: "only http and https URLs can be loaded"},
		{name: "ftp scheme", url: "ftp://example.com/article.txt", want: "only http and https URLs can be loaded"},
		{name: "gopher scheme", url: "gopher://example.com/1", want: "only http and https URLs can be loaded"},
		{name: "javascript scheme", url: "javascript:alert(document.cookie)", want: "only http and https URLs can be loaded"},
		{name: "data scheme", url: "data:text/html,<p>hi</p>", want: "only http and https URLs can be loaded"},
		{name: "no scheme", url: "//example.com/article", want: "only http and https URLs can be loaded"},
		{name: "userinfo", url: "http://user:secret@example.com/", want: "user name or password"},
		{name: "userinfo hiding host", url: "http://example.com@127.0.0.1/", want: "user name or password"},
		{name: "empty host", url: "http:///etc/passwd", want: "has no host"},
		{name: "bad port", url: "http://example.com:99999/", want: "invalid port"},

		// Numeric hosts in every notation a browser accepts.
		{name: "decimal loopback", url: "http://2130706433/", tweak: noLoopback, want: "loopback address"},
		{name: "octal loopback", url: "http://017700000001/", tweak: noLoopback, want: "loopback address"},
		{name: "hex loopback", url: "http://0x7f.1/", tweak: noLoopback, want: "loopback address"},
		{name: "hex whole loopback", url: "http://0x7f000001/", tweak: noLoopback, want: "loopback address"},
		{name: "short loopback", url: "http://127.1/", tweak: noLoopback, want: "loopback address"},
		{name: "leading zeros loopback", url: "http://127.000.000.001/", tweak: noLoopback, want: "loopback address"},
		{name: "trailing dot loopback", url: "http://127.0.0.1./", tweak: noLoopback, want: "loopback address"},
		{name: "percent-encoded host", url: "http://%31%32%37.0.0.1/", tweak: noLoopback, want: "not a valid URL"},
		{name: "fullwidth digits loopback", url: "http://１２７.０.０.１/", tweak: noLoopback, want: "loopback address"},
		{name: "decimal metadata", url: "http://2852039166/", want: "cloud metadata address"},
		{name: "octal private", url: "http://012.0.0.1/", want: "private address"},
		{name: "hex public is unusual", url: "http://0x5db8d822/", want: "unusual form"},
		{name: "out of range numeric", url: "http://256.1.1.1/", want: "invalid numeric address"},
		{name: "numeric last label", url: "http://example.123/", want: "invalid numeric address"},

		// IPv4 and IPv6 literals.
		{name: "loopback", url: "http://127.0.0.1/", tweak: noLoopback, want: "loopback address"},
		{name: "ipv6 loopback", url: "http://[::1]/", tweak: noLoopback, want: "loopback address"},
		{name: "ipv4-mapped loopback", url: "http://[::ffff:127.0.0.1]/", tweak: noLoopback, want: "loopback address"},
		{name: "ipv4-mapped hex loopback", url: "http://[::ffff:7f00:1]/", tweak: noLoopback, want: "loopback address"},
		{name: "ipv4-mapped metadata", url: "http://[::ffff:169.254.169.254]/", want: "cloud metadata address"},
		{name: "ipv4-mapped private", url: "http://[::ffff:10.0.0.1]/", want: "private address"},
		{name: "ipv4-compatible", url: "http://[::127.0.0.1]/", want: "reserved address"},
		{name: "nat64 metadata", url: "http://[64:ff9b::a9fe:a9fe]/", want: "cloud metadata address"},
		{name: "6to4 private", url: "http://[2002:c0a8:0101::1]/", want: "private address"},
		{name: "metadata ip", url: "http://169.254.169.254/latest/meta-data/", want: "cloud metadata address"},
		{name: "ecs metadata ip", url: "http://169.254.170.2/v2/credentials", want: "cloud metadata address"},
		{name: "aws ipv6 metadata", url: "http://[fd00:ec2::254]/", want: "cloud metadata address"},
		{name: "link-local", url: "http://169.254.10.1/", want: "link-local address"},
		{name: "ipv6 link-local", url: "http://[fe80::1]/", want: "link-local address"},
		{name: "ipv6 link-local with zone", url: "http://[fe80::1%25eth0]/", want: "link-local address"},
		{name: "cgnat", url: "http://100.64.0.1/", want: "private address"},
		{name: "private 10/8", url: "http://10.0.0.1/", want: "private address"},
		{name: "private 172.16/12", url: "http://172.31.255.254/", want: "private address"},
		{name: "private 192.168/16", url: "http://192.168.1.1:8080/", want: "private address"},
		{name: "ipv6 unique local", url: "http://[fd00::1]/", want: "private address"},
		{name: "unspecified", url: "http://0.0.0.0/", want: "unspecified address"},
		{name: "zero network", url: "http://0.1.2.3/", want: "unspecified address"},
		{name: "ipv6 unspecified", url: "http://[::]/", want: "unspecified address"},
		{name: "multicast", url: "http://224.0.0.1/", want: "multicast address"},
		{name: "ipv6 multicast", url: "http://[ff02::1]/", want: "multicast address"},
		{name: "broadcast", url: "http://255.255.255.255/", want: "broadcast address"},
		{name: "reserved class E", url: "http://240.0.0.1/", want: "reserved address"},
		{name: "documentation range", url: "http://192.0.2.1/", want: "reserved address"},
		{name: "discord angle brackets", url: "<http://169.254.169.254/>", want: "cloud metadata address"},

		// Host names: by name, and after (stub) DNS resolution.
		{name: "localhost", url: "http://localhost/", tweak: noLoopback, want: "loopback address"},
		{name: "localhost trailing dot", url: "http://LOCALHOST./", tweak: noLoopback, want: "loopback address"},
		{name: "enclosed letters localhost", url: "http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", tweak: noLoopback, want: "loopback address"},
		{name: "metadata by name", url: "http://metadata.google.internal/computeMetadata/v1/", want: "cloud metadata address"},
		{name: "single label", url: "http://intranet/", want: "not a public domain name"},
		{name: "mdns name", url: "http://printer.local/", want: "private network name"},
		{name: "metadata via dns", url: "http://metadata.test/latest/meta-data/", want: "cloud metadata address"},
		{name: "private via dns", url: "http://internal.test/", want: "private address"},
		{name: "cgnat via dns", url: "http://cgnat.test/", want: "private address"},
		{name: "ipv6 private via dns", url: "http://v6private.test/", want: "private address"},
		{name: "mapped private via dns", url: "http://mapped.test/", want: "private address"},
		{name: "one bad address among several", url: "http://mixed.test/", want: "private address"},
		{name: "loopback via dns", url: "http://loopback.test:{port}/article", tweak: noLoopback, want: "loopback address"},
		{name: "loopback server without AllowLoopback", url: "{srv}/article", tweak: noLoopback, want: "loopback address"},

		// Redirects: every hop is checked again.
		{name: "redirect to metadata ip", url: "{srv}/redirect?to=http://169.254.169.254/latest/meta-data/", want: "cloud metadata address"},
		{name: "redirect to private name", url: "{srv}/redirect?to=http://internal.test/admin", want: "private address"},
		{name: "redirect to file", url: "{srv}/redirect?to=file:///etc/passwd", want: "only http and https URLs can be loaded"},
		{name: "redirect to userinfo", url: "{srv}/redirect?to=http://a:b@example.com/", want: "user name or password"},
		{name: "redirect to decimal ip", url: "{srv}/redirect?to=http://167772161/", want: "private address"},
		{name: "redirect loop", url: "{srv}/loop", want: "too many redirects (more than 5)"},
		{name: "redirects disabled", url: "{srv}/redirect?to=/article", tweak: func(t *testing.T, f *Fetcher) { f.MaxRedirects = -1 }, want: "too many redirects (more than 0)"},

		// Responses.
		{name: "oversized body", url: "{srv}/big", want: "that page is larger than 5 MB"},
		{name: "endless body", url: "{srv}/endless", want: "that page is larger than 5 MB"},
		{name: "endless body small limit", url: "{srv}/endless", tweak: func(t *testing.T, f *Fetcher) { f.MaxBytes = 64 << 10 }, want: "that page is larger than 64 KB"},
		{name: "image", url: "{srv}/png", want: "content of type image/png, which cannot be loaded"},
		{name: "octet stream", url: "{srv}/octet", want: "content of type application/octet-stream, which cannot be loaded"},
		{name: "empty page", url: "{srv}/empty", want: "no article text found on that page"},
		{name: "binary junk as html", url: "{srv}/junk", want: "that page is not text"},
		{name: "not found", url: "{srv}/missing", want: "that URL returned status 404"},
		{name: "slow server", url: "{srv}/slow", tweak: func(t *testing.T, f *Fetcher) { f.Timeout = 300 * time.Millisecond }, want: "took longer than 300ms to load"},
		{name: "connect timeout", url: "{srv}/article", tweak: func(t *testing.T, f *Fetcher) {
			f.DialContext = blockingDialer(t)
			f.ConnectTimeout = 200 * time.Millisecond
		}, want: "did not accept a connection within 200ms"},
	}
	if len(tests) < 25 {
		t.Fatalf("only %d hostile inputs", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFetcher(t, newStubResolver())
			if tt.tweak != nil {
				tt.tweak(t, f)
			}
			url := strings.NewReplacer("{srv}", srv.URL, "{port}", port).Replace(tt.url)
			start := time.Now()
			doc, err := f.Load(context.Background(), url)
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("Load(%q) took %s", url, elapsed)
			}
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("Load(%q) = %+v, %v; want *RefusedError containing %q", url, doc, err, tt.want)
			}
			if got := refused.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("Load(%q) refused with %q; want it to contain %q", url, got, tt.want)
			}
			if refused.Error() != refused.Reason {
				t.Errorf("Error() = %q, Reason = %q; want them equal", refused.Error(), refused.Reason)
			}
		})
	}
}

// noLoopback turns off the test-only loopback exemption.
func noLoopback(_ *testing.T, f *Fetcher) { f.AllowLoopback = false }

func TestLoadArticleViaHostName(t *testing.T) {
	srv := newTestServer(t)
	port := strings.TrimPrefix(srv.URL, "http://127.0.0.1:")
	res := newStubResolver()
	var dialled []string
	f := testFetcher(t, res)
	f.DialContext = loopbackDialer(t, &dialled)

	// news.example.com resolves (stub) to 127.0.0.1, so the page's canonical
	// URL on news.example.com is on the same site and is kept.
	page, err := f.Fetch(context.Background(), "http://news.example.com:"+port+"/world/paris-summit-guarantees#comments")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if got, want := res.lookups(), []string{"news.example.com"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("lookups = %q, want %q (exactly one resolution)", got, want)
	}
	if got, want := strings.Join(dialled, ","), "127.0.0.1:"+port; got != want {
		t.Errorf("dialled %q, want %q (the checked IP, not the name)", got, want)
	}
	if got, want := page.URL, "http://news.example.com:"+port+"/world/paris-summit-guarantees"; got != want {
		t.Errorf("page.URL = %q, want %q", got, want)
	}

	doc, err := ParseResponse(page.ContentType, page.URL, page.Body)
	if err != nil {
		t.Fatalf("ParseResponse: %v", err)
	}
	checkArticle(t, doc, "https://news.example.com/world/paris-summit-guarantees")

	// The connection goes to the checked IP, but the request still names the host.
	echo, err := f.Fetch(context.Background(), "http://news.example.com:"+port+"/echo-host")
	if err != nil {
		t.Fatalf("Fetch echo-host: %v", err)
	}
	if got, want := string(echo.Body), "news.example.com:"+port; got != want {
		t.Errorf("server saw Host %q, want %q", got, want)
	}
}

func TestLoadArticleFollowsRedirect(t *testing.T) {
	srv := newTestServer(t)
	f := testFetcher(t, newStubResolver())
	page, err := f.Fetch(context.Background(), srv.URL+"/redirect?to=/article")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if got, want := page.URL, srv.URL+"/article"; got != want {
		t.Errorf("page.URL = %q, want %q", got, want)
	}
	if got, want := page.ContentType, "text/html; charset=utf-8"; got != want {
		t.Errorf("page.ContentType = %q, want %q", got, want)
	}
	doc, err := f.Load(context.Background(), srv.URL+"/redirect?to=/article")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	// 127.0.0.1 is not news.example.com: the page may not claim that address.
	checkArticle(t, doc, srv.URL+"/article")
}

// checkArticle asserts what testdata/article.html must yield.
func checkArticle(t *testing.T, doc Document, wantURL string) {
	t.Helper()
	if got, want := doc.Title, "Leaders agree security guarantees framework in Paris"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := doc.Outlet, "Example Herald"; got != want {
		t.Errorf("Outlet = %q, want %q", got, want)
	}
	if got, want := doc.Published, "2026-01-06"; got != want {
		t.Errorf("Published = %q, want %q", got, want)
	}
	if got, want := strings.Join(doc.Authors, "|"), "Jane Doe|Pierre Martin"; got != want {
		t.Errorf("Authors = %q, want %q", got, want)
	}
	if got := doc.URL; got != wantURL {
		t.Errorf("URL = %q, want %q", got, wantURL)
	}
	for _, want := range []string{
		"PARIS — Test fixture text. European and allied leaders meeting in Paris",
		"coalition of the willing",
		"What was agreed",
		"legitimate targets.",
	} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("Text lacks %q:\n%s", want, doc.Text)
		}
	}
	for _, unwanted := range []string{"Reader comment", "Advertisement", "Share on", "Share this", "Privacy policy", "Sign in", "Home", "All rights reserved", "body{"} {
		if strings.Contains(doc.Text, unwanted) {
			t.Errorf("Text contains boilerplate %q:\n%s", unwanted, doc.Text)
		}
	}
	if !strings.Contains(doc.Text, ".\n\nThe declaration") {
		t.Errorf("paragraphs not separated by blank lines:\n%s", doc.Text)
	}
	if strings.Contains(doc.Text, "\n\n\n") || strings.HasPrefix(doc.Text, doc.Title) {
		t.Errorf("Text has extra blank lines or repeats the title:\n%s", doc.Text)
	}
}

func TestLoadOtherTypes(t *testing.T) {
	srv := newTestServer(t)
	f := testFetcher(t, newStubResolver())
	tests := []struct {
		path        string
		wantTitle   string
		wantURL     string
		wantOutlet  string
		wantInText  string
		wantAuthors string
	}{
		{
			path:        "/article.pdf",
			wantTitle:   "Paris summit PDF fixture",
			wantURL:     srv.URL + "/article.pdf",
			wantOutlet:  "127.0.0.1",
			wantInText:  "security guarantees for Ukraine after a ceasefire.",
			wantAuthors: "Jane Doe|Pierre Martin",
		},
		{
			// The front matter's URL is on another site than 127.0.0.1, so
			// the address the file was fetched from is kept.
			path:        "/article.md",
			wantTitle:   "Paris talks: what the coalition agreed",
			wantURL:     srv.URL + "/article.md",
			wantOutlet:  "Example Herald",
			wantInText:  "The multinational force",
			wantAuthors: "Jane Doe|Pierre Martin",
		},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc, err := f.Load(context.Background(), srv.URL+tt.path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if doc.Title != tt.wantTitle || doc.URL != tt.wantURL || doc.Outlet != tt.wantOutlet ||
				strings.Join(doc.Authors, "|") != tt.wantAuthors || !strings.Contains(doc.Text, tt.wantInText) {
				t.Errorf("got %+v\nwant title %q, url %q, outlet %q, authors %q, text with %q",
					doc, tt.wantTitle, tt.wantURL, tt.wantOutlet, tt.wantAuthors, tt.wantInText)
			}
		})
	}
}

func TestFetchCancelledContextIsNotARefusal(t *testing.T) {
	srv := newTestServer(t)
	f := testFetcher(t, newStubResolver())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := f.Fetch(ctx, srv.URL+"/slow")
	var refused *RefusedError
	if err == nil || errors.As(err, &refused) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch with expired caller context = %v; want a wrapped context.DeadlineExceeded, not a refusal", err)
	}
}

func TestFetchUnknownHostIsNotARefusal(t *testing.T) {
	f := testFetcher(t, newStubResolver())
	_, err := f.Fetch(context.Background(), "https://nonexistent.test/article")
	var refused *RefusedError
	var dnsErr *net.DNSError
	if err == nil || errors.As(err, &refused) || !errors.As(err, &dnsErr) {
		t.Errorf("Fetch of unknown host = %v; want a wrapped *net.DNSError", err)
	}
}

func TestParseHost(t *testing.T) {
	tests := []struct {
		in        string
		wantIP    string // "" when the host is a name
		wantName  string
		canonical bool
		wantErr   string
	}{
		{in: "127.0.0.1", wantIP: "127.0.0.1", canonical: true},
		{in: "2130706433", wantIP: "127.0.0.1"},
		{in: "017700000001", wantIP: "127.0.0.1"},
		{in: "0x7f.1", wantIP: "127.0.0.1"},
		{in: "0X7F.0.0.1", wantIP: "127.0.0.1"},
		{in: "127.1", wantIP: "127.0.0.1"},
		{in: "10.1", wantIP: "10.0.0.1"},
		{in: "192.168.257", wantIP: "192.168.1.1"},
		{in: "0x", wantIP: "0.0.0.0"},
		{in: "1.2.3.4.", wantIP: "1.2.3.4"},
		{in: "::ffff:127.0.0.1", wantIP: "::ffff:127.0.0.1", canonical: true},
		{in: "[::1]", wantIP: "::1", canonical: true},
		{in: "Example.COM.", wantName: "example.com"},
		{in: "xn--80ak6aa92e.com", wantName: "xn--80ak6aa92e.com"},
		{in: "пример.укр", wantName: "xn--e1afmkfd.xn--j1amh"},
		{in: "1.2.3.4.5", wantErr: reasonBadNumeric},
		{in: "4294967296", wantErr: reasonBadNumeric},
		{in: "1.256.1.1", wantErr: reasonBadNumeric},
		{in: "08.1.1.1", wantErr: reasonBadNumeric},
		{in: "exa mple.com", wantErr: reasonBadHost},
		{in: "a..b", wantErr: reasonBadHost},
		{in: "", wantErr: reasonNoHost},
	}
	for _, tt := range tests {
		got, err := parseHost(tt.in)
		var gotErr, gotIP string
		if err != nil {
			gotErr = err.Reason
		}
		if got.ip.IsValid() {
			gotIP = got.ip.String()
		}
		if gotErr != tt.wantErr || gotIP != tt.wantIP || got.name != tt.wantName || (gotIP != "" && got.canonical != tt.canonical) {
			t.Errorf("parseHost(%q) = {ip %q name %q canonical %v} err %q; want {ip %q name %q canonical %v} err %q",
				tt.in, gotIP, got.name, got.canonical, gotErr, tt.wantIP, tt.wantName, tt.canonical, tt.wantErr)
		}
	}
}

func TestAddrReason(t *testing.T) {
	tests := []struct {
		ip            string
		allowLoopback bool
		want          string
	}{
		{ip: "93.184.216.34", want: ""},
		{ip: "2606:2800:220:1:248:1893:25c8:1946", want: ""},
		{ip: "64:ff9b::5db8:d822", want: ""}, // NAT64 of a public address
		{ip: "127.0.0.1", want: reasonLoopback},
		{ip: "127.0.0.1", allowLoopback: true, want: ""},
		{ip: "::1", allowLoopback: true, want: ""},
		{ip: "::ffff:127.0.0.1", allowLoopback: true, want: ""},
		{ip: "10.0.0.1", allowLoopback: true, want: reasonPrivate},
		{ip: "169.254.169.254", allowLoopback: true, want: reasonMetadata},
		{ip: "100.100.100.200", want: reasonMetadata},
		{ip: "100.127.255.255", want: reasonPrivate},
		{ip: "100.128.0.0", want: ""},
		{ip: "172.15.255.255", want: ""},
		{ip: "172.32.0.0", want: ""},
		{ip: "198.18.0.1", want: reasonReserved},
		{ip: "fec0::1", want: reasonPrivate},
		{ip: "2001:db8::1", want: reasonReserved},
		{ip: "2001:0:4136:e378:8000:63bf:3fff:fdd2", want: reasonReserved}, // Teredo
		{ip: "100::1", want: reasonReserved},
		{ip: "4000::1", want: reasonReserved},
	}
	for _, tt := range tests {
		if got := addrReason(netip.MustParseAddr(tt.ip), tt.allowLoopback); got != tt.want {
			t.Errorf("addrReason(%s, allowLoopback=%v) = %q, want %q", tt.ip, tt.allowLoopback, got, tt.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{5 << 20, "5 MB"},
		{3 << 19, "1.5 MB"},
		{64 << 10, "64 KB"},
		{1000, "1000 bytes"},
	}
	for _, tt := range tests {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
