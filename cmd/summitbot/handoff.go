package main

// The CLI beside a running bot. While `summitbot serve` runs it holds the
// index's lock, so another summitbot process cannot open the index. serve
// therefore listens on a Unix socket in the index directory
// (INDEX_DIR/extras/summitbot.sock, mode 0600), and a command that finds the
// index locked (ask, search, summary, sources) sends its command line there
// instead. The bot runs the very same command code against the index,
// library and engine it already has open, with buffers for stdout and
// stderr, and replies with what the command printed and how it ended; the
// CLI prints that as its own, with the same exit status. The bot's
// configuration applies to such commands, not the client's.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/metrics"
	"github.com/summitbot/summitbot/retrieval"
)

const (
	// socketName is the file, in the index's extras directory, of the socket
	// a running bot takes commands on. The name is reserved: serve, which
	// holds the index's lock, removes whatever is left there.
	socketName = "summitbot.sock"
	// maxSocketPath is the longest socket path summitbot uses: sun_path is
	// 104 bytes with its terminating NUL on macOS and the BSDs (108 on Linux
	// and Windows), and the same limit everywhere keeps the behaviour
	// portable.
	maxSocketPath = 103
	// maxRequestBytes bounds a command sent to the bot.
	maxRequestBytes = 64 << 10
	// maxReplyBytes bounds the bot's reply that the CLI reads.
	maxReplyBytes = 32 << 20
	// handoffTimeout is how long the bot gives one command.
	handoffTimeout = 10 * time.Minute
	// requestTimeout is how long a client has to send its command.
	requestTimeout = 10 * time.Second
	// dialTimeout is how long the CLI waits to connect to the bot.
	dialTimeout = 5 * time.Second
)

// handedOff reports whether a running bot runs cmd for the CLI. eval opens
// an index of its own (and may take long), serve is the bot itself.
func handedOff(cmd string) bool {
	switch cmd {
	case "ask", "search", "summary", "sources":
		return true
	}
	return false
}

// handoffRequest is a command sent to the bot: its arguments, and the
// client's working directory, against which `sources add` resolves relative
// file names. (No command reads stdin, so none is sent.)
type handoffRequest struct {
	Args []string `json:"args"`
	Dir  string   `json:"dir"`
}

// handoffReply is what a command run by the bot printed and how it ended.
type handoffReply struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	// Exit is the exit status summitbot would end with: 0, 1, or 2 for a
	// usage error.
	Exit int `json:"exit"`
	// Error is the one-line message of a failure (oneLine).
	Error string `json:"error,omitempty"`
}

// socketPath is the socket of the bot serving the index in indexDir.
//
// A Unix socket's path is limited to about 104 bytes, and INDEX_DIR can be
// longer. Rather than listen somewhere else (a short path under the shared
// temporary directory could be taken over by another user, and a relative
// path needs a chdir, which a server cannot do safely), summitbot refuses a
// path that is too long: serve logs a warning and runs without the socket,
// and the CLI reports the index in use as before.
func socketPath(indexDir string) (string, error) {
	abs, err := filepath.Abs(indexDir)
	if err != nil {
		return "", fmt.Errorf("socket path: %w", err)
	}
	p := filepath.Join(abs, retrieval.ExtrasDir, socketName)
	if len(p) > maxSocketPath {
		return "", fmt.Errorf("the socket path %s is %d bytes, longer than a Unix socket's %d", p, len(p), maxSocketPath)
	}
	return p, nil
}

// handOffIfLocked is deferred by run: when a command that a running bot can
// run failed because the index is locked, it sends the command to the bot's
// socket and sets *err to the outcome there, having printed the bot's output.
// Without a bot listening, *err stays the "in use" error; a socket left by a
// bot that is gone is removed first. (When the lock is free the command ran
// here and the socket is not looked at: serve removes a stale one when it
// starts.)
func (a *app) handOffIfLocked(ctx context.Context, cmd string, args []string, err *error) {
	if a.shared != nil || !handedOff(cmd) || !errors.Is(*err, retrieval.ErrLocked) {
		return
	}
	path, perr := socketPath(a.cfg.IndexDir)
	if perr != nil {
		a.log.Debug("no hand-off to the running bot", "err", perr)
		return
	}
	if ok, hErr := a.handOff(ctx, path, args); ok {
		*err = hErr
	}
}

