package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/bot/metrics/metricstest"
)

func TestMetricsAddr(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"", "", false},
		{":9090", "127.0.0.1:9090", false},
		{":0", "127.0.0.1:0", false},
		{"127.0.0.1:9090", "127.0.0.1:9090", false},
		{"0.0.0.0:9090", "0.0.0.0:9090", false},
		{"[::]:9090", "[::]:9090", false},
		{"[::1]:9090", "[::1]:9090", false},
		{"localhost:9090", "localhost:9090", false},
		{"metrics.internal:9100", "metrics.internal:9100", false},
		{"9090", "", true},
		{"0.0.0.0", "", true},
		{":", "", true},
		{":http", "", true},
		{":+90", "", true},
		{":65536", "", true},
		{"::1:9090", "", true},
		{"[nope]:9090", "", true},
		{"http://0.0.0.0:9090", "", true},
		{"host name:9090", "", true},
		{"-bad-:9090", "", true},
	}
	for _, tt := range tests {
		got, err := metricsAddr(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("metricsAddr(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
	// Through the configuration: a usage error naming the variable.
	_, _, err := runCLI(t, env(t, "METRICS_ADDR", "9090"), "serve")
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), `METRICS_ADDR="9090" is not host:port like :9090`) {
		t.Errorf("serve with METRICS_ADDR=9090: %v, want a usage error naming it", err)
	}
	if c, err := loadConfig(env(t, "METRICS_ADDR", ":9090")); err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("METRICS_ADDR=:9090: %q, %v", c.MetricsAddr, err)
	}
}

func TestDialAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"127.0.0.1:9090", "127.0.0.1:9090"},
		{"0.0.0.0:9090", "127.0.0.1:9090"},
		{"[::]:9090", "[::1]:9090"},
		{"[::1]:9090", "[::1]:9090"},
		{"metrics.internal:9100", "metrics.internal:9100"},
	}
	for _, tt := range tests {
		if got := dialAddr(tt.in); got != tt.want {
			t.Errorf("dialAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	serveStatus := func(status int, body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" || r.Method != http.MethodGet {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
			io.WriteString(w, body+"\n")
		}))
		t.Cleanup(srv.Close)
		return strings.TrimPrefix(srv.URL, "http://")
	}
	okAddr := serveStatus(200, `{"status":"ok","gateway":"connected","index":"open","sources":63}`)
	downAddr := serveStatus(503, `{"status":"unavailable","gateway":"disconnected","index":"open","sources":63}`)
	_, port, _ := strings.Cut(okAddr, ":")

	tests := []struct {
		name    string
		kv      []string
		args    []string
		wantOut string // on success
		wantErr string // else, in the one line on stderr
	}{
		{"healthy", []string{"METRICS_ADDR", okAddr}, nil, `{"status":"ok","gateway":"connected","index":"open","sources":63}`, ""},
		{"healthy, port only", []string{"METRICS_ADDR", ":" + port}, nil, `"status":"ok"`, ""},
		{"healthy, every interface", []string{"METRICS_ADDR", "0.0.0.0:" + port}, nil, `"status":"ok"`, ""},
		{"unhealthy", []string{"METRICS_ADDR", downAddr}, nil, "",
			`healthcheck: http://` + downAddr + `/healthz answered 503 Service Unavailable: {"status":"unavailable","gateway":"disconnected"`},
		{"nothing listening", []string{"METRICS_ADDR", llmtest.ClosedPort(t)}, nil, "", "is not answering (is summitbot serve running with this METRICS_ADDR?)"},
		{"unset", nil, nil, "", "healthcheck: METRICS_ADDR is not set: set it to the address summitbot serve answers /healthz on"},
		{"invalid", []string{"METRICS_ADDR", "9090"}, nil, "", `healthcheck: METRICS_ADDR="9090" is not host:port`},
		{"arguments", []string{"METRICS_ADDR", okAddr}, []string{"now"}, "", "healthcheck takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := runCLI(t, env(t, tt.kv...), append([]string{"healthcheck"}, tt.args...)...)
			if tt.wantErr == "" {
				if err != nil || !strings.Contains(stdout, tt.wantOut) {
					t.Errorf("healthcheck: %v, stdout %q; want success printing %s", err, stdout, tt.wantOut)
				}
				return
			}
			if err == nil {
				t.Fatalf("healthcheck succeeded, want %q", tt.wantErr)
			}
			if code := exitCode(err); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if line := oneLine(err); !strings.Contains(line, tt.wantErr) {
				t.Errorf("message %q, want it to contain %q", line, tt.wantErr)
			}
		})
	}
}

