package python

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// MaxFormFields is Django's DATA_UPLOAD_MAX_NUMBER_FIELDS default: a form
// body with more fields is refused (TooManyFieldsSent).
const MaxFormFields = 1000

// ErrTooManyFields is ParseForm's error for a body over MaxFormFields;
// TooManyFieldsText is how Django words it.
var ErrTooManyFields = errors.New("more form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS")

const TooManyFieldsText = "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."

// ParseForm reads a form body (application/x-www-form-urlencoded) as
// Django 3.2's QueryDict does: the body is decoded as UTF-8, or as
// Latin-1 when it is not UTF-8 (Django's fallback for "misbehaving user
// agents"), then split by urllib.parse.parse_qsl with keep_blank_values:
// fields on '&' only, a field without '=' a name with an empty value,
// '+' a space, and each run of ASCII percent-decoded, a bad escape kept
// as written, the bytes decoded as UTF-8 with errors="replace". Repeated
// names keep every value in order. A body of more than MaxFormFields
// fields, counted as parse_qsl counts them (one more than its '&'s, empty
// fields included), is ErrTooManyFields.
//
// Go's url.ParseQuery differs on bad input: it drops a field with a bad
// escape (Django keeps "%zz" as typed) and keeps bytes that are not UTF-8.
func ParseForm(body []byte) (map[string][]string, error) {
	if len(body) > 0 && 1+strings.Count(string(body), "&") > MaxFormFields {
		return nil, ErrTooManyFields
	}
	var qs string
	if utf8.Valid(body) {
		qs = string(body)
	} else {
		var b strings.Builder
		for _, c := range body {
			b.WriteRune(rune(c))
		}
		qs = b.String()
	}
	form := map[string][]string{}
	for field := range strings.SplitSeq(qs, "&") {
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		name, value = unquotePlus(name), unquotePlus(value)
		form[name] = append(form[name], value)
	}
	return form, nil
}

// unquotePlus is urllib.parse.unquote_plus with encoding "utf-8" and
// errors "replace": only runs of ASCII are percent-decoded (a character
// the Latin-1 fallback made stays as it is).
func unquotePlus(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		n := strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf })
		if n < 0 {
			n = len(s)
		}
		b.WriteString(DecodeReplace(unquoteToBytes(s[:n])))
		s = s[n:]
		m := strings.IndexFunc(s, func(r rune) bool { return r < utf8.RuneSelf })
		if m < 0 {
			m = len(s)
		}
		b.WriteString(s[:m])
		s = s[m:]
	}
	return b.String()
}

// unquoteToBytes is urllib.parse.unquote_to_bytes of ASCII text: %XX (two
// hex digits, either case) becomes its byte; a '%' without them stays.
func unquoteToBytes(s string) []byte {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return b
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// DecodeReplace is bytes.decode("utf-8", "replace") in CPython: each
// maximal part of an ill-formed sequence becomes one U+FFFD (Unicode's
// "maximal subpart" practice), so a truncated three-byte sequence is one
// character, where Go's utf8 decoding gives one U+FFFD a byte.
func DecodeReplace(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out.WriteByte(c)
			i++
			continue
		}
		n, lo, hi := continuation(c)
		j := i + 1
		for k := 0; k < n && j < len(b); k++ {
			if k > 0 {
				lo, hi = 0x80, 0xbf
			}
			if b[j] < lo || b[j] > hi {
				break
			}
			j++
		}
		if n > 0 && j-i == n+1 {
			out.Write(b[i:j])
		} else {
			out.WriteRune(utf8.RuneError)
			j = max(j, i+1)
		}
		i = j
	}
	return out.String()
}

// continuation says how many continuation bytes the lead byte c takes
// and the range its first one must be in (RFC 3629 §4); n is 0 for a
// byte that cannot begin a character.
func continuation(c byte) (n int, lo, hi byte) {
	switch {
	case c >= 0xc2 && c <= 0xdf:
		return 1, 0x80, 0xbf
	case c == 0xe0:
		return 2, 0xa0, 0xbf
	case c == 0xed:
		return 2, 0x80, 0x9f
	case c >= 0xe1 && c <= 0xef:
		return 2, 0x80, 0xbf
	case c == 0xf0:
		return 3, 0x90, 0xbf
	case c == 0xf4:
		return 3, 0x80, 0x8f
	case c >= 0xf1 && c <= 0xf3:
		return 3, 0x80, 0xbf
	}
	return 0, 0, 0
}
