package lessons

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	asym "jwtlab/lessons/07-asym"
	golangjwt "jwtlab/lessons/09-golangjwt"
)

func fixedNow() time.Time { return clock.Now }

var lesson09 = spec{
	number: 9, slug: "09-golangjwt", title: "The same with golang-jwt",
	summary: "parser options, WithValidMethods, errors.Is, Wycheproof; byte for byte with lessons 6-7",
	steps: []stepSpec{
		{section: "Parse with the options that matter", example: "ExampleParse", decls: []string{"NewParser", "Parse"},
			run: func(w io.Writer) error {
				c, err := golangjwt.Parse(golangjwt.NewParser(fixedNow), hmac.SimplejwtKey(), hmac.AccessToken())
				if err != nil {
					return err
				}
				fmt.Fprintln(w, c.TokenType, c.UserID, c.ID)
				fmt.Fprintln(w, "exp:", c.ExpiresAt.UTC())
				return nil
			}},
		{section: "Mint the same bytes", example: "ExampleMint", decls: []string{"Claims", "Mint"},
			run: func(w io.Writer) error {
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
				fmt.Fprintln(w, "error:", err)
				fmt.Fprintln(w, "golang-jwt == lesson 6:", byLibrary == byHand)
				fmt.Fprintln(w, "golang-jwt == Django:  ", byLibrary == hmac.AccessToken())
				return nil
			}},
		{section: "The signing methods agree with lesson 7", example: "ExampleMint_signingMethods",
			run: func(w io.Writer) error {
				for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodEdDSA} {
					v := asym.Vector(m.Alg())
					priv, _ := asym.PrivateKey(asym.VectorKey(v))
					byLesson7, _ := asym.Sign(m.Alg(), priv, v.SigningInput)
					sig, err := m.Sign(v.SigningInput, priv)
					fmt.Fprintf(w, "%-5s golang-jwt == lesson 7: %v, == RFC: %v, error: %v\n", m.Alg(),
						(&jwt.Token{}).EncodeSegment(sig) == byLesson7, byLesson7 == v.Signature, err)
				}
				return nil
			}},
		{section: "Errors are joined: use errors.Is", example: "ExampleParse_errors",
			run: func(w io.Writer) error {
				key, token := hmac.SimplejwtKey(), hmac.AccessToken()
				later := func() time.Time { return clock.Now.Add(time.Hour) }
				for _, try := range []struct {
					name  string
					p     *jwt.Parser
					key   []byte
					token string
				}{
					{"an hour later", golangjwt.NewParser(later), key, token},
					{"wrong key", golangjwt.NewParser(fixedNow), []byte("secret"), token},
					{"alg none", golangjwt.NewParser(fixedNow), key, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.e30."},
					{"HS512", golangjwt.NewParser(fixedNow), key, hmac.Mint(key, `{"alg":"HS512"}`, `{}`)},
					{"two segments", golangjwt.NewParser(fixedNow), key, "a.b"},
				} {
					_, err := golangjwt.Parse(try.p, try.key, try.token)
					fmt.Fprintf(w, "%-14s expired=%-5v signature=%-5v malformed=%-5v\n", try.name,
						errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenMalformed))
				}
				return nil
			}},
		{section: "Strict decoding", example: "ExampleNewParser",
			run: func(w io.Writer) error {
				token := hmac.AccessToken()
				respelled := token[:len(token)-1] + "R"
				lenient := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(fixedNow))
				_, errLenient := golangjwt.Parse(lenient, hmac.SimplejwtKey(), respelled)
				_, errStrict := golangjwt.Parse(golangjwt.NewParser(fixedNow), hmac.SimplejwtKey(), respelled)
				fmt.Fprintln(w, "default decoding:", errLenient)
				fmt.Fprintln(w, "strict decoding: ", errors.Is(errStrict, jwt.ErrTokenMalformed))
				return nil
			}},
		{section: "Known answers: Wycheproof", example: "ExampleRunWycheproof", decls: []string{"VerifyJWS", "Skips"},
			run: func(w io.Writer) error {
				r, err := golangjwt.RunWycheproof()
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "%d vectors: %d valid verified, %d invalid refused, %d skipped, %d disagreements\n",
					r.Cases, r.Verified, r.Rejected, len(r.Skipped), len(r.Disagree))
				for _, row := range golangjwt.SkipTable() {
					fmt.Fprintf(w, "skipped %v:\n  %s\n", row.IDs, row.Reason)
				}
				return nil
			}},
	},
}
