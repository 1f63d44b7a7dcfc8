package feedback

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable time for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// writes counts the saves of a store and can make them fail.
type writes struct {
	mu    sync.Mutex
	n     int   // successful writes
	fail  error // returned while set
	tried chan error
}

func newWrites() *writes { return &writes{tried: make(chan error, 100)} }

func (w *writes) write(path string, data []byte) error {
	w.mu.Lock()
	err := w.fail
	if err == nil {
		w.n++
		err = os.WriteFile(path, data, 0o600)
	}
	w.mu.Unlock()
	w.tried <- err
	return err
}

func (w *writes) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *writes) setFail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fail = err
}

// awaitWrite waits for the flusher to try a write and returns its result.
func (w *writes) awaitWrite(t *testing.T) error {
	t.Helper()
	select {
	case err := <-w.tried:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the flusher wrote nothing")
		return nil
	}
}

// idleTick sends a tick the flusher must not write for: the second send
// returns only once the first tick has been handled.
func idleTick(t *testing.T, ticks chan time.Time, w *writes) {
	t.Helper()
	ticks <- time.Time{}
	ticks <- time.Time{}
	select {
	case err := <-w.tried:
		t.Fatalf("a tick with nothing new wrote the file (err %v)", err)
	default:
	}
}

// readFile decodes the store file.
func readFile(t *testing.T, path string) (saved, string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f saved
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("store file: %v\n%s", err, raw)
	}
	return f, string(raw)
}

func TestBatchedSaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "extras", "feedback.json") // the directory is created by the first save
	ticks, w := make(chan time.Time), newWrites()
	s, err := Open(path, withTicks(ticks), withWrite(w.write))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil { // w.write is a plain os.WriteFile
		t.Fatal(err)
	}
	for i := range 100 {
		if _, _, err := s.Record(fmt.Sprint("a", i%10), fmt.Sprint("u", i), Up); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.count(); got != 0 {
		t.Fatalf("%d writes before the first tick, want 0", got)
	}
	ticks <- time.Time{}
	if err := w.awaitWrite(t); err != nil {
		t.Fatal(err)
	}
	idleTick(t, ticks, w) // nothing changed: no write
	if f, _ := readFile(t, path); f.Totals != (Counts{Up: 100}) || len(f.Answers) != 10 {
		t.Errorf("after one tick the file holds totals %+v and %d answers, want {Up:100} and 10", f.Totals, len(f.Answers))
	}

	// A repeated vote changes nothing, so nothing is written.
	if changed, _, _ := s.Record("a0", "u0", Up); changed {
		t.Errorf("repeated vote counted")
	}
	idleTick(t, ticks, w)

	// Close writes what the flusher has not.
	if _, _, err := s.Record("a0", "u0", Down); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := w.count(); got != 2 {
		t.Errorf("writes = %d, want 2 (one tick, one Close)", got)
	}
	if _, _, err := s.Record("a0", "u1", Down); !errors.Is(err, ErrClosed) {
		t.Errorf("Record after Close: err = %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	s2 := open(t, path)
	if got, want := s2.Totals(), (Counts{Up: 99, Down: 1}); got != want {
		t.Errorf("Totals after reopening = %+v, want %+v", got, want)
	}
	if changed, counts, err := s2.Record("a0", "u0", Down); err != nil || changed || counts != (Counts{Up: 9, Down: 1}) {
		t.Errorf("repeated vote after reopening = %v, %+v, %v; want false, {Up:9 Down:1}, nil", changed, counts, err)
	}
}

func TestSaveFailureRetries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.json")
	ticks, w := make(chan time.Time), newWrites()
	logs := &bytes.Buffer{}
	s, err := Open(path, withTicks(ticks), withWrite(w.write), WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Record("a1", "u1", Up); err != nil {
		t.Fatal(err)
	}
	w.setFail(errors.New("disk full"))
	ticks <- time.Time{}
	if err := w.awaitWrite(t); err == nil {
		t.Fatal("the write did not fail")
	}
	if got := s.Totals(); got != (Counts{Up: 1}) {
		t.Errorf("Totals after a failed save = %+v, want the vote kept", got)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a failed save left a file: %v", err)
	}

	// The next tick retries, without a new vote.
	w.setFail(nil)
	ticks <- time.Time{}
	if err := w.awaitWrite(t); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if f, _ := readFile(t, path); f.Totals != (Counts{Up: 1}) {
		t.Errorf("file totals after the retry = %+v, want {Up:1}", f.Totals)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`level=ERROR msg="saving feedback failed; retrying at the next flush"`, `err="save feedback to ` + path + `: disk full"`, `msg="feedback saved again"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// TestFlushFailureKeepsFile makes the real writer fail and checks that the
// votes stay in memory, a file already saved is left whole, and the next
// Flush saves everything.
func TestFlushFailureKeepsFile(t *testing.T) {
	tests := []struct {
		name string
		// breakDir makes saving into dir fail and returns how to undo it.
		breakDir func(t *testing.T, dir string) (undo func())
	}{
		{
			name: "read-only directory",
			breakDir: func(t *testing.T, dir string) func() {
				if os.Geteuid() == 0 {
					t.Skip("root ignores directory permissions")
				}
				if err := os.Chmod(dir, 0o500); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(dir, 0o700) })
				return func() { os.Chmod(dir, 0o700) }
			},
		},
		{
			name: "directory replaced by a file",
			breakDir: func(t *testing.T, dir string) func() {
				if err := os.Rename(dir, dir+".aside"); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dir, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
				return func() {
					os.Remove(dir)
					os.Rename(dir+".aside", dir)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "extras")
			path := filepath.Join(dir, "feedback.json")
			s := open(t, path, WithFlushInterval(time.Hour))
			if _, _, err := s.Record("a1", "u1", Up); err != nil {
				t.Fatal(err)
			}
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			undo := tt.breakDir(t, dir)
			if _, _, err := s.Record("a1", "u2", Down); err != nil {
				t.Fatal(err)
			}
			if err := s.Flush(t.Context()); err == nil || !strings.Contains(err.Error(), "save feedback to") {
				t.Errorf("Flush: err = %v, want a save error", err)
			}
			if got := s.Totals(); got != (Counts{Up: 1, Down: 1}) {
				t.Errorf("Totals = %+v, want both votes in memory", got)
			}
			undo()
			if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
				t.Errorf("a failed save changed the file:\n%s\nwant\n%s", after, before)
			}
			if err := s.Flush(t.Context()); err != nil {
				t.Fatalf("Flush once saving works again: %v", err)
			}
			if f, _ := readFile(t, path); f.Totals != (Counts{Up: 1, Down: 1}) {
				t.Errorf("file totals = %+v, want {Up:1 Down:1}", f.Totals)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("directory holds %d files, want only the store", len(entries))
			}
		})
	}
}

func TestRetention(t *testing.T) {
	const day = 24 * time.Hour
	type step struct {
		advance      time.Duration // before the step
		answer, user string
		vote         Vote   // "": Flush instead of voting
		wantErr      error  // from Record
		wantChanged  bool   // from Record
		want         Counts // the answer's counts after the step
		wantTotals   Counts
		wantVoters   int // voters of the answer in the file, after a Flush; -1: the answer is not in the file
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{
			name: "votes dedupe within the window",
			steps: []step{
				{0, "a1", "u1", Up, nil, true, Counts{Up: 1}, Counts{Up: 1}, 0},
				{6 * day, "a1", "u1", Up, nil, false, Counts{Up: 1}, Counts{Up: 1}, 0},
				{0, "a1", "u1", Down, nil, true, Counts{Down: 1}, Counts{Down: 1}, 0},
				{0, "a1", "u2", Down, nil, true, Counts{Down: 2}, Counts{Down: 2}, 0},
				{0, "a1", "", "", nil, false, Counts{Down: 2}, Counts{Down: 2}, 2},
			},
		},
		{
			name: "after the window voters are forgotten and voting closes",
			steps: []step{
				{0, "a1", "u1", Up, nil, true, Counts{Up: 1}, Counts{Up: 1}, 0},
				{0, "a1", "", "", nil, false, Counts{Up: 1}, Counts{Up: 1}, 1},
				{7 * day, "a1", "", "", nil, false, Counts{Up: 1}, Counts{Up: 1}, 0},
				{0, "a1", "u2", Up, ErrVotingClosed, false, Counts{Up: 1}, Counts{Up: 1}, 0},
				{0, "a1", "u1", Down, ErrVotingClosed, false, Counts{Up: 1}, Counts{Up: 1}, 0},
			},
		},
		{
			name: "voting closes at the window even before a flush",
			steps: []step{
				{0, "a1", "u1", Up, nil, true, Counts{Up: 1}, Counts{Up: 1}, 0},
				{7*day - time.Second, "a1", "u2", Up, nil, true, Counts{Up: 2}, Counts{Up: 2}, 0},
				{time.Second, "a1", "u3", Up, ErrVotingClosed, false, Counts{Up: 2}, Counts{Up: 2}, 0},
			},
		},
		{
			name: "expired answers go, totals stay",
			steps: []step{
				{0, "a1", "u1", Up, nil, true, Counts{Up: 1}, Counts{Up: 1}, 0},
				{89 * day, "a2", "u1", Down, nil, true, Counts{Down: 1}, Counts{Up: 1, Down: 1}, 0},
				{day, "a1", "", "", nil, false, Counts{}, Counts{Up: 1, Down: 1}, -1},
				{0, "a2", "", "", nil, false, Counts{Down: 1}, Counts{Up: 1, Down: 1}, 1},
				// A click on an expired answer's old button starts it afresh.
				{0, "a1", "u1", Up, nil, true, Counts{Up: 1}, Counts{Up: 2, Down: 1}, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "feedback.json")
			clk := newClock()
			s := open(t, path, WithClock(clk.now), WithFlushInterval(time.Hour))
			for i, st := range tt.steps {
				clk.advance(st.advance)
				if st.vote == "" {
					if err := s.Flush(t.Context()); err != nil {
						t.Fatalf("step %d: Flush: %v", i, err)
					}
					f, _ := readFile(t, path)
					got := -1
					if a := f.Answers[st.answer]; a != nil {
						got = len(a.Voters)
					}
					if got != st.wantVoters {
						t.Errorf("step %d: file has %d voters for %s, want %d", i, got, st.answer, st.wantVoters)
					}
					if f.Totals != st.wantTotals {
						t.Errorf("step %d: file totals = %+v, want %+v", i, f.Totals, st.wantTotals)
					}
				} else {
					changed, got, err := s.Record(st.answer, st.user, st.vote)
					if !errors.Is(err, st.wantErr) || changed != st.wantChanged || got != st.want {
						t.Errorf("step %d: Record = %v, %+v, %v; want %v, %+v, %v", i, changed, got, err, st.wantChanged, st.want, st.wantErr)
					}
				}
				if got := s.Answer(st.answer); got != st.want {
					t.Errorf("step %d: Answer = %+v, want %+v", i, got, st.want)
				}
				if got := s.Totals(); got != st.wantTotals {
					t.Errorf("step %d: Totals = %+v, want %+v", i, got, st.wantTotals)
				}
			}
		})
	}
}

func TestMaxAnswers(t *testing.T) {
	tests := []struct {
		name       string
		path       bool // a file store, pruned by Flush; else in memory
		max        int
		answers    int
		wantKept   int
		wantOldest int // the oldest answer kept
	}{
		{name: "flush keeps the newest", path: true, max: 3, answers: 5, wantKept: 3, wantOldest: 2},
		{name: "under the cap nothing goes", path: true, max: 10, answers: 5, wantKept: 5, wantOldest: 0},
		// In memory the cap is kept with 1/8 slack between prunings.
		{name: "memory stays bounded", max: 16, answers: 100, wantKept: 16, wantOldest: 84},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.path {
				path = filepath.Join(t.TempDir(), "feedback.json")
			}
			clk := newClock()
			s := open(t, path, WithClock(clk.now), WithMaxAnswers(tt.max), WithFlushInterval(time.Hour))
			maxSeen := 0
			for i := range tt.answers {
				clk.advance(time.Minute)
				if _, _, err := s.Record(fmt.Sprint("a", i), "u1", Up); err != nil {
					t.Fatal(err)
				}
				s.mu.Lock()
				maxSeen = max(maxSeen, len(s.answers))
				s.mu.Unlock()
			}
			if !tt.path && maxSeen > tt.max+tt.max/8 {
				t.Errorf("memory held %d answers, want at most %d", maxSeen, tt.max+tt.max/8)
			}
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			s.pruneLocked(clk.now()) // a memory store prunes on demand only
			got := len(s.answers)
			s.mu.Unlock()
			if got != tt.wantKept {
				t.Errorf("kept %d answers, want %d", got, tt.wantKept)
			}
			for i := range tt.answers {
				want := Counts{}
				if i >= tt.wantOldest && i < tt.wantOldest+tt.wantKept {
					want = Counts{Up: 1}
				}
				if got := s.Answer(fmt.Sprint("a", i)); got != want {
					t.Errorf("a%d = %+v, want %+v", i, got, want)
				}
			}
			if got := s.Totals(); got != (Counts{Up: tt.answers}) {
				t.Errorf("Totals = %+v, want every vote", got)
			}
			if tt.path {
				if f, _ := readFile(t, path); len(f.Answers) != tt.wantKept {
					t.Errorf("file holds %d answers, want %d", len(f.Answers), tt.wantKept)
				}
			}
		})
	}
}

// TestOldLayout opens testdata/feedback.json, the layout earlier versions
// wrote (raw user IDs, no times), and checks it keeps working and is
// rewritten without user IDs by the next save.
func TestOldLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.json")
	old := fixture(t)
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	s, err := Open(path, WithClock(clk.now), WithFlushInterval(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Totals(), (Counts{Up: 1, Down: 2}); got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
	if got, _ := os.ReadFile(path); string(got) != old {
		t.Errorf("Open rewrote the file")
	}
	votes := []struct {
		answer, user string
		vote         Vote
		wantChanged  bool
		want         Counts
	}{
		{"a2", "u1", Up, false, Counts{Up: 1}}, // remembered from the old file
		{"a1", "u2", Down, false, Counts{Down: 2}},
		{"a1", "u1", Up, true, Counts{Up: 1, Down: 1}}, // moved
	}
	for i, v := range votes {
		changed, got, err := s.Record(v.answer, v.user, v.vote)
		if err != nil || changed != v.wantChanged || got != v.want {
			t.Errorf("vote %d: Record = %v, %+v, %v; want %v, %+v", i, changed, got, err, v.wantChanged, v.want)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f, raw := readFile(t, path)
	if f.Version != fileVersion || f.Totals != (Counts{Up: 2, Down: 1}) {
		t.Errorf("saved version %d totals %+v, want %d and {Up:2 Down:1}", f.Version, f.Totals, fileVersion)
	}
	for _, id := range []string{`"u1"`, `"u2"`} {
		if strings.Contains(raw, id) {
			t.Errorf("the saved file still holds user ID %s:\n%s", id, raw)
		}
	}
	if a := f.Answers["a1"]; a == nil || len(a.Voters) != 2 || !a.First.Equal(clk.now()) {
		t.Errorf("a1 in the file = %+v, want 2 hashed voters, first vote at migration", a)
	}

	// Migrated answers keep a full vote window from the migration.
	clk.advance(DefaultVoteWindow - time.Second)
	s2 := open(t, path, WithClock(clk.now))
	if changed, _, err := s2.Record("a1", "u1", Up); err != nil || changed {
		t.Errorf("repeated vote after migration = %v, %v; want false, nil", changed, err)
	}
}

func TestMemoryStoreWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := open(t, "")
	if _, _, err := s.Record("a1", "u1", Up); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a store in memory wrote %d files", len(entries))
	}
	if s.Path() != "" {
		t.Errorf("Path = %q, want empty", s.Path())
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
			if i%5 == 0 {
				if err := s.Flush(t.Context()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want := Counts{Up: 15, Down: 5}
	if got := s.Totals(); got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
	f, _ := readFile(t, path)
	if f.Totals != want || len(f.Answers["a1"].Voters) != users {
		t.Errorf("file holds totals %+v and %d voters, want %+v and %d", f.Totals, len(f.Answers["a1"].Voters), want, users)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the store", len(entries))
	}
}

func TestVoterKeys(t *testing.T) {
	tests := []struct {
		a1, u1, a2, u2 string
		same           bool
	}{
		{"a1", "u1", "a1", "u1", true},
		{"a1", "u1", "a1", "u2", false},
		{"a1", "u1", "a2", "u1", false},                                      // one user's votes cannot be linked across answers
		{"a1", "1u", "a11", "u", false},                                      // the separator keeps answer and user apart
		{strings.Repeat("a", 200), "u", strings.Repeat("a", 200), "u", true}, // longer than the stack buffer
	}
	for _, tt := range tests {
		if got := keyOf(tt.a1, tt.u1) == keyOf(tt.a2, tt.u2); got != tt.same {
			t.Errorf("keyOf(%q, %q) == keyOf(%q, %q) is %v, want %v", tt.a1, tt.u1, tt.a2, tt.u2, got, tt.same)
		}
	}
	k := keyOf("a1", "u1")
	text, _ := k.MarshalText()
	var back voterKey
	if err := back.UnmarshalText(text); err != nil || back != k || len(text) != 16 {
		t.Errorf("voter key %s did not round-trip: %x, %v", text, back, err)
	}
}

// TestReopenWritesOnlyChanges checks that reopening a saved store, closed
// answers included, leaves nothing to write.
func TestReopenWritesOnlyChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.json")
	clk := newClock()
	s := open(t, path, WithClock(clk.now))
	for _, id := range []string{"a1", "a2"} {
		if _, _, err := s.Record(id, "u1", Up); err != nil {
			t.Fatal(err)
		}
		clk.advance(6 * 24 * time.Hour)
	}
	if err := s.Close(); err != nil { // a1 is past its window, a2 is not
		t.Fatal(err)
	}
	ticks, w := make(chan time.Time), newWrites()
	s2 := open(t, path, WithClock(clk.now), withTicks(ticks), withWrite(w.write))
	idleTick(t, ticks, w)
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	if got := w.count(); got != 0 {
		t.Errorf("reopening and closing wrote %d times, want 0", got)
	}
}
