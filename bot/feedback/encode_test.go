package feedback

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestEncodeMatchesEncodingJSON checks the hand-written encoder against
// encoding/json, with answer IDs that need escaping.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
	}{
		{name: "empty store"},
		{name: "plain IDs", ids: []string{"3f2a9c01b7d4", "ans-1"}},
		{name: "IDs needing escapes", ids: []string{`q"uote`, `back\slash`, "tab\there", "nul\x00", "é café", "<b>&amp;</b>", "bad utf8 \xff", "emoji 👍", "line\u2028sep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := open(t, "", WithClock(clk.now))
			for i, id := range tt.ids {
				clk.advance(time.Duration(i) * time.Second)
				for _, u := range []string{"u1", "u2"} {
					if _, _, err := s.Record(id, u, Down); err != nil {
						t.Fatal(err)
					}
				}
			}
			if len(tt.ids) > 0 {
				s.answers[tt.ids[0]].Voters = nil // an answer past its window
			}
			s.mu.Lock()
			got := s.appendFileLocked(nil)
			want, err := json.Marshal(saved{Version: fileVersion, Totals: s.totals, Answers: s.answers})
			s.mu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			var gotV, wantV any
			if err := json.Unmarshal(got, &gotV); err != nil {
				t.Fatalf("the encoder wrote invalid JSON: %v\n%s", err, got)
			}
			if err := json.Unmarshal(want, &wantV); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotV, wantV) {
				t.Errorf("encoded\n%s\nwant (encoding/json)\n%s", got, want)
			}
		})
	}
}
