package bot

import (
	"strings"

	"github.com/RadhiFadlillah/whatlanggo"
)

// language describes the language a question is written in.
type language struct {
	code string // ISO 639-1
	name string // English name, for prompts
}

var english = language{code: "en", name: "English"}

// detectLanguage guesses the language of a question among the languages the
// bot's users are likely to write in; short or ambiguous text counts as English.
func detectLanguage(text string) language {
	opts := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
		whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Deu: true, whatlanggo.Spa: true,
		whatlanggo.Ita: true, whatlanggo.Por: true, whatlanggo.Ukr: true, whatlanggo.Rus: true,
		whatlanggo.Pol: true, whatlanggo.Nld: true,
	}}
	info := whatlanggo.DetectWithOptions(text, opts)
	if len(strings.Fields(text)) < 3 || info.Confidence < 0.5 {
		// Cyrillic is unambiguous enough even when short.
		if info.Lang != whatlanggo.Ukr && info.Lang != whatlanggo.Rus || info.Confidence < 0.2 {
			return english
		}
	}
	code := info.Lang.Iso6391()
	if code == "" {
		return english
	}
	return language{code: code, name: info.Lang.String()}
}

// notFoundText is what an answer says when the sources do not cover a question.
func notFoundText(lang language) string {
	switch lang.code {
	case "fr":
		return "Je n'ai pas trouvé cela dans les sources chargées (not found in the loaded sources)."
	case "de":
		return "Das habe ich in den geladenen Quellen nicht gefunden (not found in the loaded sources)."
	case "es":
		return "No lo encontré en las fuentes cargadas (not found in the loaded sources)."
	case "it":
		return "Non l'ho trovato nelle fonti caricate (not found in the loaded sources)."
	case "pt":
		return "Não encontrei isso nas fontes carregadas (not found in the loaded sources)."
	case "uk":
		return "Я не знайшов цього в завантажених джерелах (not found in the loaded sources)."
	case "ru":
		return "Я не нашёл этого в загруженных источниках (not found in the loaded sources)."
	case "pl":
		return "Nie znalazłem tego w załadowanych źródłach (not found in the loaded sources)."
	case "nl":
		return "Dat heb ik niet gevonden in de geladen bronnen (not found in the loaded sources)."
	}
	return "Not found in the loaded sources: the articles I have don't cover that. I only answer questions about the Paris summit from the loaded articles."
}
