package server

import (
	"context"
	"net/http"
	"time"
)

// simplejwt's sliding token: one token that is both the credential and
// what gets refreshed (SlidingToken, token_type "sliding").
const (
	typeSliding = "sliding"
	// claimRefreshExp is SLIDING_TOKEN_REFRESH_EXP_CLAIM: after it, the
	// token can no longer be slid, though it still authenticates until exp.
	claimRefreshExp = "refresh_exp"
)

var (
	errRefreshExpPassed = detailCode(http.StatusUnauthorized, "Token 'refresh_exp' claim has expired", "token_not_valid")
	errNoRefreshExp     = detailCode(http.StatusUnauthorized, "Token has no 'refresh_exp' claim", "token_not_valid")
)

// DRF's OPTIONS metadata of simplejwt 5.2.2's two sliding views.
var (
	slidingObtainMeta = viewMeta("Token Obtain Sliding",
		"Takes a set of user credentials and returns a sliding JSON web token to\nprove the authentication of those credentials.",
		credentialFields)
	slidingRefreshMeta = viewMeta("Token Refresh Sliding",
		"Takes a sliding JSON web token and returns a new, refreshed version if the\ntoken's refresh period has not expired.",
		obj{{"token", field(true, false, "Token")}})
)

// slidingRoutes adds the sliding views when -sliding is on; without it
// their paths are 404s, as in a Django project that does not route them.
func (s *Server) slidingRoutes(mux *http.ServeMux) {
	if !s.cfg.Sliding {
		return
	}
	mux.Handle("/api/token/sliding/{$}", s.tokenView(slidingObtainMeta, noStore(s.handleObtainSliding())))
	mux.Handle("/api/token/sliding/refresh/{$}", s.tokenView(slidingRefreshMeta, noStore(s.handleRefreshSliding())))
	redirect := s.handleFallback("/api/token/sliding/", "/api/token/sliding/refresh/")
	mux.Handle("/api/token/sliding", redirect)
	mux.Handle("/api/token/sliding/refresh", redirect)
}

// newSliding is SlidingToken.for_user: token_type, exp, iat, jti, then
// refresh_exp, then the user id - simplejwt's claim order.
func (ts *tokens) newSliding(userID int64, now time.Time) *claims {
	c := ts.fresh(typeSliding, ts.cfg.SlidingLifetime, now)
	c.setInt(claimRefreshExp, now.Add(ts.cfg.SlidingRefreshLifetime).Unix())
	c.setInt(ts.cfg.UserIDClaim, userID)
	return c
}

// handleObtainSliding is POST /api/token/sliding/: credentials in,
// {"token": ...} out. Like simplejwt (BlacklistMixin.for_user) it records
// the token as outstanding, so revoke-all and the blacklist reach it; the
// record expires at refresh_exp, the token's last possible use, where
// simplejwt writes the first exp.
func (s *Server) handleObtainSliding() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.login(r)
		if err != nil {
			return err
		}
		now := s.cfg.now()
		c := s.tokens.newSliding(u.ID, now)
		tok, err := s.tokens.sign(c)
		if err != nil {
			return err
		}
		jti, _ := c.str(claimJTI)
		if err := s.store.AddOutstanding(r.Context(), jti, u.ID, now.Add(s.cfg.SlidingRefreshLifetime)); err != nil {
			return err
		}
		s.metrics.issued("sliding")
		encode(w, http.StatusOK, obj{{"token", tok}})
		return nil
	}
}

// slidingToken is SlidingToken(raw) with the blacklist app: signature and
// exp, then the blacklist (a store read on every use, before the type is
// even looked at, as BlacklistMixin.verify runs first), then the type.
func (s *Server) slidingToken(ctx context.Context, raw string) (*claims, error) {
	c, err := s.tokens.parse(raw, "")
	if err != nil {
		return nil, err
	}
	jti, _ := c.str(claimJTI)
	black, err := s.timedBlacklisted(ctx, jti)
	if err != nil {
		return nil, err
	}
	if black {
		return nil, ErrTokenBlacklisted
	}
	if typ, ok := c.get(claimType); !ok {
		return nil, ErrTokenNoType
	} else if string(typ) != `"`+typeSliding+`"` {
		return nil, ErrTokenWrongType
	}
	return c, nil
}

// handleRefreshSliding is POST /api/token/sliding/refresh/, simplejwt
// 5.2.2's TokenRefreshSlidingSerializer: the token must still be valid
// (an expired one cannot be slid, even before refresh_exp), refresh_exp
// must not have passed, and the answer is the same token with only exp
// and iat moved: the jti and refresh_exp stay, and the old token is not
// blacklisted, so it stays usable until its own exp.
func (s *Server) handleRefreshSliding() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		raw, err := s.oneField(r, "token")
		if err != nil {
			return err
		}
		c, err := s.slidingToken(r.Context(), raw)
		if err != nil {
			return err
		}
		if _, ok := c.get(claimRefreshExp); !ok {
			return errNoRefreshExp
		}
		now := s.cfg.now()
		refreshExp, err := c.numericDate(claimRefreshExp)
		if err != nil {
			// simplejwt's datetime_from_epoch raises TypeError (a 500) on
			// a string; golang-jwt reads a numeric string as its number.
			return ErrTokenInvalid
		}
		// check_exp: expired when refresh_exp <= now - leeway.
		if !refreshExp.After(now.Add(-s.cfg.Leeway)) {
			return errRefreshExpPassed
		}
		c.setInt("exp", now.Add(s.cfg.SlidingLifetime).Unix())
		c.setInt("iat", now.Unix())
		tok, err := s.tokens.sign(c)
		if err != nil {
			return err
		}
		s.metrics.issued("sliding_refresh")
		encode(w, http.StatusOK, obj{{"token", tok}})
		return nil
	}
}

// authToken is JWTAuthentication.get_validated_token: each class of
// AUTH_TOKEN_CLASSES in turn (AccessToken, then SlidingToken with
// -sliding), and when none takes the token, every class's reason.
func (s *Server) authToken(ctx context.Context, raw string) (*claims, error) {
	c, err := s.tokens.parse(raw, typeAccess)
	if err == nil {
		return c, nil
	}
	messages := []obj{{{"token_class", "AccessToken"}, {"token_type", typeAccess}, {"message", tokenMessage(err)}}}
	if s.cfg.Sliding {
		c, err := s.slidingToken(ctx, raw)
		if err == nil {
			return c, nil
		}
		if !isTokenError(err) {
			return nil, err // the store failed: a 500, not a bad token
		}
		messages = append(messages, obj{{"token_class", "SlidingToken"}, {"token_type", typeSliding}, {"message", tokenMessage(err)}})
	}
	return nil, &apiError{status: http.StatusUnauthorized, body: obj{
		{"detail", "Given token not valid for any token type"},
		{"code", "token_not_valid"},
		{"messages", messages},
	}}
}
