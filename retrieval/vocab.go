package retrieval

import "strings"

// The words that give a figure or a date, shared by search (asked.go) and
// the answering core, which tells figures and dates in sentences apart.

// numberWords are quantities written out.
var numberWords = setOf("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred",
	"hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "dozen",
	"dozens", "several")

// months maps the folded month names and their abbreviations to the names.
var months = map[string]string{"january": "january", "february": "february", "march": "march", "april": "april",
	"may": "may", "june": "june", "july": "july", "august": "august", "september": "september", "october": "october",
	"november": "november", "december": "december", "jan": "january", "feb": "february", "mar": "march", "apr": "april",
	"jun": "june", "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
	"nov": "november", "dec": "december"}

// weekdays are the folded names of the days of the week.
var weekdays = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// IsNumberWord reports whether a folded, lower-case word is a quantity
// written out ("twenty", "thousands", "several").
func IsNumberWord(w string) bool { return numberWords[w] }

// IsMonth reports whether a folded, lower-case word is a month's name or
// abbreviation ("may" included: the caller tells the verb apart).
func IsMonth(w string) bool { return months[w] != "" }

// MonthName returns the folded name of the month a folded, lower-case month
// name or abbreviation names ("sept": "september"), or "" for another word.
func MonthName(w string) string { return months[w] }

// IsWeekday reports whether a folded, lower-case word names a day of the week.
func IsWeekday(w string) bool { return weekdays[w] }

// IsYear reports whether w is a year from 1900 to 2099, written in digits.
func IsYear(w string) bool {
	if len(w) != 4 || !(strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
