package discord

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/summitbot/summitbot/bot"
)

// lru is a size-capped map that forgets the least recently used key. It is
// not safe for concurrent use; its owners lock around it.
type lru[K comparable, V any] struct {
	cap   int
	order *list.List // front = most recent; values are *lruEntry[K, V]
	items map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key K
	val V
}

func newLRU[K comparable, V any](capacity int) *lru[K, V] {
	return &lru[K, V]{cap: max(capacity, 1), order: list.New(), items: map[K]*list.Element{}}
}

func (l *lru[K, V]) get(k K) (V, bool) {
	e, ok := l.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	l.order.MoveToFront(e)
	return e.Value.(*lruEntry[K, V]).val, true
}

func (l *lru[K, V]) put(k K, v V) {
	if e, ok := l.items[k]; ok {
		e.Value.(*lruEntry[K, V]).val = v
		l.order.MoveToFront(e)
		return
	}
	l.items[k] = l.order.PushFront(&lruEntry[K, V]{key: k, val: v})
	for l.order.Len() > l.cap {
		last := l.order.Back()
		l.order.Remove(last)
		delete(l.items, last.Value.(*lruEntry[K, V]).key)
	}
}

func (l *lru[K, V]) len() int { return l.order.Len() }

// rateLimiter is a per-user token bucket: a burst of Requests, refilled at
// Requests per Window.
type rateLimiter struct {
	rate RateLimit
	mu   sync.Mutex
	bkts *lru[string, *tokenBucket]
}

type tokenBucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate RateLimit, capacity int) *rateLimiter {
	return &rateLimiter{rate: rate, bkts: newLRU[string, *tokenBucket](capacity)}
}

// allow takes a token for user at now; when there is none it returns false
// and how long until there will be.
func (r *rateLimiter) allow(user string, now time.Time) (time.Duration, bool) {
	if r.rate.Requests < 0 {
		return 0, true
	}
	burst := float64(r.rate.Requests)
	perSecond := burst / r.rate.Window.Seconds()
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.bkts.get(user)
	if !ok {
		b = &tokenBucket{tokens: burst, last: now}
		r.bkts.put(user, b)
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(burst, b.tokens+elapsed*perSecond)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	wait := time.Duration((1 - b.tokens) / perSecond * float64(time.Second))
	return wait, false
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

// acquire takes a slot among MaxConcurrent answers, waiting in line if needed.
func (b *Bot) acquire(ctx context.Context) error {
	select {
	case b.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for a free answer slot: %w", ctx.Err())
	}
}

func (b *Bot) release() { <-b.sem }

// conversation is the recent turns of one exchange with the bot.
type conversation struct {
	turns []bot.Turn
}

// conversations maps answer message IDs (and the IDs of threads started from
// them, which Discord gives the same ID) to conversations, size-capped.
type conversations struct {
	mu   sync.Mutex
	keys *lru[string, *conversation]
	// questions maps answer IDs to the question, for feedback logs.
	questions *lru[string, string]
}

func newConversations(capacity int) *conversations {
	return &conversations{
		keys:      newLRU[string, *conversation](capacity),
		questions: newLRU[string, string](capacity),
	}
}

// find returns the conversation under the first known key, its key, and a
// copy of its turns.
func (c *conversations) find(keys ...string) (*conversation, string, []bot.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		if conv, ok := c.keys.get(k); ok {
			return conv, k, append([]bot.Turn(nil), conv.turns...)
		}
	}
	return nil, "", nil
}

// record appends turn to conv (a new conversation when nil), keeps the last
// historyTurns turns, files the conversation under keys and returns it.
func (c *conversations) record(conv *conversation, turn bot.Turn, keys ...string) *conversation {
	c.mu.Lock()
	defer c.mu.Unlock()
	if conv == nil {
		conv = &conversation{}
	}
	conv.turns = append(conv.turns, turn)
	if n := len(conv.turns); n > historyTurns {
		conv.turns = append([]bot.Turn(nil), conv.turns[n-historyTurns:]...)
	}
	c.linkLocked(conv, keys...)
	return conv
}

// link files conv under more keys.
func (c *conversations) link(conv *conversation, keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.linkLocked(conv, keys...)
}

func (c *conversations) linkLocked(conv *conversation, keys ...string) {
	for _, k := range keys {
		if k != "" {
			c.keys.put(k, conv)
		}
	}
}

// rememberQuestion files the question an answer ID answered.
func (c *conversations) rememberQuestion(answerID, question string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.questions.put(answerID, question)
}

// question returns the question an answer ID answered, if still remembered.
func (c *conversations) question(answerID string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.questions.get(answerID)
}

// tracker runs goroutines and lets its owner wait for them. Once closed it
// refuses new ones, so a wait after close cannot miss a late starter.
type tracker struct {
	mu      sync.Mutex
	n       int
	closed  bool
	waiters []chan struct{}
}

// goTask runs f in a new goroutine, unless the tracker is closed.
func (t *tracker) goTask(f func()) bool {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return false
	}
	t.n++
	t.mu.Unlock()
	go func() {
		defer t.done()
		f()
	}()
	return true
}

func (t *tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 {
		for _, w := range t.waiters {
			close(w)
		}
		t.waiters = nil
	}
}

// idle returns a channel closed once no task is running.
func (t *tracker) idle() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	ch := make(chan struct{})
	if t.n == 0 {
		close(ch)
		return ch
	}
	t.waiters = append(t.waiters, ch)
	return ch
}

// count returns how many tasks are running.
func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// close refuses new tasks.
func (t *tracker) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
}
