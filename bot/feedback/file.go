package feedback

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/summitbot/summitbot/retrieval/atomicfile"
)

// fileVersion is the layout Flush writes. Files without a version are the
// first layout: voters keyed by raw user ID and no first-vote time; they load
// and are rewritten in this layout by the next save.
const fileVersion = 2

// diskFile is the JSON layout of the store, as read (voter keys as strings,
// so that both layouts parse).
type diskFile struct {
	Version int                    `json:"version"`
	Totals  Counts                 `json:"totals"`
	Answers map[string]*diskAnswer `json:"answers"`
}

type diskAnswer struct {
	Counts
	First  time.Time       `json:"first_vote"`
	Voters map[string]Vote `json:"voters"`
}

// saved is the JSON layout as written.
type saved struct {
	Version int                `json:"version"`
	Totals  Counts             `json:"totals"`
	Answers map[string]*answer `json:"answers"`
}

// Open loads the store kept at path and, for a file store, starts its
// flusher; a missing file is an empty store, and its directory is created by
// the first save. An empty path keeps the votes in memory only. A file that
// is not a valid store is an error, and it is left as it is.
func Open(path string, opts ...Option) (*Store, error) {
	s := &Store{
		path:       path,
		interval:   DefaultFlushInterval,
		window:     DefaultVoteWindow,
		expiry:     DefaultExpiry,
		maxAnswers: DefaultMaxAnswers,
		now:        time.Now,
		log:        slog.New(slog.DiscardHandler),
		write:      atomicfile.WriteFile,
		answers:    map[string]*answer{},
	}
	for _, o := range opts {
		o(s)
	}
	s.expiry = max(s.expiry, s.window)
	if path == "" {
		return s, nil
	}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("feedback: read store: %w", err)
	default:
		if err := s.load(raw); err != nil {
			return nil, fmt.Errorf("feedback store %s %w (move it aside to start afresh)", path, err)
		}
	}
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	ticks := s.ticks
	var ticker *time.Ticker
	if ticks == nil {
		ticker = time.NewTicker(s.interval)
		ticks = ticker.C
	}
	go s.run(ticks, ticker)
	return s, nil
}

// load reads a store file of either layout into s.
func (s *Store) load(raw []byte) error {
	var f diskFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("is not valid JSON: %w", err)
	}
	if f.Version != 0 && f.Version != fileVersion {
		return fmt.Errorf("has layout version %d, which this summitbot does not know", f.Version)
	}
	now := s.now().UTC().Truncate(time.Second)
	s.totals = f.Totals
	for id, da := range f.Answers {
		if da == nil {
			return fmt.Errorf("is not valid: answer %q is null", id)
		}
		a := &answer{Counts: da.Counts, First: da.First}
		if da.Voters != nil { // none: the answer's vote window has passed
			a.Voters = make(map[voterKey]Vote, len(da.Voters))
		}
		if f.Version == 0 {
			// The first layout kept no time: the vote window starts now.
			a.First = now
		}
		for k, v := range da.Voters {
			if !v.Valid() {
				return fmt.Errorf("is not valid: answer %q has a vote %q", id, v)
			}
			var key voterKey
			if f.Version == 0 {
				key = keyOf(id, k) // k is a user ID: hash it
			} else if err := key.UnmarshalText([]byte(k)); err != nil {
				return fmt.Errorf("is not valid: answer %q: %w", id, err)
			}
			a.Voters[key] = v
		}
		s.answers[id] = a
	}
	// The first layout is rewritten (without user IDs) by the next save.
	s.dirty = f.Version != fileVersion
	return nil
}

// run is the flusher: it saves on every tick, until Close.
func (s *Store) run(ticks <-chan time.Time, ticker *time.Ticker) {
	defer close(s.done)
	if ticker != nil {
		defer ticker.Stop()
	}
	failing := false
	for {
		select {
		case <-s.stop:
			return
		case <-ticks:
			err := s.Flush(context.Background())
			switch {
			case err != nil:
				s.log.Error("saving feedback failed; retrying at the next flush", "interval", s.interval, "err", err)
			case failing:
				s.log.Info("feedback saved again", "path", s.path)
			}
			failing = err != nil
		}
	}
}

// Flush drops what the retention rules no longer keep and, when anything
// changed since the last save, writes the file. When writing fails the
// changes stay in memory for the next flush. A store in memory writes nothing.
func (s *Store) Flush(ctx context.Context) error {
	if s.path == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	s.mu.Lock()
	if s.pruneLocked(s.now()) {
		s.dirty = true
	}
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	s.buf = s.appendFileLocked(s.buf[:0])
	s.dirty = false
	s.mu.Unlock()
	if err := s.write(s.path, s.buf); err != nil {
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
		return fmt.Errorf("save feedback to %s: %w", s.path, err)
	}
	return nil
}

// Close stops the flusher, waits for it, and saves the last changes. Record
// refuses votes after Close. Calling Close again returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		if s.stop != nil {
			close(s.stop)
			<-s.done
		}
		s.closeErr = s.Flush(context.Background())
	})
	return s.closeErr
}

// pruneLocked applies the retention rules at now: answers past the vote
// window forget their voters, answers past the expiry go, and only the
// maxAnswers most recent are kept. It reports whether anything was dropped.
// s.mu must be held.
func (s *Store) pruneLocked(now time.Time) bool {
	changed := false
	for id, a := range s.answers {
		age := now.Sub(a.First)
		switch {
		case age >= s.expiry:
			delete(s.answers, id)
			changed = true
		case age >= s.window && a.Voters != nil:
			a.Voters = nil
			changed = true
		}
	}
	if extra := len(s.answers) - s.maxAnswers; extra > 0 {
		ids := make([]string, 0, len(s.answers))
		for id := range s.answers {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(x, y string) int {
			return cmp.Or(s.answers[x].First.Compare(s.answers[y].First), cmp.Compare(x, y))
		})
		for _, id := range ids[:extra] {
			delete(s.answers, id)
		}
		changed = true
	}
	return changed
}
