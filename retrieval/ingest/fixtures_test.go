package ingest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestBoilerplateFixtures loads each page of testdata/boilerplate (written
// in the style of news sites, with their boilerplate) through every entry
// point for its format: ParseFile, ParseResponse, and for HTML also the
// whole page's text without the extractors. No boilerplate line may be left,
// the article's sentences must all be, and what the dropped lines named must
// be in the metadata.
func TestBoilerplateFixtures(t *testing.T) {
	tests := []struct {
		file        string
		contentType string
		// Title, Outlet, Published and Authors of the parsed file; an outlet
		// of "" is not checked for ParseResponse, which names the host.
		want      Document
		anyAuthor bool     // authors come from the page's metadata, not the cleaner
		keep      []string // article sentences (and headings) that must stay
		drop      []string // boilerplate that must go
	}{
		{
			file:        "ap-wire.txt",
			contentType: "text/plain; charset=utf-8",
			want: Document{
				Title:     "What to know about the coalition's plan for Ukraine after a ceasefire",
				Outlet:    "The Associated Press",
				Published: "2026-01-07",
				Authors:   []string{"Jane Doe", "Pierre Martin"},
			},
			keep: []string{
				"PARIS — Leaders backing Ukraine set out on Tuesday how a multinational force",
				"''We are not there yet, but we have never been this close,'' French President Emmanuel Macron told reporters after the talks.",
				"By Wednesday, at least 20 countries had said they were ready to contribute troops, aircraft or ships, officials said.",
				"Sources said the wording on U.S. support changed several times overnight.",
				"Photo opportunities were limited to a brief handshake on the steps of the palace.",
				"WHAT COMES NEXT",
				"Russia has said foreign troops in Ukraine would be legitimate targets.",
			},
			drop: []string{
				"World\n", "2:57PM", "Listen to this article", "Advertisement", "___", "contributed to this report",
				"Follow AP's coverage", "receives support", "Copyright", "about the writer", "JANE DOE",
				"More from World", "Zelenskyy says Ukraine needs", "France and Britain sign declaration", "See More",
			},
		},
		{
			file:        "anadolu.txt",
			contentType: "text/plain",
			want: Document{
				Title:     "UK, France, Ukraine set out plans for multinational force after ceasefire",
				Published: "2026-01-06",
				Authors:   []string{"Jane Doe"},
			},
			keep: []string{
				"Declaration of intent signed in Paris foresees British and French-led military hubs across Ukraine",
				"The UK, France and Ukraine on Tuesday signed a declaration of intent in Paris",
				"Anadolu Agency reported that Türkiye would lead maritime security in the Black Sea under the plan.",
				"Russia's Foreign Ministry has said any Western troops in Ukraine would be regarded as legitimate targets.",
			},
			drop: []string{"WORLD", "EUROPE", "06.01.2026", "LONDON", "Related:", "first layer", "website contains only a portion", "subscription options"},
		},
		{
			file:        "independent.md",
			contentType: "text/markdown",
			want: Document{
				Title:     "Coalition of the willing agrees on security guarantees for Ukraine",
				Published: "2026-01-06",
				Authors:   []string{"Olena Kovalenko"},
			},
			keep: []string{
				"Leaders of the coalition of the willing agreed in Paris on Jan. 6 on a framework of security guarantees for Ukraine",
				`"For the first time, we have a document that says who will do what," Zelensky said`,
				`He wrote on X that the coalition had shown "real unity"`,
				"According to the declaration, the United States will lead a ceasefire monitoring mechanism",
			},
			drop: []string{
				"Ukraine\n", "Politics", "By Olena", "4 min read", "Photo:", "Read also", "What we know about",
				"View this post", "A post shared by", "disinformation", "Become a member", "Telegram", "amended",
				"Sources", "Declaration of intent on the Multinational Force", "president.gov.ua",
			},
		},
		{
			file:        "wire.html",
			contentType: "text/html; charset=utf-8",
			want: Document{
				Title:     "Allies back post-ceasefire force for Ukraine at Paris summit",
				Outlet:    "Example Wire",
				Published: "2026-01-06",
				Authors:   []string{"John Irish", "Elizabeth Pineau", "Andrew Gray"},
			},
			keep: []string{
				"PARIS, Jan 6 (Reuters) - Leaders of about 35 countries backed plans on Tuesday",
				"Reuters reported last week that the draft had been reworked",
				"Sources said the force could number between 15,000 and 20,000 troops",
				"Reporting by Le Monde indicates that Turkey could take charge of maritime security in the Black Sea.",
				"By the end of the meeting, officials said, the text had been agreed by all delegations present.",
				`U.S. envoy Steve Witkoff said Washington "strongly stands behind" the guarantees`,
			},
			drop: []string{
				"REUTERS/", "Sign up here", "Advertisement", "Scroll to continue", "Reporting by John Irish", "Editing by",
				"Our Standards", "Share", "Click to share", "All rights reserved", "7:02 PM",
			},
		},
		{
			file:        "broadsheet.html",
			contentType: "text/html",
			want: Document{
				Title:     "UK and France sign declaration on troops for Ukraine after ceasefire",
				Outlet:    "Example Tribune",
				Published: "2026-01-06",
				Authors:   []string{"Jane Doe"},
			},
			keep: []string{
				"Britain and France have signed a declaration of intent to deploy troops to Ukraine",
				"The Canadian prime minister, Mark Carney, thanked Macron for hosting the meeting.",
				`Mark Carney (@MarkJCarney), January 6, 2026: "Thank you to President @EmmanuelMacron for bringing together the Coalition of the Willing in Paris today.`,
				"Zelensky wrote on X that the declaration was “a concrete step”",
				"Photo opportunities were kept to a minimum",
				"Italy and Germany have said they will not send ground troops to Ukraine",
			},
			drop: []string{
				"Photograph:", "Getty", "newsletter", "This is Europe", "most pressing stories", "Privacy Notice",
				"pic.twitter.com", "— Mark Carney", "amended", "earlier version", "Explore more", "Reuse this content",
				"Share\n", "\nnews",
			},
		},
		{
			file:        "public-broadcaster.html",
			contentType: "text/html",
			want: Document{
				Title:     "UK troops could go to Ukraine after ceasefire, says Starmer",
				Outlet:    "Example News",
				Published: "2026-01-06",
			},
			anyAuthor: true,
			keep: []string{
				"UK troops could be deployed to Ukraine after a ceasefire under a declaration signed in Paris",
				"The prime minister said the UK and France would lead a multinational force",
				`Zelensky said on X that the declaration was "a concrete step" towards a lasting peace.`,
				"Conservative leader Kemi Badenoch said the government needed to set out how many troops would be sent",
			},
			drop: []string{
				"Political correspondent", "Image source", "Image caption", "Skip twitter post", "Allow X content", "cookie policy",
				"Accept and continue", "End of twitter post", "Related topics", "Russia-Ukraine war", "Keir Starmer\n",
				"More on this story", "What are the security guarantees", "coalition of the willing?",
			},
		},
		{
			file:        "briefing.pdf",
			contentType: "application/pdf",
			want: Document{
				Title:   "Paris summit briefing",
				Outlet:  "The Associated Press",
				Authors: []string{"Jane Doe", "Pierre Martin"},
			},
			keep: []string{
				"European leaders met in Paris on 6 January 2026 to discuss security guarantees",
				"ceasefire monitoring mechanism led by the United States.",
				"Several governments said troop deployments need parliamentary approval.",
			},
			drop: []string{"By Jane Doe", "Advertisement", "___", "contributed to this report", "Sources", "Reuters,", "DW,", "elysee.fr", "Copyright"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFixture(t, "boilerplate/"+tt.file)
			doc, err := ParseFile(tt.file, data)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			checkFixture(t, "ParseFile", doc, tt.want, tt.anyAuthor, tt.keep, tt.drop)

			doc, err = ParseResponse(tt.contentType, "https://news.example.com/"+tt.file, data)
			if err != nil {
				t.Fatalf("ParseResponse: %v", err)
			}
			want := tt.want
			if want.Outlet == "" {
				want.Outlet = doc.Outlet
			}
			checkFixture(t, "ParseResponse", doc, want, tt.anyAuthor, tt.keep, tt.drop)

			if strings.HasSuffix(tt.file, ".html") {
				root, err := html.Parse(strings.NewReader(string(data)))
				if err != nil {
					t.Fatal(err)
				}
				page := cleanBody(renderText(root, true))
				checkText(t, "page text", page.text, tt.keep, tt.drop)
			}
		})
	}
}

// checkFixture checks a parsed fixture's metadata and text.
func checkFixture(t *testing.T, via string, got, want Document, anyAuthor bool, keep, drop []string) {
	t.Helper()
	if anyAuthor {
		want.Authors = got.Authors
	}
	if got.Title != want.Title || got.Outlet != want.Outlet || got.Published != want.Published ||
		strings.Join(got.Authors, "|") != strings.Join(want.Authors, "|") {
		t.Errorf("%s: title %q, outlet %q, published %q, authors %q; want %q, %q, %q, %q", via,
			got.Title, got.Outlet, got.Published, got.Authors, want.Title, want.Outlet, want.Published, want.Authors)
	}
	checkText(t, via, got.Text, keep, drop)
}

// checkText checks that text keeps every sentence of keep, has nothing of
// drop, and no line any rule (that holds anywhere) would remove.
func checkText(t *testing.T, via, text string, keep, drop []string) {
	t.Helper()
	for _, s := range keep {
		if !strings.Contains(text, s) {
			t.Errorf("%s: text lacks %q:\n%s", via, s, text)
		}
	}
	for _, s := range drop {
		if strings.Contains(text+"\n", s) {
			t.Errorf("%s: text contains boilerplate %q:\n%s", via, s, text)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			continue
		}
		if r, _, ok := matchLine(formsOf(l), false); ok {
			t.Errorf("%s: line %q is boilerplate (%s)", via, l, r.name)
		}
	}
}
