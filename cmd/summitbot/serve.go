package main

import (
	"context"
	"errors"
)

// serve runs the Discord bot. (Wired to bot/discord below once it lands.)
func (a *app) serve(ctx context.Context, args []string) error {
	return errors.New("serve: not built yet")
}
