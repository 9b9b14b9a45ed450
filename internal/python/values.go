package python

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// TypeName is the Python type name of a decoded JSON value.
func TypeName(v any) string {
	switch v := v.(type) {
	case bool:
		return "bool"
	case string:
		return "str"
	case []any:
		return "list"
	case json.Number:
		if isInt(string(v)) {
			return "int"
		}
		return "float"
	}
	return "dict"
}

func isInt(n string) bool { return !strings.ContainsAny(n, ".eE") }

// NumberString is str() of the number Python's json would decode.
func NumberString(n json.Number) string {
	s := string(n)
	if isInt(s) {
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0")
		if s == "" {
			return "0"
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	f, _ := strconv.ParseFloat(s, 64) // ±Inf on overflow, as Python
	return FloatRepr(f)
}

// FloatRepr is Python's repr(float): the shortest round-tripping
// digits, fixed notation for exponents from -4 to 15, else scientific.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp >= -4 && exp < 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	sign := "+"
	if exp < 0 {
		sign, exp = "-", -exp
	}
	return fmt.Sprintf("%se%s%02d", mant, sign, exp)
}

// Strip is Python's str.strip(): Unicode white space, plus the
// information separators U+001C..U+001F that Python counts as space.
func Strip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}
