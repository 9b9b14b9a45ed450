package header

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"jwtlab/lessons/02-base64url"
)

// Header holds the members a verifier looks at. Other members are allowed
// and ignored; a header with "crit" is refused (RFC 7515 §4.1.11: it names
// extensions the verifier must understand, and this lab understands none).
type Header struct {
	Alg string `json:"alg"`
	Typ string `json:"typ,omitempty"`
	Kid string `json:"kid,omitempty"`
	Cty string `json:"cty,omitempty"`
}

// The ways a header can be refused.
var (
	ErrNoAlg      = errors.New(`header has no "alg"`)
	ErrDuplicate  = errors.New("header repeats a member name")
	ErrAlgRefused = errors.New("algorithm not allowed by this verifier")
	ErrCrit       = errors.New(`header has "crit": extensions this verifier does not understand`)
)

// ParseHeader decodes a header segment strictly (lesson 2's Decode) and
// checks it is one JSON object, with an "alg", no repeated names and no
// "crit".
func ParseHeader(segment string) (Header, error) {
	raw, err := base64url.Decode(segment)
	if err != nil {
		return Header{}, fmt.Errorf("decode header: %w", err)
	}
	if err := noDuplicates(raw); err != nil {
		return Header{}, err
	}
	h, err := exactCase(raw)
	if err != nil {
		return Header{}, err
	}
	if h.Alg == "" {
		return Header{}, ErrNoAlg
	}
	return h, nil
}

// noDuplicates walks the top-level object's names with a json.Decoder,
// because json.Unmarshal would keep the last of two "alg"s without a word.
func noDuplicates(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errors.New("header JSON: not an object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("header JSON: %w", err)
		}
		name, _ := tok.(string)
		if seen[name] {
			return fmt.Errorf("%w: %q", ErrDuplicate, name)
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fmt.Errorf("header JSON: %w", err)
		}
	}
	return nil
}

// exactCase reads the members Header has fields for by their exact names,
// and refuses "crit". RFC 7515 §5.3 compares member names exactly, but
// json.Unmarshal into a struct matches them case-insensitively:
// {"ALG":"none"} would fill Alg. Reading into a map keeps the names as
// sent; "ALG" is then just another member, ignored like any unknown one.
func exactCase(raw []byte) (Header, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return Header{}, fmt.Errorf("header JSON: %w", err)
	}
	if crit, ok := members["crit"]; ok {
		return Header{}, fmt.Errorf("%w: %s", ErrCrit, crit)
	}
	var h Header
	for name, field := range map[string]*string{"alg": &h.Alg, "typ": &h.Typ, "kid": &h.Kid, "cty": &h.Cty} {
		if v, ok := members[name]; ok {
			if err := json.Unmarshal(v, field); err != nil {
				return Header{}, fmt.Errorf("header JSON %q: %w", name, err)
			}
		}
	}
	return h, nil
}

// CheckAlg accepts the header only if its alg is one the verifier chose
// in advance. The comparison is exact: no case folding, no trimming.
func CheckAlg(h Header, allowed ...string) error {
	if !slices.Contains(allowed, h.Alg) {
		return fmt.Errorf("%w: %q (allowed: %q)", ErrAlgRefused, h.Alg, allowed)
	}
	return nil
}
