package bot

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/RadhiFadlillah/whatlanggo"

	"github.com/summitbot/summitbot/retrieval"
)

// language describes the language a question is written in.
type language struct {
	code string // ISO 639-1
	name string // English name, for prompts
}

var english = language{code: "en", name: "English"}

// languages are those the bot detects, by code.
var languages = map[string]language{
	"en": english, "fr": {"fr", "French"}, "de": {"de", "German"}, "es": {"es", "Spanish"}, "it": {"it", "Italian"},
	"pt": {"pt", "Portuguese"}, "uk": {"uk", "Ukrainian"}, "ru": {"ru", "Russian"}, "pl": {"pl", "Polish"}, "nl": {"nl", "Dutch"},
}

// functionWords are frequent short words of each language (question words,
// articles, auxiliaries), lower-cased with their accents. Counting them
// decides the language of text too short for whatlanggo, which is unreliable
// there ("Wer ist Merz?").
var functionWords = map[string][]string{
	"en": strings.Fields("the a an what who when where why how which did does do is are was were will would of and to in about say said many much has have with for on it they this that there"),
	"fr": strings.Fields("le la les des du de un une et est qui que quoi quand où pourquoi combien quel quelle quels quelles ont sont sur pour dans avec au aux ce cette il elle ils se selon pas ne qu'a qu'est a-t-il dit y"),
	"de": strings.Fields("der die das den dem des ein eine und ist sind wer was wann wo warum wieso wie welche welcher welches hat haben nicht mit für über von zu im auf sagte gesagt viele es sich wird werden"),
	"es": strings.Fields("el la los las de del un una y es son qué quién quiénes cuándo dónde por cuántos cuántas cuánto para con sobre ha han se dijo al está están"),
	"it": strings.Fields("il lo la gli le di del della un una e è sono chi che cosa quando dove perché quanti quante quanto per con su ha hanno si non detto"),
	"pt": strings.Fields("o a os as de do da dos das um uma e é são quem que quando onde porque quantos quantas quanto para com sobre tem foi disse não em no na"),
	"nl": strings.Fields("de het een en is zijn wie wat wanneer waar waarom hoeveel welke van voor met over heeft hebben niet zei op te er"),
	"pl": strings.Fields("i w na z do jest są kto co kiedy gdzie dlaczego ile jaki jaka jakie który która czy nie się o powiedział ma mają dla to"),
	"uk": strings.Fields("що хто коли де чому скільки які який яка чи як і в на з до про це сказав є"),
	"ru": strings.Fields("что кто когда где почему сколько какие какой какая ли как и в на с до о это сказал есть"),
}

// isFunctionWord reports whether a lower-cased word is a function word of
// the language with the given code.
func isFunctionWord(code, w string) bool {
	for _, f := range functionWords[code] {
		if f == w {
			return true
		}
	}
	return false
}

// detectLanguage guesses the language of a question among the languages the
// bot's users are likely to write in. whatlanggo decides text of three words
// or more when it is confident, unless the text's function words are
// clearly English; shorter or ambiguous text is decided by its function
// words (ties go to whatlanggo's guess), and counts as English when they do
// not decide.
func detectLanguage(text string) language {
	opts := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
		whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Deu: true, whatlanggo.Spa: true,
		whatlanggo.Ita: true, whatlanggo.Por: true, whatlanggo.Ukr: true, whatlanggo.Rus: true,
		whatlanggo.Pol: true, whatlanggo.Nld: true,
	}}
	info := whatlanggo.DetectWithOptions(text, opts)
	guess := info.Lang.Iso6391()
	votes := functionWordVotes(text)
	if c := cyrillicLanguage(text, votes); c != "" {
		return languages[c]
	}
	if len(strings.Fields(text)) >= 3 && info.Confidence >= 0.5 {
		if guess != "en" && votes["en"] >= 2 && votes["en"] > votes[guess] {
			return english // English words the detector misread
		}
		if l, ok := languages[guess]; ok {
			return l
		}
	}
	best, n := "en", votes["en"]
	for _, code := range []string{"fr", "de", "es", "it", "pt", "nl", "pl"} {
		if v := votes[code]; v > n || (v == n && v > 0 && code == guess && best != "en") {
			best, n = code, v
		}
	}
	if n == 0 {
		return english
	}
	return languages[best]
}

