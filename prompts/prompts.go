// Package prompts holds the prompt templates summitbot sends to a language
// model, embedded in the binary and rendered by one typed function each.
package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

// Passage is one numbered source passage shown to the model.
type Passage struct {
	N         int
	Title     string
	Outlet    string
	Published string
	Text      string
}

// Turn is one earlier question and answer of a conversation.
type Turn struct {
	Question string
	Answer   string
}

// Set is the parsed templates. Build it once with New.
type Set struct {
	t *template.Template
}

// New parses the embedded templates with missingkey=error.
func New() (*Set, error) {
	t, err := template.New("prompts").Option("missingkey=error").ParseFS(files, "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse prompt templates: %w", err)
	}
	return &Set{t: t}, nil
}

func (s *Set) render(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := s.t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// System renders the system prompt, which states the grounding rules.
func (s *Set) System(language string) (string, error) {
	return s.render("system.tmpl", struct{ Language string }{language})
}

// AnswerData is what the answer prompt needs.
type AnswerData struct {
	Question string
	Language string
	Passages []Passage
}

// Answer renders the user message asking a question over numbered passages.
func (s *Set) Answer(d AnswerData) (string, error) {
	d.Passages = quotePassages(d.Passages)
	d.Question = neutralise(d.Question, "source")
	return s.render("answer.tmpl", d)
}

// SummaryData is what the summary prompt (the reduce step of a summary)
// needs: the facts noted from each source, cited by passage number.
type SummaryData struct {
	Topic    string
	Language string
	// MaxBullets and MaxChars bound the summary's length.
	MaxBullets int
	MaxChars   int
	// Headings, when set, are the facets to group the points under, in
	// order; the model leaves out those no fact belongs under.
	Headings []string
	// Notes holds one block of checked notes per source.
	Notes []string
}

// Summary renders the user message asking for a cited summary written from
// notes only.
func (s *Set) Summary(d SummaryData) (string, error) {
	d.Topic = neutralise(d.Topic, "source")
	notes := make([]string, len(d.Notes)) // never write to the caller's slice
	for i, n := range d.Notes {
		notes[i] = neutralise(n, "notes")
	}
	d.Notes = notes
	return s.render("summary.tmpl", d)
}

// NotesData is what the map step of a summary needs: the passages of one
// source, or of one part of a source too large for one request.
type NotesData struct {
	Topic    string
	Passages []Passage
	// Part and Parts say which part of its source the passages are (from
	// 1); Parts is 1 when the source fits one request.
	Part, Parts int
}

// Notes renders the map step of a summary: cited notes of the facts one
// source (or part of one) states.
func (s *Set) Notes(d NotesData) (string, error) {
	d.Passages = quotePassages(d.Passages)
	d.Topic = neutralise(d.Topic, "source")
	return s.render("notes.tmpl", d)
}

// RewriteData is what the follow-up rewriting prompt needs.
type RewriteData struct {
	History  []Turn
	Question string
	// Language, when set, is the language to rewrite into (the sources'
	// language, for retrieval); empty keeps the question's own. With no
	// History and no Paraphrases the request is a plain translation.
	Language string
	// Paraphrases, when above zero, asks in the same request for that many
	// paraphrases of the standalone question, for retrieval, and for the
	// reply as JSON: {"question": "...", "paraphrases": ["...", ...]}.
	Paraphrases int
}

// Rewrite renders the request to turn a follow-up into a standalone question
// (translated into Language, if set), with paraphrases when asked for.
func (s *Set) Rewrite(d RewriteData) (string, error) {
	return s.render("rewrite.tmpl", d)
}

// RerankData is what the rerank prompt needs.
type RerankData struct {
	Question string
	Passages []Passage
}

// Rerank renders the request to order numbered passages by how well they
// answer a question; the reply is to be passage numbers only ("3, 1, 7").
func (s *Set) Rerank(d RerankData) (string, error) {
	d.Passages = quotePassages(d.Passages)
	d.Question = neutralise(d.Question, "source")
	return s.render("rerank.tmpl", d)
}

// quotePassages makes passage text and attributes safe to place between
// <source> tags: a source cannot close its own tag or open another.
func quotePassages(in []Passage) []Passage {
	out := make([]Passage, len(in))
	for i, p := range in {
		p.Title = attr(p.Title)
		p.Outlet = attr(p.Outlet)
		p.Published = attr(p.Published)
		p.Text = neutralise(p.Text, "source")
		out[i] = p
	}
	return out
}

func attr(s string) string {
	return strings.NewReplacer(`"`, "'", "\n", " ", "<", "‹", ">", "›").Replace(s)
}

// neutralise defuses tags that would let quoted text break out of its block:
// the "<" of an opening or closing tag, in any case and spacing ("</Source >",
// "< source"), becomes "‹".
func neutralise(text, tag string) string {
	re, ok := tagPatterns[tag]
	if !ok {
		re = tagPattern(tag)
	}
	return re.ReplaceAllStringFunc(text, func(m string) string { return "‹" + m[1:] })
}

// tagPatterns match the opening and closing tags of the templates' blocks.
var tagPatterns = map[string]*regexp.Regexp{"source": tagPattern("source"), "notes": tagPattern("notes")}

func tagPattern(tag string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)<\s*/?\s*` + regexp.QuoteMeta(tag))
}
