package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/eval"
	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

func (a *app) ask(ctx context.Context, args []string) error {
	fs := a.newFlags("ask")
	asJSON := fs.Bool("json", false, "print JSON")
	k := kVar(fs, defaultAskK, "draw on `N` passages")
	guild := guildFlag(fs)
	pos, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	question, err := a.question(pos)
	if err != nil {
		return err
	}
	c, err := a.openCore(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	q := bot.Question{Text: question, Guild: *guild}
	if k.given() {
		q.K = k.n // else the engine's own choice (defaultAskK, more for extractive answers)
	}
	ans, err := c.engine.Ask(ctx, q, nil)
	if err != nil {
		return a.engineError("ask", err)
	}
	return a.printAnswer(ans, *asJSON)
}

// friendlyError shows the user a sentence (bot.Friendly) for an error whose
// detail went to the log.
type friendlyError struct {
	msg string
	err error
}

func (e *friendlyError) Error() string { return e.msg }
func (e *friendlyError) Unwrap() error { return e.err }

// engineError logs an error from the engine with its detail and returns it
// worded for the user: no raw Go error reaches the terminal. The wording can
// quote a file name or an id, so it goes through safetext.Clean.
func (a *app) engineError(cmd string, err error) error {
	if _, ok := bot.Message(err); !ok {
		a.log.Error(cmd+" failed", "err", err)
	}
	return &friendlyError{msg: safetext.Clean(bot.Friendly(err)), err: err}
}

// printAnswer writes an answer as JSON, or for a terminal: the notice that
// the model failed, if it did, then the text, the sources, and a footer
// saying how the answer was made. Text from sources or the model goes
// through safetext.Clean on the terminal; JSON carries it as it is.
func (a *app) printAnswer(ans bot.Answer, asJSON bool) error {
	if asJSON {
		if ans.Citations == nil {
			ans.Citations = []bot.Citation{}
		}
		return a.printJSON(ans)
	}
	if n := ans.Notice(); n != "" {
		fmt.Fprintln(a.stdout, n)
		fmt.Fprintln(a.stdout)
	}
	fmt.Fprintln(a.stdout, safetext.Clean(ans.Text))
	if len(ans.Citations) > 0 {
		fmt.Fprintln(a.stdout, "\nSources:")
		for _, c := range ans.Citations {
			line := fmt.Sprintf("[%d] %s", c.N, safetext.Clean(c.Title))
			var meta []string
			if c.Outlet != "" {
				meta = append(meta, safetext.Clean(c.Outlet))
			}
			if c.Published != "" {
				meta = append(meta, safetext.Clean(c.Published))
			}
			if len(meta) > 0 {
				line += " — " + strings.Join(meta, ", ")
			}
			if c.URL != "" {
				line += " <" + safetext.Clean(c.URL) + ">"
			}
			fmt.Fprintln(a.stdout, line)
			fmt.Fprintf(a.stdout, "    “%s”\n", safetext.Clean(c.Quote))
		}
	}
	if f := a.footer(ans); f != "" {
		fmt.Fprintln(a.stdout, "\n("+f+")")
	}
	return nil
}

// footer says how an answer was made: by the model only when the model
// wrote it (or replied that the sources do not say), "quoted from the
// sources" only when it quotes them. A "not found" decided without the
// model, with one configured, needs no footer: its text says it all.
func (a *app) footer(ans bot.Answer) string {
	quoted := ans.Found && len(ans.Citations) > 0
	switch {
	case ans.Mode == bot.ModeLLM:
		return "answered by the language model " + a.cfg.LLMModel
	case !a.cfg.llmEnabled() && quoted:
		return "extractive mode: quoted from the sources; set LLM_API_KEY or LLM_BASE_URL for written answers"
	case !a.cfg.llmEnabled():
		return "extractive mode; set LLM_API_KEY or LLM_BASE_URL for written answers"
	case quoted:
		return "quoted from the sources"
	}
	return ""
}

// searchResult is one line of `search --json`.
type searchResult struct {
	Rank     int     `json:"rank"`
	Score    float64 `json:"score"`
	SourceID string  `json:"source_id"`
	Title    string  `json:"title"`
	URL      string  `json:"url"`
	ChunkID  string  `json:"chunk_id"`
	Text     string  `json:"text"`
}

func (a *app) search(ctx context.Context, args []string) error {
	fs := a.newFlags("search")
	asJSON := fs.Bool("json", false, "print JSON")
	k := kVar(fs, retrieval.DefaultK, "return `N` passages")
	modeName := fs.String("mode", "hybrid", "search `MODE`: hybrid, dense or bm25 (bm25 needs no embedding)")
	guild := guildFlag(fs)
	pos, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	mode, err := retrieval.ParseMode(*modeName)
	if err != nil {
		return &usageError{err}
	}
	query, err := a.question(pos)
	if err != nil {
		return err
	}
	open := a.openCore
	if mode == retrieval.Lexical {
		open = a.openOffline
	}
	c, err := open(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	hits, err := c.idx.Search(ctx, query, retrieval.SearchOptions{K: k.n, Mode: mode, Guild: *guild})
	if err != nil {
		return a.engineError("search", err)
	}
	out := make([]searchResult, len(hits))
	for i, h := range hits {
		out[i] = searchResult{Rank: h.Rank, Score: h.Score, SourceID: h.Source.ID, Title: h.Source.Title, URL: h.Source.URL, ChunkID: h.Chunk.ID, Text: h.Chunk.Text}
	}
	if *asJSON {
		return a.printJSON(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "No passages matched.")
	}
	for _, r := range out {
		fmt.Fprintf(a.stdout, "%d. [%.4f] %s (%s)\n   %s\n\n", r.Rank, r.Score, safetext.Clean(r.Title), safetext.Clean(r.ChunkID),
			strings.ReplaceAll(safetext.Clean(r.Text), "\n", "\n   "))
	}
	return nil
}

func (a *app) summary(ctx context.Context, args []string) error {
	fs := a.newFlags("summary")
	asJSON := fs.Bool("json", false, "print JSON")
	topics := fs.Bool("topics", false, "list the suggested topics instead, with how many sources name each")
	guild := guildFlag(fs)
	pos, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	if *topics {
		if len(pos) > 0 {
			return usagef("summary: --topics lists the topics; give no topic with it")
		}
		return a.listTopics(ctx, *guild, *asJSON)
	}
	topic := strings.Join(pos, " ")
	if len([]rune(topic)) > bot.MaxQuestionLen {
		return &usageError{bot.ErrQuestionTooLong}
	}
	c, err := a.openCore(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	ans, err := c.engine.Summarize(ctx, bot.SummaryRequest{Topic: topic, Guild: *guild}, nil)
	if err != nil {
		return a.engineError("summary", err)
	}
	return a.printAnswer(ans, *asJSON)
}

// listTopics prints the topics suggested for summaries of guild's scope,
// one a line with how many sources name it, or as JSON. It needs no
// embedding.
func (a *app) listTopics(ctx context.Context, guild string, asJSON bool) error {
	c, err := a.openOffline(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	topics, err := c.engine.Topics(ctx, guild)
	if err != nil {
		return a.engineError("summary --topics", err)
	}
	if asJSON {
		if topics == nil {
			topics = []bot.Topic{}
		}
		return a.printJSON(topics)
	}
	if len(topics) == 0 {
		fmt.Fprintln(a.stdout, "No topics to suggest: too few sources are loaded (see summitbot sources list).")
		return nil
	}
	for _, t := range topics {
		sources := "sources"
		if t.Sources == 1 {
			sources = "source"
		}
		fmt.Fprintf(a.stdout, "%s (%d %s)\n", safetext.Clean(t.Label), t.Sources, sources)
	}
	return nil
}

func (a *app) eval(ctx context.Context, args []string) error {
	fs := a.newFlags("eval")
	questions := fs.String("questions", "", "read the questions from the JSONL `FILE`")
	summaries := fs.String("summaries", "", "instead, summarize each topic of the JSONL nugget `FILE` and score nugget recall and length")
	k := kVar(fs, retrieval.DefaultK, "retrieve `N` passages per question (fewer than 5 retrieve 5, for hit@5)")
	answers := fs.Bool("answers", false, "also answer each question and check answer_any")
	asJSON := fs.Bool("json", false, "print JSON")
	corpus := fs.String("corpus", "", "also index the .txt and .md articles in `DIR`, beside the built-in corpus")
	modeName := fs.String("mode", "hybrid", "search `MODE`: hybrid, dense or bm25")
	calibrate := fs.Bool("calibrate", false, "sweep the \"not found\" threshold of extractive answers instead")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if (*questions == "") == (*summaries == "") || len(pos) > 0 {
		return usagef("eval: usage: summitbot eval --questions FILE [-k N] [--answers] [--calibrate] [--json] [--corpus DIR] [--mode M]\n       summitbot eval --summaries FILE [--json] [--corpus DIR]")
	}
	if *summaries != "" {
		return a.evalSummaries(ctx, *summaries, *corpus, *asJSON)
	}
	mode, err := retrieval.ParseMode(*modeName)
	if err != nil {
		return &usageError{err}
	}
	f, err := os.Open(*questions)
	if err != nil {
		return usagef("eval: %v", err)
	}
	qs, err := eval.ReadQuestions(f)
	f.Close()
	if err != nil {
		return usagef("eval: %s: %v", *questions, err)
	}
	c, done, err := a.evalCore(ctx, *corpus)
	if err != nil {
		return err
	}
	defer done()
	if *calibrate {
		return a.calibrate(ctx, c, qs, *asJSON)
	}
	var answer eval.Answerer
	if *answers {
		answer = func(ctx context.Context, q string) (string, bool, error) {
			ans, err := c.engine.Ask(ctx, bot.Question{Text: q}, nil)
			return ans.Text, ans.Found, err
		}
	}
	// A hybrid search is measured as answers use it: the engine's passages
	// (bot.Engine.Passages, which with a model configured asks it for each
	// question); the dense and BM25 rankings alone, as the index gives them.
	var searcher eval.Searcher = c.idx
	if mode == retrieval.Hybrid {
		searcher = passages{c.engine}
	}
	rep, err := eval.Run(ctx, qs, searcher, retrieval.SearchOptions{K: k.n, Mode: mode}, answer)
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(rep)
	}
	fmt.Fprintf(a.stdout, "questions with evidence: %d (mode %s, %d sources, %d passages)\n", rep.Questions, mode, len(c.idx.Sources()), c.idx.Len())
	fmt.Fprintf(a.stdout, "hit@1 %.3f  hit@3 %.3f  hit@5 %.3f  MRR %.3f\n", rep.Hit1, rep.Hit3, rep.Hit5, rep.MRR)
	fmt.Fprintf(a.stdout, "missed: %s\n", listOrNone(rep.Missed))
	if rep.AnswersPassed != nil {
		fmt.Fprintf(a.stdout, "answers passing answer_any: %.3f (%s mode); failed: %s\n", *rep.AnswersPassed, c.engine.Mode(), listOrNone(rep.FailedAnswers))
		fmt.Fprintf(a.stdout, "unanswerable answered \"not found\": %d of %d; false refusals: %s\n", *rep.NotFoundCorrect, rep.Unanswerable, listOrNone(rep.FalseRefusals))
	}
	return nil
}

// evalCore opens the index an evaluation runs on: INDEX_DIR's, or with
// corpus a throwaway index of the built-in corpus plus the articles in
// corpus, on disk like the index every other command uses, so that the
// figures are those of the search that answers questions. done closes it
// and removes a throwaway one.
func (a *app) evalCore(ctx context.Context, corpus string) (c *core, done func(), err error) {
	dir, tmp := a.cfg.IndexDir, ""
	if corpus != "" {
		if tmp, err = os.MkdirTemp("", "summitbot-eval-"); err != nil {
			return nil, nil, fmt.Errorf("eval: temporary index: %w", err)
		}
		dir = filepath.Join(tmp, "index")
	}
	removeTmp := func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	if c, err = a.openCore(ctx, dir); err != nil {
		removeTmp()
		return nil, nil, err
	}
	done = func() {
		a.closeCore(c)
		removeTmp()
	}
	if corpus != "" {
		if err := a.addCorpus(ctx, c.lib, corpus); err != nil {
			done()
			return nil, nil, err
		}
	}
	return c, done, nil
}

// calibrate prints what each "not found" threshold of extractive answers,
// from 0 to 0.8, would do to the question set. (The sweep ended at 0.6 until
// stop 31, when the held-out set's least covered answerable question rose
// to 0.60.)
func (a *app) calibrate(ctx context.Context, c *core, qs []eval.Question, asJSON bool) error {
	var thresholds []float64
	for i := 0; i <= 16; i++ {
		thresholds = append(thresholds, float64(i)*0.05)
	}
	cover := func(ctx context.Context, q string) (float64, bool, error) {
		cv, err := c.engine.Coverage(ctx, bot.Question{Text: q})
		return cv.Share, cv.Hits == 0 || len(cv.Missing) > 0, err
	}
	cal, err := eval.Calibrate(ctx, qs, cover, thresholds)
	if err != nil {
		return err
	}
	if asJSON {
		return a.printJSON(cal)
	}
	fmt.Fprintf(a.stdout, "\"not found\" threshold of extractive answers (%d sources, %d passages; * is the default)\n", len(c.idx.Sources()), c.idx.Len())
	fmt.Fprintln(a.stdout, "min coverage   unanswerable refused   answerable refused (false refusals)")
	for _, t := range cal.Thresholds {
		mark := " "
		if math.Abs(t.MinCoverage-bot.DefaultMinCoverage) < 1e-9 {
			mark = "*"
		}
		fmt.Fprintf(a.stdout, "%s %.2f         %d of %-17d %d of %d\n", mark, t.MinCoverage, t.UnanswerableRefused, t.Unanswerable, t.FalseRefusals, t.Answerable)
	}
	// The margin: the least covered answerable questions, the best covered
	// unanswerable ones (those the threshold decides).
	byShare := slices.Clone(cal.Questions)
	slices.SortStableFunc(byShare, func(x, y eval.QuestionCoverage) int { return cmp.Compare(x.Share, y.Share) })
	var low, high []string
	for _, q := range byShare {
		if q.Answerable && !q.Refused && len(low) < 3 {
			low = append(low, fmt.Sprintf("%s %.2f", q.ID, q.Share))
		}
	}
	for _, q := range slices.Backward(byShare) {
		if !q.Answerable && !q.Refused && len(high) < 3 {
			high = append(high, fmt.Sprintf("%s %.2f", q.ID, q.Share))
		}
	}
	fmt.Fprintf(a.stdout, "least covered answerable questions: %s\n", listOrNone(low))
	fmt.Fprintf(a.stdout, "best covered unanswerable questions not refused anyway: %s\n", listOrNone(high))
	return nil
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// addCorpus loads every .txt and .md file of dir, in one batch.
func (a *app) addCorpus(ctx context.Context, lib *bot.Library, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return usagef("eval: --corpus: %v", err)
	}
	var files []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".txt" || ext == ".md") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return usagef("eval: --corpus %s has no .txt or .md files", dir)
	}
	for _, r := range lib.AddMany(ctx, "", files, nil) {
		if r.Err != nil {
			return fmt.Errorf("eval: --corpus %s: %w", filepath.Base(r.Ref), r.Err)
		}
	}
	return nil
}

// passages measures an engine's passages for a question as an
// eval.Searcher: opts.K passages (the engine's default when zero), as Ask
// retrieves them; opts.Mode is not used (hybrid).
type passages struct{ engine *bot.Engine }

// Search returns the engine's passages for query.
func (p passages) Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Hit, error) {
	return p.engine.Passages(ctx, bot.Question{Text: query, K: opts.K})
}
