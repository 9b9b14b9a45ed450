package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"jwtlab/server/store"
)

// DRF's OPTIONS metadata for each view, as simplejwt 5.2.2 answers it.
var (
	renders = []string{"application/json", "text/html"}
	parses  = []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data"}
)

func field(required, readOnly bool, label string) obj {
	return obj{{"type", "string"}, {"required", required}, {"read_only", readOnly}, {"label", label}}
}

func viewMeta(name, description string, post obj) obj {
	m := obj{{"name", name}, {"description", description}, {"renders", renders}, {"parses", parses}}
	if post != nil {
		m = append(m, kv{"actions", obj{{"POST", post}}})
	}
	return m
}

// credentialFields are the fields of simplejwt's TokenObtainSerializer,
// which the pair and the sliding obtain serializers both extend (5.2.2
// serializers.py): their OPTIONS metadata lists the same two.
var credentialFields = obj{{"username", field(true, false, "Username")}, {"password", field(true, false, "Password")}}

var (
	obtainMeta = viewMeta("Token Obtain Pair",
		"Takes a set of user credentials and returns an access and refresh JSON web\ntoken pair to prove the authentication of those credentials.",
		credentialFields)
	refreshMeta = viewMeta("Token Refresh",
		"Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid.",
		obj{{"refresh", field(true, false, "Refresh")}, {"access", field(false, true, "Access")}})
	verifyMeta = viewMeta("Token Verify",
		"Takes a token and indicates if it is valid.  This view provides no\ninformation about a token's fitness for a particular use.",
		obj{{"token", field(true, false, "Token")}})
	blacklistMeta = viewMeta("Token Blacklist",
		"Takes a token and blacklists it. Must be used with the\n`rest_framework_simplejwt.token_blacklist` app installed.",
		obj{{"refresh", field(true, false, "Refresh")}})
	meMeta = viewMeta("Me", "GET only; requires a valid access token (JWTAuthentication is the default).", nil)
)

var (
	allowPost = []string{"POST, OPTIONS"}
	allowGet  = []string{"GET, HEAD, OPTIONS"}
)

// errNotAcceptable is DRF's 406 when no renderer matches Accept.
var errNotAcceptable = detail(http.StatusNotAcceptable, "Could not satisfy the request Accept header.")

func methodNotAllowed(method string) error {
	return detail(http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", method))
}

// tokenView is DRF's APIView around one of simplejwt's token views: it
// negotiates the response type, answers OPTIONS with metadata and refuses
// any method but POST, in that order. Token views do no authentication.
func (s *Server) tokenView(meta obj, post func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Vary"] = hdrAccept
		h["Allow"] = allowPost
		var err error
		switch {
		case !acceptsJSON(r.Header.Get("Accept")):
			err = errNotAcceptable
		case r.Method == http.MethodPost:
			err = post(w, r)
		case r.Method == http.MethodOptions:
			encode(w, http.StatusOK, meta)
		default:
			err = methodNotAllowed(r.Method)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

type userKey struct{}

// userFrom returns the user protectedView authenticated.
func userFrom(ctx context.Context) store.User {
	u, _ := ctx.Value(userKey{}).(store.User)
	return u
}

// protectedView is an APIView with JWTAuthentication and IsAuthenticated
// that answers GET (and HEAD): see protected.
func (s *Server) protectedView(meta obj, get func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.protected(http.MethodGet, meta, get)
}

// protected is an APIView with JWTAuthentication and IsAuthenticated whose
// view answers method (GET views also HEAD) and OPTIONS with meta:
// authentication runs before the method check, so a request with another
// method is a 401 when anonymous and a 405 when authenticated.
func (s *Server) protected(method string, meta obj, view func(http.ResponseWriter, *http.Request) error) http.Handler {
	allow := allowPost
	if method == http.MethodGet {
		allow = allowGet
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Vary"] = hdrAccept
		h["Allow"] = allow
		err := func() error {
			if !acceptsJSON(r.Header.Get("Accept")) {
				return errNotAcceptable
			}
			u, err := s.authenticate(r)
			if err != nil {
				return err
			}
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			switch {
			case r.Method == method, method == http.MethodGet && r.Method == http.MethodHead:
				return view(w, r)
			case r.Method == http.MethodOptions:
				encode(w, http.StatusOK, meta)
				return nil
			}
			return methodNotAllowed(r.Method)
		}()
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

// onlyGet answers 405 in JSON to anything but GET and HEAD.
func (s *Server) onlyGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.writeError(w, r, methodNotAllowed(r.Method))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// handleFallback answers what no route matched. A known path without its
// trailing slash is redirected, as Django's APPEND_SLASH does; anything
// else is a 404 - in JSON, where Django would send an HTML page.
func (s *Server) handleFallback(slashed ...string) http.Handler {
	known := map[string]bool{}
	for _, p := range slashed {
		known[strings.TrimSuffix(p, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if known[r.URL.Path] {
			loc := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				loc += "?" + r.URL.RawQuery
			}
			h := w.Header()
			h.Set("Location", loc)
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Length", "0")
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		s.writeError(w, r, detail(http.StatusNotFound, "Not found."))
	})
}
