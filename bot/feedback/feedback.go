// Package feedback keeps the 👍/👎 votes people give answers, in a small JSON
// file that is replaced atomically on every vote. Each person has at most one
// vote per answer: voting again the same way changes nothing, and voting the
// other way moves their vote.
//
// It knows nothing of Discord: the adapter maps buttons to Record calls, and
// the command decides where the file lives.
package feedback

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/summitbot/summitbot/retrieval/atomicfile"
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

// answer is the feedback on one answer: counts, and each voter's current vote
// so that a second click does not count twice.
type answer struct {
	Counts
	Voters map[string]Vote `json:"voters,omitempty"`
}

// file is the JSON layout of the store.
type file struct {
	Totals  Counts             `json:"totals"`
	Answers map[string]*answer `json:"answers"`
}

// Store holds vote counts, saved to a JSON file on every change. It is safe
// for concurrent use.
type Store struct {
	path string // "" keeps the counts in memory only

	mu   sync.Mutex
	data file
}

// Open loads the store kept at path; a missing file is an empty store, and
// its directory is created on the first vote. An empty path keeps the votes
// in memory only. A file that is not a valid store is an error, and it is
// left as it is.
func Open(path string) (*Store, error) {
	s := &Store{path: path, data: file{Answers: map[string]*answer{}}}
	if path == "" {
		return s, nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: read store: %w", err)
	}
	if err := json.Unmarshal(raw, &s.data); err != nil {
		return nil, fmt.Errorf("feedback store %s is not valid JSON (move it aside to start afresh): %w", path, err)
	}
	if s.data.Answers == nil {
		s.data.Answers = map[string]*answer{}
	}
	return s, nil
}

// Path returns the file the store is kept in, or "" for a store in memory.
func (s *Store) Path() string { return s.path }

// Record counts user's vote on answerID and saves the store. It reports
// whether the vote changed anything (false when the user had already voted
// the same way) and the answer's counts after it. When saving fails, the
// vote still counts in memory and the error says why it was not saved.
func (s *Store) Record(answerID, user string, vote Vote) (changed bool, counts Counts, err error) {
	if !vote.Valid() {
		return false, Counts{}, fmt.Errorf("feedback: unknown vote %q", vote)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.data.Answers[answerID]
	if a == nil {
		a = &answer{}
		s.data.Answers[answerID] = a
	}
	if a.Voters == nil {
		a.Voters = map[string]Vote{}
	}
	prev := a.Voters[user]
	if prev == vote {
		return false, a.Counts, nil
	}
	if prev != "" {
		a.add(prev, -1)
		s.data.Totals.add(prev, -1)
	}
	a.add(vote, 1)
	s.data.Totals.add(vote, 1)
	a.Voters[user] = vote
	return true, a.Counts, s.saveLocked()
}

// Answer returns the counts for one answer (zero when nobody voted on it).
func (s *Store) Answer(answerID string) Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.data.Answers[answerID]; a != nil {
		return a.Counts
	}
	return Counts{}
}

// Totals returns the counts over all answers.
func (s *Store) Totals() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Totals
}

// saveLocked writes the store atomically; s.mu must be held.
func (s *Store) saveLocked() error {
	if s.path == "" {
		return nil
	}
	raw, err := json.MarshalIndent(s.data, "", "  ")
	if err != nil {
		return fmt.Errorf("feedback: encode: %w", err)
	}
	if err := atomicfile.WriteFile(s.path, append(raw, '\n')); err != nil {
		return fmt.Errorf("feedback: save: %w", err)
	}
	return nil
}
