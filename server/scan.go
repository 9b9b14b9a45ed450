package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// UnmarshalJSON decodes the claims in order; a repeated key keeps its
// first place and its last value, as in a Python dict.
func (c *claims) UnmarshalJSON(b []byte) error {
	*c = claims{vals: make(map[string]json.RawMessage, 8)}
	if !json.Valid(b) {
		return errors.New("payload is not JSON")
	}
	if c.scanObject(b) {
		return nil
	}
	// Keys with escapes, or not an object: the slow, general decoder.
	*c = claims{vals: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("payload is not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		c.set(t.(string), v)
	}
	return nil
}

// scanObject splits a valid JSON object into its members without
// reflection: the hot path of every token check. It reports false for
// anything it leaves to the general decoder (not an object, a key with
// an escape).
func (c *claims) scanObject(b []byte) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return true
	}
	for i < len(b) && b[i] == '"' {
		end := bytes.IndexByte(b[i+1:], '"')
		if end < 0 {
			return false
		}
		key := b[i+1 : i+1+end]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			return false
		}
		i = skipSpace(b, i+end+2)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		start := skipSpace(b, i+1)
		i = skipValue(b, start)
		c.set(string(key), json.RawMessage(bytes.TrimRight(b[start:i], " \t\r\n")))
		if i >= len(b) {
			return false
		}
		if b[i] == '}' {
			return true
		}
		i = skipSpace(b, i+1) // past the comma
	}
	return false
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON whitespace (RFC 8259 §2; Python's json skips the same four).
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// skipValue returns the index of the comma or closing brace that ends
// the valid JSON value starting at i.
func skipValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// flatStrings decodes the body every token request sends, an object of
// plain string members, without the general decoder and Python's
// checker (a tenth of a refresh's time together). It takes only text
// that Python's json and encoding/json read alike: strings of printable
// ASCII without escapes, JSON's four whitespace bytes between tokens, a
// repeated name keeping its last value in both. Anything else, valid or
// not, reports false and takes the full path, with Python's own errors.
func flatStrings(body []byte) (map[string]any, bool) {
	i := skipSpace(body, 0)
	if i == len(body) || body[i] != '{' {
		return nil, false
	}
	m := make(map[string]any, 1)
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return m, skipSpace(body, i+1) == len(body)
	}
	for {
		name, j, ok := plainString(body, i)
		if !ok {
			return nil, false
		}
		j = skipSpace(body, j)
		if j == len(body) || body[j] != ':' {
			return nil, false
		}
		value, k, ok := plainString(body, skipSpace(body, j+1))
		if !ok {
			return nil, false
		}
		m[name] = value
		k = skipSpace(body, k)
		switch {
		case k == len(body):
			return nil, false
		case body[k] == ',':
			i = skipSpace(body, k+1)
		case body[k] == '}':
			return m, skipSpace(body, k+1) == len(body)
		default:
			return nil, false
		}
	}
}

// plainString reads a JSON string at body[i] made of printable ASCII with
// no escape, and returns it and the index after its closing quote.
func plainString(body []byte, i int) (string, int, bool) {
	if i == len(body) || body[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(body); j++ {
		switch c := body[j]; {
		case c == '"':
			return string(body[i+1 : j]), j + 1, true
		case c == '\\' || c < 0x20 || c > 0x7e:
			return "", 0, false
		}
	}
	return "", 0, false
}
