package discord

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"
)

// rateLimiter is a per-user token bucket: a burst of Requests, refilled
// evenly at Requests per Window. It remembers the most recently active users
// only, up to a capacity; a user it forgot starts again with a full bucket.
type rateLimiter struct {
	limit  rate.Limit    // tokens per second
	burst  int           // negative: no limit
	window time.Duration // how often a limited user may be told so

	mu      sync.Mutex
	buckets *simplelru.LRU[string, *bucket]
}

// bucket is one user's tokens, and when the user was last told they had none.
type bucket struct {
	lim  *rate.Limiter
	told time.Time
}

func newRateLimiter(r RateLimit, capacity int) *rateLimiter {
	return &rateLimiter{
		limit:   rate.Limit(float64(r.Requests) / r.Window.Seconds()),
		burst:   r.Requests,
		window:  r.Window,
		buckets: newLRU[string, *bucket](capacity),
	}
}

// allow takes a token for user at now; when there is none it returns false
// and how long until there will be. now is a parameter so tests control the
// clock.
func (r *rateLimiter) allow(user string, now time.Time) (time.Duration, bool) {
	if r.burst < 0 {
		return 0, true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	bk, ok := r.buckets.Get(user)
	if !ok {
		bk = &bucket{lim: rate.NewLimiter(r.limit, r.burst)}
		r.buckets.Add(user, bk)
	}
	lim := bk.lim
	if lim.AllowN(now, 1) {
		return 0, true
	}
	missing := 1 - lim.TokensAt(now)
	return time.Duration(missing / float64(r.limit) * float64(time.Second)), false
}

// tell reports whether user, just refused by allow, should be told so: once
// per window, so that a user who keeps asking gets one notice, then silence.
func (r *rateLimiter) tell(user string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	bk, ok := r.buckets.Peek(user)
	if !ok {
		return true
	}
	if !bk.told.IsZero() && now.Sub(bk.told) < r.window {
		return false
	}
	bk.told = now
	return true
}

// rateMessage is what a user who asks too quickly is told.
func rateMessage(wait time.Duration) string {
	secs := int(math.Ceil(wait.Seconds()))
	switch {
	case secs < 1:
		secs = 1
	case secs >= 120:
		return fmt.Sprintf("You're asking quickly — try again in %d min.", (secs+59)/60)
	}
	return fmt.Sprintf("You're asking quickly — try again in %ds.", secs)
}

// busyMessage is what a user is told when MaxConcurrent answers are being
// written and MaxQueue more are waiting.
const busyMessage = "I'm busy answering other questions — try again in a minute."

// reserve takes a place among the answers admitted, MaxConcurrent being
// written and MaxQueue waiting for a slot, without waiting: it returns false
// when every place is taken. Otherwise the caller gives the place back by
// calling release once its answer is done.
func (b *Bot) reserve() (release func(), ok bool) {
	select {
	case b.places <- struct{}{}:
		return func() { <-b.places }, true
	default:
		return nil, false
	}
}

// acquire takes a slot among MaxConcurrent answers, waiting in line if
// needed; a wait is told to the Observer and counted in QueueLength.
func (b *Bot) acquire(ctx context.Context, surface string) error {
	select {
	case b.sem <- struct{}{}:
		return nil
	default:
	}
	b.obs.Queued(surface)
	b.waiting.Add(1)
	defer b.waiting.Add(-1)
	select {
	case b.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for a free answer slot: %w", ctx.Err())
	}
}

func (b *Bot) release() { <-b.sem }
