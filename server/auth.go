package server

import (
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"jwtlab/server/store"
)

var (
	errNotAuthenticated = detail(http.StatusUnauthorized, "Authentication credentials were not provided.")
	errBadHeader        = detailCode(http.StatusUnauthorized, "Authorization header must contain two space-delimited values", "bad_authorization_header")
	errNoUserID         = detailCode(http.StatusUnauthorized, "Token contained no recognizable user identification", "token_not_valid")
	errUserNotFound     = detailCode(http.StatusUnauthorized, "User not found", "user_not_found")
	errUserInactive     = detailCode(http.StatusUnauthorized, "User is inactive", "user_inactive")
)

// authWords splits an Authorization header as Python's bytes.split()
// does (runs of ASCII white space), returning the first two words and
// how many there are, without allocating.
func authWords(h string) (first, second string, n int) {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' }
	for i := 0; i < len(h); {
		for i < len(h) && isSpace(h[i]) {
			i++
		}
		if i == len(h) {
			break
		}
		start := i
		for i < len(h) && !isSpace(h[i]) {
			i++
		}
		switch n {
		case 0:
			first = h[start:i]
		case 1:
			second = h[start:i]
		}
		n++
	}
	return first, second, n
}

// authenticate is simplejwt's JWTAuthentication followed by DRF's
// IsAuthenticated: an Authorization header whose first word is not one
// of our types means "no credentials", not "bad credentials".
func (s *Server) authenticate(r *http.Request) (store.User, error) {
	scheme, raw, n := authWords(r.Header.Get("Authorization"))
	if n == 0 || !slices.Contains(s.cfg.AuthHeaderTypes, scheme) {
		return store.User{}, errNotAuthenticated
	}
	if n != 2 {
		return store.User{}, errBadHeader
	}
	c, err := s.authToken(r.Context(), raw)
	if err != nil {
		return store.User{}, err
	}
	id, present, valid := c.userID(s.cfg.UserIDClaim)
	if !present {
		return store.User{}, errNoUserID
	}
	if !valid {
		return store.User{}, errUserNotFound
	}
	u, err := s.users.get(id, func() (store.User, error) { return s.store.UserByID(r.Context(), id) })
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, errUserNotFound
	}
	if err != nil {
		return store.User{}, err
	}
	if !u.Active {
		return store.User{}, errUserInactive
	}
	return u, nil
}

// userCache keeps users looked up by id for a short time, saving a
// query on every authenticated request. A zero TTL turns it off.
type userCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[int64]cachedUser
}

type cachedUser struct {
	u       store.User
	expires time.Time
}

// maxCachedUsers bounds the cache's memory: 10,000 users are about
// 1 MiB. When full it is emptied, which costs one query per user.
const maxCachedUsers = 10_000

func newUserCache(ttl time.Duration, now func() time.Time) *userCache {
	return &userCache{ttl: ttl, now: now, m: map[int64]cachedUser{}}
}

func (c *userCache) get(id int64, load func() (store.User, error)) (store.User, error) {
	if c.ttl <= 0 {
		return load()
	}
	now := c.now()
	c.mu.Lock()
	cu, ok := c.m[id]
	c.mu.Unlock()
	if ok && now.Before(cu.expires) {
		return cu.u, nil
	}
	u, err := load()
	if err != nil {
		return u, err
	}
	c.mu.Lock()
	if len(c.m) >= maxCachedUsers {
		clear(c.m)
	}
	c.m[id] = cachedUser{u: u, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return u, nil
}
