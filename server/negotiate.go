package server

import "strings"

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
