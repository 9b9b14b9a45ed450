package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"jwtlab/internal/python"
)

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
		if v, ok := flatStrings(body); ok {
			return requestData{json: v}, nil
		}
		if msg := python.JSONError(body); msg != "" {
			return requestData{}, detail(http.StatusBadRequest, "JSON parse error - "+msg)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			// Python accepted it but Go did not.
			return requestData{}, detail(http.StatusBadRequest, "JSON parse error - "+err.Error())
		}
		if bytes.Contains(body, []byte(`\u`)) {
			keepSurrogates(body, v)
		}
		return requestData{json: v}, nil
	case "application/x-www-form-urlencoded":
		form, err := python.ParseForm(body)
		if err != nil {
			// Django answers its HTML error page; every error here is JSON.
			return requestData{}, detail(http.StatusBadRequest, python.TooManyFieldsText)
		}
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

// keepSurrogates decodes the string members of the object v was decoded
// from again as Python's json does, so that a lone surrogate escape stays
// a surrogate (encoding/json made it U+FFFD) for the fields to refuse as
// DRF does. Only a body with a \u escape can hold one.
func keepSurrogates(body []byte, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return
	}
	for name, lit := range raw {
		if _, ok := m[name].(string); !ok {
			continue
		}
		if s, ok := python.UnquoteJSON(lit); ok {
			m[name] = s
		}
	}
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
			// MultiPartParser decodes a field's name and value as UTF-8,
			// errors="replace" (django/http/multipartparser.py).
			name := python.DecodeReplace([]byte(p.FormName()))
			form[name] = append(form[name], python.DecodeReplace(v))
		}
	}
}
