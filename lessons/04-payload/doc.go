// Package payload reads the second segment of a JWT: the claims set (RFC
// 7519 section 4), a JSON object whose members are statements about the
// subject. The names fall into three kinds.
//
// # Registered claims
//
// Seven names are registered by RFC 7519 itself: "iss" (issuer), "sub"
// (subject), "aud" (audience), "exp" (expiration time), "nbf" (not before),
// "iat" (issued at) and "jti" (JWT ID). None is mandatory in the RFC; each
// application decides which it requires. simplejwt 5.2.2 always writes
// exp, iat and jti; it writes aud and iss only when the AUDIENCE and ISSUER
// settings are set (backends.py, TokenBackend.encode), never writes nbf,
// and writes sub only if USER_ID_CLAIM is set to "sub" (default "user_id").
//
// # Public and private claims
//
// Any other name is either public (RFC 7519 §4.2) -- listed in the IANA
// "JSON Web Token Claims" registry (name, email, ...) or collision-resistant,
// such as a URI like RFC 7519's "http://example.com/is_root" -- or private
// (§4.3), agreed between the two parties only. simplejwt's "token_type" and "user_id" are private
// claims: another system is free to give them a different meaning.
//
// # aud is a string or an array
//
// RFC 7519 §4.1.3 lets "aud" be one string or an array of strings, and
// both forms occur. A claims type must accept both, and an audience check must look at
// every element.
//
// # simplejwt's user_id
//
// simplejwt 5.2.2 writes user_id from the user's USER_ID_FIELD (default
// "id") as it is when it is a Python int, and as str() of it otherwise
// (tokens.py, Token.for_user): a number for Django's default integer key,
// a string for a UUID key. Reading a token, it looks the user up with
// objects.get(**{USER_ID_FIELD: user_id}) (authentication.py,
// JWTAuthentication.get_user), and Django 3.2's IntegerField converts the
// value with int() (django/db/models/fields/__init__.py,
// IntegerField.get_prep_value), so a string "1" finds user 1 too. A Go
// reader that insists on a number refuses tokens Django would take;
// json.Number keeps both without losing digits.
//
// # Claim names are case-sensitive
//
// RFC 7519 §7.3 compares claim names exactly, but json.Unmarshal into a
// struct matches them case-insensitively: {"EXP":...} would fill ExpiresAt
// and {"TOKEN_TYPE":"access"} would fill TokenType. ParseClaims reads the
// object into a map first and fills Claims only from the exact names; the
// others land in Other, as any unknown claim does. golang-jwt v5.3.1's
// RegisteredClaims has the same hole (lesson 9).
//
// # Try it
//
//	./jwtlab inspect "$(cat lessons/01-segments/testdata/access.jwt)"
//	go test ./lessons/04-payload -run '^ExampleStepKind$' -v
//	go test ./lessons/04-payload -run '^ExampleStepExactCase$' -v
package payload
