package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// prose is a paragraph long enough to count as article prose.
const prose = "Leaders meeting in Paris on Tuesday agreed on a framework of security guarantees for Ukraine that would take effect after a ceasefire, officials said."

// paras returns n different paragraphs of prose (none repeating another or
// prose), separated by blank lines.
func paras(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("In paragraph %d, the leaders said the talks in Paris had made progress towards security guarantees for Ukraine after a ceasefire.", i+1)
	}
	return strings.Join(out, "\n\n")
}

func TestCleanBody(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      string
		authors   string
		outlet    string
		published string
	}{
		{
			name: "reference list at the end goes with its heading",
			in: prose + "\n\nSources:\n\nReuters, US backs security guarantees for Ukraine at summit of Kyiv’s allies in Paris, 6 January 2026\n\n" +
				"DW, Ukraine: Allies endorse ‘robust’ security guarantees, 6 January 2026",
			want: prose,
		},
		{
			name: "reference list in the middle stops at the next paragraph",
			in: prose + "\n\nReferences\n- https://www.elysee.fr/en/declaration\n- Declaration of intent, UK Government, 2026\n\n" +
				"The talks will resume in Kyiv next month.",
			want: prose + "\n\nThe talks will resume in Kyiv next month.",
		},
		{
			name: "a related heading before short paragraphs takes only itself",
			in:   "Related\n\nLeaders backed a framework of security guarantees.\n\nMacron said France could send several thousand troops.\n\nStarmer said Britain would build military hubs.",
			want: "Leaders backed a framework of security guarantees.\n\nMacron said France could send several thousand troops.\n\nStarmer said Britain would build military hubs.",
		},
		{
			name: "related teasers at the end go",
			in: paras(3) + "\n\nRelated Articles\n\nRussia announced a temporary halt to strikes on Kyiv. Is this genuine diplomacy?\n\n" +
				"Pakistan's army reports killing militants in Balochistan.\n\nThoughts\n\nShare your thoughts on this article",
			want: paras(3),
		},
		{
			name: "must read before the standfirst takes only itself and the ad",
			in:   "Must read\n\n- Advertisement -\n\nUS backs post-ceasefire guarantees as coalition plans troops\n\n" + prose,
			want: "US backs post-ceasefire guarantees as coalition plans troops\n\n" + prose,
		},
		{
			name: "read more in the middle keeps the subheading after it",
			in:   prose + "\n\nRead more\n\nWhat allies committed to\n\n" + paras(1),
			want: prose + "\n\nWhat allies committed to\n\n" + paras(1),
		},
		{
			name:    "author box names the authors",
			in:      prose + "\n\n___\n\nabout the writer\n\nabout the writer\n\nTHOMAS ADAMSON and SYLVIE CORBET\n\nThe Associated Press\n\nMore from World\n\nSee More",
			want:    prose,
			authors: "Thomas Adamson|Sylvie Corbet",
			outlet:  "The Associated Press",
		},
		{
			name: "newsletter box",
			in: prose + "\nSkip past newsletter promotion\nSign up to This is Europe\n" +
				"The most pressing stories and debates for Europeans – from identity to economics to the environment\n" +
				"Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.\n" +
				"after newsletter promotion\nThe talks will resume in Kyiv next month.",
			want: prose + "\nThe talks will resume in Kyiv next month.",
		},
		{
			name: "embedded post joined to its author",
			in: prose + "\n\nThank you to President @EmmanuelMacron for bringing together the Coalition of the Willing in Paris today. pic.twitter.com/5nDEeH7Sm6\n" +
				"— Mark Carney (@MarkJCarney) January 6, 2026\n\n" + paras(1),
			want: prose + "\n\nMark Carney (@MarkJCarney), January 6, 2026: \"Thank you to President @EmmanuelMacron for bringing together the Coalition of the Willing in Paris today.\"\n\n" + paras(1),
		},
		{
			name: "embedded post on one line",
			in:   "“We stand with Ukraine.” pic.twitter.com/abc123 — Keir Starmer (@Keir_Starmer) January 6, 2026",
			want: "Keir Starmer (@Keir_Starmer), January 6, 2026: “We stand with Ukraine.”",
		},
		{
			name: "embedded post of a picture only",
			in:   prose + "\n\npic.twitter.com/abc123\n— Keir Starmer (@Keir_Starmer) January 6, 2026\n\n" + paras(1),
			want: prose + "\n\n" + paras(1),
		},
		{
			name: "standfirst repeated in the lead, outlet and time stamp",
			in: "After nearly four years of war and continued Russian attacks, allies praised the progress made on a framework of guarantees.\n\n" +
				"The Associated Press\nJanuary 7, 2026 at 2:57PM\n\n" +
				"PARIS — After nearly four years of war and continued Russian attacks, allies praised the progress made on a framework of guarantees.",
			want:      "PARIS — After nearly four years of war and continued Russian attacks, allies praised the progress made on a framework of guarantees.",
			outlet:    "The Associated Press",
			published: "2026-01-07",
		},
		{
			name:    "by-line at the top; a wire dateline is content",
			in:      "By Jane Doe and Pierre Martin\n\nPARIS (Reuters) - " + prose + "\n\nReuters reported that the draft had changed overnight.",
			want:    "PARIS (Reuters) - " + prose + "\n\nReuters reported that the draft had changed overnight.",
			authors: "Jane Doe|Pierre Martin",
		},
		{
			name: "dates and capitals inside the article stay",
			in:   paras(9) + "\n\n6 January 2026\n\nNATO\n\nBy Jane Doe\n\n" + prose,
			want: paras(9) + "\n\n6 January 2026\n\nNATO\n\nBy Jane Doe\n\n" + prose,
		},
		{
			name:      "time stamp and credits at the end",
			in:        prose + "\n\nPublished: 6 January 2026\n\nReporting by John Irish in Paris; Editing by Alex Richardson\n\n© 2026 Reuters. All rights reserved.",
			want:      prose,
			authors:   "John Irish",
			published: "2026-01-06",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanBody(tt.in)
			if got.text != tt.want {
				t.Errorf("text =\n%s\nwant\n%s", got.text, tt.want)
			}
			if a := strings.Join(got.authors, "|"); a != tt.authors || got.outlet != tt.outlet || got.published != tt.published {
				t.Errorf("credit = %q, %q, %q; want %q, %q, %q", a, got.outlet, got.published, tt.authors, tt.outlet, tt.published)
			}
		})
	}
}
