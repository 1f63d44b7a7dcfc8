package discord

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot"
)

// summitTopics are topics as the engine suggests them for the built-in corpus.
var summitTopics = []bot.Topic{
	{Label: "Russia", Query: "Russia", Kind: bot.TopicCountry, Sources: 5, Aliases: []string{"Russian", "Moscow", "Kremlin"}},
	{Label: "United States", Query: "United States", Kind: bot.TopicCountry, Sources: 5, Aliases: []string{"U.S", "US", "Washington"}},
	{Label: "France", Query: "France", Kind: bot.TopicCountry, Sources: 5, Aliases: []string{"French"}},
	{Label: "United Kingdom", Query: "United Kingdom", Kind: bot.TopicCountry, Sources: 5, Aliases: []string{"UK", "British", "Britain"}},
	{Label: "Emmanuel Macron", Query: "Emmanuel Macron", Kind: bot.TopicPerson, Sources: 5, Aliases: []string{"Macron"}},
	{Label: "military hubs", Query: "military hubs", Kind: bot.TopicSubject, Sources: 4},
	{Label: "multinational force", Query: "multinational force", Kind: bot.TopicSubject, Sources: 3},
	{Label: "Türkiye", Query: "Türkiye", Kind: bot.TopicCountry, Sources: 2, Aliases: []string{"Turkey"}},
	{Label: "Élysée Palace", Query: "Élysée Palace", Kind: bot.TopicName, Sources: 2},
	{Label: "foreign troops", Query: "foreign troops", Kind: bot.TopicSubject, Sources: 2},
}

// choiceValues returns the values of an autocomplete result's choices.
func choiceValues(t *testing.T, c restCall) []string {
	t.Helper()
	var out []string
	for _, ch := range choices(t, c) {
		out = append(out, fmt.Sprint(ch.Value))
	}
	return out
}

func TestSummaryAutocomplete(t *testing.T) {
	many := append([]bot.Topic(nil), summitTopics...)
	for i := len(many); i < 30; i++ {
		many = append(many, bot.Topic{Label: fmt.Sprintf("topic %02d", i), Query: fmt.Sprintf("topic %02d", i)})
	}
	tests := []struct {
		name   string
		topics []bot.Topic
		typed  string
		want   []string
	}{
		{"nothing typed: the first ones", summitTopics, "", []string{"Russia", "United States", "France", "United Kingdom",
			"Emmanuel Macron", "military hubs", "multinational force", "Türkiye", "Élysée Palace", "foreign troops"}},
		{"at most 25", many, "", append(topicValues(summitTopics), "topic 10", "topic 11", "topic 12", "topic 13", "topic 14",
			"topic 15", "topic 16", "topic 17", "topic 18", "topic 19", "topic 20", "topic 21", "topic 22", "topic 23", "topic 24")},
		{"prefix, any case", summitTopics, "UNITED", []string{"United States", "United Kingdom"}},
		{"a word's prefix", summitTopics, "macr", []string{"Emmanuel Macron"}},
		{"prefix before contains", summitTopics, "for", []string{"foreign troops", "multinational force"}},
		{"another way the sources write it", summitTopics, "brit", []string{"United Kingdom"}},
		{"without accents", summitTopics, "turkiye", []string{"Türkiye"}},
		{"accents typed", summitTopics, "élysée", []string{"Élysée Palace"}},
		{"spaces and punctuation ignored", summitTopics, "  military   hubs ", []string{"military hubs"}},
		{"contains", summitTopics, "ance", []string{"France"}},
		{"no match: the user's own topic", summitTopics, "hungary", nil},
		{"no topics", nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, &fakeAnswerer{topicList: tt.topics}, newFakeLibrary(), nil)
			ac := autocomplete(regular("u1"), "summary", focusedOpt("topic", tt.typed))
			tb.interact(t, ac)
			calls := tb.rest.matching(onInteraction(ac))
			if len(calls) != 1 {
				t.Fatalf("%d calls, want 1:\n%s", len(calls), tb.rest.dump())
			}
			if got := choiceValues(t, calls[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("choices = %q, want %q", got, tt.want)
			}
		})
	}
}

func topicValues(ts []bot.Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Query)
	}
	return out
}

// TestSummaryAutocompleteScope checks that the choices are those of the
// asker's scope: the server's, or the shared sources' in a direct message.
func TestSummaryAutocompleteScope(t *testing.T) {
	a := &fakeAnswerer{topicsFn: func(_ context.Context, guild string) ([]bot.Topic, error) {
		ts := []bot.Topic{{Label: "France", Query: "France"}}
		if guild == "900" {
			ts = append(ts, bot.Topic{Label: "Giorgia Meloni", Query: "Giorgia Meloni"})
		}
		return ts, nil
	}}
	tb := newTestBot(t, a, newFakeLibrary(), nil)
	inServer := inGuild(autocomplete(regular("u1"), "summary", focusedOpt("topic", "")), "900")
	inDM := autocomplete(regular("u1"), "summary", focusedOpt("topic", ""))
	inDM.GuildID, inDM.User, inDM.Member = "", inDM.Member.User, nil
	tb.interact(t, inServer)
	tb.interact(t, inDM)
	if got, want := a.topicScopes(), []string{"900", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("Topics scopes = %q, want %q", got, want)
	}
	if got, want := choiceValues(t, tb.rest.matching(onInteraction(inServer))[0]), []string{"France", "Giorgia Meloni"}; !reflect.DeepEqual(got, want) {
		t.Errorf("in the server: %q, want %q", got, want)
	}
	if got, want := choiceValues(t, tb.rest.matching(onInteraction(inDM))[0]), []string{"France"}; !reflect.DeepEqual(got, want) {
		t.Errorf("in a direct message: %q, want %q", got, want)
	}
}

func TestSummaryAutocompleteFailure(t *testing.T) {
	a := &fakeAnswerer{topicsFn: func(context.Context, string) ([]bot.Topic, error) {
		return nil, errors.New("topics: load src-1: disk on fire")
	}}
	tb := newTestBot(t, a, newFakeLibrary(), nil)
	ac := autocomplete(regular("u1"), "summary", focusedOpt("topic", "fr"))
	tb.interact(t, ac)
	calls := tb.rest.matching(onInteraction(ac))
	if len(calls) != 1 || len(choices(t, calls[0])) != 0 {
		t.Fatalf("autocomplete after a failure =\n%s\nwant no choices", tb.rest.dump())
	}
	if l := tb.logs.String(); !strings.Contains(l, "suggesting topics failed") || !strings.Contains(l, "disk on fire") {
		t.Errorf("the failure was not logged:\n%s", l)
	}
}

// TestSummaryChoicesFit checks that long topics fit Discord's limits on a
// choice's name and value.
func TestSummaryChoicesFit(t *testing.T) {
	long := strings.Repeat("guarantee ", 20)
	got := matchTopics([]bot.Topic{{Label: long, Query: long}}, "guar")
	if len(got) != 1 {
		t.Fatalf("%d choices, want 1", len(got))
	}
	if n := len([]rune(got[0].Name)); n != maxChoiceLen {
		t.Errorf("choice name of %d characters, want %d", n, maxChoiceLen)
	}
	if n := len([]rune(fmt.Sprint(got[0].Value))); n != maxChoiceLen {
		t.Errorf("choice value of %d characters, want %d", n, maxChoiceLen)
	}
}
