package discord

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Votes a feedback button can carry.
const (
	voteUp   = "up"
	voteDown = "down"
)

// feedbackPrefix starts the custom ID of a feedback button: "fb:up:<answer id>".
const feedbackPrefix = "fb:"

// feedbackID returns the custom ID of the button voting vote on answerID.
func feedbackID(vote, answerID string) string {
	return feedbackPrefix + vote + ":" + answerID
}

// parseFeedbackID splits a feedback button's custom ID.
func parseFeedbackID(customID string) (vote, answerID string, ok bool) {
	rest, ok := strings.CutPrefix(customID, feedbackPrefix)
	if !ok {
		return "", "", false
	}
	vote, answerID, ok = strings.Cut(rest, ":")
	if !ok || answerID == "" || (vote != voteUp && vote != voteDown) {
		return "", "", false
	}
	return vote, answerID, true
}

// voteCounts is a tally of votes.
type voteCounts struct {
	Up   int `json:"up"`
	Down int `json:"down"`
}

func (c *voteCounts) add(vote string, delta int) {
	if vote == voteUp {
		c.Up += delta
	} else {
		c.Down += delta
	}
}

// answerFeedback is the feedback on one answer: counts, and each voter's
// current vote so a second click does not count twice.
type answerFeedback struct {
	voteCounts
	Voters map[string]string `json:"voters,omitempty"`
}

// feedbackFile is the JSON layout of the feedback store.
type feedbackFile struct {
	Totals  voteCounts                 `json:"totals"`
	Answers map[string]*answerFeedback `json:"answers"`
}

// feedbackStore keeps vote counts in a small JSON file, rewritten atomically
// (temporary file, then rename) on every vote.
type feedbackStore struct {
	path string // "" keeps counts in memory only

	mu   sync.Mutex
	data feedbackFile
}

// openFeedbackStore loads the store at path, if it exists.
func openFeedbackStore(path string) (*feedbackStore, error) {
	s := &feedbackStore{path: path, data: feedbackFile{Answers: map[string]*answerFeedback{}}}
	if path == "" {
		return s, nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("discord: read feedback store: %w", err)
	}
	if err := json.Unmarshal(raw, &s.data); err != nil {
		return nil, fmt.Errorf("discord: feedback store %s is not valid JSON (move it aside to start afresh): %w", path, err)
	}
	if s.data.Answers == nil {
		s.data.Answers = map[string]*answerFeedback{}
	}
	return s, nil
}

// record counts user's vote on answerID and saves the store. It reports
// whether the vote changed anything (false when the user had already voted
// the same way) and the answer's counts after it.
func (s *feedbackStore) record(answerID, user, vote string) (bool, voteCounts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	af := s.data.Answers[answerID]
	if af == nil {
		af = &answerFeedback{Voters: map[string]string{}}
		s.data.Answers[answerID] = af
	}
	if af.Voters == nil {
		af.Voters = map[string]string{}
	}
	prev := af.Voters[user]
	if prev == vote {
		return false, af.voteCounts, nil
	}
	if prev != "" {
		af.add(prev, -1)
		s.data.Totals.add(prev, -1)
	}
	af.add(vote, 1)
	s.data.Totals.add(vote, 1)
	af.Voters[user] = vote
	return true, af.voteCounts, s.saveLocked()
}

// totals returns the counts over all answers.
func (s *feedbackStore) totals() voteCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Totals
}

// saveLocked writes the store atomically; s.mu must be held.
func (s *feedbackStore) saveLocked() error {
	if s.path == "" {
		return nil
	}
	raw, err := json.MarshalIndent(s.data, "", "  ")
	if err != nil {
		return fmt.Errorf("encode feedback: %w", err)
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create feedback directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary feedback file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write feedback: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync feedback: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close feedback: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("replace feedback store: %w", err)
	}
	return nil
}