// functionWordVotes counts, per language, the words of text that are its
// function words.
func functionWordVotes(text string) map[string]int {
	votes := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-'
	}) {
		w = strings.ReplaceAll(w, "’", "'")
		for code := range functionWords {
			if isFunctionWord(code, w) {
				votes[code]++
			}
		}
	}
	return votes
}

// cyrillicLanguage tells Ukrainian from Russian in text written mostly in
// Cyrillic, by the letters only one of them uses and then by function
// words; "" when the text is not Cyrillic.
func cyrillicLanguage(text string, votes map[string]int) string {
	cyr, letters := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if isCyrillic(r) {
				cyr++
			}
		}
	}
	if cyr == 0 || cyr*2 < letters {
		return ""
	}
	lower := strings.ToLower(text)
	switch {
	case strings.ContainsAny(lower, "іїєґ"):
		return "uk"
	case strings.ContainsAny(lower, "ыэъё"):
		return "ru"
	case votes["uk"] > votes["ru"]:
		return "uk"
	}
	return "ru"
}

func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }

// translit maps Cyrillic letters to Latin, after Ukraine's national
// transliteration (Russian letters after common usage); wordStart holds the
// forms used at the start of a word.
var (
	translit = map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh", 'з': "z", 'и': "y",
		'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
		'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ю': "iu", 'я': "ia",
		'ё': "e", 'ы': "y", 'э': "e", 'ъ': "", '\'': "", '’': "",
	}
	wordStart = map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"}
)

