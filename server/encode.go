package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// obj is a JSON object that keeps its keys in the order given: DRF's
// responses are ordered dicts, and clients diff them as text.
type obj []kv

type kv struct {
	k string
	v any
}

// MarshalJSON writes the keys in order and each value as marshal does,
// with one encoder for the whole object.
func (o obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		for j, v := range []any{f.k, f.v} {
			if err := enc.Encode(v); err != nil {
				return nil, err
			}
			buf.Truncate(buf.Len() - 1) // Encode's newline
			if j == 0 {
				buf.WriteByte(':')
			}
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshal writes v as DRF's JSONRenderer (Python's json.dumps with
// ensure_ascii off and compact separators) does. encoding/json with HTML
// escaping off gives the same bytes: it escapes only the quote, the
// backslash, control characters (\b \f \n \r \t by name, others as
// \u00XX, lower-case hex) and U+2028/U+2029, which DRF escapes too
// (TestWriterMatchesDRF). A hand-written writer was no faster through
// the whole handler (BenchmarkHandler), so it went.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// appendString appends s as a JSON string, written as marshal writes it.
// Printable ASCII without a quote or backslash (every claim name we
// write) needs no escaping and skips the encoder: its allocations were
// a tenth of a refresh's (BenchmarkHandler/prod/refresh).
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			v, _ := marshal(s) // a string always encodes
			return append(b, v...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// encode writes v as the JSON response with status code.
func encode(w http.ResponseWriter, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		// Only our own values reach here, so this is a bug, not input.
		panic(fmt.Sprintf("encode response: %v", err))
	}
	h := w.Header()
	h["Content-Type"] = hdrJSON
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
}
