package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
)

// englishWords is SCOWL's list of lower-case American English words (see
// SCOWL-COPYRIGHT), gzipped. Proper nouns are not in it, which is the point.
//
//go:embed english-words.txt.gz
var englishWords []byte

// CommonWords returns the set of ordinary lower-case English words. The
// answering core uses it to tell names ("orban", "poland") from ordinary words
// ("hesitant") in questions typed in lower case.
func CommonWords() (map[string]bool, error) {
	zr, err := gzip.NewReader(bytes.NewReader(englishWords))
	if err != nil {
		return nil, fmt.Errorf("open word list: %w", err)
	}
	defer zr.Close()
	words := make(map[string]bool, 64000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w != "" && !strings.HasPrefix(w, "#") {
			words[w] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read word list: %w", err)
	}
	return words, nil
}