// transliterate writes a Cyrillic word in Latin letters ("Запоріжжя" is
// "Zaporizhzhia"), keeping an initial capital. Russian г is g.
func transliterate(word string, russian bool) string {
	var b strings.Builder
	for i, r := range []rune(word) {
		lr := unicode.ToLower(r)
		out, ok := translit[lr]
		if s, start := wordStart[lr]; start && i == 0 {
			out = s
		}
		if russian && lr == 'г' {
			out = "g"
		}
		if russian && lr == 'и' {
			out = "i"
		}
		if !ok && wordStart[lr] == "" {
			out = string(lr)
		}
		if i == 0 && unicode.IsUpper(r) && out != "" {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		b.WriteString(out)
	}
	return b.String()
}

// abbreviations are the short forms casual questions use for words the
// articles spell out; searchText writes them out.
var abbreviations = map[string]string{
	"hq": "headquarters", "hqs": "headquarters", "govt": "government", "gov't": "government", "govts": "governments",
	"ammo": "ammunition", "intl": "international", "brits": "British", "yanks": "Americans", "nukes": "nuclear weapons",
	"sec gen": "secretary general", "mfa": "foreign ministry", "potus": "US president",
	"acc to": "according to", "acc. to": "according to", "ppl": "people", "w/o": "without", "abt": "about",
	"intel": "intelligence",
}

// abbreviationRe matches the abbreviations as whole words, in any case.
var abbreviationRe = regexp.MustCompile(`(?i)\b(hqs?|govt|gov't|govts|ammo|intl|brits|yanks|nukes|sec gen|mfa|potus|acc\.? to|ppl|w/o|abt|intel)\b`)

// idioms are phrases casual questions use whose words the articles never
// mean so ("how many leaders turned up", "which countries said no to
// sending troops", "boots on the ground", "how did they sum up the talks",
// "who is in charge of monitoring", "what got dropped from the final
// statement"); searchText writes them in plain words,
// the tense kept. Each key is a folded phrase matched whole. WordNet lacks
// most of them, gives others other senses (show up, turn up: appear; sum
// up: summarize), and relates the rest (take part: participate; leave out:
// omit) only as a related word, a third of the word itself.
var idioms = map[string]string{
	// Refusing, attending, taking part.
	"say no to": "refuse", "says no to": "refuses", "said no to": "refused", "saying no to": "refusing",
	"show up": "attend", "shows up": "attends", "showed up": "attended", "showing up": "attending",
	"turn up": "attend", "turns up": "attends", "turned up": "attended", "turning up": "attending",
	"sit in on": "participate in", "sits in on": "participates in", "sat in on": "participated in", "sitting in on": "participating in",
	"take part in": "participate in", "takes part in": "participates in", "took part in": "participated in", "taking part in": "participating in",
	"face to face": "in person", "face-to-face": "in person",
	"sit down": "meet", "sits down": "meets", "sat down": "met", "sitting down": "meeting",
	"straight away": "immediately", "right away": "immediately",
	// What a text no longer holds.
	"left out of": "omitted from", "leave out of": "omit from", "leaves out of": "omits from", "leaving out of": "omitting from",
	"dropped from": "omitted from", "drop from": "omit from", "drops from": "omits from", "dropping from": "omitting from",
	// Describing, being responsible, leading, contributing.
	"sum up": "describe", "sums up": "describes", "summed up": "described", "summing up": "describing",
	"head up the": "lead the", "heads up the": "leads the", "headed up the": "led the", "heading up the": "leading the",
	"bring to the table": "contribute", "brings to the table": "contributes", "brought to the table": "contributed", "bringing to the table": "contributing",
	"in charge of": "responsible for",
	// Soldiers and where they stand.
	"boots on the ground":   "ground troops",
	"close to the fighting": "near the front lines", "near the fighting": "near the front lines",
}

// idiomRe matches the idioms as whole phrases, in any case; "turn up",
// "show up" and "sit down" only where what follows is no object of it
// ("turned up the pressure", "turned up evidence") nor a thing appeared in
// ("show up in the text": thingDeterminers): the end of the question or a
// clause, a preposition of attending, or "in" and a place or "person";
// "dropped from" only before a determiner ("from the final text", not
// "from 30,000").
var idiomRe = regexp.MustCompile(`\b(?:(?i:(?:say|says|said|saying) no to|boots on the ground|(?:sum|sums|summed|summing) up|in charge of|(?:sit|sits|sat|sitting) in on|straight away|right away|(?:take|takes|took|taking) part in|face[ -]to[ -]face|(?:left|leave|leaves|leaving) out of|(?:dropped|drop|drops|dropping) from\s+(?:the|a|an|this|that|its|their|any)\b|(?:close to|near) the fighting|(?:head|heads|headed|heading) up the|(?:bring|brings|brought|bringing) to the table)|(?i:(?:show|shows|showed|showing|turn|turns|turned|turning) up|(?:sit|sits|sat|sitting) down)(?:$|[?!.,;:)]|\s+(?i:at|to|for|during|physically|personally|together|face)\b|\s+(?i:in)\s+\p{L}+))`)

// thingDeterminers open what "show up in" a thing names, where it means
// appear ("in the text", "in any poll"), not a place attended ("in Paris",
// "in person").
var thingDeterminers = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true, "its": true, "their": true, "any": true, "some": true}

// writeIdioms writes the idioms in plain words (idioms), twice over: an
// idiom can end in the word another begins with ("showed up face to face"),
// and "keep" before a verb's -ing form as "continue" ("what will Washington
// keep supplying").
func writeIdioms(text string) string {
	text = keepDoingRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := keepDoingRe.FindStringSubmatch(m)
		c := continueForms[strings.ToLower(sm[1])]
		if unicode.IsUpper(rune(sm[1][0])) {
			c = strings.ToUpper(c[:1]) + c[1:]
		}
		return c + m[len(sm[1]):]
	})
	return writeIdiomsOnce(writeIdiomsOnce(text))
}

