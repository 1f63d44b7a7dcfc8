package discord

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

// topicsTimeout bounds finding the suggested topics for one autocomplete:
// Discord waits 3 seconds for its answer.
const topicsTimeout = 2 * time.Second

// maxChoiceLen is Discord's limit on a choice's name and value.
const maxChoiceLen = 100

// topicChoices suggests topics for /summary in guild's scope (the shared
// sources and that server's; "" in a direct message): all of them, most
// central first, when nothing is typed; else those whose name (or another
// way the sources write it) starts with the typed text, or has a word that
// does, then those containing it, ignoring case and accents. A topic typed
// that matches none is still the user's to send.
func (b *Bot) topicChoices(ctx context.Context, guild, typed string) []*discordgo.ApplicationCommandOptionChoice {
	tctx, cancel := context.WithTimeout(ctx, topicsTimeout)
	defer cancel()
	topics, err := b.answerer.Topics(tctx, guild)
	if err != nil {
		b.log.Error("suggesting topics failed", "guild_id", guild, "err", err)
		return nil
	}
	return matchTopics(topics, typed)
}

// matchTopics returns the choices of topics that match typed, at most
// maxChoices: those whose name starts with it first, then those with a word
// that does, then those containing it.
func matchTopics(topics []bot.Topic, typed string) []*discordgo.ApplicationCommandOptionChoice {
	want := strings.Join(retrieval.Words(retrieval.Fold(typed)), " ")
	var tiers [matchStart + 1][]*discordgo.ApplicationCommandOptionChoice
	for _, t := range topics {
		m := match(t, want)
		if m == matchNone {
			continue
		}
		tiers[m] = append(tiers[m], &discordgo.ApplicationCommandOptionChoice{
			Name:  truncateRunes(safetext.Strip(t.Label), maxChoiceLen),
			Value: truncateRunes(safetext.Strip(t.Query), maxChoiceLen),
		})
	}
	all := append(append(tiers[matchStart], tiers[matchWord]...), tiers[matchContains]...)
	return all[:min(len(all), maxChoices)]
}

// How a topic matches the typed text, from worst to best.
const (
	matchNone = iota
	matchContains
	matchWord
	matchStart
)

// match tells how a topic matches want (folded words joined by spaces):
// the best of how its label, its query and its aliases do.
func match(t bot.Topic, want string) int {
	if want == "" {
		return matchStart
	}
	best := matchNone
	for _, form := range append([]string{t.Label, t.Query}, t.Aliases...) {
		words := retrieval.Words(retrieval.Fold(form))
		f := strings.Join(words, " ")
		switch {
		case strings.HasPrefix(f, want):
			return matchStart
		case strings.Contains(f, want):
			m := matchContains
			for i := 1; i < len(words); i++ {
				if strings.HasPrefix(strings.Join(words[i:], " "), want) {
					m = matchWord
				}
			}
			best = max(best, m)
		}
	}
	return best
}
