package server

import "net/http"

// Python's http.server, under runserver, reads each request line and
// header line with readline(65537) and refuses one longer than 65,536
// bytes, CRLF included (http.server's 414, http.client's _MAXLINE, 431).
var (
	errRequestLineTooLong = detail(http.StatusRequestURITooLong, "Request line too long.")
	errHeaderLineTooLong  = detail(http.StatusRequestHeaderFieldsTooLarge, "Header line too long.")
)

// limitHeaderLines refuses a request whose request line or any header
// line is longer than MaxHeaderLineBytes. net/http has parsed the
// headers already (within MaxHeaderBytes, the bound on all of them
// together); a line's length is rebuilt as "Name: value\r\n", the form
// nearly every client sends.
func (s *Server) limitHeaderLines(h http.Handler) http.Handler {
	limit := s.cfg.MaxHeaderLineBytes
	if limit <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// "GET /path HTTP/1.1\r\n"
		if len(r.Method)+1+len(r.RequestURI)+1+len(r.Proto)+2 > limit {
			s.writeError(w, r, errRequestLineTooLong)
			return
		}
		for name, values := range r.Header {
			for _, v := range values {
				if len(name)+2+len(v)+2 > limit {
					s.writeError(w, r, errHeaderLineTooLong)
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}
