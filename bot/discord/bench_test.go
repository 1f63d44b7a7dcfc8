package discord

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
)

// BenchmarkInteractionLatency measures, through real discordgo against the
// fake Discord, the time from dispatching INTERACTION_CREATE to the deferral
// and to the final edit, with an answerer that takes a fixed 50ms, for 1 and
// 50 questions dispatched at once. Each op is one batch.
func BenchmarkInteractionLatency(b *testing.B) {
	const answerLatency = 50 * time.Millisecond
	for _, concurrent := range []int{1, 50} {
		b.Run(fmt.Sprintf("concurrent=%d", concurrent), func(b *testing.B) {
			a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
				select {
				case <-time.After(answerLatency):
				case <-ctx.Done():
					return bot.Answer{}, ctx.Err()
				}
				return cannedAnswer("", "Answer [1]"), nil
			}}
			h := startBot(b, a, newFakeLibrary(), func(c *Config) {
				c.RateLimit = RateLimit{Requests: -1}
				c.MaxConcurrent = concurrent
			})
			f := h.fake
			var toDefer, toFinal []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				batch := make([]*discordtest.Interaction, concurrent)
				sent := make([]time.Time, concurrent)
				for j := range batch {
					batch[j] = f.Slash(discordtest.RegularMember(fmt.Sprint("u", j)), "ask", discordtest.StringOption("question", "q"))
					sent[j] = time.Now()
					f.DispatchInteraction(b, batch[j])
				}
				for j, in := range batch {
					deferral := f.WaitFor(b, discordtest.IsCallback(in), wait)
					final := f.WaitFor(b, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
					toDefer = append(toDefer, deferral.Time.Sub(sent[j]))
					toFinal = append(toFinal, final.Time.Sub(sent[j]))
				}
			}
			b.StopTimer()
			b.ReportMetric(meanMS(toDefer), "ms-to-defer")
			b.ReportMetric(percentileMS(toDefer, 0.95), "p95-ms-to-defer")
			b.ReportMetric(meanMS(toFinal), "ms-to-final")
			b.ReportMetric(percentileMS(toFinal, 0.95), "p95-ms-to-final")
		})
	}
}

func meanMS(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return float64(sum) / float64(len(ds)) / float64(time.Millisecond)
}

func percentileMS(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[int(p*float64(len(s)-1))]) / float64(time.Millisecond)
}
