package retrieval

import "time"

// Source describes one loaded article: its metadata and where its chunks came from.
type Source struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet,omitempty"`
	Published string    `json:"published,omitempty"`
	Authors   []string  `json:"authors,omitempty"`
	URL       string    `json:"url,omitempty"`
	Hash      string    `json:"hash"`
	Builtin   bool      `json:"builtin,omitempty"`
	AddedAt   time.Time `json:"added_at"`
	Chunks    int       `json:"chunks"`
	Chars     int       `json:"chars"`
	// Guild is the source's scope: "" for the shared corpus, or the id of
	// the one Discord server (guild) whose questions it answers.
	Guild string `json:"guild,omitempty"`
}
