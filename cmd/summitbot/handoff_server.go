package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// maxHandoffConns is how many commands from the CLI the bot runs at once;
// more are told to try again.
const maxHandoffConns = 4

// handoffServer runs commands from the CLI, sent on the Unix socket of a
// running bot, against the bot's open index (see handoff.go).
type handoffServer struct {
	cfg    config
	core   *core
	log    *slog.Logger
	path   string
	ln     net.Listener
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup
	// questions, when not nil, counts a question asked from the command
	// line (ask, search, summary) on /metrics (surface "cli").
	questions func(surface string)
}

// listenHandoff starts taking commands from the CLI on the socket of
// c's index, until Close. If it cannot (the index directory's path is too
// long for a socket, say), it logs why and returns nil: the bot runs without.
func (a *app) listenHandoff(ctx context.Context, c *core) *handoffServer {
	if a.cfg.IndexDir == "" {
		return nil
	}
	path, err := socketPath(a.cfg.IndexDir)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o700)
	}
	if err == nil {
		err = removeStale(path)
	}
	var ln net.Listener
	if err == nil {
		ln, err = net.Listen("unix", path)
	}
	if err == nil && runtime.GOOS != "windows" { // Windows has no Unix modes; the directory's ACL applies
		if err = os.Chmod(path, 0o600); err != nil {
			ln.Close()
		}
	}
	if err != nil {
		a.log.Warn("the command line cannot reach this bot: while it runs, summitbot commands on this index fail with \"in use\"; use a shorter INDEX_DIR to fix this",
			"err", err)
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	h := &handoffServer{cfg: a.cfg, core: c, log: a.log, path: path, ln: ln, cancel: cancel, slots: make(chan struct{}, maxHandoffConns)}
	if a.metrics != nil {
		h.questions = a.metrics.Question
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.accept(ctx)
	}()
	a.log.Info("taking summitbot commands from the command line", "socket", path)
	return h
}

// removeStale removes what a bot that is gone left at path. The caller holds
// the index's lock, so no other bot listens there.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return &fs.PathError{Op: "listen", Path: path, Err: errors.New("is a directory")}
	}
	return os.Remove(path)
}

// accept serves connections until the listener closes, each in a goroutine
// of its own, at most maxHandoffConns at once.
func (h *handoffServer) accept(ctx context.Context) {
	for {
		conn, err := h.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				h.log.Error("the command-line socket failed: summitbot commands on this index now fail with \"in use\"", "err", err)
			}
			return
		}
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			defer conn.Close()
			// Serve stopping ends the wait for a request, and the command.
			stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
			defer stop()
			select {
			case h.slots <- struct{}{}:
				defer func() { <-h.slots }()
				h.run(ctx, conn)
			default:
				h.busy(conn)
			}
		}()
	}
}

// Close stops taking commands, ends those running, waits for them and
// removes the socket. Close on nil does nothing.
func (h *handoffServer) Close() {
	if h == nil {
		return
	}
	h.cancel()
	h.ln.Close() // removes the socket file
	h.wg.Wait()
	if err := os.Remove(h.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		h.log.Warn("could not remove the command-line socket", "path", h.path, "err", err)
	}
}
