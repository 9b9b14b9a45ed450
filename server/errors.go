package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"jwtlab/server/store"
)

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

// errOverloaded is DRF's ServiceUnavailable, sent when the server sheds
// load: come back in a second.
var errOverloaded = &apiError{status: http.StatusServiceUnavailable,
	body: obj{{"detail", "Service temporarily unavailable, try again later."}}, retryAfter: 1}
