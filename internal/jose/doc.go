// Package jose reads and checks JSON Web Tokens by hand, on the standard
// library alone, so that every step a JWT library hides can be shown:
// splitting the compact form, strict base64url, the JOSE header, the
// signing input, the signature under a pinned algorithm, and the keys
// (HMAC secrets, PEM files, JWK and JWK Sets).
//
// It also explains what is risky about a token (see [Check]): each
// [Warning] carries a stable code and a sentence saying why it matters.
//
// It is jwtlab's one home of key material and of minting: [Key] is the
// one key type (parsed from PEM, JWK or JWK Set; pinned to one algorithm
// by [Key.Pin]; published with [Key.PublicJWK], [JWKS] and the RFC 7638
// [Key.Thumbprint]), and [Signer] the one way a token is minted. The
// server, the bench, the inspector (tui) and the scriptable commands
// (inspect -json, verify, sign) take their keys from here; the server,
// the bench and sign mint with a Signer.
//
// Verification follows RFC 7515 and RFC 7518 and refuses, rather than
// tolerates: "alg":"none", an algorithm other than the pinned one, a key of
// the wrong type for the algorithm (the algorithm-confusion attack), RSA
// keys under 2048 bits, HMAC JWKs shorter than the hash, keys marked for
// encryption, and JWK Sets that are ambiguous (duplicate kid, symmetric and
// asymmetric keys mixed).
package jose
