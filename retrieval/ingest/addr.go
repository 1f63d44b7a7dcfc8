package ingest

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Reasons for refusing a host or an address. Each is a sentence shown to users.
const (
	reasonLoopback    = "that URL resolves to a loopback address"
	reasonPrivate     = "that URL resolves to a private address"
	reasonLinkLocal   = "that URL resolves to a link-local address"
	reasonMetadata    = "that URL points to a cloud metadata address"
	reasonMulticast   = "that URL resolves to a multicast address"
	reasonUnspecified = "that URL resolves to an unspecified address"
	reasonBroadcast   = "that URL resolves to a broadcast address"
	reasonReserved    = "that URL resolves to a reserved address"
	reasonOddNumeric  = "that URL writes its IP address in an unusual form"
	reasonBadNumeric  = "that URL has an invalid numeric address"
	reasonBadHost     = "that URL has an invalid host name"
	reasonNoHost      = "that URL has no host"
	reasonSingleLabel = "that URL's host is not a public domain name"
	reasonLocalName   = "that URL's host is a private network name"
)

// host is a parsed URL host: either an IP address or a normalised DNS name.
type host struct {
	// ip is valid when the host is an IP address (in any notation).
	ip netip.Addr
	// canonical reports that ip was written the standard way
	// (dotted decimal for IPv4, any form netip accepts for IPv6).
	canonical bool
	// name is the lower-case ASCII host name, without a trailing dot,
	// when the host is not an IP address.
	name string
}

// parseHost interprets a URL host the way a browser would: IDNA mapping,
// IPv6 literals, and the WHATWG IPv4 parser (decimal, octal, hex and
// shortened forms such as 2130706433, 0x7f.1 or 127.1), so that no notation
// can smuggle an address past the checks.
func parseHost(raw string) (host, *RefusedError) {
	h := raw
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if h == "" {
		return host{}, refuse(reasonNoHost)
	}
	if strings.Contains(h, ":") {
		ip, err := netip.ParseAddr(h)
		if err != nil {
			return host{}, refuse(reasonBadHost)
		}
		return host{ip: ip, canonical: true}, nil
	}
	if !isASCII(h) {
		// The same mapping net/http applies before dialling: fullwidth
		// digits or enclosed letters may map to "127.0.0.1" or "localhost".
		a, err := idna.Lookup.ToASCII(h)
		if err != nil {
			return host{}, &RefusedError{Reason: reasonBadHost, Err: err}
		}
		h = a
	}
	h = strings.ToLower(h)
	trimmed := strings.TrimSuffix(h, ".")
	if trimmed == "" {
		return host{}, refuse(reasonNoHost)
	}
	if ip, err := netip.ParseAddr(trimmed); err == nil {
		return host{ip: ip, canonical: trimmed == raw}, nil
	}
	if endsInNumber(trimmed) {
		ip, ok := parseLooseIPv4(trimmed)
		if !ok {
			return host{}, refuse(reasonBadNumeric)
		}
		return host{ip: ip}, nil
	}
	if !validHostName(trimmed) {
		return host{}, refuse(reasonBadHost)
	}
	return host{name: trimmed}, nil
}

// check returns why h may not be contacted before any DNS lookup, or "".
func (h host) check(allowLoopback bool) string {
	if h.ip.IsValid() {
		if r := addrReason(h.ip, allowLoopback); r != "" {
			return r
		}
		if !h.canonical {
			return reasonOddNumeric
		}
		return ""
	}
	return nameReason(h.name, allowLoopback)
}

// nameReason refuses host names that can only mean a local or metadata
// service, whatever DNS says. name is lower case without a trailing dot.
func nameReason(name string, allowLoopback bool) string {
	switch name {
	case "metadata", "metadata.google.internal", "metadata.goog",
		"instance-data", "instance-data.ec2.internal", "metadata.azure.com":
		return reasonMetadata
	case "localhost":
		if allowLoopback {
			return ""
		}
		return reasonLoopback
	}
	if strings.HasSuffix(name, ".localhost") {
		if allowLoopback {
			return ""
		}
		return reasonLoopback
	}
	if !strings.Contains(name, ".") {
		return reasonSingleLabel
	}
	for _, suffix := range []string{".local", ".internal", ".localdomain", ".lan", ".home.arpa", ".intranet"} {
		if strings.HasSuffix(name, suffix) {
			return reasonLocalName
		}
	}
	return ""
}

// addrReason returns why ip may not be contacted, or "" when it is a public
// unicast address. allowLoopback relaxes only the loopback ranges.
func addrReason(ip netip.Addr, allowLoopback bool) string {
	ip = ip.WithZone("")
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	switch {
	case !ip.IsValid():
		return reasonReserved
	case ip.Is4():
		return v4Reason(ip, allowLoopback)
	default:
		return v6Reason(ip, allowLoopback)
	}
}

