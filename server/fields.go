package server

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// DRF's validation messages, word for word.
const (
	msgRequired = "This field is required."
	msgBlank    = "This field may not be blank."
	msgNull     = "This field may not be null."
	msgNotStr   = "Not a valid string."
)

// charFields validates the named DRF CharFields (trim_whitespace on,
// blank and null refused) and returns their values in order, or the 400
// DRF would send, with every field's error in declaration order.
func (d requestData) charFields(names ...string) ([]string, error) {
	if !d.isForm {
		if d.json == nil {
			// DRF's Serializer.errors rewords a null body's error.
			return nil, nonFieldError("No data provided")
		}
		if _, ok := d.json.(map[string]any); !ok {
			return nil, nonFieldError(fmt.Sprintf("Invalid data. Expected a dictionary, but got %s.", pyTypeName(d.json)))
		}
	}
	values := make([]string, len(names))
	var errs obj
	for i, name := range names {
		v, msg := d.charField(name)
		if msg != "" {
			errs = append(errs, kv{name, []string{msg}})
			continue
		}
		values[i] = v
	}
	if errs != nil {
		return nil, fieldErrors(errs)
	}
	return values, nil
}

func (d requestData) charField(name string) (string, string) {
	if d.isForm {
		vs, ok := d.form[name]
		if !ok || len(vs) == 0 {
			return "", msgRequired
		}
		// A QueryDict gives the last value of a repeated field.
		v := pyStrip(vs[len(vs)-1])
		if v == "" {
			return "", msgBlank
		}
		return v, ""
	}
	raw, ok := d.json.(map[string]any)[name]
	if !ok {
		return "", msgRequired
	}
	switch v := raw.(type) {
	case nil:
		return "", msgNull
	case string:
		if s := pyStrip(v); s != "" {
			return s, ""
		}
		return "", msgBlank
	case json.Number:
		// CharField coerces numbers with Python's str().
		return pyNumberString(v), ""
	}
	return "", msgNotStr // bool, list, dict
}

// pyTypeName is the Python type name of a decoded JSON value.
func pyTypeName(v any) string {
	switch v := v.(type) {
	case bool:
		return "bool"
	case string:
		return "str"
	case []any:
		return "list"
	case json.Number:
		if isPyInt(string(v)) {
			return "int"
		}
		return "float"
	}
	return "dict"
}

func isPyInt(n string) bool { return !strings.ContainsAny(n, ".eE") }

// pyNumberString is str() of the number Python's json would decode.
func pyNumberString(n json.Number) string {
	s := string(n)
	if isPyInt(s) {
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
	return pyFloatRepr(f)
}

// pyFloatRepr is Python's repr(float): the shortest round-tripping
// digits, fixed notation for exponents from -4 to 15, else scientific.
func pyFloatRepr(f float64) string {
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

// pyStrip is Python's str.strip(): Unicode white space, plus the
// information separators U+001C..U+001F that Python counts as space.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}