// handOff sends args to the bot listening on path and prints its reply. ok is
// false if no bot listens there.
func (a *app) handOff(ctx context.Context, path string, args []string) (ok bool, err error) {
	before, statErr := os.Lstat(path)
	if statErr != nil {
		return false, nil
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, dialErr := d.DialContext(ctx, "unix", path)
	if dialErr != nil {
		if errors.Is(dialErr, syscall.ECONNREFUSED) {
			// Nothing listens: a socket left by a bot that was killed. Remove
			// it unless a starting bot has just replaced it.
			if now, err := os.Lstat(path); err == nil && os.SameFile(before, now) {
				if err := os.Remove(path); err == nil {
					a.log.Info("removed a stale socket", "path", path)
				}
			}
		} else {
			a.log.Warn("cannot reach the running bot", "path", path, "err", dialErr)
		}
		return false, nil
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	wd, wdErr := os.Getwd()
	if wdErr != nil {
		return true, fmt.Errorf("hand the command to the running bot: %w", wdErr)
	}
	conn.SetDeadline(time.Now().Add(handoffTimeout + requestTimeout))
	if err := json.NewEncoder(conn).Encode(handoffRequest{Args: args, Dir: wd}); err != nil {
		return true, a.handoffFailed(ctx, err)
	}
	var rep handoffReply
	if err := json.NewDecoder(io.LimitReader(conn, maxReplyBytes)).Decode(&rep); err != nil {
		return true, a.handoffFailed(ctx, err)
	}
	io.WriteString(a.stdout, rep.Stdout)
	io.WriteString(a.stderr, rep.Stderr)
	switch rep.Exit {
	case 0:
		return true, nil
	case 2:
		return true, &usageError{errors.New(rep.Error)}
	default:
		return true, errors.New(rep.Error)
	}
}

// handoffFailed is the error of a command the bot took but did not answer.
func (a *app) handoffFailed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return fmt.Errorf("the running bot did not answer (see its log): %w", err)
}

// forwarded runs a command sent by the CLI, with a.shared as its core.
func (a *app) forwarded(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("no command given")
	}
	switch args[0] {
	case "ask", "search", "summary", "sources":
		return a.command(args[0])(ctx, args[1:])
	default:
		return usagef("%q cannot be run beside the running bot; stop the bot first", args[0])
	}
}

// closeCore closes a core the command opened; the bot's shared core stays
// open.
func (a *app) closeCore(c *core) {
	if c != a.shared {
		c.idx.Close()
	}
}

// localPath is how this process names a file the user named: relative to
// the user's working directory when the command came from the CLI.
func (a *app) localPath(ref string) string {
	if a.wd == "" || bot.IsURL(ref) || filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(a.wd, ref)
}

// asTyped rewords a message about a file named local as the user typed its
// name.
func asTyped(msg, local, typed string) string {
	if local == typed {
		return msg
	}
	return strings.ReplaceAll(msg, local, typed)
}

// run runs one request from conn against the shared core, with the bot's
// configuration, and replies.
func (h *handoffServer) run(ctx context.Context, conn net.Conn) {
	conn.SetReadDeadline(time.Now().Add(requestTimeout))
	lr := &io.LimitedReader{R: conn, N: maxRequestBytes}
	var req handoffRequest
	var rep handoffReply
	if err := json.NewDecoder(lr).Decode(&req); err != nil {
		h.log.Warn("refused a command-line request", "err", err)
		msg := "the request could not be read"
		if lr.N == 0 {
			msg = fmt.Sprintf("the request is over %d bytes", maxRequestBytes)
		}
		rep = handoffReply{Exit: 1, Error: msg}
	} else if !filepath.IsAbs(req.Dir) {
		rep = handoffReply{Exit: 1, Error: "the request does not say the working directory"}
	} else {
		conn.SetReadDeadline(time.Time{})
		rep = h.runCommand(ctx, conn, req)
	}
	h.reply(conn, rep)
}

// busy tells a client that the bot runs as many commands as it takes.
func (h *handoffServer) busy(conn net.Conn) {
	h.reply(conn, handoffReply{Exit: 1, Error: fmt.Sprintf("the running bot is busy with %d commands from the command line; try again in a moment", maxHandoffConns)})
}

// reply sends rep to the client.
func (h *handoffServer) reply(conn net.Conn, rep handoffReply) {
	conn.SetWriteDeadline(time.Now().Add(requestTimeout))
	if err := json.NewEncoder(conn).Encode(rep); err != nil {
		h.log.Warn("could not reply to a command-line request", "err", err)
	}
}

// runCommand runs req with a deadline, ending it early if the client goes
// away or serve stops.
func (h *handoffServer) runCommand(ctx context.Context, conn net.Conn, req handoffRequest) handoffReply {
	ctx, cancel := context.WithTimeout(ctx, handoffTimeout)
	defer cancel()
	// The client sends nothing more (but the newline after its request):
	// reading ends when it hangs up.
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		var b [64]byte
		for {
			if _, err := conn.Read(b[:]); err != nil {
				cancel()
				return
			}
		}
	}()
	defer func() {
		conn.SetReadDeadline(time.Now()) // ends the read above
		<-gone
	}()
	name := ""
	if len(req.Args) > 0 {
		name = req.Args[0]
	}
	h.log.Info("running a command from the command line", "command", name)
	if h.questions != nil && (name == "ask" || name == "search" || name == "summary") {
		h.questions(metrics.SurfaceCLI)
	}
	var out, errOut bytes.Buffer
	cfg := h.cfg
	level := slog.LevelWarn
	if cfg.logLevelSet {
		level = cfg.LogLevel
	}
	a := &app{cfg: cfg, stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, shared: h.core, wd: req.Dir,
		log: slog.New(slog.NewTextHandler(&errOut, &slog.HandlerOptions{Level: level}))}
	err := a.forwarded(ctx, req.Args)
	rep := handoffReply{Stdout: out.String(), Stderr: errOut.String()}
	if err != nil {
		rep.Exit, rep.Error = exitCode(err), oneLine(err)
	}
	return rep
}
