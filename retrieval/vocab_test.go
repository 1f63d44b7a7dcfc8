package retrieval

import "testing"

func TestMonthName(t *testing.T) {
	tests := []struct{ w, want string }{
		{"jan", "january"}, {"sept", "september"}, {"sep", "september"}, {"dec", "december"},
		{"may", "may"}, {"march", "march"}, {"january", "january"},
		{"mars", ""}, {"janet", ""}, {"monday", ""},
	}
	for _, tt := range tests {
		if got := MonthName(tt.w); got != tt.want {
			t.Errorf("MonthName(%q) = %q, want %q", tt.w, got, tt.want)
		}
		if got := IsMonth(tt.w); got != (tt.want != "") {
			t.Errorf("IsMonth(%q) = %v, want %v", tt.w, got, tt.want != "")
		}
	}
}
