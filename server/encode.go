package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"jwtlab/server/store"
)

// obj is a JSON object that keeps its keys in the order given: DRF's
// responses are ordered dicts, and clients diff them as text.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) { return appendJSON(nil, o) }

// appendJSON appends v as DRF's JSONRenderer (Python's json.dumps with
// ensure_ascii off and compact separators) writes it. The types our
// responses use are written directly; anything else goes through
// encoding/json.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch v := v.(type) {
	case string:
		return appendString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case obj:
		b = append(b, '{')
		for i, f := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, f.k)
			b = append(b, ':')
			if b, err = appendJSON(b, f.v); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']'), nil
	case []obj:
		b = append(b, '[')
		for i, o := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, o); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

// appendString writes s as Python's json module does with ensure_ascii
// off: only the quote, the backslash and control characters are escaped
// (\b and \f by name, others as \u00XX), plus U+2028 and U+2029, which
// DRF escapes so the JSON is also valid JavaScript.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				if c < 0x20 {
					b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				} else {
					b = append(b, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028':
			b = append(b, `\u2028`...)
		case r == '\u2029':
			b = append(b, `\u2029`...)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// encode writes v as the JSON response with status code.
func encode(w http.ResponseWriter, status int, v any) {
	b, err := appendJSON(make([]byte, 0, 512), v)
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

// apiError is an error with its simplejwt-shaped response. Every error
// body the server writes goes through writeError.
type apiError struct {
	status     int
	body       obj
	retryAfter int // seconds, for 429 and 503
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %v", e.status, e.body) }

func detail(status int, msg string) *apiError {
	return &apiError{status: status, body: obj{{"detail", msg}}}
}

func detailCode(status int, msg, code string) *apiError {
	return &apiError{status: status, body: obj{{"detail", msg}, {"code", code}}}
}

// fieldErrors is DRF's 400 for serializer validation: {"field":["msg"]}.
func fieldErrors(fields obj) *apiError { return &apiError{status: http.StatusBadRequest, body: fields} }

func nonFieldError(msg string) *apiError {
	return fieldErrors(obj{{"non_field_errors", []string{msg}}})
}

// errBodyTooLarge is returned while reading a body past the limit.
var errBodyTooLarge = errors.New("request body too large")

// tokenMessage is simplejwt's wire text for a token error.
func tokenMessage(err error) string {
	switch {
	case errors.Is(err, ErrTokenNoExp):
		return "Token has no 'exp' claim"
	case errors.Is(err, ErrTokenNoID):
		return "Token has no id"
	case errors.Is(err, ErrTokenNoType):
		return "Token has no type"
	case errors.Is(err, ErrTokenWrongType):
		return "Token has wrong type"
	case errors.Is(err, ErrTokenBlacklisted):
		return "Token is blacklisted"
	}
	return "Token is invalid or expired"
}

func isTokenError(err error) bool {
	for _, e := range []error{ErrTokenInvalid, ErrTokenNoExp, ErrTokenNoID, ErrTokenNoType, ErrTokenWrongType, ErrTokenBlacklisted} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// errorResponse maps any error to its response: the one place that
// decides what a client sees when something goes wrong.
func errorResponse(err error) *apiError {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case isTokenError(err):
		return detailCode(http.StatusUnauthorized, tokenMessage(err), "token_not_valid")
	case errors.Is(err, errBodyTooLarge):
		return detail(http.StatusRequestEntityTooLarge, "Request body is too large.")
	case store.IsUnavailable(err):
		return errStoreUnavailable
	}
	return detail(http.StatusInternalServerError, "A server error occurred.")
}

// writeError writes err's response. A 401 carries the WWW-Authenticate
// challenge DRF builds from the first auth header type.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := errorResponse(err)
	s.noteStoreFailure(err)
	if ae.status == http.StatusInternalServerError || ae == errStoreUnavailable {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	if ae.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", s.challenge)
	}
	if ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	encode(w, ae.status, ae.body)
}

// requestData is DRF's request.data: a JSON value, or form fields.
type requestData struct {
	json   any                 // decoded JSON (json.Number for numbers)
	form   map[string][]string // form-encoded or multipart fields
	isForm bool
}

// parsedMediaType is a lower-cased type/subtype without parameters.
func parsedMediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt
}

// decode reads the body the way DRF's parsers do: JSON, form-encoded or
// multipart; an empty body is an empty form; anything else is 415.
func (s *Server) decode(r *http.Request) (requestData, error) {
	ct := r.Header.Get("Content-Type")
	mt := parsedMediaType(ct)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return requestData{}, errBodyTooLarge
		}
		return requestData{}, detail(http.StatusBadRequest, "Could not read the request body.")
	}
	if len(body) == 0 {
		// DRF never runs a parser on an empty body: no data, any type.
		return requestData{form: map[string][]string{}, isForm: true}, nil
	}
	switch mt {
	case "application/json":
		if msg := pyJSONError(body); msg != "" {
			return requestData{}, detail(http.StatusBadRequest, "JSON parse error - "+msg)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			// Python accepted it but Go did not (a lone surrogate, say).
			return requestData{}, detail(http.StatusBadRequest, "JSON parse error - "+err.Error())
		}
		return requestData{json: v}, nil
	case "application/x-www-form-urlencoded":
		// Django is lenient with bad escapes: keep what parses.
		form, _ := url.ParseQuery(string(body))
		return requestData{form: form, isForm: true}, nil
	case "multipart/form-data":
		_, params, err := mime.ParseMediaType(ct)
		if err != nil || params["boundary"] == "" {
			return requestData{}, detail(http.StatusBadRequest, "Multipart form parse error - Invalid boundary in multipart: None")
		}
		form, err := readMultipart(body, params["boundary"])
		if err != nil {
			return requestData{}, detail(http.StatusBadRequest, "Multipart form parse error - "+err.Error())
		}
		return requestData{form: form, isForm: true}, nil
	}
	return requestData{}, detail(http.StatusUnsupportedMediaType, fmt.Sprintf("Unsupported media type %q in request.", ct))
}

// readMultipart collects the text fields of a multipart body; file parts
// are read past and dropped, as no token endpoint takes a file.
func readMultipart(body []byte, boundary string) (map[string][]string, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	form := map[string][]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return nil, err
		}
		v, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		if p.FormName() != "" && p.FileName() == "" {
			form[p.FormName()] = append(form[p.FormName()], string(v))
		}
	}
}

// acceptsJSON is DRF's content negotiation: true when some media range
// in Accept matches application/json or text/html (the two renderers).
// We always answer JSON; DRF would render HTML for a browser.
func acceptsJSON(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		switch mt {
		case "*/*", "application/*", "application/json", "text/*", "text/html":
			return true
		}
	}
	return false
}
