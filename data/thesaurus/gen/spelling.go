package main

import "strings"

// britishEndings are parts of words British English spells one way and
// American English another, as (British, American) pairs. Two lemmas of one
// synset are one word in two spellings when replacing one such part of one
// gives the other.
var britishEndings = [][2]string{
	{"our", "or"},          // colour, labour
	{"ise", "ize"},         // organise, mobilise
	{"isation", "ization"}, // stabilisation
	{"yse", "yze"},         // analyse
	{"tre", "ter"},         // centre, theatre
	{"ence", "ense"},       // defence, licence
	{"ogue", "og"},         // catalogue, dialogue
	{"mme", "m"},           // programme
	{"ae", "e"},            // paediatric
	{"oe", "e"},            // manoeuvre (with "re")
	{"oeuvre", "euver"},    // manoeuvre
	{"ll", "l"},            // travelled, counsellor
	{"ement", "ment"},      // judgement
	{"eing", "ing"},        // ageing
	{"que", "k"},           // cheque
	{"gramme", "gram"},     // kilogramme
	{"ourable", "orable"},  // favourable
	{"ourite", "orite"},    // favourite
	{"lyse", "lyze"},       // paralyse
	{"grey", "gray"},       // grey
	{"plough", "plow"},     // plough
	{"aluminium", "aluminum"},
	{"tyre", "tire"},
	{"sceptic", "skeptic"},
}

// spellingPair reports whether a and b are one word in British and American
// spelling (in either order): one replacement of a part listed in
// britishEndings turns one into the other.
func spellingPair(a, b string) bool {
	return britishToAmerican(a, b) || britishToAmerican(b, a)
}

func britishToAmerican(br, am string) bool {
	if br == am {
		return false
	}
	for _, e := range britishEndings {
		for i := 0; ; {
			j := strings.Index(br[i:], e[0])
			if j < 0 {
				break
			}
			j += i
			if br[:j]+e[1]+br[j+len(e[0]):] == am {
				return true
			}
			i = j + 1
		}
	}
	return false
}
