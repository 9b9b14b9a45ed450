package flow

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	clock "jwtlab/lessons/05-time"
	"jwtlab/server/servertest"
)

// Clock is a clock the lesson moves by hand; the server reads it on every
// request.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock that reads t until it is advanced.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Lab is a reference server with its clock, and a client for it.
type Lab struct {
	Clock  *Clock
	server *servertest.Server
}

// Start starts the reference server with the demo user, at lesson 5's Now.
func Start(opts ...servertest.Option) (*Lab, error) {
	c := NewClock(clock.Now)
	srv, err := servertest.New(append([]servertest.Option{servertest.WithClock(c.Now)}, opts...)...)
	if err != nil {
		return nil, err
	}
	return &Lab{Clock: c, server: srv}, nil
}

// Close stops the server.
func (l *Lab) Close() { l.server.Close() }

// Response is the status and body of one answer.
type Response struct {
	Status int
	Body   []byte
}

// token picks a token out of a JSON answer.
func (r Response) token(name string) string {
	var m map[string]any
	json.Unmarshal(r.Body, &m)
	s, _ := m[name].(string)
	return s
}

// Access and Refresh return the tokens in an answer, if any.
func (r Response) Access() string  { return r.token("access") }
func (r Response) Refresh() string { return r.token("refresh") }

// jwtPattern finds compact JWTs in a body.
var jwtPattern = regexp.MustCompile(`eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*`)

// String shows the answer with each token replaced by <jwt:its token_type>,
// the notation of the recorded simplejwt cases: tokens carry random jtis,
// the shape does not.
func (r Response) String() string {
	body := jwtPattern.ReplaceAllStringFunc(string(r.Body), func(tok string) string {
		c, _ := Claims(tok)
		return "<jwt:" + c.TokenType + ">"
	})
	return fmt.Sprintf("%d %s", r.Status, body)
}

// post sends a JSON body.
func (l *Lab) post(path string, body any) (Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return Response{}, err
	}
	return l.do(http.MethodPost, path, "", bytes.NewReader(b))
}

func (l *Lab) do(method, path, bearer string, body io.Reader) (Response, error) {
	req, err := http.NewRequest(method, l.server.URL+path, body)
	if err != nil {
		return Response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := l.server.Client().Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Body: b}, err
}

// Obtain logs in: POST /api/token/.
func (l *Lab) Obtain(username, password string) (Response, error) {
	return l.post("/api/token/", map[string]string{"username": username, "password": password})
}

// Me calls the protected endpoint with an access token: GET /api/me/.
func (l *Lab) Me(access string) (Response, error) {
	return l.do(http.MethodGet, "/api/me/", access, nil)
}

// Refresh trades a refresh token for a new access token (and, with
// rotation, a new refresh token): POST /api/token/refresh/.
func (l *Lab) Refresh(refresh string) (Response, error) {
	return l.post("/api/token/refresh/", map[string]string{"refresh": refresh})
}

// Deactivate sets a user inactive, as Django's admin does with is_active.
func (l *Lab) Deactivate(username string) error {
	return l.server.Store.SetActive(context.Background(), username, false)
}

// Blacklist revokes a refresh token: POST /api/token/blacklist/.
func (l *Lab) Blacklist(refresh string) (Response, error) {
	return l.post("/api/token/blacklist/", map[string]string{"refresh": refresh})
}

// TokenClaims are the claims the flow looks at.
type TokenClaims struct {
	TokenType string `json:"token_type"`
	Exp       int64  `json:"exp"`
	Iat       int64  `json:"iat"`
	UserID    int64  `json:"user_id"`
}

// Claims decodes a token's payload without checking it: fine for showing
// what the server issued, never for deciding anything.
func Claims(token string) (TokenClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return TokenClaims{}, fmt.Errorf("not a JWT")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return TokenClaims{}, err
	}
	var c TokenClaims
	err = json.Unmarshal(b, &c)
	return c, err
}
