package bench

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Lifetimes simplejwt uses by default; the servers under test expect them.
const (
	accessLifetime  = 5 * time.Minute
	refreshLifetime = 24 * time.Hour
)

// claims has simplejwt's payload in simplejwt's key order (token_type, exp,
// iat, jti, user_id): a struct keeps the order, where MapClaims would sort.
type claims struct {
	TokenType string `json:"token_type"`
	Exp       int64  `json:"exp"`
	Iat       int64  `json:"iat"`
	JTI       string `json:"jti"`
	UserID    int64  `json:"user_id"`
}

func (c claims) GetExpirationTime() (*jwt.NumericDate, error) {
	return jwt.NewNumericDate(time.Unix(c.Exp, 0)), nil
}
func (c claims) GetIssuedAt() (*jwt.NumericDate, error) {
	return jwt.NewNumericDate(time.Unix(c.Iat, 0)), nil
}
func (c claims) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }
func (c claims) GetIssuer() (string, error)              { return "", nil }
func (c claims) GetSubject() (string, error)             { return "", nil }
func (c claims) GetAudience() (jwt.ClaimStrings, error)  { return nil, nil }

// Minter signs tokens the way simplejwt does: header {"alg":"HS256","typ":"JWT"},
// a fresh 32-hex-digit jti per token.
type Minter struct {
	Key    []byte
	UserID int64
	Now    func() time.Time // nil means time.Now
}

func (m *Minter) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Mint returns one token of type "access" or "refresh".
func (m *Minter) Mint(tokenType string) (string, error) {
	life := accessLifetime
	if tokenType == "refresh" {
		life = refreshLifetime
	}
	jti, err := newJTI()
	if err != nil {
		return "", err
	}
	now := m.now().Unix()
	c := claims{TokenType: tokenType, Exp: now + int64(life/time.Second), Iat: now, JTI: jti, UserID: m.UserID}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(m.Key)
}

// MintN returns n distinct tokens of one type.
func (m *Minter) MintN(tokenType string, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		tok, err := m.Mint(tokenType)
		if err != nil {
			return nil, err
		}
		out[i] = tok
	}
	return out, nil
}

// newJTI is uuid4().hex's shape: 16 random bytes as 32 lowercase hex digits.
func newJTI() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("jti: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// pool hands out tokens to concurrent vegeta workers. A cycling pool
// reuses its tokens once it runs out (fine for access tokens and
// non-rotating refresh); a single-use pool mints more on demand instead,
// because a rotated refresh token is blacklisted after its first use.
type pool struct {
	tokens    []string
	next      atomic.Uint64
	singleUse bool
	minter    *Minter
	kind      string
}

func newPool(m *Minter, kind string, n int, singleUse bool) (*pool, error) {
	toks, err := m.MintN(kind, n)
	if err != nil {
		return nil, err
	}
	return &pool{tokens: toks, singleUse: singleUse, minter: m, kind: kind}, nil
}

// take returns the next token; it is safe for concurrent use.
func (p *pool) take() (string, error) {
	i := p.next.Add(1) - 1
	if i < uint64(len(p.tokens)) {
		return p.tokens[i], nil
	}
	if !p.singleUse {
		return p.tokens[i%uint64(len(p.tokens))], nil
	}
	return p.minter.Mint(p.kind)
}
