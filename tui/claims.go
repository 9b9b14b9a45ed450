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
	"iat":        {"Issued At", "When the token was issued; tells its age. simplejwt copies the refresh token's iat (the login's, or the last rotation's) into the access tokens it refreshes.", "RFC 7519 §4.1.6"},
	"jti":        {"JWT ID", "A unique id for this token; lets a server blacklist one token or spot a replay.", "RFC 7519 §4.1.7"},
	"token_type": {"Token Type (simplejwt)", `"access" for API calls; "refresh" only for /api/token/refresh/ and /blacklist/; "sliding" is one token for both (jwtlab serve -sliding). A private claim.`, "simplejwt settings TOKEN_TYPE_CLAIM"},
	// OpenID Connect ID token claims, registered with IANA's JSON Web
	// Token Claims registry (so not private claims).
	"azp":                {"Authorized Party", "The client the ID token was issued to. Since errata set 2 (2023) it occurs only with extensions; a client using none ignores it.", "OpenID Connect Core 1.0 §2 (errata set 2)"},
	"auth_time":          {"Authentication Time", "When the user last actually logged in (a NumericDate), which can be long before iat.", "OpenID Connect Core 1.0 §2"},
	"nonce":              {"Nonce", "A value the client sent with its login request and must find again here, which stops a replayed ID token.", "OpenID Connect Core 1.0 §2"},
	"acr":                {"Authentication Context Class", "How strongly the user was authenticated, as a value the parties agreed on.", "OpenID Connect Core 1.0 §2"},
	"amr":                {"Authentication Methods", `How the user logged in, e.g. ["pwd","otp"] (values in RFC 8176).`, "OpenID Connect Core 1.0 §2"},
	"sid":                {"Session ID", "The identity provider's session, used to log out of every client at once.", "OpenID Connect Front-Channel Logout 1.0 §3"},
	"at_hash":            {"Access Token Hash", "Half of the hash of the access token issued alongside, binding the two.", "OpenID Connect Core 1.0 §3.1.3.6"},
	"scope":              {"Scope", "Space-separated scopes the token grants, e.g. \"openid profile email\".", "RFC 8693 §4.2"},
	"email":              {"Email", "The user's e-mail address; trust it for identity only when email_verified is true.", "OpenID Connect Core 1.0 §5.1"},
	"email_verified":     {"Email Verified", "Whether the identity provider checked that the user controls the e-mail address.", "OpenID Connect Core 1.0 §5.1"},
	"name":               {"Full Name", "The user's display name; not unique and may change, so never use it as an identifier.", "OpenID Connect Core 1.0 §5.1"},
	"preferred_username": {"Preferred Username", "A name the user likes to be called; not unique and may change: use sub to identify.", "OpenID Connect Core 1.0 §5.1"},
	"updated_at":         {"Updated At", "When the user's profile was last changed (a NumericDate).", "OpenID Connect Core 1.0 §5.1"},
	"user_id":            {"User ID (simplejwt)", "The Django user's primary key; the server loads the user from it on each request.", "simplejwt settings USER_ID_CLAIM"},
}

var headerDocs = map[string]claimInfo{
	"alg":  {"Algorithm", "How the signature was made. A verifier must pin the algorithm it expects, never take it from here.", "RFC 7515 §4.1.1"},
	"typ":  {"Type", `The media type of the whole token; "JWT" by convention.`, "RFC 7515 §4.1.9"},
	"kid":  {"Key ID", "Which key signed it; a hint for picking a key from a set, never a path or a query.", "RFC 7515 §4.1.4"},
	"jku":  {"JWK Set URL", "Where to fetch keys from. Following it lets the token choose its own key.", "RFC 7515 §4.1.2"},
	"jwk":  {"JSON Web Key", "A public key embedded in the token. Trusting it accepts tokens signed by anyone.", "RFC 7515 §4.1.3"},
	"x5u":  {"X.509 URL", "Where to fetch a certificate from; the same risk as jku.", "RFC 7515 §4.1.5"},
	"cty":  {"Content Type", "The media type of the payload; used for nested tokens.", "RFC 7515 §4.1.10"},
	"crit": {"Critical", "Extensions a verifier must understand and process, or else reject the token. jwtlab implements none, so it refuses the token.", "RFC 7515 §4.1.11"},
}

// jweHeaderDocs explain the parameters of a JWE's header (RFC 7516 §4.1):
// where a JWS names the key that verifies it, a JWE names the recipient's
// key it was encrypted to.
var jweHeaderDocs = map[string]claimInfo{
	"jku":  {"JWK Set URL", "Where the recipient's public key the token was encrypted to can be found; the recipient decrypts with its own private key.", "RFC 7516 §4.1.4"},
	"jwk":  {"JSON Web Key", "The recipient's public key the token was encrypted to; the recipient decrypts with its own private key.", "RFC 7516 §4.1.5"},
	"x5u":  {"X.509 URL", "Where the certificate of the key the token was encrypted to can be found.", "RFC 7516 §4.1.7"},
	"typ":  {"Type", `The media type of the whole token; "JWT" by convention.`, "RFC 7516 §4.1.11"},
	"cty":  {"Content Type", `The media type of the plaintext; "JWT" for a signed token inside (nested).`, "RFC 7516 §4.1.12"},
	"crit": {"Critical", "Extensions the recipient must understand and process, or else reject the token.", "RFC 7516 §4.1.13"},
	"alg":  {"Key Management Algorithm", "How the content key is encrypted to the recipient (or agreed, or shared with dir).", "RFC 7516 §4.1.1"},
	"enc":  {"Encryption Algorithm", "The authenticated encryption that turns the claims into ciphertext and tag.", "RFC 7516 §4.1.2"},
	"kid":  {"Key ID", "Which of the recipient's keys the token was encrypted to; a hint, never a path.", "RFC 7516 §4.1.6"},
	"zip":  {"Compression", `"DEF": the claims were deflated before encryption.`, "RFC 7516 §4.1.3"},
}
