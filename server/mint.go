package server

import (
	"fmt"
	"time"

	"jwtlab/internal/jose"
)

// fresh starts a token of type typ as simplejwt's Token() does:
// token_type, exp, iat and jti, in that order.
func (ts *tokens) fresh(typ string, lifetime time.Duration, now time.Time) *claims {
	c := newClaims()
	c.setString(claimType, typ)
	c.setInt("exp", now.Add(lifetime).Unix())
	c.setInt("iat", now.Unix())
	c.setString(claimJTI, jose.NewJTI(now))
	return c
}

// sign encodes the claims as simplejwt's TokenBackend.encode does,
// adding aud and iss when configured, and signs them.
func (ts *tokens) sign(c *claims) (string, error) {
	if ts.cfg.Audience != "" {
		c.setString("aud", ts.cfg.Audience)
	}
	if ts.cfg.Issuer != "" {
		c.setString("iss", ts.cfg.Issuer)
	}
	payload, _ := c.MarshalJSON()
	tok, err := ts.keys.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}

// pair is the outcome of a login: simplejwt's RefreshToken.for_user and
// its access_token.
type pair struct {
	refresh, access string
	refreshJTI      string
	refreshExp      time.Time
}

func (ts *tokens) newPair(userID int64) (pair, error) {
	now := ts.cfg.now()
	r := ts.fresh(typeRefresh, ts.cfg.RefreshLifetime, now)
	r.setInt(ts.cfg.UserIDClaim, userID)
	jti, _ := r.str(claimJTI)
	access, err := ts.sign(ts.accessFrom(r, now))
	if err != nil {
		return pair{}, err
	}
	refresh, err := ts.sign(r)
	if err != nil {
		return pair{}, err
	}
	return pair{refresh: refresh, access: access, refreshJTI: jti, refreshExp: now.Add(ts.cfg.RefreshLifetime)}, nil
}

// accessFrom is simplejwt's RefreshToken.access_token: a fresh access
// token that copies every claim but token_type, exp and jti, so it keeps
// the refresh token's iat (the login time) and user id.
func (ts *tokens) accessFrom(refresh *claims, now time.Time) *claims {
	a := ts.fresh(typeAccess, ts.cfg.AccessLifetime, now)
	for _, k := range refresh.keys {
		if k == claimType || k == "exp" || k == claimJTI {
			continue
		}
		a.set(k, refresh.vals[k])
	}
	return a
}

// rotate gives a refresh token a new jti, exp and iat in place, as
// simplejwt's refresh view does with ROTATE_REFRESH_TOKENS.
func (ts *tokens) rotate(refresh *claims, now time.Time) {
	refresh.setString(claimJTI, jose.NewJTI(now))
	refresh.setInt("exp", now.Add(ts.cfg.RefreshLifetime).Unix())
	refresh.setInt("iat", now.Unix())
}
