package bench

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"jwtlab/internal/jose"
)

// Lifetimes simplejwt uses by default; the servers under test expect them.
const (
	accessLifetime  = 5 * time.Minute
	refreshLifetime = 24 * time.Hour
)

// claims has simplejwt's payload in simplejwt's key order (token_type, exp,
// iat, jti, user_id): encoding/json writes a struct's fields in order.
type claims struct {
	TokenType string `json:"token_type"`
	Exp       int64  `json:"exp"`
	Iat       int64  `json:"iat"`
	JTI       string `json:"jti"`
	UserID    int64  `json:"user_id"`
}

// Minter signs tokens the way simplejwt does, through jwtlab's one
// minting path (jose.Signer): header {"alg":"HS256","typ":"JWT"}, a fresh
// jti per token (jose.NewJTI, as the server's).
type Minter struct {
	signer *jose.Signer
	userID int64
	// Now is the clock tokens are issued at; nil means time.Now.
	Now func() time.Time
}

// NewMinter returns a Minter for user userID that signs with the HS256
// secret key.
func NewMinter(key []byte, userID int64) (*Minter, error) {
	s, err := jose.NewSigner(jose.Secret(string(key)), "HS256")
	if err != nil {
		return nil, fmt.Errorf("minter: %w", err)
	}
	return &Minter{signer: s, userID: userID}, nil
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
	at := m.now()
	now := at.Unix()
	payload, err := json.Marshal(claims{TokenType: tokenType, Exp: now + int64(life/time.Second), Iat: now, JTI: jose.NewJTI(at), UserID: m.userID})
	if err != nil {
		return "", err
	}
	return m.signer.Sign(payload)
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