// metricsLine finds where serve says it serves health and metrics.
var metricsLine = regexp.MustCompile(`msg="serving health and metrics" addr=(\S+)`)

// TestServeMetricsEndToEnd runs `summitbot serve` with METRICS_ADDR on a
// free loopback port, and reads /healthz and /metrics, and runs
// `summitbot healthcheck`, as an operator would.
func TestServeMetricsEndToEnd(t *testing.T) {
	fake := discordtest.New(t)
	model := llmtest.New(t)
	model.Reply = func(openai.ChatCompletionRequest) string {
		return "France and the UK would provide the bulk of ground forces [1]."
	}
	getenv := env(t,
		"INDEX_DIR", t.TempDir(),
		"DISCORD_TOKEN", fake.Token,
		"DISCORD_GUILD_ID", fake.GuildID,
		"DISCORD_API_BASE_URL", fake.URL,
		"LLM_BASE_URL", model.URL(),
		"LLM_API_KEY", testKey,
		"METRICS_ADDR", "127.0.0.1:0",
	)
	logs, stop := serveInBackground(t, getenv)

	var addr string
	for deadline := time.Now().Add(wait); addr == ""; time.Sleep(5 * time.Millisecond) {
		if m := metricsLine.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve never said where it serves metrics:\n%s", logs.String())
		}
	}
	base := "http://" + addr
	fake.WaitReady(t, wait)
	healthy := regexp.MustCompile(`^\{"status":"ok","gateway":"connected","index":"open","sources":[1-9][0-9]*\}$`)
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		status, body := metricstest.Get(t, base+"/healthz")
		if status == http.StatusOK && healthy.MatchString(body) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz = %d %s, want 200 ok", status, body)
		}
	}
	if out, _, err := runCLI(t, env(t, "METRICS_ADDR", addr), "healthcheck"); err != nil || !strings.Contains(out, `"status":"ok"`) {
		t.Errorf("healthcheck while serving: %v, %q", err, out)
	}

	in := fake.Slash(discordtest.RegularMember("111"), "ask", discordtest.StringOption("question", "Which countries would provide most of the ground forces?"))
	fake.DispatchInteraction(t, in)
	fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), discordtest.Contains("Sources")), wait)
	// A search from the shell, carried out by the running bot, counts as a
	// question from the command line.
	if out, _, err := runCLI(t, getenv, "search", "--json", "-k", "1", "--mode", "bm25", "ground forces"); err != nil || !strings.Contains(out, `"rank": 1`) {
		t.Errorf("search beside the bot: %v\n%s", err, out)
	}

	// The answer is counted just after it is posted.
	chat := float64(len(model.ChatRequests()))
	want := map[string]float64{
		`summitbot_questions_total{surface="slash"}`:               1,
		`summitbot_questions_total{surface="cli"}`:                 1,
		`summitbot_answers_total{mode="llm",outcome="answered"}`:   1,
		`summitbot_answer_duration_seconds_count{surface="slash"}`: 1,
		`summitbot_llm_requests_total{endpoint="chat"}`:            chat,
		`summitbot_llm_requests_total{endpoint="embeddings"}`:      0, // the local embedder
		`summitbot_gateway_connected`:                              1,
		`summitbot_index_open`:                                     1,
		`summitbot_sources{scope="server"}`:                        0,
	}
	var wrong []string
	var samples map[string]float64
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		samples = metricstest.Scrape(t, base)
		wrong = wrong[:0]
		for series, w := range want {
			if got, ok := samples[series]; !ok || got != w {
				wrong = append(wrong, fmt.Sprintf("%s = %v (present %v), want %v", series, got, ok, w))
			}
		}
		if len(wrong) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(wrong) > 0 {
		t.Errorf("/metrics:\n%s", strings.Join(wrong, "\n"))
	}
	if chat == 0 || samples[`summitbot_sources{scope="shared"}`] == 0 {
		t.Errorf("no chat requests (%v) or no shared sources (%v)", chat, samples[`summitbot_sources{scope="shared"}`])
	}

	if err := stop(); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	// The server stopped with serve.
	_, _, err := runCLI(t, env(t, "METRICS_ADDR", addr), "healthcheck")
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "is not answering") {
		t.Errorf("healthcheck after serve stopped: %v", err)
	}
	if strings.Contains(logs.String(), testKey) {
		t.Error("the API key reached the log")
	}
}
