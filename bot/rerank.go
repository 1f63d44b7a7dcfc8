package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// rerank has the model order the leading Options.RerankTop hits (as many as
// fit one request) by how well they answer question, in one request whose
// reply must be passage numbers only ("3, 1, 7"). The passages it names come
// first, in its order, then the rest in their order. A reply that is not
// such a list, or a failed request, leaves the order as it was; failure is
// set when the model could not be reached.
func (e *Engine) rerank(ctx context.Context, question string, hits []retrieval.Hit) (out []retrieval.Hit, failure *modelFailure, err error) {
	top := fitContext(hits[:min(len(hits), e.opts.RerankTop)], e.opts.ContextChars)
	if len(top) < 2 {
		return hits, nil, nil
	}
	p, err := e.prompts.Rerank(prompts.RerankData{Question: question, Passages: toPassages(top)})
	if err != nil {
		return nil, nil, err
	}
	reply, _, err := e.complete(ctx, "", p, nil)
	if err != nil {
		f, ok := classifyModelError(err)
		if !ok {
			return nil, nil, err
		}
		e.log.Warn("reranking failed; keeping the fused order", "err", err)
		if f.unreachable {
			failure = &f
		}
		return hits, failure, nil
	}
	order, ok := parseRanking(reply, len(top))
	if !ok {
		e.log.Warn("the rerank reply is not a list of passage numbers; keeping the fused order", "reply", clip(reply, 200))
		return hits, nil, nil
	}
	out = make([]retrieval.Hit, 0, len(hits))
	named := make([]bool, len(top))
	for _, n := range order {
		out = append(out, top[n-1])
		named[n-1] = true
	}
	for i, h := range top {
		if !named[i] {
			out = append(out, h)
		}
	}
	out = append(out, hits[len(top):]...)
	e.log.Debug("reranked", "order", order)
	return renumber(out), nil, nil
}

// parseRanking reads a rerank reply: passage numbers separated by commas,
// semicolons or white space, each perhaps in brackets ("3, 1, 7", "[2] [5]"),
// with nothing else but a final full stop. Numbers outside 1..n and repeats
// are skipped. It reports false for any other reply, or one with no usable
// number.
func parseRanking(reply string, n int) ([]int, bool) {
	s := strings.TrimSuffix(strings.TrimSpace(reply), ".")
	if strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789,; \t\r\n[]", r) }) >= 0 {
		return nil, false
	}
	var out []int
	seen := map[int]bool{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 || v > n || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out, len(out) > 0
}
