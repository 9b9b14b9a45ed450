package server

import (
	"encoding/json"
	"fmt"
	"strings"

	"jwtlab/internal/python"
)

// DRF's validation messages, word for word.
const (
	msgRequired  = "This field is required."
	msgBlank     = "This field may not be blank."
	msgNull      = "This field may not be null."
	msgNotStr    = "Not a valid string."
	msgMaxLength = "Ensure this field has no more than %d characters."
	msgNullChar  = "Null characters are not allowed."
	msgSurrogate = "Surrogate characters are not allowed: U+%X."
)

// charFields validates the named DRF CharFields (trim_whitespace on,
// blank and null refused) and returns their values in order, or the 400
// DRF would send, with every field's error in declaration order.
func (d requestData) charFields(names ...string) ([]string, error) {
	return d.boundedCharFields(nil, names...)
}

// boundedCharFields is charFields where maxLen[name] > 0 gives a field
// DRF's max_length, counted in characters (Python's len) after trimming.
func (d requestData) boundedCharFields(maxLen map[string]int, names ...string) ([]string, error) {
	if !d.isForm {
		if d.json == nil {
			// DRF's Serializer.errors rewords a null body's error.
			return nil, nonFieldError("No data provided")
		}
		if _, ok := d.json.(map[string]any); !ok {
			return nil, nonFieldError(fmt.Sprintf("Invalid data. Expected a dictionary, but got %s.", python.TypeName(d.json)))
		}
	}
	values := make([]string, len(names))
	var errs obj
	for i, name := range names {
		v, msg := d.charField(name)
		msgs := []string{msg}
		if msg == "" {
			msgs = validateChars(v, maxLen[name])
		}
		if msgs != nil {
			errs = append(errs, kv{name, msgs})
			continue
		}
		values[i] = v
	}
	if errs != nil {
		return nil, fieldErrors(errs)
	}
	return values, nil
}

// validateChars runs a CharField's validators on its value in DRF's
// order (max_length when maxLen > 0, then ProhibitNullCharactersValidator
// and ProhibitSurrogateCharactersValidator) and returns every message, as
// DRF's run_validators collects them.
func validateChars(v string, maxLen int) []string {
	var msgs []string
	if maxLen > 0 && python.Len(v) > maxLen {
		msgs = append(msgs, fmt.Sprintf(msgMaxLength, maxLen))
	}
	if strings.IndexByte(v, 0) >= 0 {
		msgs = append(msgs, msgNullChar)
	}
	if r, ok := python.Surrogate(v); ok {
		msgs = append(msgs, fmt.Sprintf(msgSurrogate, r))
	}
	return msgs
}

func (d requestData) charField(name string) (string, string) {
	if d.isForm {
		vs, ok := d.form[name]
		if !ok || len(vs) == 0 {
			return "", msgRequired
		}
		// A QueryDict gives the last value of a repeated field.
		v := python.Strip(vs[len(vs)-1])
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
		if s := python.Strip(v); s != "" {
			return s, ""
		}
		return "", msgBlank
	case json.Number:
		// CharField coerces numbers with Python's str().
		return python.NumberString(v), ""
	}
	return "", msgNotStr // bool, list, dict
}
