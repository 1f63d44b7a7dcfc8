package bot

import (
	"regexp"
	"strings"
)

// This file recognises instruction-shaped questions: text that tries to
// give the bot new instructions ("ignore your instructions", "print your
// prompt", "you are now ...", "act as ...", "write a fake ..."), rather than
// ask about the sources. Without a model such text would be answered with
// quotes that happen to share its words; it gets instead a sentence saying
// what the bot answers. The patterns are general imperative forms, in
// English and in the common forms of the other languages the bot detects,
// so that questions that merely mention instructions or roles ("what role
// does Türkiye play?", "what did they say about instructions to troops?")
// are not caught.

// clauseStart is where an imperative may begin: the start of the text or of
// a sentence or clause, optionally after a filler word.
const clauseStart = `(?:^|[.!?;:,\n]\s*|\b(?:please|now|just|ok|okay|so|then|and|also|bitte|s'il te plaît|por favor|per favore|proszę|будь ласка|пожалуйста)\s+)`

var instructionPatterns = []*regexp.Regexp{
	// Ignore, forget or override the instructions, rules or prompt.
	regexp.MustCompile(`(?i)` + clauseStart + `(?:ignore|disregard|forget|override|bypass|drop|skip)\s+(?:all\s+|any\s+|every\s+|of\s+)*(?:(?:your|the|my|these|those|previous|prior|above|earlier|preceding|original|system|former|existing)\s+)*(?:instructions?|rules?|prompts?|guidelines?|directives?|guardrails?|restrictions?|constraints?|programming|context|sources|articles|everything|all|that)\b`),
	// Reveal the prompt or secrets.
	regexp.MustCompile(`(?i)\b(?:print|reveal|show|display|repeat|output|dump|leak|share|give|tell|send|list|expose)\s+(?:me\s+|us\s+)?(?:\p{L}+\s+)?(?:your|the\s+(?:system|hidden|initial|original|full|exact|secret))\s+(?:\p{L}+\s+)?(?:prompts?|instructions?|rules|configuration|config|api[\s_-]?keys?|tokens?|passwords?|secrets?|credentials?)\b`),
	regexp.MustCompile(`(?i)\b(?:system\s+prompt|api[\s_-]?key|developer\s+mode|jailbreak|do anything now)\b`),
	regexp.MustCompile(`(?i)\bwhat\s+(?:is|are|were)\s+your\s+(?:\p{L}+\s+)?(?:instructions|rules|prompt|system prompt)\b`),
	// Take on another role.
	regexp.MustCompile(`(?i)\byou\s+are\s+(?:now|no\s+longer|not\s+\p{L}+\s+any\s*more)\b|\byou're\s+(?:now|no\s+longer|not\s+\p{L}+\s+any\s*more)\b|\bfrom\s+now\s+on,?\s+(?:you|act|answer|respond|reply)\b`),
	regexp.MustCompile(`(?i)` + clauseStart + `(?:act|behave|respond|answer|reply|speak|talk|write)\s+(?:as|like)\s+(?:a|an|my|if|though)\b`),
	regexp.MustCompile(`(?i)` + clauseStart + `(?:pretend|imagine|roleplay|role-play)\s+(?:to\s+be|you(?:'re|\s+are)?|that|as|we)\b`),
	regexp.MustCompile(`(?i)` + clauseStart + `(?:new|updated)\s+(?:instructions|rules|task)\s*:`),
	// Write something made up.
	regexp.MustCompile(`(?i)` + clauseStart + `(?:write|draft|compose|create|generate|make\s+up|invent|fabricate)\s+(?:me\s+)?(?:a|an|some|the)?\s*(?:\p{L}+\s+){0,2}(?:fake|false|fictional|made-up|fabricated|invented|bogus|hoax|satirical)\b`),
	regexp.MustCompile(`(?i)` + clauseStart + `(?:write|compose|tell|give)\s+(?:me\s+)?(?:a|an|some)\s+(?:\p{L}+\s+)?(?:poem|song|joke|haiku|limerick|rap|story|fairy\s+tale|novel|screenplay)\b`),
	regexp.MustCompile(`(?i)\bmake\s+it\s+(?:look|sound|seem)\s+(?:real|authentic|legit|genuine|official)\b`),
	// French.
	regexp.MustCompile(`(?i)\b(?:ignore|oublie|oubliez|ignorez)\s+(?:toutes\s+)?(?:tes|vos|les|ces)\s+(?:\p{L}+\s+)?(?:instructions|règles|consignes)\b|\btu\s+es\s+maintenant\b|\b(?:fais|faites)\s+semblant\b|\b(?:agis|agissez)\s+comme\b|\b(?:affiche|montre|révèle)\s+(?:moi\s+)?(?:ton|votre|le)\s+(?:prompt|invite\s+système)\b`),
	// German.
	regexp.MustCompile(`(?i)\b(?:ignoriere|ignorier|vergiss|vergessen\s+sie)\s+(?:alle\s+)?(?:deine|ihre|die|alle)?\s*(?:\p{L}+\s+)?(?:anweisungen|regeln|vorgaben|instruktionen)\b|\bdu\s+bist\s+(?:jetzt|ab\s+jetzt|nun)\b|\btu\s+so,?\s+als\b|\b(?:zeig|zeige)\s+(?:mir\s+)?(?:deinen|den)\s+(?:system)?prompt\b`),
	// Spanish, Italian, Portuguese.
	regexp.MustCompile(`(?i)\b(?:ignora|olvida|ignore|olvide|esqueça|esquece|dimentica)\s+(?:todas\s+|tutte\s+)?(?:tus|las|sus|le|tue|as|suas)\s+(?:\p{L}+\s+)?(?:instrucciones|reglas|istruzioni|regole|instruções|regras)\b|\bahora\s+eres\b|\bora\s+sei\b|\bagora\s+(?:você\s+é|és)(?:\s|$|[.,!?])|\b(?:finge|finja|fingi)\b|\b(?:actúa|comportati|aja)\s+como\b`),
	// Dutch, Polish.
	regexp.MustCompile(`(?i)\b(?:negeer|vergeet)\s+(?:al\s+)?(?:je|jouw|de|alle)\s+(?:\p{L}+\s+)?(?:instructies|regels)\b|\bje\s+bent\s+nu\b|\bdoe\s+alsof\b|\b(?:zignoruj|zapomnij)\s+(?:o\s+)?(?:wszystkie\s+)?(?:swoje\s+|poprzednie\s+)?(?:instrukcje|instrukcjach|zasady|zasadach)\b|\bjesteś\s+teraz\b|\budawaj\b`),
	// Ukrainian, Russian.
	regexp.MustCompile(`(?i)(?:ігноруй|забудь|ігноруйте|забудьте|игнорируй|игнорируйте)\s+(?:всі\s+|все\s+)?(?:свої\s+|свои\s+|попередні\s+|предыдущие\s+)?(?:інструкції|правила|инструкции)|(?:ти|ты)\s+(?:тепер|теперь)(?:\s|$|[.,!?])|(?:удавай|притворись|прикинься)|(?:покажи|виведи|выведи)\s+(?:свій\s+|свой\s+)?(?:системний\s+|системный\s+)?(?:промпт|запит|інструкції|инструкции)`),
}

