// Package feedback keeps the 👍/👎 votes people give answers. Each person has
// at most one vote per answer: voting again the same way changes nothing, and
// voting the other way moves their vote.
//
// Votes are counted in memory; a background flusher owned by the Store writes
// the JSON file atomically at most once per flush interval when something
// changed, and Close writes the last changes. The file stays bounded: voters
// are remembered (as truncated SHA-256 hashes, never as user IDs) only while
// an answer's vote window is open, answers past the expiry age are dropped
// (the totals keep their votes), and at most MaxAnswers answers are kept.
//
// It knows nothing of Discord: the adapter maps buttons to Record calls, and
// the command decides where the file lives.
package feedback

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Vote is one person's opinion of an answer.
type Vote string

// The votes Record accepts.
const (
	Up   Vote = "up"   // 👍
	Down Vote = "down" // 👎
)

// Valid reports whether v is Up or Down.
func (v Vote) Valid() bool { return v == Up || v == Down }

// Counts is a tally of votes.
type Counts struct {
	Up   int `json:"up"`   // 👍 votes
	Down int `json:"down"` // 👎 votes
}

func (c *Counts) add(v Vote, delta int) {
	if v == Up {
		c.Up += delta
	} else {
		c.Down += delta
	}
}

// Defaults for the options.
const (
	DefaultFlushInterval = 5 * time.Second
	DefaultVoteWindow    = 7 * 24 * time.Hour
	DefaultExpiry        = 90 * 24 * time.Hour
	DefaultMaxAnswers    = 20000
)

// ErrVotingClosed is returned by Record for an answer whose vote window
// (counted from its first vote) has passed: its voters are forgotten, so a
// new vote could not be told from a repeated one.
var ErrVotingClosed = errors.New("feedback: voting on this answer has closed")

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("feedback: the store is closed")

// voterKey identifies one voter on one answer: the first 8 bytes of
// SHA-256(answerID, 0, userID). The file never holds user IDs.
type voterKey [8]byte

// keyOf returns the voter key of user on answerID.
func keyOf(answerID, user string) voterKey {
	var buf [128]byte
	b := append(buf[:0], answerID...)
	b = append(b, 0)
	b = append(b, user...)
	sum := sha256.Sum256(b)
	var k voterKey
	copy(k[:], sum[:len(k)])
	return k
}

// MarshalText writes the key in hex, for JSON map keys.
func (k voterKey) MarshalText() ([]byte, error) {
	out := make([]byte, hex.EncodedLen(len(k)))
	hex.Encode(out, k[:])
	return out, nil
}

// UnmarshalText reads a key written by MarshalText.
func (k *voterKey) UnmarshalText(text []byte) error {
	if hex.DecodedLen(len(text)) != len(k) {
		return fmt.Errorf("voter key %q: want %d hex digits", text, 2*len(k))
	}
	_, err := hex.Decode(k[:], text)
	return err
}

// answer is the feedback on one answer: counts, when it was first voted on,
// and each voter's current vote while the vote window is open.
type answer struct {
	Counts
	First  time.Time         `json:"first_vote"`
	Voters map[voterKey]Vote `json:"voters,omitempty"`
}

// Option adjusts a Store opened by Open.
type Option func(*Store)

// WithFlushInterval sets how often, at most, the file is written; zero or
// negative means DefaultFlushInterval.
func WithFlushInterval(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.interval = d
		}
	}
}

// WithRetention sets how long after its first vote an answer takes votes and
// remembers its voters (window), and after how long it is dropped (expiry,
// at least window). Zero keeps the default.
func WithRetention(window, expiry time.Duration) Option {
	return func(s *Store) {
		if window > 0 {
			s.window = window
		}
		if expiry > 0 {
			s.expiry = expiry
		}
	}
}

// WithMaxAnswers caps the answers kept; the oldest are dropped first. Zero or
// negative means DefaultMaxAnswers.
func WithMaxAnswers(n int) Option {
	return func(s *Store) {
		if n > 0 {
			s.maxAnswers = n
		}
	}
}

// WithClock makes the store read the time from now, for tests.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// WithLogger makes the flusher log failed saves to log.
func WithLogger(log *slog.Logger) Option {
	return func(s *Store) {
		if log != nil {
			s.log = log
		}
	}
}

// withTicks drives the flusher from ticks instead of a ticker, for tests.
func withTicks(ticks <-chan time.Time) Option {
	return func(s *Store) { s.ticks = ticks }
}

// withWrite replaces the file writer, for tests.
func withWrite(write func(path string, data []byte) error) Option {
	return func(s *Store) { s.write = write }
}

// Store holds vote counts, saved to a JSON file in the background. It is safe
// for concurrent use. Close it to stop the flusher and save the last votes.
type Store struct {
	path       string // "" keeps the counts in memory only
	interval   time.Duration
	window     time.Duration
	expiry     time.Duration
	maxAnswers int
	now        func() time.Time
	log        *slog.Logger
	write      func(path string, data []byte) error // atomicfile.WriteFile; tests replace it
	ticks      <-chan time.Time                     // tests drive the flusher with it

	saveMu sync.Mutex // serialises saves
	buf    []byte     // the file as last encoded, reused; guarded by saveMu

	mu      sync.Mutex
	totals  Counts
	answers map[string]*answer
	dirty   bool // changes not yet written
	closed  bool

	stop      chan struct{} // closed by Close to stop the flusher; nil without one
	done      chan struct{} // closed when the flusher has returned
	closeOnce sync.Once
	closeErr  error
}

// Record counts user's vote on answerID. It reports whether the vote changed
// anything (false when the user had already voted the same way) and the
// answer's counts after it. The vote is saved by the next flush. Votes on an
// answer whose window has passed are refused with ErrVotingClosed.
func (s *Store) Record(answerID, user string, vote Vote) (changed bool, counts Counts, err error) {
	if !vote.Valid() {
		return false, Counts{}, fmt.Errorf("feedback: unknown vote %q", vote)
	}
	now := s.now()
	key := keyOf(answerID, user)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, Counts{}, ErrClosed
	}
	a := s.answers[answerID]
	if a == nil {
		a = &answer{First: now.UTC().Truncate(time.Second), Voters: map[voterKey]Vote{}}
		s.answers[answerID] = a
		if len(s.answers) > s.maxAnswers+s.maxAnswers/8 {
			// Between flushes, keep memory bounded too (amortised: one
			// sort per maxAnswers/8 new answers).
			s.pruneLocked(now)
		}
	} else if now.Sub(a.First) >= s.window {
		return false, a.Counts, ErrVotingClosed
	}
	if a.Voters == nil {
		a.Voters = map[voterKey]Vote{}
	}
	prev := a.Voters[key]
	if prev == vote {
		return false, a.Counts, nil
	}
	if prev != "" {
		a.add(prev, -1)
		s.totals.add(prev, -1)
	}
	a.add(vote, 1)
	s.totals.add(vote, 1)
	a.Voters[key] = vote
	s.dirty = true
	return true, a.Counts, nil
}

// Answer returns the counts for one answer (zero when nobody voted on it, or
// it has expired).
func (s *Store) Answer(answerID string) Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.answers[answerID]; a != nil {
		return a.Counts
	}
	return Counts{}
}

// Totals returns the counts over all answers, expired ones included.
func (s *Store) Totals() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totals
}

// Path returns the file the store is kept in, or "" for a store in memory.
func (s *Store) Path() string { return s.path }