// isMetadata reports whether ip is a well-known cloud instance metadata
// endpoint (AWS, GCP, Azure, OpenStack, ECS/EKS, Alibaba, Oracle).
func isMetadata(ip netip.Addr) bool {
	for _, s := range []string{
		"169.254.169.254", "169.254.170.2", "169.254.170.23",
		"100.100.100.200", "192.0.0.192", "fd00:ec2::254", "fd00:ec2::23",
	} {
		if ip == netip.MustParseAddr(s) {
			return true
		}
	}
	return false
}

// v4Reason classifies an IPv4 address against the IANA special-purpose registry.
func v4Reason(ip netip.Addr, allowLoopback bool) string {
	if isMetadata(ip) {
		return reasonMetadata
	}
	if ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return reasonBroadcast
	}
	for _, r := range []struct {
		prefix string
		reason string
	}{
		{"0.0.0.0/8", reasonUnspecified},
		{"127.0.0.0/8", reasonLoopback},
		{"10.0.0.0/8", reasonPrivate},
		{"172.16.0.0/12", reasonPrivate},
		{"192.168.0.0/16", reasonPrivate},
		{"100.64.0.0/10", reasonPrivate}, // carrier-grade NAT
		{"169.254.0.0/16", reasonLinkLocal},
		{"224.0.0.0/4", reasonMulticast},
		{"192.0.0.0/24", reasonReserved},    // IETF protocol assignments
		{"192.0.2.0/24", reasonReserved},    // TEST-NET-1
		{"192.88.99.0/24", reasonReserved},  // 6to4 relay anycast
		{"198.18.0.0/15", reasonReserved},   // benchmarking
		{"198.51.100.0/24", reasonReserved}, // TEST-NET-2
		{"203.0.113.0/24", reasonReserved},  // TEST-NET-3
		{"240.0.0.0/4", reasonReserved},     // future use
	} {
		if netip.MustParsePrefix(r.prefix).Contains(ip) {
			if r.reason == reasonLoopback && allowLoopback {
				return ""
			}
			return r.reason
		}
	}
	return ""
}

// v6Reason classifies an IPv6 address; IPv4-mapped forms were unmapped
// already, and addresses embedding IPv4 (NAT64, 6to4) are judged by the
// embedded address.
func v6Reason(ip netip.Addr, allowLoopback bool) string {
	if isMetadata(ip) {
		return reasonMetadata
	}
	switch {
	case ip.IsUnspecified():
		return reasonUnspecified
	case ip.IsLoopback():
		if allowLoopback {
			return ""
		}
		return reasonLoopback
	}
	b := ip.As16()
	switch {
	case netip.MustParsePrefix("64:ff9b::/96").Contains(ip): // NAT64
		return v4Reason(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), false)
	case netip.MustParsePrefix("2002::/16").Contains(ip): // 6to4
		return v4Reason(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), false)
	}
	for _, r := range []struct {
		prefix string
		reason string
	}{
		{"fe80::/10", reasonLinkLocal},
		{"fec0::/10", reasonPrivate}, // deprecated site-local
		{"fc00::/7", reasonPrivate},  // unique local
		{"ff00::/8", reasonMulticast},
		{"::/96", reasonReserved},         // deprecated IPv4-compatible
		{"64:ff9b:1::/48", reasonPrivate}, // local-use NAT64
		{"100::/64", reasonReserved},      // discard
		{"2001::/23", reasonReserved},     // IETF protocol assignments, incl. Teredo
		{"2001:db8::/32", reasonReserved}, // documentation
		{"3fff::/20", reasonReserved},     // documentation
	} {
		if netip.MustParsePrefix(r.prefix).Contains(ip) {
			return r.reason
		}
	}
	if !netip.MustParsePrefix("2000::/3").Contains(ip) {
		return reasonReserved // not global unicast
	}
	return ""
}

// endsInNumber is the WHATWG "ends in a number" check: a host whose last
// label is numeric is an IPv4 address (or invalid), never a DNS name.
func endsInNumber(h string) bool {
	labels := strings.Split(h, ".")
	last := labels[len(labels)-1]
	if last == "" && len(labels) > 1 {
		last = labels[len(labels)-2]
	}
	if last == "" {
		return false
	}
	if allIn(last, "0123456789") {
		return true
	}
	if strings.HasPrefix(last, "0x") {
		return allIn(last[2:], "0123456789abcdef")
	}
	return false
}

// parseLooseIPv4 implements the WHATWG IPv4 parser: one to four parts, each
// decimal, octal (leading 0) or hex (0x); the last part fills the remaining
// bytes. h is lower case without a trailing dot.
func parseLooseIPv4(h string) (netip.Addr, bool) {
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// parseIPv4Number parses one part of a WHATWG IPv4 address.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		s, base = s[2:], 16
		if s == "" {
			return 0, true
		}
	case len(s) > 1 && s[0] == '0':
		s, base = s[1:], 8
	}
	n, err := strconv.ParseUint(s, base, 64)
	return n, err == nil
}

// validHostName reports whether h is a syntactically valid ASCII DNS name.
func validHostName(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		if !allIn(label, "abcdefghijklmnopqrstuvwxyz0123456789-_") {
			return false
		}
	}
	return true
}

// allIn reports whether every byte of s is in set.
func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(set, rune(s[i])) {
			return false
		}
	}
	return true
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
