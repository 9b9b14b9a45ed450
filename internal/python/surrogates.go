package python

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A Python str may hold a lone surrogate (U+D800..U+DFFF): json.loads
// turns the escape "\ud800" into one, where Go's encoding/json writes
// U+FFFD. DRF's CharField then refuses the value ("Surrogate characters
// are not allowed: U+D800."), so a server that answers like DRF must keep
// the surrogate. The functions below hold one in a Go string as its
// three-byte generalized UTF-8 form (WTF-8: 0xED 0xA0..0xBF 0x80..0xBF),
// which is not valid UTF-8 and so cannot be confused with any text a
// client sent.

// UnquoteJSON decodes the JSON string literal lit, quotes included, as
// Python's json.loads does, lone surrogates kept as described above. ok
// is false when lit is not a literal Python would read (JSONError says
// why).
func UnquoteJSON(lit []byte) (s string, ok bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", false
	}
	lit = lit[1 : len(lit)-1]
	b := make([]byte, 0, len(lit))
	for i := 0; i < len(lit); {
		c := lit[i]
		switch {
		case c == '"' || c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(lit) {
			return "", false
		}
		if e := lit[i+1]; e != 'u' {
			r, ok := shortEscapes[e]
			if !ok {
				return "", false
			}
			b = append(b, r)
			i += 2
			continue
		}
		r, ok := hex4(lit, i+2)
		if !ok {
			return "", false
		}
		i += 6
		if utf16.IsSurrogate(r) && r < 0xdc00 && i+1 < len(lit) && lit[i] == '\\' && lit[i+1] == 'u' {
			if lo, ok := hex4(lit, i+2); ok && lo >= 0xdc00 && lo <= 0xdfff {
				b = utf8.AppendRune(b, utf16.DecodeRune(r, lo))
				i += 6
				continue
			}
		}
		if utf16.IsSurrogate(r) {
			b = append(b, 0xed, byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
			continue
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b), true
}

var shortEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hex4 reads the four hex digits of a \u escape at s[i:].
func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(s[i:i+4]), 16, 16)
	return rune(n), err == nil
}

// Surrogate returns the first lone surrogate s holds, as UnquoteJSON
// holds one.
func Surrogate(s string) (rune, bool) {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2]&0xc0 == 0x80 {
			return 0xd000 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f), true
		}
	}
	return 0, false
}

// Len is Python's len() of s: its characters, a lone surrogate held as
// UnquoteJSON holds one counting as one.
func Len(s string) int {
	n := utf8.RuneCountInString(s)
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2]&0xc0 == 0x80 {
			n -= 2 // counted as three invalid bytes
			i += 2
		}
	}
	return n
}
