package golangjwt

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/lessons/02-base64url"
	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	asym "jwtlab/lessons/07-asym"
)

func fixedNow() time.Time { return clock.Now }

// StepParse is the step "Parse with the options that matter".
func StepParse(w io.Writer) error {
	c, err := Parse(NewParser(fixedNow), hmac.SimplejwtKey(), hmac.AccessToken())
	if err != nil {
		return err
	}
	fmt.Fprintln(w, c.TokenType, c.UserID, c.ID)
	fmt.Fprintln(w, "exp:", c.ExpiresAt.UTC())
	return nil
}

// StepMint is the step "Mint the same bytes".
func StepMint(w io.Writer) error {
	c := Claims{
		TokenType: "access",
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Unix(1795902955, 0)),
			IssuedAt:  jwt.NewNumericDate(time.Unix(1795902655, 0)),
			ID:        "32a5cc5dee4342e98133d081f3d4f694",
		},
		UserID: 1,
	}
	byLibrary, err := Mint(hmac.SimplejwtKey(), c)
	byHand := hmac.Mint(hmac.SimplejwtKey(), `{"alg":"HS256","typ":"JWT"}`,
		`{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}`)
	fmt.Fprintln(w, "error:", err)
	fmt.Fprintln(w, "golang-jwt == lesson 6:", byLibrary == byHand)
	fmt.Fprintln(w, "golang-jwt == Django:  ", byLibrary == hmac.AccessToken())
	return nil
}

// StepMintSigningMethods is the step "The signing methods agree with lesson 7".
func StepMintSigningMethods(w io.Writer) error {
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodEdDSA} {
		v := asym.Vector(m.Alg())
		priv, _ := asym.PrivateKey(asym.VectorKey(v))
		byLesson7, _ := asym.Sign(m.Alg(), priv, v.SigningInput)
		sig, err := m.Sign(v.SigningInput, priv)
		fmt.Fprintf(w, "%-5s golang-jwt == lesson 7: %v, == RFC: %v, error: %v\n", m.Alg(),
			(&jwt.Token{}).EncodeSegment(sig) == byLesson7, byLesson7 == v.Signature, err)
	}
	return nil
}

// StepParseErrors is the step "Errors are joined: use errors.Is".
func StepParseErrors(w io.Writer) error {
	key, token := hmac.SimplejwtKey(), hmac.AccessToken()
	later := func() time.Time { return clock.Now.Add(time.Hour) }
	for _, try := range []struct {
		name  string
		p     *jwt.Parser
		key   []byte
		token string
	}{
		{"an hour later", NewParser(later), key, token},
		{"wrong key", NewParser(fixedNow), []byte("secret"), token},
		{"alg none", NewParser(fixedNow), key, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.e30."},
		{"HS512", NewParser(fixedNow), key, hmac.Mint(key, `{"alg":"HS512"}`, `{}`)},
		{"two segments", NewParser(fixedNow), key, "a.b"},
	} {
		_, err := Parse(try.p, try.key, try.token)
		fmt.Fprintf(w, "%-14s expired=%-5v signature=%-5v malformed=%-5v\n", try.name,
			errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenMalformed))
	}
	return nil
}

// StepNewParser is the step "Strict decoding".
func StepNewParser(w io.Writer) error {
	token := hmac.AccessToken()
	respelled := token[:len(token)-1] + "R"
	lenient := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(fixedNow))
	_, errLenient := Parse(lenient, hmac.SimplejwtKey(), respelled)
	_, errStrict := Parse(NewParser(fixedNow), hmac.SimplejwtKey(), respelled)
	fmt.Fprintln(w, "default decoding:", errLenient)
	fmt.Fprintln(w, "strict decoding: ", errors.Is(errStrict, jwt.ErrTokenMalformed))

	// Strict decoding still skips CR and LF, and golang-jwt never reads
	// "crit": the parser alone takes both; CheckHeader, first in Parse,
	// refuses them.
	dot := strings.LastIndexByte(token, '.')
	broken := token[:dot+10] + "\r\n" + token[dot+10:]
	crit := hmac.Mint(hmac.SimplejwtKey(), `{"alg":"HS256","crit":["exp"]}`, payloadOf(token))
	for _, try := range []struct{ name, token string }{{"line break", broken}, {"crit", crit}} {
		_, errParser := NewParser(fixedNow).Parse(try.token, func(*jwt.Token) (any, error) { return hmac.SimplejwtKey(), nil })
		_, errParse := Parse(NewParser(fixedNow), hmac.SimplejwtKey(), try.token)
		fmt.Fprintf(w, "%-10s parser alone: %v; Parse: %v\n", try.name, errParser, errParse)
	}
	return nil
}

// payloadOf is a token's payload JSON, to sign again under another header.
func payloadOf(token string) string {
	parts := strings.Split(token, ".")
	b, _ := base64url.Decode(parts[1]) // a lesson token: always valid
	return string(b)
}

// StepRunWycheproof is the step "Known answers: Wycheproof".
func StepRunWycheproof(w io.Writer) error {
	r, err := RunWycheproof()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d vectors: %d valid verified, %d invalid refused, %d skipped, %d disagreements\n",
		r.Cases, r.Verified, r.Rejected, len(r.Skipped), len(r.Disagree))
	for _, row := range SkipTable() {
		fmt.Fprintf(w, "skipped %v:\n  %s\n", row.IDs, row.Reason)
	}
	return nil
}

// StepParseRefused is the step "What the parser alone lets through".
func StepParseRefused(w io.Writer) error {
	key := hmac.SimplejwtKey()
	exp, iat := clock.Now.Add(5*time.Minute).Unix(), clock.Now.Unix()
	for _, claims := range []jwt.MapClaims{
		{"token_type": "refresh", "exp": exp, "iat": iat, "jti": "r1", "user_id": 1},
		{"token_type": "access", "EXP": exp, "iat": iat, "jti": "a1", "user_id": 1},
		{"TOKEN_TYPE": "access", "exp": exp, "iat": iat, "jti": "a2", "user_id": 1},
	} {
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
		if err != nil {
			return err
		}
		var c Claims
		_, parserErr := NewParser(fixedNow).ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return key, nil })
		_, err = Parse(NewParser(fixedNow), key, token)
		fmt.Fprintf(w, "%s\n  parser alone: %v (token_type %q)\n  Parse:        %v\n", segment(token), parserErr, c.TokenType, err)
	}
	return nil
}

// segment shows a token's payload as JSON text.
func segment(token string) string {
	parts := strings.Split(token, ".")
	b, _ := base64.RawURLEncoding.DecodeString(parts[1])
	return string(b)
}
