package browser

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"

	flow "jwtlab/lessons/11-flow"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// Lab is the reference server in process, started the way jwtlab serve
// is with -refresh-cookie (or without it), and a client that plays the
// browser: it sends the cookies and headers a step names, nothing else.
type Lab struct {
	URL    string // the server's own origin, http://127.0.0.1:PORT
	server *servertest.Server
}

// Start starts the dev profile; cookie turns on -refresh-cookie.
func Start(cookie bool) (*Lab, error) {
	cfg := server.DevConfig()
	cfg.RefreshCookie = cookie
	srv, err := servertest.New(servertest.WithConfig(cfg))
	if err != nil {
		return nil, err
	}
	return &Lab{URL: srv.URL, server: srv}, nil
}

// StartSession starts the server with -refresh-cookie and logs in: it
// returns the two cookies the browser then holds, refresh_token and
// csrftoken.
func StartSession() (lab *Lab, refresh, csrf *http.Cookie, err error) {
	if lab, err = Start(true); err != nil {
		return nil, nil, nil, err
	}
	login := lab.Login()
	return lab, login.Cookie("refresh_token"), login.Cookie("csrftoken"), nil
}

// Close stops the server.
func (l *Lab) Close() { l.server.Close() }

// Reply is one answer: status and body as lesson 11 shows them, and the
// cookies it sets.
type Reply struct {
	flow.Response
	Cookies   []*http.Cookie
	SetCookie []string // the raw Set-Cookie lines
}

// Cookie returns the cookie the answer set under name, or nil.
func (r Reply) Cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// valuePattern is a Set-Cookie line's value: tokens are random, so the
// lines are shown with <value> in their place.
var valuePattern = regexp.MustCompile(`^([^=]+)=[^;]+`)

// Lines returns the Set-Cookie lines with each value replaced by <value>.
func (r Reply) Lines() string {
	var out []string
	for _, l := range r.SetCookie {
		l = valuePattern.ReplaceAllString(l, "$1=<value>")
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// Login is POST /api/token/ with the demo user's password.
func (l *Lab) Login() Reply {
	creds := `{"username":"demo","password":"` + servertest.Password + `"}`
	return l.Post("/api/token/", creds, nil)
}

// Post sends body (JSON, or nothing when empty) with these headers and
// cookies, as a browser's fetch with credentials: 'include' would.
func (l *Lab) Post(path, body string, header map[string]string,
	cookies ...*http.Cookie) Reply {
	req, err := http.NewRequest(http.MethodPost, l.URL+path,
		strings.NewReader(body))
	if err != nil {
		return Reply{Response: flow.Response{Body: []byte(err.Error())}}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := l.server.Client().Do(req)
	if err != nil {
		return Reply{Response: flow.Response{Body: []byte(err.Error())}}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Reply{Response: flow.Response{Status: resp.StatusCode, Body: b},
		Cookies:   resp.Cookies(),
		SetCookie: resp.Header.Values("Set-Cookie")}
}

// jwtPattern finds a compact JWT in a log line.
var jwtPattern = regexp.MustCompile(`eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*`)

// lineLog prints each access log line's message alone: no time (the log
// takes the wall clock, and the text line repeats it), no level, and
// <JWT> for a token (its jti is random).
type lineLog struct{ w io.Writer }

func (l lineLog) Enabled(context.Context, slog.Level) bool { return true }
func (l lineLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l lineLog) WithGroup(string) slog.Handler            { return l }

func (l lineLog) Handle(_ context.Context, r slog.Record) error {
	line := r.Message
	if i := strings.Index(line, "] "); i >= 0 {
		line = line[i+2:]
	}
	line = jwtPattern.ReplaceAllString(line, "<JWT>")
	_, err := io.WriteString(l.w, line+"\n")
	return err
}

// Logged starts the dev server with its text access log going to w, and
// returns a client, the server's URL, and a function that stops it.
func Logged(w io.Writer) (*http.Client, string, func(), error) {
	cfg := server.DevConfig()
	cfg.AccessLog = "text"
	b, err := servertest.Build(servertest.WithConfig(cfg), servertest.WithLogger(slog.New(lineLog{w})))
	if err != nil {
		return nil, "", nil, err
	}
	host, err := servertest.NewHost(b)
	if err != nil {
		b.Store.Close()
		return nil, "", nil, err
	}
	return host.Client(), host.URL, func() { host.Close(); b.Store.Close() }, nil
}
