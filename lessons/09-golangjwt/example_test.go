package golangjwt_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	asym "jwtlab/lessons/07-asym"
	golangjwt "jwtlab/lessons/09-golangjwt"
)

func fixed() time.Time { return clock.Now }

func ExampleParse() {
	c, err := golangjwt.Parse(golangjwt.NewParser(fixed), hmac.SimplejwtKey(), hmac.AccessToken())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.TokenType, c.UserID, c.ID)
	fmt.Println("exp:", c.ExpiresAt.UTC())
	// Output:
	// access 1 32a5cc5dee4342e98133d081f3d4f694
	// exp: 2026-11-28 21:55:55 +0000 UTC
}

func ExampleMint() {
	c := golangjwt.Claims{
		TokenType: "access",
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Unix(1795902955, 0)),
			IssuedAt:  jwt.NewNumericDate(time.Unix(1795902655, 0)),
			ID:        "32a5cc5dee4342e98133d081f3d4f694",
		},
		UserID: 1,
	}
	byLibrary, err := golangjwt.Mint(hmac.SimplejwtKey(), c)
	byHand := hmac.Mint(hmac.SimplejwtKey(), `{"alg":"HS256","typ":"JWT"}`,
		`{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}`)
	fmt.Println("error:", err)
	fmt.Println("golang-jwt == lesson 6:", byLibrary == byHand)
	fmt.Println("golang-jwt == Django:  ", byLibrary == hmac.AccessToken())
	// Output:
	// error: <nil>
	// golang-jwt == lesson 6: true
	// golang-jwt == Django:   true
}

func ExampleMint_signingMethods() {
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodEdDSA} {
		v := asym.Vector(m.Alg())
		priv, _ := asym.PrivateKey(asym.VectorKey(v))
		byLesson7, _ := asym.Sign(m.Alg(), priv, v.SigningInput)
		sig, err := m.Sign(v.SigningInput, priv)
		fmt.Printf("%-5s golang-jwt == lesson 7: %v, == RFC: %v, error: %v\n", m.Alg(),
			(&jwt.Token{}).EncodeSegment(sig) == byLesson7, byLesson7 == v.Signature, err)
	}
	// Output:
	// RS256 golang-jwt == lesson 7: true, == RFC: true, error: <nil>
	// EdDSA golang-jwt == lesson 7: true, == RFC: true, error: <nil>
}

func ExampleParse_errors() {
	key, token := hmac.SimplejwtKey(), hmac.AccessToken()
	later := func() time.Time { return clock.Now.Add(time.Hour) }
	for _, try := range []struct {
		name  string
		p     *jwt.Parser
		key   []byte
		token string
	}{
		{"an hour later", golangjwt.NewParser(later), key, token},
		{"wrong key", golangjwt.NewParser(fixed), []byte("secret"), token},
		{"alg none", golangjwt.NewParser(fixed), key, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.e30."},
		{"HS512", golangjwt.NewParser(fixed), key, hmac.Mint(key, `{"alg":"HS512"}`, `{}`)},
		{"two segments", golangjwt.NewParser(fixed), key, "a.b"},
	} {
		_, err := golangjwt.Parse(try.p, try.key, try.token)
		fmt.Printf("%-14s expired=%-5v signature=%-5v malformed=%-5v\n", try.name,
			errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenMalformed))
	}
	// Output:
	// an hour later  expired=true  signature=false malformed=false
	// wrong key      expired=false signature=true  malformed=false
	// alg none       expired=false signature=true  malformed=false
	// HS512          expired=false signature=true  malformed=false
	// two segments   expired=false signature=false malformed=true
}

func ExampleNewParser() {
	token := hmac.AccessToken()
	respelled := token[:len(token)-1] + "R" // same bytes under a lenient decoder
	lenient := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(fixed))
	_, errLenient := golangjwt.Parse(lenient, hmac.SimplejwtKey(), respelled)
	_, errStrict := golangjwt.Parse(golangjwt.NewParser(fixed), hmac.SimplejwtKey(), respelled)
	fmt.Println("default decoding:", errLenient)
	fmt.Println("strict decoding: ", errors.Is(errStrict, jwt.ErrTokenMalformed))
	// Output:
	// default decoding: <nil>
	// strict decoding:  true
}

func ExampleRunWycheproof() {
	r, err := golangjwt.RunWycheproof()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d vectors: %d valid verified, %d invalid refused, %d skipped, %d disagreements\n",
		r.Cases, r.Verified, r.Rejected, len(r.Skipped), len(r.Disagree))
	for _, row := range golangjwt.SkipTable() {
		fmt.Printf("skipped %v:\n  %s\n", row.IDs, row.Reason)
	}
	// Output:
	// 401 vectors: 40 valid verified, 347 invalid refused, 14 skipped, 0 disagreements
	// skipped [281 282 283 284 285 286]:
	//   golang-jwt verifies PS256/384/512 with rsa.PSSSaltLengthAuto (its VerifyOptions, for interoperability), so it accepts salt lengths other than the hash size that RFC 7518 section 3.5 asks for
	// skipped [346 350]:
	//   the key says alg PS256 but RFC 7520 figure 20 signs with PS384; VerifyJWS lets the key's alg decide, so it refuses
	// skipped [347 351]:
	//   the key says alg "ES521", which no registry defines (ES512 is meant); VerifyJWS does not guess
	// skipped [367 370]:
	//   marked invalid, yet byte-identical to vector 357, which is marked valid; the vector file contradicts itself
	// skipped [372 373]:
	//   marked valid, yet a segment holds "?", which is not base64url; no strict decoder accepts it
}
