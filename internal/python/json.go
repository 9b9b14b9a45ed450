package python

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// JSONError reports why Python's json module would reject doc, in its
// exact words ("Expecting value: line 1 column 1 (char 0)"), or "" when
// Python would accept it. DRF shows this text to the client as
// "JSON parse error - <text>", so a wire-compatible server must produce
// the same words at the same position.
//
// It follows CPython's C scanner (Modules/_json.c) in strict mode, and
// DRF's refusal of NaN and Infinity. Positions count characters, not
// bytes, because Python decodes the body before parsing it.
func JSONError(doc []byte) string {
	// Fast path: valid UTF-8 that is valid RFC 8259 JSON is valid for
	// Python too (Python accepts more, never less), and NaN or Infinity
	// are not RFC JSON, so they take the slow path and are refused there.
	if utf8.Valid(doc) && json.Valid(doc) && !bytes.HasPrefix(doc, []byte("\xef\xbb\xbf")) {
		return ""
	}
	if msg := utf8Error(doc); msg != "" {
		return msg
	}
	s := []rune(string(doc))
	if len(s) > 0 && s[0] == '\ufeff' {
		return errAt("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
	}
	p := parser{s: s}
	i := p.ws(0)
	end, err := p.value(i, 0)
	if err != "" {
		return err
	}
	if end = p.ws(end); end != len(s) {
		return errAt("Extra data", s, end)
	}
	return ""
}

// maxDepth is how deeply arrays and objects may nest. Python stops at
// its recursion limit (1000 frames); we stop a little earlier with a
// clear message instead of a 500.
const maxDepth = 500

type parser struct{ s []rune }

func (p *parser) ws(i int) int {
	for i < len(p.s) && (p.s[i] == ' ' || p.s[i] == '\t' || p.s[i] == '\n' || p.s[i] == '\r') {
		i++
	}
	return i
}

func (p *parser) has(i int, lit string) bool {
	r := []rune(lit)
	if i+len(r) > len(p.s) {
		return false
	}
	for j, c := range r {
		if p.s[i+j] != c {
			return false
		}
	}
	return true
}

// value scans one JSON value at i and returns the index after it.
func (p *parser) value(i, depth int) (int, string) {
	if i >= len(p.s) {
		return 0, errAt("Expecting value", p.s, i)
	}
	if depth > maxDepth {
		return 0, "maximum recursion depth exceeded while decoding a JSON document"
	}
	switch c := p.s[i]; {
	case c == '"':
		return p.str(i + 1)
	case c == '{':
		return p.object(i+1, depth+1)
	case c == '[':
		return p.array(i+1, depth+1)
	case c == 'n' && p.has(i, "null"):
		return i + 4, ""
	case c == 't' && p.has(i, "true"):
		return i + 4, ""
	case c == 'f' && p.has(i, "false"):
		return i + 5, ""
	case c == 'N' && p.has(i, "NaN"):
		return 0, "Out of range float values are not JSON compliant: 'NaN'"
	case c == 'I' && p.has(i, "Infinity"):
		return 0, "Out of range float values are not JSON compliant: 'Infinity'"
	case c == '-' && p.has(i, "-Infinity"):
		return 0, "Out of range float values are not JSON compliant: '-Infinity'"
	}
	return p.number(i)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number follows _match_number_unicode: an optional minus, an integer
// part without leading zeros, then a fraction and an exponent, each
// taken only when complete (else the scan stops before it).
func (p *parser) number(start int) (int, string) {
	s, i := p.s, start
	if s[i] == '-' {
		i++
		if i >= len(s) {
			return 0, errAt("Expecting value", s, start)
		}
	}
	switch {
	case s[i] >= '1' && s[i] <= '9':
		for i++; i < len(s) && isDigit(s[i]); i++ {
		}
	case s[i] == '0':
		i++
	default:
		return 0, errAt("Expecting value", s, start)
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		for i += 2; i < len(s) && isDigit(s[i]); i++ {
		}
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		e := i
		i++
		if i+1 < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if !isDigit(s[i-1]) {
			i = e
		}
	}
	return i, ""
}

// str scans a string whose opening quote is at i-1.
func (p *parser) str(i int) (int, string) {
	s, begin := p.s, i-1
	for {
		for i < len(s) && s[i] != '"' && s[i] != '\\' {
			if s[i] <= 0x1f {
				return 0, errAt("Invalid control character at", s, i)
			}
			i++
		}
		if i >= len(s) {
			return 0, errAt("Unterminated string starting at", s, begin)
		}
		if s[i] == '"' {
			return i + 1, ""
		}
		i++ // past the backslash
		if i >= len(s) {
			return 0, errAt("Unterminated string starting at", s, begin)
		}
		if s[i] != 'u' {
			if !strings.ContainsRune(`"\/bfnrt`, s[i]) {
				return 0, errAt(`Invalid \escape`, s, i-1)
			}
			i++
			continue
		}
		i++
		// CPython wants the four digits and at least one more character.
		if i+4 >= len(s) {
			return 0, errAt(`Invalid \uXXXX escape`, s, i-1)
		}
		for j := i; j < i+4; j++ {
			if !strings.ContainsRune("0123456789abcdefABCDEF", s[j]) {
				return 0, errAt(`Invalid \uXXXX escape`, s, i-1)
			}
		}
		i += 4
	}
}

func (p *parser) object(i, depth int) (int, string) { return p.items(i, depth, '}', p.key) }

func (p *parser) array(i, depth int) (int, string) {
	return p.items(i, depth, ']', func(i int) (int, string) { return i, "" })
}

// key reads an object member's name and the ':' after it, up to its value.
func (p *parser) key(i int) (int, string) {
	s := p.s
	if i >= len(s) || s[i] != '"' {
		return 0, errAt("Expecting property name enclosed in double quotes", s, i)
	}
	i, err := p.str(i + 1)
	if err != "" {
		return 0, err
	}
	i = p.ws(i)
	if i >= len(s) || s[i] != ':' {
		return 0, errAt("Expecting ':' delimiter", s, i)
	}
	return p.ws(i + 1), ""
}

// items reads an object's or array's members up to close: member reads
// what comes before each value (a key for an object, nothing for an
// array), and a comma must stand between one value and the next.
func (p *parser) items(i, depth int, close rune, member func(int) (int, string)) (int, string) {
	s := p.s
	i = p.ws(i)
	if i < len(s) && s[i] == close {
		return i + 1, ""
	}
	for {
		var err string
		if i, err = member(i); err != "" {
			return 0, err
		}
		if i, err = p.value(i, depth); err != "" {
			return 0, err
		}
		i = p.ws(i)
		if i < len(s) && s[i] == close {
			return i + 1, ""
		}
		if i >= len(s) || s[i] != ',' {
			return 0, errAt("Expecting ',' delimiter", s, i)
		}
		i = p.ws(i + 1)
	}
}

// errAt formats a JSONDecodeError: "msg: line L column C (char P)".
func errAt(msg string, s []rune, pos int) string {
	line, col := 1, pos+1
	for j := 0; j < pos && j < len(s); j++ {
		if s[j] == '\n' {
			line, col = line+1, pos-j
		}
	}
	return fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, pos)
}

// utf8Error is the UnicodeDecodeError Python raises while decoding a
// body that is not UTF-8, or "" for valid UTF-8.
func utf8Error(b []byte) string {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		n := utf8Len(b[i])
		if n == 1 {
			return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", b[i], i)
		}
		k := 0 // continuation bytes that are fine
		for k+1 < n && i+k+1 < len(b) && b[i+k+1]&0xc0 == 0x80 {
			k++
		}
		reason := "invalid continuation byte"
		if i+k+1 == len(b) {
			reason = "unexpected end of data"
		}
		if k == 0 {
			return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: %s", b[i], i, reason)
		}
		return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: %s", i, i+k, reason)
	}
	return ""
}

// utf8Len is the length a UTF-8 sequence starting with c would have, or
// 1 when c cannot start a multi-byte sequence.
func utf8Len(c byte) int {
	switch {
	case c >= 0xc2 && c <= 0xdf:
		return 2
	case c >= 0xe0 && c <= 0xef:
		return 3
	case c >= 0xf0 && c <= 0xf4:
		return 4
	}
	return 1
}
