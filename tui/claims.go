package tui

// claimInfo explains one claim: what it is called, what it means, and
// where it is defined.
type claimInfo struct {
	Title   string
	Meaning string
	Ref     string
}

// claimDocs covers the registered claims of RFC 7519 §4.1, the header
// parameters of RFC 7515 §4.1 a learner meets, and the private claims
// simplejwt puts in its tokens.
var claimDocs = map[string]claimInfo{
	"iss":        {"Issuer", "Who issued the token; a verifier checks it against the issuers it trusts.", "RFC 7519 §4.1.1"},
	"sub":        {"Subject", "Whom the token is about, usually a user id unique within the issuer.", "RFC 7519 §4.1.2"},
	"aud":        {"Audience", "Who the token is for; a service must reject tokens not addressed to it.", "RFC 7519 §4.1.3"},
	"exp":        {"Expiration Time", "The token must not be accepted on or after this time (a NumericDate: seconds since 1970 UTC).", "RFC 7519 §4.1.4"},
	"nbf":        {"Not Before", "The token must not be accepted before this time.", "RFC 7519 §4.1.5"},
	"iat":        {"Issued At", "When the token was issued; tells its age. simplejwt keeps the login time here even in refreshed access tokens.", "RFC 7519 §4.1.6"},
	"jti":        {"JWT ID", "A unique id for this token; lets a server blacklist one token or spot a replay.", "RFC 7519 §4.1.7"},
	"token_type": {"Token Type (simplejwt)", `"access" for API calls, "refresh" only for /api/token/refresh/. A private claim, not registered.`, "simplejwt settings TOKEN_TYPE_CLAIM"},
	"user_id":    {"User ID (simplejwt)", "The Django user's primary key; the server loads the user from it on each request.", "simplejwt settings USER_ID_CLAIM"},
}

var headerDocs = map[string]claimInfo{
	"alg": {"Algorithm", "How the signature was made. A verifier must pin the algorithm it expects, never take it from here.", "RFC 7515 §4.1.1"},
	"typ": {"Type", `The media type of the whole token; "JWT" by convention.`, "RFC 7515 §4.1.9"},
	"kid": {"Key ID", "Which key signed it; a hint for picking a key from a set, never a path or a query.", "RFC 7515 §4.1.4"},
	"jku": {"JWK Set URL", "Where to fetch keys from. Following it lets the token choose its own key.", "RFC 7515 §4.1.2"},
	"jwk": {"JSON Web Key", "A public key embedded in the token. Trusting it accepts tokens signed by anyone.", "RFC 7515 §4.1.3"},
	"x5u": {"X.509 URL", "Where to fetch a certificate from; the same risk as jku.", "RFC 7515 §4.1.5"},
	"cty": {"Content Type", "The media type of the payload; used for nested tokens.", "RFC 7515 §4.1.10"},
}
