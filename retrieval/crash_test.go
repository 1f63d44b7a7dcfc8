package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashChildEnv makes the test binary act as a loader that a parent kills.
const crashChildEnv = "SUMMITBOT_CRASH_CHILD_DIR"

// TestMain lets the test binary re-execute itself as the crash child.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	os.Exit(m.Run())
}

// crashText is a long synthetic article: many chunks, so a load spends a
// while writing files.
func crashText(n int) string {
	var b strings.Builder
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, "Article %d paragraph %d says the ceasefire monitors counted %d incidents near the line. ", n, i, i*7+n)
		fmt.Fprintf(&b, "Officials in capital %d promised %d more observers by spring.\n\n", n%9, i+n)
	}
	return b.String()
}

// crashChild adds and removes sources forever, announcing each step, until killed.
func crashChild(dir string) {
	ctx := context.Background()
	ix, err := Open(ctx, Options{Dir: dir, Embedder: LocalEmbedder{Dim: 64}})
	if err != nil {
		fmt.Println("open error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	for n := len(ix.Sources()); ; n++ {
		if _, err := ix.Add(ctx, Document{ID: fmt.Sprintf("article-%d-%d", os.Getpid(), n), Title: fmt.Sprintf("Article %d", n), Text: crashText(n + os.Getpid())}, false, nil); err != nil {
			fmt.Println("add error:", err)
			os.Exit(3)
		}
		if n%3 == 2 {
			srcs := ix.Sources()
			if _, err := ix.Remove(ctx, srcs[0].ID); err != nil {
				fmt.Println("remove error:", err)
				os.Exit(3)
			}
		}
	}
}

// TestKilledMidLoadLeavesConsistentIndex kills a loading child process at
// random points, again and again on the same index, and checks after each kill
// that the index holds whole sources only: every listed source has all its
// chunks in both indexes, and nothing else is there.
func TestKilledMidLoadLeavesConsistentIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	repaired := 0
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		if !sc.Scan() || sc.Text() != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child did not start: %q", round, sc.Text())
		}
		go func() {
			for sc.Scan() {
				if line := sc.Text(); strings.Contains(line, "error") {
					t.Errorf("child: %s", line)
				}
			}
		}()
		time.Sleep(time.Duration(20+rng.Intn(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		var logs strings.Builder
		ix, err := Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{Dim: 64}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if strings.Contains(logs.String(), "unfinished load") || strings.Contains(logs.String(), "rebuilding the BM25") {
			repaired++
		}
		checkConsistent(t, ix)
		t.Logf("round %d: %d sources, %d chunks; repairs: %q", round, len(ix.Sources()), ix.Len(), logs.String())
		ix.Close()
	}
	// The kills must have interrupted writes, or the test proves nothing.
	if repaired == 0 {
		t.Errorf("no kill interrupted a load in %d rounds; the test exercised nothing", 8)
	}
}

// checkConsistent asserts the vector store, the BM25 index and the manifest agree.
func checkConsistent(t *testing.T, ix *Index) {
	t.Helper()
	ctx := context.Background()
	want := 0
	for _, s := range ix.Sources() {
		want += s.Chunks
		for p := 0; p < s.Chunks; p++ {
			if _, err := ix.dense.get(ctx, chunkID(s.ID, p)); err != nil {
				t.Errorf("source %s lacks chunk %d: %v", s.ID, p, err)
			}
		}
		if _, err := ix.readText(s.ID); err != nil {
			t.Errorf("source %s lacks its text: %v", s.ID, err)
		}
	}
	if got := ix.dense.count(); got != want {
		t.Errorf("vector store holds %d chunks, manifest lists %d", got, want)
	}
	if got, err := ix.lex.count(); err != nil || got != uint64(want) {
		t.Errorf("bm25 holds %d chunks (%v), manifest lists %d", got, err, want)
	}
	if want > 0 {
		hits, err := ix.Search(ctx, "ceasefire monitors incidents", SearchOptions{K: 5})
		if err != nil || len(hits) == 0 {
			t.Errorf("search after reopen: %d hits, %v", len(hits), err)
		}
	}
}

// TestTruncatedChunkFileIsRebuilt covers a committed source's vector file cut
// short or damaged on disk: its chunks are rebuilt from the stored source text
// instead of the whole index being declared corrupt.
func TestTruncatedChunkFileIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix, err := Open(ctx, Options{Dir: dir, Embedder: LocalEmbedder{Dim: 64}})
	if err != nil {
		t.Fatal(err)
	}
	src, err := ix.Add(ctx, Document{ID: "truncated", Title: "Truncated", Text: crashText(1)}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	path := ix.vecPath(src.ID)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	ix, err = Open(ctx, Options{Dir: dir, Embedder: LocalEmbedder{Dim: 64}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("reopen with a truncated chunk file: %v", err)
	}
	defer ix.Close()
	checkConsistent(t, ix)
	if !strings.Contains(logs.String(), "unreadable chunk files") {
		t.Errorf("the repair was not logged: %s", logs.String())
	}
	if got := ix.Sources()[0]; got.Chunks != src.Chunks {
		t.Errorf("rebuilt source has %d chunks, want %d", got.Chunks, src.Chunks)
	}
	ix.Close()

	// One flipped byte is caught by the checksum just the same.
	b, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	ix, err = Open(ctx, Options{Dir: dir, Embedder: LocalEmbedder{Dim: 64}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("reopen with a damaged vector file: %v", err)
	}
	checkConsistent(t, ix)
	if !strings.Contains(logs.String(), "unreadable chunk files") {
		t.Errorf("the repair was not logged: %s", logs.String())
	}
}
