package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"jwtlab/internal/loopback"
)

// maxBody bounds a server answer read by live mode; simplejwt's largest
// JSON answer is a token pair, well under a kilobyte. Its HTML debug pages
// are larger and are cut, which is fine: only the status line is shown.
const maxBody = 64 << 10

// client speaks simplejwt's wire format (the bodies of
// djangorestframework-simplejwt 5.2, which jwtlab serve reproduces).
type client struct {
	base *url.URL
	http *http.Client
}

func newClient(server string) (*client, error) {
	u, err := loopback.URL(server)
	if err != nil {
		return nil, fmt.Errorf("server %w", err)
	}
	return &client{base: u, http: loopback.Client()}, nil
}

// answer is one HTTP exchange, kept for the live log.
type answer struct {
	Status int
	Body   string // compact, cut to one line
	fields map[string]any
}

func (a answer) ok() bool { return a.Status == http.StatusOK }

func (a answer) str(name string) string {
	s, _ := a.fields[name].(string)
	return s
}

// summary is how the log shows an answer: status and body, or the
// simplejwt detail message of an error.
func (a answer) summary() string {
	if d := a.str("detail"); d != "" && !a.ok() {
		if c := a.str("code"); c != "" {
			return fmt.Sprintf("%d %s (%s)", a.Status, d, c)
		}
		return fmt.Sprintf("%d %s", a.Status, d)
	}
	return fmt.Sprintf("%d %s", a.Status, a.Body)
}

func (c *client) do(ctx context.Context, method, path string, body any, bearer string) (answer, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.JoinPath(path).String(), rd)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return answer{}, err
	}
	a := answer{Status: resp.StatusCode}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) == nil {
		a.Body = compact.String()
		_ = json.Unmarshal(raw, &a.fields)
	} else {
		a.Body = fmt.Sprintf("(%s, %d bytes)", strings.TrimSpace(resp.Header.Get("Content-Type")), len(raw))
	}
	return a, nil
}

func (c *client) obtain(ctx context.Context, username, password string) (answer, error) {
	return c.do(ctx, http.MethodPost, "/api/token/", map[string]string{"username": username, "password": password}, "")
}

func (c *client) refresh(ctx context.Context, refresh string) (answer, error) {
	return c.do(ctx, http.MethodPost, "/api/token/refresh/", map[string]string{"refresh": refresh}, "")
}

func (c *client) verify(ctx context.Context, token string) (answer, error) {
	return c.do(ctx, http.MethodPost, "/api/token/verify/", map[string]string{"token": token}, "")
}

func (c *client) blacklist(ctx context.Context, refresh string) (answer, error) {
	return c.do(ctx, http.MethodPost, "/api/token/blacklist/", map[string]string{"refresh": refresh}, "")
}

func (c *client) me(ctx context.Context, access string) (answer, error) {
	return c.do(ctx, http.MethodGet, "/api/me/", nil, access)
}
