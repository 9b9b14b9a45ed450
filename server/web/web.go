// Package web is the page jwtlab serve shows at / in the dev profile: a
// log in, a call to /api/me/, a silent refresh before the access token
// expires, a log out, and a panel of what JavaScript on the page can read.
// It is three embedded files - no CDN, no build step - and it is meant for
// the browser cookie mode (-refresh-cookie); without it the page says so
// and keeps the refresh token in a variable, where any script can read it.
package web

import (
	"embed"
	"net/http"
	"strconv"
)

//go:embed index.html page.js page.css
var files embed.FS

// pages maps each URL path to its file and media type.
var pages = map[string]struct{ file, typ string }{
	"/":         {"index.html", "text/html; charset=utf-8"},
	"/page.js":  {"page.js", "text/javascript; charset=utf-8"},
	"/page.css": {"page.css", "text/css; charset=utf-8"},
}

// Paths lists the URL paths Handler serves.
func Paths() []string { return []string{"/", "/page.js", "/page.css"} }

// csp lets the page load its own script and style and talk to its own
// origin, and nothing else: no inline script, so an injected <script>
// tag does not run; no framing (clickjacking).
const csp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the page's files; any other path is the caller's to route.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := files.ReadFile(p.file)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", p.typ)
		h.Set("Content-Security-Policy", csp)
		// The binary is the page's version: a browser checks back each
		// time rather than run an old script against a new server.
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Length", strconv.Itoa(len(b)))
		if r.Method != http.MethodHead {
			w.Write(b)
		}
	})
}
