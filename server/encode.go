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

// MarshalJSON writes the keys in order and each value as marshal does.
func (o obj) MarshalJSON() ([]byte, error) { return o.appendJSON(make([]byte, 0, 128)) }

func (o obj) appendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	for i, f := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, f.k), ':')
		var err error
		if b, err = appendValue(b, f.v); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendValue appends v as marshal writes it. The kinds responses hold
// (token strings, ids, nested objects) skip the encoder, which for a
// Marshaler would also re-validate and compact what it was handed: they
// were a tenth of GET /api/me/'s CPU (BenchmarkHandler/prod/me).
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendString(b, v), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case obj:
		return v.appendJSON(b)
	}
	m, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, m...), nil
}

// marshal writes v as DRF's JSONRenderer (Python's json.dumps with
// ensure_ascii off and compact separators) does. encoding/json with HTML
// escaping off gives the same bytes: it escapes only the quote, the
// backslash, control characters (\b \f \n \r \t by name, others as
// \u00XX, lower-case hex) and U+2028/U+2029, which DRF escapes too
// (TestWriterMatchesDRF). A hand-written writer was no faster through
// the whole handler (BenchmarkHandler), so it went.
func marshal(v any) ([]byte, error) {
	if o, ok := v.(obj); ok {
		return o.MarshalJSON()
	}
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
