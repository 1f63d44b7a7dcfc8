package ingest

import (
	"regexp"
	"strings"
)

// ruleKind says how the cleaner applies a rule.
type ruleKind int

const (
	// stripRule removes the part of a line its pattern matches, keeping the
	// rest.
	stripRule ruleKind = iota
	// postRule joins an embedded post's attribution line ("— Name (@handle)
	// January 6, 2026") to the post's text on the line before it.
	postRule
	// lineRule drops a whole line.
	lineRule
	// listRule drops a heading line and the list that goes with it.
	listRule
	// repeatRule drops a paragraph the page printed twice.
	repeatRule
)

// listKind says which lines belong to the list under a listRule heading.
type listKind int

const (
	noList            listKind = iota
	referenceList              // sources, references: outlet, title, date; links
	recirculationList          // related, read more, most read: headlines and links
	authorBox                  // about the writer: names and outlet (kept as metadata)
	promoBox                   // a newsletter promotion, up to its closing marker
)

// A rule recognises one kind of boilerplate. The cleaner (cleanBody) applies
// every rule of the table to every document, whatever its format.
type rule struct {
	name   string
	reason string // why such text is not article text
	kind   ruleKind
	// edges limits a lineRule to the first lines of a document and the lines
	// after its last paragraph of prose, where mastheads and by-lines sit;
	// elsewhere such a line (a date, a name in capitals) may be content.
	edges bool
	// strip and repl make a stripRule: matches of strip become repl, unless
	// nothing would be left (then the line is for the lineRules to judge).
	strip *regexp.Regexp
	repl  string
	// match recognises a lineRule's line or a listRule's heading, and
	// returns any metadata the line names.
	match matcher
	list  listKind
	// needs, when set, is lower-case text of which a line must contain one
	// for the rule to be tried: a cheap test before costly patterns.
	needs []string
}

// matcher recognises a boilerplate line and returns what it names.
type matcher func(f lineForms) (credit, bool)

// lineForms are the forms of a line the matchers look at.
type lineForms struct {
	lower string // the line in lower case
	bare  string // the line without leading bullets or dashes
	key   string // bare, lower-case, trimmed of punctuation at both ends, separators as " - "
}

// keySeparators writes the separators inside a key as " - ".
var keySeparators = strings.NewReplacer(" · ", " - ", " | ", " - ", " – ", " - ", " — ", " - ", " • ", " - ")

// formsOf computes a line's forms.
func formsOf(line string) lineForms {
	bare := strings.TrimSpace(strings.TrimLeft(line, "-–—*•·>»› "))
	key := strings.ToLower(strings.TrimFunc(bare, func(r rune) bool {
		return r == ' ' || strings.ContainsRune("•·|-–—:›»>.!*#", r)
	}))
	key = keySeparators.Replace(key)
	return lineForms{lower: strings.ToLower(line), bare: bare, key: key}
}

