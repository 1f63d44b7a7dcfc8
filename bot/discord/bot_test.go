package discord

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestNewValidatesConfig(t *testing.T) {
	a, lib, votes := &fakeAnswerer{}, newFakeLibrary(), memoryFeedback(t)
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"missing token", Config{}, "DISCORD_TOKEN is missing"},
		{"blank token", Config{Token: "  "}, `summitbot ask "`},
		{"bad base url", Config{Token: "t", APIBaseURL: "127.0.0.1:8080"}, "DISCORD_API_BASE_URL"},
		{"base url with path", Config{Token: "t", APIBaseURL: "http://127.0.0.1:8080/api"}, "scheme and host only"},
		{"ok", Config{Token: "t", APIBaseURL: "http://127.0.0.1:8080/"}, ""},
		{"answer timeout over 14 minutes", Config{Token: "t", AnswerTimeout: 14*time.Minute + time.Second}, "interaction token expires after 15 minutes"},
		{"answer timeout of 14 minutes", Config{Token: "t", AnswerTimeout: 14 * time.Minute}, ""},
	}
	if _, err := New(Config{Token: "t"}, a, lib, nil, nil); err == nil || !strings.Contains(err.Error(), "Feedback") {
		t.Errorf("New without a feedback store: err = %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, a, lib, votes, nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("New: err = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
	if _, err := New(Config{}, a, lib, votes, nil); !errors.Is(err, ErrMissingToken) {
		t.Errorf("New without a token: err = %v, want ErrMissingToken", err)
	}
}

func TestConfigNeverShowsToken(t *testing.T) {
	cfg := Config{Token: "super-secret-token", GuildID: "1"}
	for _, got := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(cfg.LogValue())} {
		if strings.Contains(got, "super-secret") {
			t.Errorf("config shown with its token: %s", got)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRewriteTransport(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:8080")
	var got string
	rt := &rewriteTransport{base: base, next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r.URL.String()
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody}, nil
	})}
	tests := []struct{ in, want string }{
		{"https://discord.com/api/v9/gateway", "http://127.0.0.1:8080/api/v9/gateway"},
		{"https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true", "http://127.0.0.1:8080/api/v9/webhooks/1/tok/messages/@original?wait=true"},
		{"https://cdn.discordapp.com/attachments/1/2/a.pdf", "https://cdn.discordapp.com/attachments/1/2/a.pdf"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, tt.in, nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("RoundTrip(%s) went to %s, want %s", tt.in, got, tt.want)
		}
		if req.URL.String() != tt.in {
			t.Errorf("RoundTrip modified the caller's request: %s", req.URL)
		}
	}
	// discordgo's package-level endpoints are left alone.
	if discordgo.EndpointDiscord != "https://discord.com/" {
		t.Errorf("discordgo.EndpointDiscord = %q", discordgo.EndpointDiscord)
	}
}

func TestRedactHidesInteractionTokens(t *testing.T) {
	err := &url.Error{Op: "Patch", URL: "https://discord.com/api/v9/webhooks/123/secret-itoken/messages/@original", Err: errors.New("boom")}
	got := redact(err).Error()
	if strings.Contains(got, "secret-itoken") || !strings.Contains(got, "boom") {
		t.Errorf("redact = %q", got)
	}
}
