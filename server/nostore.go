package server

import "net/http"

// hdrNoStore is RFC 6749 §5.1's Cache-Control for a response that
// carries tokens. Pragma: no-cache, which §5.1 also names, is left out:
// RFC 9111 §5.4 deprecates Pragma, and every cache it was for obeys
// Cache-Control.
var hdrNoStore = []string{"no-store"}

// noStore marks a token view's successful answers Cache-Control:
// no-store, so no browser or proxy cache keeps a copy of the tokens.
// simplejwt 5.2.2 sends no Cache-Control at all: a deliberate difference.
// Error answers carry no token and keep simplejwt's headers.
func noStore(post func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		h := w.Header()
		h["Cache-Control"] = hdrNoStore
		err := post(w, r)
		if err != nil {
			delete(h, "Cache-Control")
		}
		return err
	}
}