// rules is the boilerplate table, applied in this order within each kind.
var rules = []rule{
	// Parts of lines.
	{
		name: "post-link", kind: stripRule,
		reason: "the short link an embedded post prints after its text; the post's words stay",
		strip:  regexp.MustCompile(`\s*\b(?:pic\.twitter\.com|https?://t\.co)/\w+`),
		needs:  []string{"pic.twitter.com", "t.co/"},
	},
	{
		name: "caption-credit", kind: stripRule,
		reason: "an image credit after a caption (\"Photograph: Name/AFP/Getty Images\", \"REUTERS/Name\", \"(AP Photo/Name)\"); the caption stays",
		strip:  regexp.MustCompile(`(?:([.!?"”’)])\s*(?:Photograph|Photo|Image|Picture|Credit|Photo credit|Image credit)s?: [^.!?]{0,80}(?:/|\bvia\b|Getty|Images|AFP|Reuters|\bAP\b|EPA|Pool|Shutterstock|Alamy|Anadolu|Handout|Press Service|Office)[^.!?]{0,60}|\s+REUTERS/\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’.-]*){0,3}|\s*\((?:AP|AFP|Reuters|Pool|EPA) Photo(?:/[^)]{2,60})?\)|\s*\((?:Photo|Image|Picture) (?:by|credit:?) [^)]{2,80}\))$`),
		repl:   "$1",
		needs:  []string{"photo", "image", "picture", "credit", "reuters/"},
	},
	{
		name: "caption-label", kind: stripRule,
		reason: "the \"Image caption,\" label some sites print before a caption",
		strip:  regexp.MustCompile(`^(?i:image caption|caption), `),
		needs:  []string{"caption"},
	},

	// Embedded posts.
	{
		name: "post-attribution", kind: postRule,
		reason: "an embedded post's \"— Name (@handle) date\" line is chrome, but who said the post's words is content: it is joined to them as \"Name (@handle), date: \\\"words\\\"\"",
	},

	// Whole lines.
	{
		name: "separator", kind: lineRule,
		reason: "rules and ornaments (\"___\", \"* * *\") with no letters or digits",
		match:  noLetters,
	},
	{
		name: "embed-chrome", kind: lineRule,
		reason: "the frame of an embedded post or video: consent prompts, \"View this post on Instagram\", \"A post shared by …\", links to the post",
		match: anyOf(
			phrases("view this post on instagram", "view more on instagram", "watch on youtube", "watch on x",
				"accept and continue", "open in telegram", "view on threads", "view on bluesky"),
			pattern(`an? (?:post|photo|video|reel) shared by [^()]{2,80}\(@[\w.]{1,60}\)`,
				`(?:skip|end of) (?:twitter|x|instagram|facebook|youtube|tiktok|telegram|bluesky|threads) (?:post|content|video)\b.{0,100}`,
				`allow (?:twitter|x|instagram|facebook|youtube|tiktok|telegram|bluesky|threads) content\??`,
				`this (?:article|page) contains content provided by .{0,500}`,
				`(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w+`,
				`https?://(?:www\.|mobile\.)?(?:twitter\.com|x\.com|instagram\.com|facebook\.com|t\.me|youtube\.com|youtu\.be|tiktok\.com|bsky\.app|threads\.net)/\S*`),
		),
	},
	{
		name: "image-credit", kind: lineRule,
		reason: "image credits and the debris of image links",
		match: anyOf(
			phrases("getty images", "afp via getty images", "shutterstock", "alamy", "ap photo", "reuters photo", "file photo"),
			pattern(`(?:photograph|photo|image|picture|credit|photo credit|image credit|illustration)s?\s*:\s*[^.!?]{1,100}`,
				`image source\s*,\s*[^.!?]{1,100}`,
				`\(?(?:photo|image|picture)s? by [^.!?]{2,80}\)?`,
				`\(?(?-i:(?:REUTERS|Reuters|AFP|AP|EPA(?:-EFE)?|Anadolu|Ukrinform|Pool) ?/ ?`+creditName+`)\)?`,
				`(?-i:`+creditName+` ?/ ?(?:AFP|AP|Reuters|REUTERS|EPA(?:-EFE)?|Getty Images|Pool|POOL|Anadolu|Sipa|Abaca|dpa)(?: ?/ ?\p{Lu}[\p{L}]*(?: \p{Lu}[\p{L}]*)?| via Getty Images)*)`,
				`\S*\.(?:png|jpe?g|gif|webp|svg|avif)(?:\?\S*)?\)?`),
		),
	},
	{
		name: "advertisement", kind: lineRule,
		reason: "advertising slots and their labels",
		match: phrases("advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
			"paid content", "partner content", "ad feedback", "advertisement - scroll to continue", "scroll to continue", "scroll to continue with content",
			"story continues below advertisement", "article continues below advertisement",
			"article continues after advertisement", "article continues below this ad", "continue reading below",
			"continue reading", "continue reading the main story"),
	},
	{
		name: "share-prompt", kind: lineRule,
		reason: "share buttons and their labels",
		match: anyOf(
			phrases("share", "share this", "share this article", "share this story", "share article", "share full article",
				"link copied", "link copied to clipboard", "copy link", "copy url", "reuse this content", "like this",
				"like loading", "gift this article", "gift article"),
			pattern(`click to (?:share|email|print)\b[^.]{0,80}`,
				`(?:(?:share|tweet|post|email|e-mail|print|copy link)(?: (?:this|the) (?:article|story|page|post))?(?: (?:on|via|to) (?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|bluesky|threads|email|e-mail|messenger))?[ :]*)+`),
		),
	},
	{
		name: "newsletter-prompt", kind: lineRule,
		reason: "newsletter sign-up prompts",
		match: anyOf(
			phrases("sign up here", "newsletter promotion", "after newsletter promotion", "subscribe to our newsletter",
				"sign up for our newsletter", "sign up to our newsletter", "get our newsletter"),
			pattern(`.{0,120}\bsign(?:ing)? up (?:for|to) (?:our|the|this|my)?\b.{0,60}\bnewsletters?\b.{0,120}`,
				`.{0,160}\bsign up here\.?`,
				`sign up (?:to|for) (?-i:\p{Lu})[^.!?]{0,50}`,
				`privacy notice: newsletters? .{0,400}`),
		),
		needs: []string{"sign up", "newsletter", "subscribe", "get our"},
	},
	{
		name: "follow-prompt", kind: lineRule,
		reason: "invitations to follow the outlet on social media or elsewhere",
		match: pattern(
			`(?:for more news, )?follow (?:us|@\w+|our [\p{L}'’ ]{1,30}|(?-i:(?:[Tt]he )?\p{Lu}[\p{L}'’]*(?: \p{Lu}[\p{L}'’]*){0,4})) on (?:twitter|x|facebook|telegram|instagram|whatsapp|google news|linkedin|threads|bluesky|youtube|tiktok)\b.{0,80}`,
			`follow .{0,60}\bcoverage of .{0,120}\b(?:at|on) (?:https?://\S+|\S+\.\w{2,}\S*)\.?`,
			`join (?:us|our \w+) on (?:telegram|whatsapp|facebook|x|twitter)\b.{0,60}`),
		needs: []string{"follow", "join"},
	},
	{
		name: "account-prompt", kind: lineRule,
		reason: "sign-in, subscription and comment prompts",
		match: phrases("sign in", "sign up", "log in", "login", "register", "sign in to continue", "subscribe",
			"subscribe now", "subscribe today", "create an account", "create a free account", "already a subscriber",
			"already have an account", "sign in to join the conversation", "join the conversation", "comments",
			"view comments", "show comments", "leave a comment", "post a comment", "share your thoughts",
			"share your thoughts on this article", "thoughts"),
	},
	{
		name: "page-navigation", kind: lineRule,
		reason: "navigation, cookie and reading-aid controls",
		match: anyOf(
			phrases("skip to main content", "skip to content", "skip to navigation", "back to top", "accept cookies",
				"accept all cookies", "cookie settings", "manage cookies", "show more", "see more", "load more",
				"menu", "close", "search", "save", "save article", "bookmark", "listen to this article",
				"listen to article", "opens in new tab", "opens in new window", "loading", "font size", "text size"),
			pattern(`\d{1,2} ?min(?:ute)?s? read`, `reading time:? ?\d{1,2} ?min(?:ute)?s?`,
				`listen(?: to (?:this )?article)?,? ?\(?\d{1,2}(?::\d{2}| ?min(?:ute)?s?)\)?`),
		),
	},
	{
		name: "appeal", kind: lineRule,
		reason: "donation and membership appeals",
		match: pattern(
			`.{0,120}\byour support (?:keeps|helps|makes|allows|enables|means) (?:our|us|independent|the) (?:team|journalism|newsroom|reporting|reporters|work|journalists)\b.{0,120}`,
			`(?:please |help us |you can )?support (?:our|independent) journalism\b.{0,160}`,
			`(?:become a (?:member|patron|subscriber)|donate)(?: now| today)?(?: to (?:us|our [\p{L} ]{1,30}|support [\p{L} ]{1,30}))?[.!]?`),
		needs: []string{"support", "member", "patron", "subscriber", "donate"},
	},
	{
		name: "disclaimer", kind: lineRule,
		reason: "the site's notices about itself: AI-generated text, subscriptions, funding, standards, opinions",
		match: pattern(
			`this (?:content|article|summary|text|story) (?:is|was|has been) (?:ai-generated|generated (?:by|with|using) (?:ai|artificial intelligence)|produced (?:with|by|using) (?:ai|artificial intelligence))\b.{0,300}`,
			`ai-generated summary\.?`,
			`anadolu agency website contains only a portion of the news\b.{0,300}`,
			`.{0,200}\breceives (?:financial )?support from .{0,300}\bsolely responsible for all content\b.{0,200}`,
			`our standards: the thomson reuters trust principles\.?`,
			`the (?:views|opinions) expressed in this (?:article|column|opinion piece|piece) are (?:those of the author|the author's own)\b.{0,200}`),
		needs: []string{"generated", "anadolu", "solely responsible", "standards", "views", "opinions"},
	},
	{
		name: "copyright", kind: lineRule,
		reason: "copyright notices",
		match:  pattern(`(?:©|\(c\) ?\d{4}|copyright (?:©|\(c\)|\d{4})).{0,250}`, `.{0,200}\ball rights reserved\b.{0,200}`),
		needs:  []string{"©", "copyright", "(c)", "rights reserved"},
	},
	{
		name: "correction-note", kind: lineRule,
		reason: "notes about later edits of the article, not news",
		match: pattern(
			`this (?:article|story|piece) (?:was|has been) (?:amended|updated|corrected|edited|changed)\b.{0,400}`,
			`(?:correction|clarification|editor's note|editor’s note)(?: \([^)]{1,40}\))?: .{0,400}`),
		needs: []string{"amended", "updated", "corrected", "edited", "changed", "correction", "clarification", "note"},
	},
	{
		name: "contributor-credit", kind: lineRule,
		reason: "credit lines naming contributing reporters (\"… contributed to this report\"); an outlet they name goes to the source record",
		match:  contributorCredit,
		needs:  []string{"contributed"},
	},
	{
		name: "wire-credit", kind: lineRule,
		reason: "wire credits (\"Reporting by …; Editing by …\"); reporters and writers go to the source record as authors",
		match:  wireCredit,
		needs:  []string{" by "},
	},
	{
		name: "byline", kind: lineRule, edges: true,
		reason: "the by-line (\"By Jane Doe and Pierre Martin, Reuters\"); names and outlet go to the source record",
		match:  byline,
	},
	{
		name: "staff-title", kind: lineRule, edges: true,
		reason: "a reporter's job title under the by-line (\"Political correspondent\", \"Europe editor, Brussels\")",
		match:  pattern(`(?:(?:senior|chief|deputy|international|diplomatic|political|defence|defense|security|europe|world|foreign|global|staff|special|contributing|\p{L}+ affairs) ){1,2}(?:correspondent|editor|reporter|writer|journalist|columnist|analyst)(?:, [\p{L} ]{2,30})?`),
	},
	{
		name: "outlet-line", kind: lineRule, edges: true,
		reason: "the outlet's name alone on a line (\"The Associated Press\"); it goes to the source record",
		match:  outletLine,
	},
	{
		name: "timestamp", kind: lineRule, edges: true,
		reason: "a date or time alone on a line (\"January 7, 2026 at 2:57PM\", \"Updated 14:05 GMT, 6 January 2026\"); the date goes to the source record",
		match:  timestamp,
	},
	{
		name: "category-label", kind: lineRule,
		reason: "section and category labels alone on a line (\"World\", \"Europe\", \"Latest news\")",
		match: phrases("category", "categories", "world", "europe", "politics", "news", "latest news", "breaking news",
			"breaking", "world news", "europe news", "uk news", "us news", "top news", "headlines", "ukraine", "russia",
			"war in ukraine", "russia-ukraine war", "russia-ukraine", "russia ukraine war", "ukraine war",
			"russia's war in ukraine", "opinion", "analysis", "explainer", "exclusive", "live", "live updates",
			"features", "business", "defence", "defense", "diplomacy", "international", "middle east", "americas",
			"asia", "africa", "national", "global", "uk", "us", "tags", "topics"),
	},
	{
		name: "caps-label", kind: lineRule, edges: true,
		reason: "a short label in capitals at the top or bottom of a page (\"WORLD\", a \"LONDON\" dateline)",
		match:  capsLabel,
	},
	{
		name: "inline-recirculation", kind: lineRule,
		reason: "a link to another article inside the text (\"Read also: …\", \"Related: …\")",
		match:  pattern(`(?:related|read more|read also|also read|see also|must read|more on this|recommended|watch|listen|related (?:article|story|coverage|content|reading))\s*:\s*\S.{0,200}`),
		needs:  []string{":"},
	},
	{
		name: "source-line", kind: lineRule,
		reason: "a one-line list of sources or credits (\"Sources: Reuters, AFP\")",
		match:  pattern(`(?:sources?|credits?)\s*:\s*\S.{0,150}`),
		needs:  []string{":"},
	},

	// Headings with their lists.
	{
		name: "reference-list", kind: listRule, list: referenceList,
		reason: "a \"Sources:\" or \"References\" heading and the list of references (outlet, title, date; links) after it",
		match: phrases("sources", "source", "references", "bibliography", "works cited", "citations",
			"sources and references", "references and sources", "notes and sources", "further reading",
			"external links", "links", "source list"),
	},
	{
		name: "recirculation-list", kind: listRule, list: recirculationList,
		reason: "\"Related\", \"Read more\", \"Most read\" and similar headings with the links or teasers after them",
		match: anyOf(
			phrases("related", "related articles", "related stories", "related coverage", "related content",
				"related news", "related topics", "related posts", "related reading", "read more", "read also",
				"also read", "read next", "see also", "more articles", "more stories", "more news",
				"more on this story", "more on this topic", "most read", "most popular", "most viewed", "most shared",
				"recommended", "recommended for you", "recommended stories", "recommended articles",
				"you may also like", "you might also like", "you may be interested in", "top stories",
				"editor's picks", "editors' picks", "editor’s picks", "what to read next", "must read",
				"latest article", "latest articles", "latest stories", "explore more on these topics",
				"suggested topics", "keep reading", "trending", "trending now"),
			pattern(`more (?:from|on|in|about) [\p{L}'’ &-]{2,30}`),
		),
	},
	{
		name: "author-box", kind: listRule, list: authorBox,
		reason: "an \"About the writer\" box; the names and outlet in it go to the source record",
		match: phrases("about the writer", "about the writers", "about the author", "about the authors",
			"about the reporter", "about the reporters"),
	},
	{
		name: "newsletter-box", kind: listRule, list: promoBox,
		reason: "a newsletter promotion between \"Skip past newsletter promotion\" and \"after newsletter promotion\"",
		match:  phrases("skip past newsletter promotion"),
	},

	// Whole paragraphs.
	{
		name: "repeated-paragraph", kind: repeatRule,
		reason: "a paragraph the page printed twice is kept once; a standfirst that the lead repeats after its dateline goes",
	},
}

