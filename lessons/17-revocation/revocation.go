package revocation

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	clock "jwtlab/lessons/05-time"
	flow "jwtlab/lessons/11-flow"
	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// Counting is a store that notes every call the server makes to it, so
// that a step can show what one request costs in database work: the part
// of a request's price that grows with revocation.
type Counting struct {
	store.Store
	mu    sync.Mutex
	calls []string
}

func (c *Counting) note(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, name)
}

// Calls returns the calls noted since the last Calls, joined by spaces,
// or "none".
func (c *Counting) Calls() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := strings.Join(c.calls, " ")
	c.calls = nil
	if s == "" {
		return "none"
	}
	return s
}

// UserByID and the methods below note their call and pass it on: the
// calls a token request can make on users, the blacklist and families.
func (c *Counting) UserByID(ctx context.Context, id int64) (store.User, error) {
	c.note("UserByID")
	return c.Store.UserByID(ctx, id)
}

func (c *Counting) UserByUsername(ctx context.Context, name string) (store.User, error) {
	c.note("UserByUsername")
	return c.Store.UserByUsername(ctx, name)
}

func (c *Counting) AddOutstanding(ctx context.Context, jti string, uid int64, exp time.Time) error {
	c.note("AddOutstanding")
	return c.Store.AddOutstanding(ctx, jti, uid, exp)
}

func (c *Counting) Blacklist(ctx context.Context, jti string, uid int64, exp time.Time) (bool, error) {
	c.note("Blacklist")
	return c.Store.Blacklist(ctx, jti, uid, exp)
}

func (c *Counting) IsBlacklisted(ctx context.Context, jti string) (bool, error) {
	c.note("IsBlacklisted")
	return c.Store.IsBlacklisted(ctx, jti)
}

func (c *Counting) AddRotated(ctx context.Context, jti, parent string, uid int64, exp, now time.Time) (bool, error) {
	c.note("AddRotated")
	return c.Store.AddRotated(ctx, jti, parent, uid, exp, now)
}

func (c *Counting) Rotate(ctx context.Context, r store.Rotation) (store.RotateResult, error) {
	c.note("Rotate")
	return c.Store.Rotate(ctx, r)
}

func (c *Counting) RevokeFamily(ctx context.Context, jti string, now time.Time) (int64, error) {
	c.note("RevokeFamily")
	return c.Store.RevokeFamily(ctx, jti, now)
}

func (c *Counting) RevokeUser(ctx context.Context, uid int64, now time.Time) (int64, error) {
	c.note("RevokeUser")
	return c.Store.RevokeUser(ctx, uid, now)
}

func (c *Counting) BlacklistedAt(ctx context.Context, jti string) (time.Time, error) {
	c.note("BlacklistedAt")
	return c.Store.BlacklistedAt(ctx, jti)
}

// Lab is the reference server on a counting store, with lesson 11's
// hand-moved clock starting at lesson 5's Now.
type Lab struct {
	Clock  *flow.Clock
	Store  *Counting
	server *servertest.Server
}

// Start starts the server with the dev profile changed by each change
// (the same fields jwtlab serve's flags and -set change), and the demo
// users of servertest.
func Start(changes ...func(*server.Config)) (*Lab, error) {
	clk := flow.NewClock(clock.Now)
	cfg := server.DevConfig()
	cfg.Clock = clk.Now
	for _, change := range changes {
		change(&cfg)
	}
	counting := &Counting{}
	srv, err := servertest.New(servertest.WithConfig(cfg), servertest.WithStore(func(st store.Store) store.Store {
		counting.Store = st
		return counting
	}))
	if err != nil {
		return nil, err
	}
	return &Lab{Clock: clk, Store: counting, server: srv}, nil
}

// Close stops the server and closes its store.
func (l *Lab) Close() { l.server.Close() }

// Post sends a JSON body, with an access token when bearer is not empty.
func (l *Lab) Post(path, bearer string, body any) flow.Response {
	b, _ := json.Marshal(body)
	return l.do(http.MethodPost, path, bearer, bytes.NewReader(b))
}

// Me calls the protected endpoint: GET /api/me/.
func (l *Lab) Me(token string) flow.Response {
	return l.do(http.MethodGet, "/api/me/", token, nil)
}

// Login is POST /api/token/ with the demo user's name and this password.
func (l *Lab) Login(pw string) flow.Response {
	return l.Post("/api/token/", "", map[string]string{"username": servertest.Username, "password": pw})
}

// Refresh is POST /api/token/refresh/.
func (l *Lab) Refresh(refresh string) flow.Response {
	return l.Post("/api/token/refresh/", "", map[string]string{"refresh": refresh})
}

// do sends one request. A failed request (the server is in process, so
// it does not fail) shows as status 0 with the error as its body.
func (l *Lab) do(method, path, bearer string, body io.Reader) flow.Response {
	req, err := http.NewRequest(method, l.server.URL+path, body)
	if err != nil {
		return flow.Response{Body: []byte(err.Error())}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := l.server.Client().Do(req)
	if err != nil {
		return flow.Response{Body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return flow.Response{Status: resp.StatusCode, Body: b}
}

// ChangePassword is what jwtlab users passwd does (cmd_users.go): store
// the new hash, then blacklist every refresh token of the user, so a
// stolen one dies with the old password. Cheap hashing parameters keep
// the lesson fast; the server checks a hash with the parameters it holds.
// now is the server's clock (jwtlab users passwd uses time.Now).
func ChangePassword(ctx context.Context, st store.Store, username, pw string, now time.Time) error {
	h, err := password.Hash(pw, password.Params{MemoryKiB: 64, Time: 1, Threads: 1})
	if err != nil {
		return err
	}
	if err := st.SetPasswordHash(ctx, username, h); err != nil {
		return err
	}
	return revokeUser(ctx, st, username, now)
}

// Deactivate is what jwtlab users deactivate does: is_active false, then
// every refresh token of the user blacklisted.
func Deactivate(ctx context.Context, st store.Store, username string, now time.Time) error {
	if err := st.SetActive(ctx, username, false); err != nil {
		return err
	}
	return revokeUser(ctx, st, username, now)
}

// revokeUser blacklists the refresh tokens of username still unexpired
// at now.
func revokeUser(ctx context.Context, st store.Store, username string, now time.Time) error {
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	_, err = st.RevokeUser(ctx, u.ID, now)
	return err
}

// SlidingToken picks the token out of a sliding login's answer
// ({"token": ...}); "" when there is none.
func SlidingToken(r flow.Response) string {
	var body struct {
		Token string `json:"token"`
	}
	json.Unmarshal(r.Body, &body)
	return body.Token
}
