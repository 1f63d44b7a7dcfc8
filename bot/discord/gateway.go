package discord

// This file keeps the gateway connected. discordgo's own reconnect loop is
// turned off (Session.ShouldReconnectOnError): it retries for ever, even
// once Discord has rejected the token, while the process looks healthy. Run
// reconnects instead, and stops with ErrTokenRejected when Discord refuses
// the token.

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

const (
	// closeAuthenticationFailed is the gateway close code for a token
	// Discord does not accept.
	closeAuthenticationFailed = 4004
	// reconnectMin and reconnectMax bound the wait between two attempts to
	// reconnect to the gateway; it doubles after each failure.
	reconnectMin = time.Second
	reconnectMax = 2 * time.Minute
)

// opener is the part of *discordgo.Session that (re)connects to the gateway.
type opener interface {
	Open() error
}

// tokenRejected reports whether err, from connecting to the gateway or from
// a REST call made with the bot token, is Discord refusing that token: HTTP
// 401, or the gateway closing with 4004 "Authentication failed".
func tokenRejected(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return true
	}
	var ce *websocket.CloseError
	return errors.As(err, &ce) && ce.Code == closeAuthenticationFailed
}

// rejected logs why the token was refused (never the token) and returns
// ErrTokenRejected.
func (b *Bot) rejected(during string, err error) error {
	b.log.Error("discord rejected the bot token", "during", during, "err", redact(err))
	return ErrTokenRejected
}

// keepConnected reconnects the gateway each time dropped says it was lost,
// until ctx is done (it then returns nil) or Discord rejects the token (it
// returns ErrTokenRejected).
func (b *Bot) keepConnected(ctx context.Context, sess opener, dropped <-chan struct{}) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-dropped:
		}
		if ctx.Err() != nil {
			return nil
		}
		b.log.Warn("lost the gateway connection: reconnecting")
		if err := b.reconnect(ctx, sess); err != nil {
			return err
		}
	}
}

// reconnect opens the gateway again (discordgo resumes the session when it
// can), waiting longer after each failure, until it succeeds, ctx is done,
// or the token is rejected.
func (b *Bot) reconnect(ctx context.Context, sess opener) error {
	wait := reconnectMin
	for attempt := 1; ; attempt++ {
		err := sess.Open()
		switch {
		case err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen):
			b.log.Info("reconnected to the gateway", "attempts", attempt)
			return nil
		case tokenRejected(err):
			return b.rejected("reconnect", err)
		}
		b.log.Warn("reconnecting to the gateway failed", "attempt", attempt, "retry_in", wait, "err", redact(err))
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		wait = min(2*wait, reconnectMax)
	}
}
