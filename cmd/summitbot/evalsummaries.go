package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/eval"
)

// evalSummaries summarizes each topic of a nugget file and prints nugget
// recall and length, per summary and in total.
func (a *app) evalSummaries(ctx context.Context, file, corpus string, asJSON bool) error {
	f, err := os.Open(file)
	if err != nil {
		return usagef("eval: %v", err)
	}
	cases, err := eval.ReadSummaryCases(f)
	f.Close()
	if err != nil {
		return usagef("eval: %s: %v", file, err)
	}
	c, done, err := a.evalCore(ctx, corpus)
	if err != nil {
		return err
	}
	defer done()
	summarize := func(ctx context.Context, topic string) (eval.Summary, error) {
		ans, err := c.engine.Summarize(ctx, bot.SummaryRequest{Topic: topic}, nil)
		if err != nil {
			return eval.Summary{}, err
		}
		return eval.Summary{Text: ans.Text, Found: ans.Found, MessageLen: bot.RenderedLen(ans)}, nil
	}
	rep, err := eval.RunSummaries(ctx, cases, summarize)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if asJSON {
		return a.printJSON(rep)
	}
	fmt.Fprintf(a.stdout, "summaries: %d (%s mode, %d sources)\n", len(rep.Summaries), c.engine.Mode(), len(c.idx.Sources()))
	fmt.Fprintln(a.stdout, "id            nuggets  recall  chars  message  one message  missed")
	for _, r := range rep.Summaries {
		fits := "yes"
		if !r.FitsOne {
			fits = "NO"
		}
		fmt.Fprintf(a.stdout, "%-13s %2d of %-2d %5.0f%%  %5d  %7d  %-11s  %s\n", r.ID, r.Held, r.Nuggets, 100*r.Recall, r.Chars, r.MessageLen, fits, listOrNone(r.Missed))
		if len(r.Forbidden) > 0 {
			fmt.Fprintf(a.stdout, "  off topic: %s\n", strings.Join(r.Forbidden, "; "))
		}
		for _, d := range r.Dangling {
			fmt.Fprintf(a.stdout, "  needs the sentence before: %s\n", d)
		}
	}
	fits := "yes"
	if !rep.AllFit {
		fits = "no"
	}
	fmt.Fprintf(a.stdout, "total: %d of %d nuggets (%.0f%%); every summary fits one message: %s; bullets needing the sentence before: %d; off-topic strings: %d\n", rep.Held, rep.Nuggets, 100*rep.Recall, fits, rep.Dangling, rep.Forbidden)
	return nil
}
