package bot

import (
	"testing"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{troopsQuestion, "en"},
		{"Combien de soldats la force multinationale pourrait-elle compter ?", "fr"},
		{"Quel est le rôle des États-Unis dans les garanties de sécurité ?", "fr"},
		{"Wie viele Soldaten will Frankreich in die Ukraine schicken?", "de"},
		{"Скільки військових може налічувати багатонаціональна сила?", "uk"},
		{"Сколько солдат", "ru"}, // short, but Cyrillic
		{"and Germany?", "en"},   // short text counts as English
		{"ok", "en"},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text); got.code != tt.want {
			t.Errorf("detectLanguage(%q) = %+v, want %s", tt.text, got, tt.want)
		}
	}
	if fr := detectLanguage("Combien de soldats la force multinationale pourrait-elle compter ?"); fr.name != "French" {
		t.Errorf("French is named %q", fr.name)
	}
}

func TestNotFoundText(t *testing.T) {
	seen := map[string]bool{}
	for _, code := range []string{"en", "fr", "de", "es", "it", "pt", "uk", "ru", "pl", "nl"} {
		got := notFoundText(language{code: code})
		if code != "en" && !containsAny(got, []string{"(not found in the loaded sources)"}) {
			t.Errorf("%s: %q does not say not found in English too", code, got)
		}
		if seen[got] {
			t.Errorf("%s: %q is not translated", code, got)
		}
		seen[got] = true
	}
	if notFoundText(language{code: "xx"}) != notFoundText(english) {
		t.Error("an unknown language does not fall back to English")
	}
}