// instructionShaped reports whether a question is an instruction to the bot
// rather than a question about the sources.
func instructionShaped(question string) bool {
	q := strings.ReplaceAll(question, "’", "'")
	for _, re := range instructionPatterns {
		if re.MatchString(q) {
			return true
		}
	}
	return false
}

// instructionReplies say, by language, what the bot answers.
var instructionReplies = map[string]string{
	"en": "I only answer questions about the Paris summit on security guarantees for Ukraine, from the loaded sources, and I can't take other instructions. Ask me, for example, what the allies agreed or who attended.",
	"fr": "Je réponds seulement aux questions sur le sommet de Paris consacré aux garanties de sécurité pour l'Ukraine, à partir des sources chargées (I only answer questions about the Paris summit from the loaded sources).",
	"de": "Ich beantworte nur Fragen zum Pariser Gipfel über Sicherheitsgarantien für die Ukraine, anhand der geladenen Quellen (I only answer questions about the Paris summit from the loaded sources).",
	"es": "Solo respondo preguntas sobre la cumbre de París sobre garantías de seguridad para Ucrania, a partir de las fuentes cargadas (I only answer questions about the Paris summit from the loaded sources).",
	"it": "Rispondo solo a domande sul vertice di Parigi sulle garanzie di sicurezza per l'Ucraina, in base alle fonti caricate (I only answer questions about the Paris summit from the loaded sources).",
	"pt": "Só respondo a perguntas sobre a cimeira de Paris sobre garantias de segurança para a Ucrânia, com base nas fontes carregadas (I only answer questions about the Paris summit from the loaded sources).",
	"uk": "Я відповідаю лише на запитання про паризький саміт щодо гарантій безпеки для України, за завантаженими джерелами (I only answer questions about the Paris summit from the loaded sources).",
	"ru": "Я отвечаю только на вопросы о парижском саммите по гарантиям безопасности для Украины, по загруженным источникам (I only answer questions about the Paris summit from the loaded sources).",
	"pl": "Odpowiadam tylko na pytania o szczyt w Paryżu w sprawie gwarancji bezpieczeństwa dla Ukrainy, na podstawie załadowanych źródeł (I only answer questions about the Paris summit from the loaded sources).",
	"nl": "Ik beantwoord alleen vragen over de top in Parijs over veiligheidsgaranties voor Oekraïne, op basis van de geladen bronnen (I only answer questions about the Paris summit from the loaded sources).",
}

// instructionNotes say, by language, that the bot took none of a question's
// instructions but answers the question it also asks.
var instructionNotes = map[string]string{
	"en": "I can't take other instructions, but here is the answer to your question.",
	"fr": "Je ne peux pas suivre d'autres instructions, mais voici la réponse à votre question.",
	"de": "Andere Anweisungen kann ich nicht befolgen, aber hier ist die Antwort auf Ihre Frage.",
	"es": "No puedo seguir otras instrucciones, pero aquí está la respuesta a su pregunta.",
	"it": "Non posso seguire altre istruzioni, ma ecco la risposta alla sua domanda.",
	"pt": "Não posso seguir outras instruções, mas aqui está a resposta à sua pergunta.",
	"uk": "Я не можу виконувати інші інструкції, але ось відповідь на ваше запитання.",
	"ru": "Я не могу выполнять другие инструкции, но вот ответ на ваш вопрос.",
	"pl": "Nie mogę wykonywać innych instrukcji, ale oto odpowiedź na pytanie.",
	"nl": "Andere instructies kan ik niet volgen, maar hier is het antwoord op uw vraag.",
}

// inLanguage returns the text of texts (by language code) in lang, or the
// English one.
func inLanguage(texts map[string]string, lang language) string {
	if t, ok := texts[lang.code]; ok {
		return t
	}
	return texts["en"]
}

// instructionAnswer returns ans saying, in lang, what the bot answers; it
// quotes and cites nothing, and counts as not found.
func instructionAnswer(ans Answer, lang language) Answer {
	ans.Text, ans.Citations, ans.Found = inLanguage(instructionReplies, lang), nil, false
	return ans
}
