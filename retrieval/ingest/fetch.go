package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults applied to zero Fetcher fields.
const (
	defaultMaxBytes       = 5 << 20
	defaultMaxRedirects   = 5
	defaultConnectTimeout = 5 * time.Second
	defaultTimeout        = 20 * time.Second
	defaultUserAgent      = "summitbot/1.0 (article ingestion; +https://github.com/summitbot/summitbot)"
	maxURLLength          = 4096
)

// Resolver looks up the IP addresses of a host name. *net.Resolver satisfies it.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Fetcher downloads pages while treating every URL as hostile. The zero value
// is ready to use; zero fields take the documented defaults. A Fetcher holds
// no connections between calls and is safe for concurrent use as long as its
// fields are not changed.
type Fetcher struct {
	// MaxBytes caps the (decompressed) body size; default 5 MB.
	MaxBytes int64
	// MaxRedirects caps how many redirects are followed; default 5.
	// A negative value follows none.
	MaxRedirects int
	// ConnectTimeout bounds DNS resolution and each TCP connect, and the TLS
	// handshake; default 5s.
	ConnectTimeout time.Duration
	// Timeout bounds the whole fetch, redirects and body included; default 20s.
	Timeout time.Duration
	// UserAgent is sent with every request; default identifies summitbot.
	UserAgent string
	// Resolver resolves host names; default net.DefaultResolver. Every address
	// it returns is checked, and the connection goes to a checked address.
	Resolver Resolver
	// DialContext opens the TCP connection; default a net.Dialer. It is only
	// ever called with a literal IP address that already passed the checks,
	// and is a hook for tests and instrumentation, not a way around them.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// AllowLoopback permits loopback addresses (127.0.0.0/8, ::1, localhost)
	// so tests can reach httptest servers. It exists ONLY for tests: production
	// code must never set it. Private, link-local, metadata and other reserved
	// addresses stay refused even when it is set.
	AllowLoopback bool
	// AllowedTypes lists the media types that may be loaded; default text/html,
	// application/xhtml+xml, text/plain, text/markdown, text/x-markdown and
	// application/pdf. ParseResponse understands only those.
	AllowedTypes []string
}

// Page is a fetched response.
type Page struct {
	// URL is the final URL, after redirects.
	URL string
	// ContentType is the response's Content-Type header (sniffed when absent).
	ContentType string
	// Body is the response body, at most MaxBytes long.
	Body []byte
}

// fetchConfig is a Fetcher with its defaults filled in.
type fetchConfig struct {
	Fetcher
}

// config returns f with defaults applied.
func (f *Fetcher) config() fetchConfig {
	c := fetchConfig{*f}
	if c.MaxBytes <= 0 {
		c.MaxBytes = defaultMaxBytes
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = defaultMaxRedirects
	} else if c.MaxRedirects < 0 {
		c.MaxRedirects = 0
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = defaultConnectTimeout
	}
	if c.Timeout <= 0 {
		c.Timeout = defaultTimeout
	}
	if c.UserAgent == "" {
		c.UserAgent = defaultUserAgent
	}
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	if c.DialContext == nil {
		c.DialContext = (&net.Dialer{Timeout: c.ConnectTimeout}).DialContext
	}
	if len(c.AllowedTypes) == 0 {
		c.AllowedTypes = []string{
			"text/html", "application/xhtml+xml", "text/plain",
			"text/markdown", "text/x-markdown", "application/pdf",
		}
	}
	return c
}

// Load fetches rawURL and parses the response into a Document.
func (f *Fetcher) Load(ctx context.Context, rawURL string) (Document, error) {
	page, err := f.Fetch(ctx, rawURL)
	if err != nil {
		return Document{}, err
	}
	return ParseResponseContext(ctx, page.ContentType, page.URL, page.Body, Limits{MaxDecoded: pdfDecodedPerByte * f.MaxBytes})
}

