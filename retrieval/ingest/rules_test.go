package ingest

import (
	"strings"
	"testing"
)

// ruleFor names the rule that would remove or change line, looked at alone
// (so at the edge of a document, where every rule holds), or "".
func ruleFor(line string) string {
	l := normaliseLine(line)
	for _, r := range rules {
		switch r.kind {
		case stripRule:
			if containsAny(strings.ToLower(l), r.needs) && r.strip.MatchString(l) && strings.TrimSpace(r.strip.ReplaceAllString(l, r.repl)) != "" {
				return r.name
			}
		case postRule:
			if attributionRE.MatchString(l) || inlineAttributionRE.MatchString(l) {
				return r.name
			}
		}
	}
	if r, _, ok := matchLine(formsOf(l), true); ok {
		return r.name
	}
	return ""
}

// TestRules checks every rule of the table on boilerplate it must catch and
// on real article sentences that look like it, which no rule may touch.
func TestRules(t *testing.T) {
	tests := []struct {
		rule string
		drop []string // lines ruleFor must attribute to rule
		keep []string // real sentences no rule may touch
	}{
		{
			rule: "post-link",
			drop: []string{"Every delivery of air defense missiles saves lives and… pic.twitter.com/r88yCU6TUF"},
			keep: []string{"The ministry posted the photo on twitter.com and on Telegram."},
		},
		{
			rule: "caption-credit",
			drop: []string{
				"Leaders pose at the Élysée Palace in Paris, January 6, 2026. REUTERS/Sarah Meyssonnier",
				"Emmanuel Macron greets Volodymyr Zelensky. Photograph: Ludovic Marin/AFP/Getty Images",
				"Keir Starmer arrives at the Élysée. (AP Photo/Michel Euler)",
			},
			keep: []string{
				"The photo: a symbol of unity, Macron said.",
				"Reuters/Ipsos polling showed support for the plan.",
				"Support stands at 40%, a REUTERS/Ipsos poll showed.",
				"Photo opportunities were limited to a handshake on the steps of the Élysée.",
			},
		},
		{
			rule: "caption-label",
			drop: []string{"Image caption, Leaders met at the Élysée Palace on Tuesday"},
			keep: []string{"Caption writers were not told who attended."},
		},
		{
			rule: "post-attribution",
			drop: []string{"— Mark Carney (@MarkJCarney) January 6, 2026", "— Volodymyr Zelenskyy / Володимир Зеленський (@ZelenskyyUa) January 6, 2026"},
			keep: []string{"— and that, Macron said, was the point.", "Zelensky (@ZelenskyyUa) wrote on X that the talks were productive."},
		},
		{
			rule: "separator",
			drop: []string{"___", "* * *", "—"},
			keep: []string{"2026"},
		},
		{
			rule: "embed-chrome",
			drop: []string{
				"View this post on Instagram",
				"A post shared by Volodymyr Zelensky (@zelenskyy_official)",
				"Skip twitter post by Emmanuel Macron",
				"End of twitter post by Emmanuel Macron",
				"Allow X content?",
				"This article contains content provided by X. We ask for your permission before anything is loaded, as they may be using cookies and other technologies.",
				"Accept and continue",
				"https://twitter.com/ZelenskyyUa/status/1876543210987654321",
				"pic.twitter.com/r88yCU6TUF",
			},
			keep: []string{
				"He wrote on X that the coalition had made real progress.",
				"A post shared by the president's office showed the leaders at the Élysée.",
				"Zelensky shared a video of the meeting on Instagram.",
			},
		},
		{
			rule: "image-credit",
			drop: []string{
				"Photo: Ludovic Marin/AFP via Getty Images",
				"Photograph: Benoit Tessier/Reuters",
				"Image source, Getty Images",
				"Getty Images",
				"(Photo by Ludovic MARIN / POOL / AFP)",
				"REUTERS/Sarah Meyssonnier",
				"Ludovic Marin/AFP via Getty Images",
				"Photo: Ukraine's Presidential Office",
				"-7f54d6f9a1e9b10de9b3e7ee663a18d9.png)",
			},
			keep: []string{
				"Photo opportunities were limited to a handshake on the steps of the Élysée.",
				"Pictures from the summit showed Macron greeting Zelensky on the steps of the Élysée Palace.",
				"Credit rating agencies said the guarantees could lower Ukraine's borrowing costs.",
				"Reuters/Ipsos polling showed support for the plan.",
			},
		},
		{
			rule: "advertisement",
			drop: []string{"Advertisement", "- Advertisement -", "ADVERTISEMENT", "Story continues below advertisement", "Advertisement · Scroll to continue"},
			keep: []string{"Advertisers left the market.", "The advertisement campaign urged men to enlist."},
		},
		{
			rule: "share-prompt",
			drop: []string{"Share", "Share this article", "Share on Facebook Share on X", "Click to share on X (Opens in new window)", "Link copied to clipboard", "Reuse this content"},
			keep: []string{"Share prices of European defence companies rose after the summit.", "Post-war planning dominated the talks.", "Email exchanges between the envoys were not published."},
		},
		{
			rule: "newsletter-prompt",
			drop: []string{
				"Sign up for our Ukraine War Briefing newsletter",
				"Sign up to This is Europe",
				"Get weekly news and analysis on the war in Ukraine in your inbox. Sign up here.",
				"after newsletter promotion",
				"Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.",
			},
			keep: []string{
				"Twenty-six countries have signed up to the coalition's plan.",
				"Sign up to the plan, Zelensky urged allies, or Russia will attack again.",
				"More countries are expected to sign up for the monitoring mission.",
			},
		},
		{
			rule: "follow-prompt",
			drop: []string{"Follow us on Telegram", "Follow the Kyiv Independent on X", "Follow the AP's coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine", "Join us on Telegram"},
			keep: []string{"Follow-up talks are planned in Kyiv next month.", "He wrote on X that the talks were productive.", "Follow the money on Telegram, investigators said.", "Allies will follow the US lead on monitoring."},
		},
		{
			rule: "account-prompt",
			drop: []string{"Sign in", "Subscribe now", "Sign in to join the conversation", "Share your thoughts on this article", "Thoughts"},
			keep: []string{"Sign in to the ministry's portal to read the full text.", "Leaders shared their thoughts on the plan at a press conference."},
		},
		{
			rule: "page-navigation",
			drop: []string{"Skip to main content", "Listen to this article", "5 min read", "Reading time: 4 minutes", "Listen (3:12)"},
			keep: []string{"Listen to the people of Ukraine, Zelensky told the leaders.", "Zelensky said he would read more about the plan before signing."},
		},
		{
			rule: "appeal",
			drop: []string{"Every article pushes back against disinformation. Your support keeps our team in the field.", "Support independent journalism in Ukraine. Become a member today.", "Donate now"},
			keep: []string{"“Your support helps us defend our land,” Zelensky told the leaders.", "Donate weapons to Ukraine now, the minister urged.", "Macron thanked the allies for their support.",
				"The EU pledged to support independent journalism in Ukraine, the commissioner said."},
		},
		{
			rule: "disclaimer",
			drop: []string{
				"This content is AI-generated based on source articles. While we strive for accuracy, errors may occur.",
				"Anadolu Agency website contains only a portion of the news stories offered to subscribers in the AA News Broadcasting System (HAS), and in summarized form.",
				"The Associated Press receives support from several private foundations to enhance its explanatory coverage. The AP is solely responsible for all content.",
				"Our Standards: The Thomson Reuters Trust Principles.",
			},
			keep: []string{
				"Anadolu Agency reported that Türkiye would lead maritime security in the Black Sea.",
				"Kyiv is solely responsible for the defence of its territory, officials said.",
				"This content was not discussed at the summit, a diplomat said.",
			},
		},
		{
			rule: "copyright",
			drop: []string{"© 2026 The Associated Press. All rights reserved.", "Copyright 2026 Example Herald", "Copyright © Example Herald 2026"},
			keep: []string{"Copyright disputes were not on the agenda."},
		},
		{
			rule: "correction-note",
			drop: []string{
				"This article was amended on 7 January 2026 to correct the number of leaders who attended.",
				"Correction: An earlier version of this story misstated the date of the summit.",
				"Editor's note: This story has been updated with comments from the Kremlin.",
			},
			keep: []string{"This agreement was amended twice before the summit, diplomats said.", "The correction of the front line was not discussed.",
				"This report was updated in December, the UN mission said."},
		},
		{
			rule: "contributor-credit",
			drop: []string{
				"Associated Press writers Geir Moulson in Berlin and Illia Novikov in Kyiv, Ukraine contributed to this report.",
				"Jane Doe in Kyiv contributed reporting.",
				"AP writer Jill Lawless in London contributed.",
				"(Olena Kovalenko contributed to this story from Kyiv.)",
			},
			keep: []string{"Britain contributed troops.", "Germany contributed.", "Several countries contributed to the report's findings.", "Intelligence from the United States contributed to the plan."},
		},
		{
			rule: "wire-credit",
			drop: []string{
				"Reporting by John Irish and Elizabeth Pineau in Paris; Writing by Andrew Gray; Editing by Alex Richardson",
				"(Reporting by Olena Harmash in Kyiv; Editing by Mark Heinrich)",
				"Additional reporting by Anna Smith in London",
			},
			keep: []string{
				"Reporting by Le Monde indicates that France, the United Kingdom, and Türkiye will argue in Paris for the deployment of a peacekeeping or stabilization force in Ukraine.",
				"Reporting by the BBC suggested the figure was higher.",
				"Editing by hand, the diplomats revised the text overnight.",
			},
		},
		{
			rule: "byline",
			drop: []string{"By Jane Doe and Pierre Martin", "By THOMAS ADAMSON and SYLVIE CORBET", "By Jane Doe, Reuters", "By Olena Kovalenko | The Kyiv Independent", "By Jane Doe · 6 January 2026", "By Reuters", "Written by Pierre Martin", "Jane Doe | 6 January 2026"},
			keep: []string{"By Tuesday, 30 countries had pledged troops.", "By the end of the summit, leaders had agreed on a framework.", "By contrast, Italy ruled out sending troops.", "By Air And Sea", "By Tuesday Evening", "Jane Doe said on 6 January 2026 that the talks would go on."},
		},
		{
			rule: "staff-title",
			drop: []string{"Political correspondent", "Europe editor, Brussels", "Senior defense reporter"},
			keep: []string{"The correspondent said the talks ran late.", "Political editors disagreed."},
		},
		{
			rule: "outlet-line",
			drop: []string{"The Associated Press", "Reuters", "AFP"},
			keep: []string{"Reuters reported that the draft had changed overnight.", "Sources said the text was still being negotiated."},
		},
		{
			rule: "timestamp",
			drop: []string{"January 7, 2026 at 2:57PM", "Updated 3:04 PM GMT+1, January 7, 2026", "Published: 6 January 2026", "Jan 06, 2026", "Tuesday 6 January 2026 14.05 GMT", "2026-01-06"},
			keep: []string{"January 7, 2026: Ukraine’s key allies outlined a multi-layered security framework.", "On 6 January 2026, the UK, France, and Ukraine signed a Declaration of Intent.", "6 January 2026 will be remembered as a turning point, Macron said."},
		},
		{
			rule: "category-label",
			drop: []string{"Europe", "Latest news", "- Category", "WORLD"},
			keep: []string{"Europe must take the lead, Macron said."},
		},
		{
			rule: "caps-label",
			drop: []string{"LONDON", "EUROPEAN UNION"},
			keep: []string{"NATO allies met in Paris.", "PARIS — After nearly four years of war, allies praised the progress made on Tuesday."},
		},
		{
			rule: "inline-recirculation",
			drop: []string{"Read also: Zelensky says allies agreed on 'first layer' of guarantees", "Related: What the coalition of the willing has promised so far", "READ MORE: Starmer and Macron sign declaration", "Watch: Macron greets leaders at the Élysée"},
			keep: []string{"Read the full declaration on the Élysée website, officials said.", "Related talks are planned in Kyiv."},
		},
		{
			rule: "source-line",
			drop: []string{"Sources: Reuters, AFP, DW", "Source: UK Ministry of Defence"},
			keep: []string{"Sources said the draft was still being negotiated.", "Sources close to the Élysée said 35 delegations attended."},
		},
		{
			rule: "reference-list",
			drop: []string{"Sources:", "References", "## Further reading"},
			keep: []string{"Sources close to the talks said the text changed overnight."},
		},
		{
			rule: "recirculation-list",
			drop: []string{"Related Articles", "More from World", "Most read", "Must read", "Read more"},
			keep: []string{"More troops may be needed, officials said.", "Related talks are planned in Kyiv."},
		},
		{
			rule: "author-box",
			drop: []string{"about the writer", "About the authors"},
			keep: []string{"About 30 leaders attended the talks."},
		},
		{
			rule: "newsletter-box",
			drop: []string{"Skip past newsletter promotion"},
			keep: []string{"Leaders skipped past the question of troop numbers."},
		},
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if len(tt.drop) == 0 || len(tt.keep) == 0 {
				t.Errorf("rule %q needs boilerplate and real sentences to test", tt.rule)
			}
			for _, l := range tt.drop {
				if got := ruleFor(l); got != tt.rule {
					t.Errorf("ruleFor(%q) = %q, want %q", l, got, tt.rule)
				}
			}
			for _, l := range tt.keep {
				if got := ruleFor(l); got != "" {
					t.Errorf("ruleFor(%q) = %q, want no rule (a real sentence)", l, got)
				}
				if got := cleanBody(l).text; got != l {
					t.Errorf("cleanBody(%q).text = %q, want it unchanged", l, got)
				}
			}
		})
		tested[tt.rule] = true
	}
	for _, r := range rules {
		if r.reason == "" {
			t.Errorf("rule %q has no reason", r.name)
		}
		if !tested[r.name] && r.kind != repeatRule {
			t.Errorf("rule %q has no test cases", r.name)
		}
	}
}

