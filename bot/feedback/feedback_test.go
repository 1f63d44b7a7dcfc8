package feedback

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRecord(t *testing.T) {
	type step struct {
		answer, user string
		vote         Vote
		wantChanged  bool
		want         Counts // the answer's counts after the step
		wantTotals   Counts
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{
			name: "first vote counts",
			steps: []step{
				{"a1", "u1", Up, true, Counts{Up: 1}, Counts{Up: 1}},
			},
		},
		{
			name: "the same vote twice counts once",
			steps: []step{
				{"a1", "u1", Up, true, Counts{Up: 1}, Counts{Up: 1}},
				{"a1", "u1", Up, false, Counts{Up: 1}, Counts{Up: 1}},
			},
		},
		{
			name: "changing one's mind moves the vote",
			steps: []step{
				{"a1", "u1", Up, true, Counts{Up: 1}, Counts{Up: 1}},
				{"a1", "u2", Down, true, Counts{Up: 1, Down: 1}, Counts{Up: 1, Down: 1}},
				{"a1", "u1", Down, true, Counts{Down: 2}, Counts{Down: 2}},
			},
		},
		{
			name: "answers are counted apart, totals together",
			steps: []step{
				{"a1", "u1", Down, true, Counts{Down: 1}, Counts{Down: 1}},
				{"a2", "u1", Up, true, Counts{Up: 1}, Counts{Up: 1, Down: 1}},
				{"a2", "u2", Up, true, Counts{Up: 2}, Counts{Up: 2, Down: 1}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"", filepath.Join(t.TempDir(), "feedback.json")} {
				s, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				for i, st := range tt.steps {
					changed, got, err := s.Record(st.answer, st.user, st.vote)
					if err != nil {
						t.Fatalf("path %q, step %d: Record: %v", path, i, err)
					}
					if changed != st.wantChanged || got != st.want {
						t.Errorf("path %q, step %d: Record = %v, %+v; want %v, %+v", path, i, changed, got, st.wantChanged, st.want)
					}
					if got := s.Answer(st.answer); got != st.want {
						t.Errorf("path %q, step %d: Answer = %+v, want %+v", path, i, got, st.want)
					}
					if got := s.Totals(); got != st.wantTotals {
						t.Errorf("path %q, step %d: Totals = %+v, want %+v", path, i, got, st.wantTotals)
					}
				}
			}
		})
	}
}

func TestRecordRejectsUnknownVotes(t *testing.T) {
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []Vote{"", "meh", "UP"} {
		if changed, _, err := s.Record("a1", "u1", v); err == nil || changed {
			t.Errorf("Record(%q) = %v, %v; want an error", v, changed, err)
		}
	}
	if got := s.Totals(); got != (Counts{}) {
		t.Errorf("Totals after refused votes = %+v, want zero", got)
	}
}

// TestReopen checks that votes survive a restart, in the on-disk layout
// earlier versions wrote (testdata/feedback.json), and that saving leaves no
// temporary files beside the store.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "extras", "feedback.json") // the directory is created on the first vote
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		answer, user string
		vote         Vote
	}{{"a1", "u1", Up}, {"a1", "u1", Up}, {"a1", "u2", Down}, {"a1", "u1", Down}, {"a2", "u1", Up}} {
		if _, _, err := s.Record(v.answer, v.user, v.vote); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("store file =\n%s\nwant (testdata/feedback.json)\n%s", got, want)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the store", len(entries))
	}

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s2.Totals(), (Counts{Up: 1, Down: 2}); got != want {
		t.Errorf("Totals after reopening = %+v, want %+v", got, want)
	}
	if got, want := s2.Answer("a1"), (Counts{Down: 2}); got != want {
		t.Errorf("a1 after reopening = %+v, want %+v", got, want)
	}
	// Voters are remembered too: a repeated vote still counts once.
	if changed, counts, err := s2.Record("a2", "u1", Up); err != nil || changed || counts != (Counts{Up: 1}) {
		t.Errorf("repeated vote after reopening = %v, %+v, %v; want false, {Up:1}, nil", changed, counts, err)
	}
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name       string
		content    *string // nil: no file at the path
		dirAtPath  bool    // a directory where the file should be
		wantErr    []string
		wantTotals Counts
	}{
		{name: "missing file is an empty store"},
		{name: "empty object", content: ptr("{}\n")},
		{name: "earlier layout", content: ptr(fixture(t)), wantTotals: Counts{Up: 1, Down: 2}},
		{name: "corrupt", content: ptr("{not json"), wantErr: []string{"not valid JSON", "feedback.json", "move it aside"}},
		{name: "truncated", content: ptr(`{"totals": {"up": 1`), wantErr: []string{"not valid JSON"}},
		{name: "wrong shape", content: ptr(`{"totals": []}`), wantErr: []string{"not valid JSON"}},
		{name: "unreadable", dirAtPath: true, wantErr: []string{"feedback: read store"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "feedback.json")
			if tt.content != nil {
				if err := os.WriteFile(path, []byte(*tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.dirAtPath {
				if err := os.Mkdir(path, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(path)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("Open succeeded, want an error mentioning %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("Open: err = %v, want it to mention %q", err, w)
					}
				}
				if tt.content != nil {
					// The file is left for a person to look at, never overwritten.
					if got, _ := os.ReadFile(path); string(got) != *tt.content {
						t.Errorf("a bad store was rewritten: %q", got)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := s.Totals(); got != tt.wantTotals {
				t.Errorf("Totals = %+v, want %+v", got, tt.wantTotals)
			}
			if s.Path() != path {
				t.Errorf("Path = %q, want %q", s.Path(), path)
			}
			if _, _, err := s.Record("new-answer", "u9", Up); err != nil {
				t.Errorf("Record after Open: %v", err)
			}
		})
	}
}

func TestMemoryStoreWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Record("a1", "u1", Up); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a store in memory wrote %d files", len(entries))
	}
	if s.Path() != "" {
		t.Errorf("Path = %q, want empty", s.Path())
	}
}

func TestSaveFailureStillCounts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "extras")
	s, err := Open(filepath.Join(dir, "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	// After opening, the store's directory becomes a file: saving must fail.
	if err := os.WriteFile(dir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	changed, counts, err := s.Record("a1", "u1", Up)
	if err == nil || !strings.Contains(err.Error(), "feedback: save") {
		t.Errorf("Record where the file cannot be written: err = %v, want a save error", err)
	}
	if !changed || counts != (Counts{Up: 1}) || s.Totals() != (Counts{Up: 1}) {
		t.Errorf("Record = %v, %+v (totals %+v); want the vote counted in memory", changed, counts, s.Totals())
	}
}

func TestConcurrentVotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.json")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	const users = 20
	var wg sync.WaitGroup
	for i := range users {
		wg.Go(func() {
			vote := Up
			if i%4 == 0 {
				vote = Down
			}
			if _, _, err := s.Record("a1", fmt.Sprint("u", i), vote); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	want := Counts{Up: 15, Down: 5}
	if got := s.Totals(); got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if f.Totals != want || len(f.Answers["a1"].Voters) != users {
		t.Errorf("file holds totals %+v and %d voters, want %+v and %d", f.Totals, len(f.Answers["a1"].Voters), want, users)
	}
}

func ptr(s string) *string { return &s }

func fixture(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
