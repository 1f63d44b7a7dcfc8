// Package data holds what summitbot embeds in its binary: the built-in corpus
// (the summit articles), an English word list (SCOWL), a thesaurus
// generated from WordNet 3.0 (thesaurus/, with its generator) and word
// vectors from GloVe (vectors/, with its generator).
package data

import (
	"embed"
	"io/fs"
)

//go:embed articles/*.md
var articles embed.FS

// Articles returns the built-in articles, one Markdown file with front matter each.
func Articles() fs.FS {
	sub, err := fs.Sub(articles, "articles")
	if err != nil {
		// fs.Sub fails only for an invalid path; "articles" is a compile-time
		// constant matching the embed pattern above, so this cannot happen.
		panic(err)
	}
	return sub
}
