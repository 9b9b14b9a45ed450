package server

import (
	"errors"

	"github.com/golang-jwt/jwt/v5"
)

// Token errors, in the order simplejwt checks for them. errorBody turns
// each into simplejwt's exact wire text.
var (
	ErrTokenInvalid     = errors.New("token is invalid or expired")
	ErrTokenNoExp       = errors.New("token has no exp claim")
	ErrTokenNoID        = errors.New("token has no id")
	ErrTokenNoType      = errors.New("token has no type")
	ErrTokenWrongType   = errors.New("token has wrong type")
	ErrTokenBlacklisted = errors.New("token is blacklisted")

	// Why keyFor refused a token's header; logged as ErrTokenInvalid's cause.
	errUnknownKID   = errors.New("unknown kid")
	errAlgMismatch  = errors.New("algorithm does not match the key")
	errKIDNotString = errors.New("kid is not a string")
	errCrit         = errors.New(`header has "crit"`)
)

// simplejwt's claim names for the token's type and id.
const (
	claimType = "token_type"
	claimJTI  = "jti"

	typeAccess  = "access"
	typeRefresh = "refresh"
)

// tokens mints and checks simplejwt-shaped tokens.
type tokens struct {
	cfg       *Config
	keys      *Keys
	parser    *jwt.Parser
	validator *jwt.Validator
}

func newTokens(cfg *Config, keys *Keys) *tokens {
	opts := []jwt.ParserOption{
		// Pin the algorithms to those of the configured keys; the
		// keyfunc then pins each token to its own key's algorithm.
		jwt.WithValidMethods(keys.algs),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(cfg.now),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	return &tokens{cfg: cfg, keys: keys, parser: jwt.NewParser(opts...), validator: jwt.NewValidator(opts...)}
}
