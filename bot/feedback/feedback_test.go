package feedback

import (
	"os"
	"path/filepath"
	"strings"
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
				s := open(t, path)
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
		{name: "newer layout", content: ptr(`{"version": 3, "answers": {}}`), wantErr: []string{"layout version 3", "move it aside"}},
		{name: "unknown vote", content: ptr(`{"answers": {"a1": {"up": 1, "voters": {"u1": "meh"}}}}`), wantErr: []string{"not valid", `vote "meh"`}},
		{name: "bad voter key", content: ptr(`{"version": 2, "answers": {"a1": {"up": 1, "voters": {"u1": "up"}}}}`), wantErr: []string{"not valid", "hex digits"}},
		{name: "null answer", content: ptr(`{"answers": {"a1": null}}`), wantErr: []string{"not valid", "null"}},
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
			t.Cleanup(func() { s.Close() })
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

// open opens a store that the test closes when it ends.
func open(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
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
