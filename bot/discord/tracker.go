package discord

import "sync"

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