// keepDoingRe matches "keep" and a word in -ing after it: "keep supplying",
// "kept sending".
var keepDoingRe = regexp.MustCompile(`(?i)\b(keep|keeps|kept|keeping)\s+\p{L}{2,}ing\b`)

// continueForms are the forms of "continue" for those of "keep".
var continueForms = map[string]string{"keep": "continue", "keeps": "continues", "kept": "continued", "keeping": "continuing"}

// writeIdiomsOnce writes the idioms idiomRe finds in plain words.
func writeIdiomsOnce(text string) string {
	return idiomRe.ReplaceAllStringFunc(text, func(m string) string {
		folded := strings.ToLower(m)
		if f := strings.Fields(folded); len(f) > 3 && f[len(f)-2] == "in" && thingDeterminers[f[len(f)-1]] {
			return m // "show up in the final text": appear
		}
		for k, v := range idioms {
			if strings.HasPrefix(folded, k) {
				return v + m[len(k):]
			}
		}
		return m
	})
}

// pmRe matches "PM" (prime minister) in any case, with the number before it
// when it is a time of day ("3 pm"), which is left as it is.
var pmRe = regexp.MustCompile(`(?i)(\d\s*)?\bpm(s?)\b`)

// writePM writes out "PM" as "prime minister" ("the british pm": the
// British prime minister), but not in a time of day.
func writePM(text string) string {
	return pmRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := pmRe.FindStringSubmatch(m)
		if sm[1] != "" {
			return m
		}
		return "prime minister" + sm[2]
	})
}

// thousandsRe matches a number of thousands or billions written short, as
// people type it: "30k", "30 thousand", "15-20k", "15 to 20 thousand",
// "21.8bn", "5 mln"; its groups are the first number, its own scale (of a
// range's first number: "15k-20k"), the second number and the scale.
var thousandsRe = regexp.MustCompile(`(?i)\b(\d+(?:\.\d+)?)\s*(k|thousand)?(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*(k|thousand|bn|mn|mln)\b`)

