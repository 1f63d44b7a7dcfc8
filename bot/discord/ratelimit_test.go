package discord

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	type step struct {
		user     string
		at       time.Duration // after t0
		wantOK   bool
		wantWait time.Duration
	}
	tests := []struct {
		name  string
		rate  RateLimit
		steps []step
	}{
		{
			name: "burst then refill",
			rate: RateLimit{Requests: 3, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, true, 0}, {"a", 0, true, 0},
				{"a", 0, false, 20 * time.Second},
				{"a", 10 * time.Second, false, 10 * time.Second},
				{"a", 20 * time.Second, true, 0},
				{"a", 20 * time.Second, false, 20 * time.Second},
			},
		},
		{
			name: "users are independent",
			rate: RateLimit{Requests: 1, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, false, time.Minute}, {"b", 0, true, 0},
			},
		},
		{
			name: "disabled",
			rate: RateLimit{Requests: -1, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, true, 0}, {"a", 0, true, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRateLimiter(tt.rate, 100)
			for i, s := range tt.steps {
				wait, ok := r.allow(s.user, t0.Add(s.at))
				if ok != s.wantOK || wait.Round(time.Millisecond) != s.wantWait {
					t.Errorf("step %d: allow(%s, +%v) = %v, %v; want %v, %v", i, s.user, s.at, wait, ok, s.wantWait, s.wantOK)
				}
			}
		})
	}
}

func TestRateMessage(t *testing.T) {
	tests := []struct {
		wait time.Duration
		want string
	}{
		{12 * time.Second, "You're asking quickly — try again in 12s."},
		{11200 * time.Millisecond, "You're asking quickly — try again in 12s."},
		{10 * time.Millisecond, "You're asking quickly — try again in 1s."},
		{119 * time.Second, "You're asking quickly — try again in 119s."},
		{30 * time.Minute, "You're asking quickly — try again in 30 min."},
	}
	for _, tt := range tests {
		if got := rateMessage(tt.wait); got != tt.want {
			t.Errorf("rateMessage(%v) = %q, want %q", tt.wait, got, tt.want)
		}
	}
}

func TestRateLimiterForgetsLeastRecentUsers(t *testing.T) {
	t0 := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	r := newRateLimiter(RateLimit{Requests: 1, Window: time.Hour}, 2)
	steps := []struct {
		user   string
		wantOK bool
	}{
		{"a", true}, {"b", true},
		{"a", false}, // a is now more recent than b
		{"c", true},  // remembering c forgets b
		{"b", true},  // a fresh bucket; remembering b forgets a
		{"c", false}, // c is remembered
	}
	for i, st := range steps {
		if _, ok := r.allow(st.user, t0); ok != st.wantOK {
			t.Errorf("step %d: allow(%s) ok = %v, want %v", i, st.user, ok, st.wantOK)
		}
	}
	if n := r.buckets.Len(); n != 2 {
		t.Errorf("%d buckets kept, want 2", n)
	}
}

func TestRateLimiterTellsOncePerWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	r := newRateLimiter(RateLimit{Requests: 1, Window: time.Minute}, 100)
	r.allow("a", t0)
	r.allow("b", t0)
	steps := []struct {
		user string
		at   time.Duration // after t0
		want bool
	}{
		{"a", 0, true},
		{"a", time.Second, false},
		{"a", 59 * time.Second, false},
		{"b", 59 * time.Second, true},
		{"a", time.Minute, true},
		{"a", time.Minute + time.Second, false},
		{"unknown", 0, true},
	}
	for i, s := range steps {
		if got := r.tell(s.user, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: tell(%s, +%v) = %v, want %v", i, s.user, s.at, got, s.want)
		}
	}
}
