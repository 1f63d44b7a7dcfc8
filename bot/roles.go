package bot

import (
	"regexp"

	"github.com/summitbot/summitbot/retrieval"
)

// This file reads the title a person question asks for ("which general")
// and finds it before a name in a sentence.

// roleTitles are the titles a "which general" question asks a name for.
var roleTitles = map[string]bool{"general": true, "presid": true, "minist": true, "chancellor": true, "envoy": true,
	"spokeswoman": true, "spokesman": true, "spokesperson": true, "ambassador": true, "command": true, "secretari": true, "commander": true,
	"offic": true, "admir": true, "colonel": true}

var roleRe = regexp.MustCompile(`\b(?:which|what|who\s+(?:is|was|will\s+be|would\s+be)\s+the) ([\p{L}]+)`)

// askedRole returns the title a person question asks for ("which general",
// "who is the general chosen to…"), or nil.
func askedRole(q string) map[string]bool {
	m := roleRe.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	st := retrieval.Stem(retrieval.Fold(m[1]))
	if !roleTitles[st] {
		return nil
	}
	role := map[string]bool{st: true}
	if spokesTitles[st] {
		// "Which spokesperson" is answered by a spokeswoman.
		for t := range spokesTitles {
			role[t] = true
		}
	}
	return role
}

// spokesTitles are the stems of one title written for either sex or for
// neither.
var spokesTitles = map[string]bool{"spokeswoman": true, "spokesman": true, "spokesperson": true}

// hasRole reports whether a name span carries one of the titles asked
// ("President Emmanuel Macron" for "which president"). "General" after
// another office ("Secretary General Mark Rutte", "Attorney General") is
// that office, not a general.
func hasRole(toks []token, s span, role map[string]bool) bool {
	for k := max(0, s.start-2); k < s.end; k++ {
		if !role[toks[k].stem] {
			continue
		}
		if toks[k].fold == "general" && k > 0 && generalOffices[toks[k-1].fold] {
			continue
		}
		return true
	}
	return false
}

// generalOffices are the offices English names with "general" after them.
var generalOffices = map[string]bool{
	"secretary": true, "attorney": true, "director": true, "surgeon": true, "governor": true,
	"inspector": true, "solicitor": true, "postmaster": true, "comptroller": true, "consul": true,
}
