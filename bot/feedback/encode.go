package feedback

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendFileLocked appends the store's JSON file (the saved layout) to b. It
// writes what encoding/json would, without sorting keys, about ten times
// faster: Records wait while it runs. s.mu must be held.
func (s *Store) appendFileLocked(b []byte) []byte {
	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, fileVersion, 10)
	b = append(b, `,"totals":`...)
	b = appendCounts(b, s.totals)
	b = append(b, `,"answers":{`...)
	first := true
	for id, a := range s.answers {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, id)
		b = append(b, ':')
		b = appendCounts(b, a.Counts)
		b = b[:len(b)-1] // reopen the counts object
		b = append(b, `,"first_vote":"`...)
		b = a.First.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
		if len(a.Voters) > 0 {
			b = append(b, `,"voters":{`...)
			firstVoter := true
			for k, v := range a.Voters {
				if !firstVoter {
					b = append(b, ',')
				}
				firstVoter = false
				b = append(b, '"')
				b = hex.AppendEncode(b, k[:])
				b = append(b, `":`...)
				b = appendString(b, string(v))
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, "}}\n"...)
}

// appendCounts appends c as a JSON object.
func appendCounts(b []byte, c Counts) []byte {
	b = append(b, `{"up":`...)
	b = strconv.AppendInt(b, int64(c.Up), 10)
	b = append(b, `,"down":`...)
	b = strconv.AppendInt(b, int64(c.Down), 10)
	return append(b, '}')
}

// appendString appends s as a JSON string: plain printable ASCII directly,
// anything else through encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			raw, err := json.Marshal(s)
			if err != nil { // cannot happen: every string encodes
				return strconv.AppendQuoteToASCII(b, s)
			}
			return append(b, raw...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