func TestStripRules(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			in:   "Every delivery of air defense missiles saves lives and… pic.twitter.com/r88yCU6TUF",
			want: "Every delivery of air defense missiles saves lives and…",
		},
		{
			in:   "Leaders pose at the Élysée Palace in Paris, January 6, 2026. REUTERS/Sarah Meyssonnier",
			want: "Leaders pose at the Élysée Palace in Paris, January 6, 2026.",
		},
		{
			in:   "Emmanuel Macron greets Volodymyr Zelensky at the Élysée. Photograph: Ludovic Marin/AFP/Getty Images",
			want: "Emmanuel Macron greets Volodymyr Zelensky at the Élysée.",
		},
		{
			in:   "Keir Starmer arrives at the Élysée on Tuesday. (AP Photo/Michel Euler)",
			want: "Keir Starmer arrives at the Élysée on Tuesday.",
		},
		{
			in:   "Image caption, Leaders met at the Élysée Palace on Tuesday",
			want: "Leaders met at the Élysée Palace on Tuesday",
		},
	}
	for _, tt := range tests {
		if got := cleanBody(tt.in).text; got != tt.want {
			t.Errorf("cleanBody(%q).text = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCredits checks the metadata that by-lines, credit lines and time
// stamps name.
func TestCredits(t *testing.T) {
	tests := []struct {
		line      string
		authors   string
		outlet    string
		published string
	}{
		{line: "By Jane Doe and Pierre Martin", authors: "Jane Doe|Pierre Martin"},
		{line: "By THOMAS ADAMSON and SYLVIE CORBET", authors: "Thomas Adamson|Sylvie Corbet"},
		{line: "By Jane Doe, Reuters", authors: "Jane Doe", outlet: "Reuters"},
		{line: "By Olena Kovalenko | The Kyiv Independent", authors: "Olena Kovalenko", outlet: "The Kyiv Independent"},
		{line: "By Jane Doe · 6 January 2026", authors: "Jane Doe", published: "2026-01-06"},
		{line: "By Jane Doe in Kyiv, Ukraine", authors: "Jane Doe"},
		{line: "By Ursula von der Leyen and J.D. Smith", authors: "Ursula von der Leyen|J.D. Smith"},
		{line: "By Reuters staff", outlet: "Reuters"},
		{line: "Jane Doe   |06.01.2026 - Update : 07.01.2026", authors: "Jane Doe", published: "2026-01-06"},
		{line: "Reporting by John Irish and Elizabeth Pineau in Paris; Writing by Andrew Gray; Editing by Alex Richardson", authors: "John Irish|Elizabeth Pineau|Andrew Gray"},
		{line: "Associated Press writers Geir Moulson in Berlin and Illia Novikov in Kyiv, Ukraine contributed to this report.", outlet: "The Associated Press"},
		{line: "The Associated Press", outlet: "The Associated Press"},
		{line: "January 7, 2026 at 2:57PM", published: "2026-01-07"},
		{line: "Updated 3:04 PM GMT+1, January 7, 2026", published: "2026-01-07"},
		{line: "Jan 06, 2026", published: "2026-01-06"},
		{line: "Tuesday 6 January 2026 14.05 GMT", published: "2026-01-06"},
		{line: "Sept. 30th, 2025", published: "2025-09-30"},
		{line: "06.01.2026", published: "2026-01-06"}, // European order
		{line: "01/06/2026"}, // day and month order unknown
		{line: "Jan 6, 2026 10:15 PM · 4 min read", published: "2026-01-06"},
	}
	for _, tt := range tests {
		r, c, ok := matchLine(formsOf(tt.line), true)
		if !ok {
			t.Errorf("%q: no rule matches", tt.line)
			continue
		}
		if got := strings.Join(c.authors, "|"); got != tt.authors || c.outlet != tt.outlet || c.published != tt.published {
			t.Errorf("%q (%s) names authors %q, outlet %q, published %q; want %q, %q, %q",
				tt.line, r.name, got, c.outlet, c.published, tt.authors, tt.outlet, tt.published)
		}
	}
}