// creditName matches a photographer's name in an image credit: one to four
// capitalised words ("Ludovic Marin", "Ludovic MARIN").
const creditName = `\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’.-]*){0,3}`

// phrases matches lines whose key is one of ps.
func phrases(ps ...string) matcher {
	set := make(map[string]bool, len(ps))
	for _, p := range ps {
		set[p] = true
	}
	return func(f lineForms) (credit, bool) { return credit{}, set[f.key] }
}

// pattern matches lines whose bare form matches one of the expressions
// entirely, ignoring case.
func pattern(exprs ...string) matcher {
	res := make([]*regexp.Regexp, len(exprs))
	for i, e := range exprs {
		res[i] = regexp.MustCompile(`(?i)^(?:` + e + `)$`)
	}
	return func(f lineForms) (credit, bool) {
		for _, re := range res {
			if re.MatchString(f.bare) {
				return credit{}, true
			}
		}
		return credit{}, false
	}
}

// anyOf matches lines any of ms matches.
func anyOf(ms ...matcher) matcher {
	return func(f lineForms) (credit, bool) {
		for _, m := range ms {
			if c, ok := m(f); ok {
				return c, true
			}
		}
		return credit{}, false
	}
}

// noLetters matches lines without a letter or digit.
func noLetters(f lineForms) (credit, bool) {
	return credit{}, !strings.ContainsFunc(f.bare, isAlnum)
}
