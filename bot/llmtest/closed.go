package llmtest

import (
	"net"
	"testing"
)

// ClosedPort returns the address of a loopback port nothing listens on, for
// tests of a model endpoint that refuses connections.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
