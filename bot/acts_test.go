package bot

import "testing"

func TestSaysAct(t *testing.T) {
	commands := actAsked("who will command the force")
	if commands == nil {
		t.Fatal("actAsked: no part asked by \"who will command the force\"")
	}
	tests := []struct {
		sentence string
		want     bool
	}{
		{"General Smith will command the force.", true},
		{"The force will be commanded from Paris.", true},
		{"Zelensky said planning had been carried out on weapon systems and command structures.", false},
		{"NATO Secretary General Mark Rutte said the first layer is Ukraine's army.", false},
		{"The chain of command is still being negotiated.", false},
	}
	for _, tt := range tests {
		if got := saysAct(commands, tt.sentence); got != tt.want {
			t.Errorf("saysAct(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}