// writeThousands writes numbers written short as news writes them: "30
// thousand" and "30k" as "30,000", "15-20k" as "15,000 to 20,000", "21.8bn"
// as "21.8 billion", so that such a question finds the passages giving the
// number and its names check sees it there.
func writeThousands(text string) string {
	return thousandsRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := thousandsRe.FindStringSubmatch(m)
		scale := strings.ToLower(sm[4])
		if sm[2] != "" && sm[3] == "" {
			return m // "30k bn": not a number written short
		}
		write := func(n string) (string, bool) {
			switch scale {
			case "bn":
				return n + " billion", true
			case "mn", "mln":
				return n + " million", true
			}
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v*1000 != math.Trunc(v*1000) {
				return "", false
			}
			return groupThousands(int64(v * 1000)), true
		}
		first, ok1 := write(sm[1])
		if sm[3] == "" {
			if !ok1 {
				return m
			}
			return first
		}
		second, ok2 := write(sm[3])
		if !ok1 || !ok2 {
			return m
		}
		return first + " to " + second
	})
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// monthDayRe and dayMonthRe match a word next to a number: a month's name
// or abbreviation before a day or a year ("Jan 6", "Sept. 2025", "January
// 6th") or after a day ("6 Jan", "6th of January"), with an ordinal's ending
// and an "of" matched apart.
var (
	monthDayRe = regexp.MustCompile(`\b(\pL{3,9})\.?(\s+\d{1,4})(st|nd|rd|th)?\b`)
	dayMonthRe = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)?(\s+of)?\s+(\pL{3,9})\b`)
)

// writeMonths returns text with the months next to a number written as news
// writes them ("Jan 6": "January 6", "January 6th": "January 6", "6th of
// Jan": "6 January"), so that such a question finds and is answered by
// "January 6". A month's full name is left as written but for an ordinal's
// ending or an "of" ("may 2" may be a verb and a number).
func writeMonths(text string) string {
	// month returns how to write w as a month: its full name for an
	// abbreviation, itself for a full name, and whether it is a month.
	month := func(w string) (string, bool, bool) {
		f := strings.ToLower(w)
		name := retrieval.MonthName(f)
		switch {
		case name == "":
			return "", false, false
		case name == f:
			return w, true, true
		default:
			return strings.ToUpper(name[:1]) + name[1:], false, true
		}
	}
	text = monthDayRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := monthDayRe.FindStringSubmatch(m)
		name, isFull, ok := month(sm[1])
		if !ok || isFull && sm[3] == "" {
			return m
		}
		return name + sm[2]
	})
	text = dayMonthRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := dayMonthRe.FindStringSubmatch(m)
		name, isFull, ok := month(sm[4])
		if !ok || isFull && sm[2] == "" && sm[3] == "" {
			return m
		}
		return sm[1] + " " + name
	})
	// A day left with its ordinal's ending, the month told once for two
	// days ("the 6th or 7th of Jan": "the 6 or 7 January"), is the number
	// news writes.
	return ordinalDayRe.ReplaceAllString(text, "$1$2")
}

// ordinalDayRe matches a day of the month written as an ordinal in digits
// where a day stands: before "or", "and", "of", punctuation or the end, not
// before a noun ("the 1st battalion", "the 21st century").
var ordinalDayRe = regexp.MustCompile(`\b([0-9]|[12][0-9]|3[01])(?:st|nd|rd|th)(\s+(?:or|and|of)\b|\s*[,;.?!)]|\s*$)`)

// searchText is the text searched for a question in lang: the question
// with common abbreviations written out ("HQ": "headquarters", "PM":
// "prime minister", "Jan 6": "January 6"); for a
// question in Cyrillic, followed by its capitalised words (its names) in
// Latin letters, so that "Одеса" finds "Odesa" and "Макрон" "Macron".
func searchText(question string, lang language) string {
	question = abbreviationRe.ReplaceAllStringFunc(question, func(m string) string {
		return abbreviations[strings.ToLower(m)]
	})
	question = writeIdioms(writePM(writeMonths(writeThousands(question))))
	if lang.code != "uk" && lang.code != "ru" {
		return question
	}
	var names []string
	for _, w := range strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		r := []rune(w)
		if len(r) < 3 || !isCyrillic(r[0]) || !unicode.IsUpper(r[0]) || isFunctionWord(lang.code, strings.ToLower(w)) || questionWord(lang.code, strings.ToLower(w)) {
			continue
		}
		names = append(names, transliterate(w, lang.code == "ru"))
	}
	if len(names) == 0 {
		return question
	}
	// Inside the question's last sentence, so that they count as its names.
	body := strings.TrimRight(question, "?!.… \t\n")
	return body + " (" + strings.Join(names, ", ") + ")" + question[len(body):]
}

// questionWord reports whether w is one of lang's question words.
func questionWord(code, w string) bool {
	for _, e := range foreignQuestion[code] {
		for _, q := range e.words {
			if q == w {
				return true
			}
		}
	}
	return false
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

// modelNote says, in a language other than English, that without a model
// the bot only matches names and numbers and quotes the articles, and that
// a configured model answers questions in other languages better.
var modelNote = map[string]string{
	"fr": "Sans modèle de langue, je ne fais que rapprocher les noms et les nombres de la question des articles et les citer ; un modèle configuré répond mieux aux questions en français.",
	"de": "Ohne Sprachmodell gleiche ich nur Namen und Zahlen der Frage mit den Artikeln ab und zitiere sie; ein konfiguriertes Modell beantwortet Fragen auf Deutsch besser.",
	"es": "Sin un modelo de lenguaje solo comparo los nombres y números de la pregunta con los artículos y los cito; un modelo configurado responde mejor a las preguntas en español.",
	"it": "Senza un modello linguistico confronto solo nomi e numeri della domanda con gli articoli e li cito; un modello configurato risponde meglio alle domande in italiano.",
	"pt": "Sem um modelo de linguagem, apenas comparo nomes e números da pergunta com os artigos e os cito; um modelo configurado responde melhor a perguntas em português.",
	"uk": "Без мовної моделі я лише зіставляю імена та числа з запитання зі статтями й цитую їх; налаштована модель краще відповідає на запитання українською.",
	"ru": "Без языковой модели я лишь сопоставляю имена и числа из вопроса со статьями и цитирую их; настроенная модель лучше отвечает на вопросы на русском языке.",
	"pl": "Bez modelu językowego tylko dopasowuję nazwy i liczby z pytania do artykułów i je cytuję; skonfigurowany model lepiej odpowiada na pytania po polsku.",
	"nl": "Zonder taalmodel vergelijk ik alleen namen en getallen uit de vraag met de artikelen en citeer ik ze; een geconfigureerd model beantwoordt vragen in het Nederlands beter.",
}

// notFoundOffline is the not-found sentence of extractive answers: in a
// language other than English it adds that a configured model answers
// questions in other languages better.
func notFoundOffline(lang language) string {
	if note, ok := modelNote[lang.code]; ok {
		return notFoundText(lang) + " " + note
	}
	return notFoundText(lang)
}

// localised holds short phrases of extractive answers by language: the
// header of quotes, the line of a part not found, and the lead of the
// sentence quoted when the sources say a fact is not public.
var localised = map[string][3]string{
	"en": {"From the loaded sources:", "Not found in the loaded sources.", "The loaded sources say only:"},
	"fr": {"D'après les sources chargées (from the loaded sources) :", "Introuvable dans les sources chargées (not found).", "Les sources chargées disent seulement (the sources say only) :"},
	"de": {"Aus den geladenen Quellen (from the loaded sources):", "In den geladenen Quellen nicht gefunden (not found).", "Die geladenen Quellen sagen nur (the sources say only):"},
	"es": {"Según las fuentes cargadas (from the loaded sources):", "No encontrado en las fuentes cargadas (not found).", "Las fuentes cargadas solo dicen (the sources say only):"},
	"it": {"Dalle fonti caricate (from the loaded sources):", "Non trovato nelle fonti caricate (not found).", "Le fonti caricate dicono solo (the sources say only):"},
	"pt": {"Das fontes carregadas (from the loaded sources):", "Não encontrado nas fontes carregadas (not found).", "As fontes carregadas dizem apenas (the sources say only):"},
	"uk": {"Із завантажених джерел (from the loaded sources):", "Не знайдено в завантажених джерелах (not found).", "Завантажені джерела кажуть лише (the sources say only):"},
	"ru": {"Из загруженных источников (from the loaded sources):", "Не найдено в загруженных источниках (not found).", "Загруженные источники говорят только (the sources say only):"},
	"pl": {"Z załadowanych źródeł (from the loaded sources):", "Nie znaleziono w załadowanych źródłach (not found).", "Załadowane źródła mówią tylko (the sources say only):"},
	"nl": {"Uit de geladen bronnen (from the loaded sources):", "Niet gevonden in de geladen bronnen (not found).", "De geladen bronnen zeggen alleen (the sources say only):"},
}

func phrase(lang language, i int) string {
	if p, ok := localised[lang.code]; ok {
		return p[i]
	}
	return localised["en"][i]
}

// quotedHeader heads the quotes of an extractive answer.
func quotedHeader(lang language) string { return phrase(lang, 0) }

// notFoundPartText is the line under a part of a question that is not found.
func notFoundPartText(lang language) string { return phrase(lang, 1) }

// onlySayText leads the sentence quoted when the sources say a fact is not public.
func onlySayText(lang language) string { return phrase(lang, 2) }