// Fetch downloads rawURL under the Fetcher's rules. Refusals are *RefusedError;
// network failures and cancellation of ctx are ordinary wrapped errors.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	c := f.config()
	u, err := c.parseURL(rawURL)
	if err != nil {
		return nil, err
	}

	timedOut := &RefusedError{
		Reason: fmt.Sprintf("that page took longer than %s to load", c.Timeout),
		Err:    context.DeadlineExceeded,
	}
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.Timeout, timedOut)
	defer cancel()

	transport := &http.Transport{
		Proxy:                  nil, // never let the environment route us elsewhere
		DialContext:            c.dial,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    c.ConnectTimeout,
		MaxResponseHeaderBytes: 64 << 10,
		DisableKeepAlives:      true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > c.MaxRedirects {
				return refuse(fmt.Sprintf("too many redirects (more than %d)", c.MaxRedirects))
			}
			return c.checkURL(req.URL)
		},
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &RefusedError{Reason: "that is not a valid URL", Err: err}
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1")

	resp, err := client.Do(req)
	if err != nil {
		return nil, c.fetchError(parent, ctx, timedOut, u, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, refuse(fmt.Sprintf("that URL returned status %d", resp.StatusCode))
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType != "" {
		if err := c.checkType(contentType); err != nil {
			return nil, err
		}
	}
	tooLarge := refuse(fmt.Sprintf("that page is larger than %s", FormatSize(c.MaxBytes)))
	if resp.ContentLength > c.MaxBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
	if err != nil {
		return nil, c.fetchError(parent, ctx, timedOut, u, err)
	}
	if int64(len(body)) > c.MaxBytes {
		return nil, tooLarge
	}
	if contentType == "" {
		contentType = http.DetectContentType(body)
		if err := c.checkType(contentType); err != nil {
			return nil, err
		}
	}
	return &Page{URL: resp.Request.URL.String(), ContentType: contentType, Body: body}, nil
}

// fetchError turns a transport or body error into the error Fetch returns.
func (c fetchConfig) fetchError(parent, ctx context.Context, timedOut *RefusedError, u *url.URL, err error) error {
	var refused *RefusedError
	if errors.As(err, &refused) && refused != timedOut {
		return refused
	}
	if parent.Err() != nil {
		return fmt.Errorf("fetch %s: %w", u.Redacted(), context.Cause(parent))
	}
	if context.Cause(ctx) == timedOut {
		return timedOut
	}
	return fmt.Errorf("fetch %s: %w", u.Redacted(), err)
}

// parseURL parses and checks a URL typed or pasted by a user.
func (c fetchConfig) parseURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	// Discord users wrap links in <...> to suppress previews.
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return nil, refuse("no URL was given")
	}
	if len(s) > maxURLLength {
		return nil, refuse("that URL is too long")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, &RefusedError{Reason: "that is not a valid URL", Err: err}
	}
	if err := c.checkURL(u); err != nil {
		return nil, err
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// checkURL applies the URL rules: scheme, user info, port and host. It runs
// before the first request and again for every redirect target. Addresses
// behind host names are checked later, in the dialer, after resolution.
func (c fetchConfig) checkURL(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return refuse("only http and https URLs can be loaded")
	}
	if u.User != nil {
		return refuse("URLs with a user name or password cannot be loaded")
	}
	if u.Opaque != "" || u.Host == "" {
		return refuse(reasonNoHost)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return refuse("that URL has an invalid port")
		}
	}
	h, rerr := parseHost(u.Hostname())
	if rerr != nil {
		return rerr
	}
	if reason := h.check(c.AllowLoopback); reason != "" {
		return refuse(reason)
	}
	return nil
}

// checkType refuses media types outside AllowedTypes.
func (c fetchConfig) checkType(contentType string) error {
	mt := mediaType(contentType)
	for _, t := range c.AllowedTypes {
		if strings.EqualFold(t, mt) {
			return nil
		}
	}
	return refuse(fmt.Sprintf("that URL returned content of type %s, which cannot be loaded", printableType(mt)))
}

// dial is the transport's DialContext: it resolves the host once, checks
// every address, and connects only to an address it checked, so a DNS
// answer cannot change between the check and the connection (no rebinding).
func (c fetchConfig) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	hostPart, portPart, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, &RefusedError{Reason: reasonBadHost, Err: err}
	}
	port, err := strconv.ParseUint(portPart, 10, 16)
	if err != nil || port == 0 {
		return nil, refuse("that URL has an invalid port")
	}
	h, rerr := parseHost(hostPart)
	if rerr != nil {
		return nil, rerr
	}
	if reason := h.check(c.AllowLoopback); reason != "" {
		return nil, refuse(reason)
	}

	ips := []netip.Addr{h.ip}
	if !h.ip.IsValid() {
		ips, err = c.resolve(ctx, h.name)
		if err != nil {
			return nil, err
		}
	}

	var errs []error
	for _, ip := range ips {
		dctx, cancel := context.WithTimeout(ctx, c.ConnectTimeout)
		conn, err := c.DialContext(dctx, network, netip.AddrPortFrom(ip, uint16(port)).String())
		timedOut := dctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
		cancel()
		if err == nil {
			return conn, nil
		}
		if timedOut {
			err = &RefusedError{
				Reason: fmt.Sprintf("that site did not accept a connection within %s", c.ConnectTimeout),
				Err:    err,
			}
		}
		errs = append(errs, err)
	}
	var refused *RefusedError
	if len(errs) == 1 || errors.As(errs[len(errs)-1], &refused) {
		return nil, errs[len(errs)-1]
	}
	return nil, errors.Join(errs...)
}

// resolve looks name up once and returns its addresses, refusing the lot if
// any of them is not a public unicast address.
func (c fetchConfig) resolve(ctx context.Context, name string) ([]netip.Addr, error) {
	lctx, cancel := context.WithTimeout(ctx, c.ConnectTimeout)
	defer cancel()
	addrs, err := c.Resolver.LookupIPAddr(lctx, name)
	if err != nil {
		if lctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			return nil, &RefusedError{
				Reason: fmt.Sprintf("that URL's host name could not be resolved within %s", c.ConnectTimeout),
				Err:    err,
			}
		}
		return nil, fmt.Errorf("look up %s: %w", name, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("look up %s: no addresses", name)
	}
	ips := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			return nil, refuse(reasonReserved)
		}
		ip = ip.Unmap()
		if reason := addrReason(ip, c.AllowLoopback); reason != "" {
			return nil, refuse(reason)
		}
		ips = append(ips, ip)
	}
	return ips, nil
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// printableType makes a server-supplied media type safe to show a user.
func printableType(mt string) string {
	if mt == "" {
		return "(none)"
	}
	if len(mt) > 80 || !allIn(mt, "abcdefghijklmnopqrstuvwxyz0123456789/+-.!#$&^_") {
		return "(unrecognised)"
	}
	return mt
}

// FormatSize renders a byte count for users: "5 MB", "512 KB", "300 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
