// Command summitbot answers questions about the January 2026 Paris summit on
// security guarantees for Ukraine from news articles, with citations: from the
// command line, or as a Discord bot (summitbot serve).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "summitbot: "+oneLine(err))
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage errors and 1 for other failures.
func exitCode(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
