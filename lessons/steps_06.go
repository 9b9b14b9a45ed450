package lessons

import (
	"fmt"
	"io"
	"strings"

	hmac "jwtlab/lessons/06-hmac"
)

var lesson06 = spec{
	number: 6, slug: "06-hmac", title: "HS256 by hand",
	summary: "HMAC-SHA256 over header.payload; RFC 7515 A.1 and a Django token byte for byte; constant-time compare",
	steps: []stepSpec{
		{section: "The signing input", example: "ExampleSign", decls: []string{"Sign"},
			run: func(w io.Writer) error {
				v := hmac.RFC7515("HS256")
				key, err := hmac.OctKey(v.JWK)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "signing input: %q...\n", v.SigningInput[:24])
				fmt.Fprintln(w, "computed: ", hmac.Sign(key, v.SigningInput))
				fmt.Fprintln(w, "RFC 7515: ", v.Signature)
				return nil
			}},
		{section: "Verify: recompute and compare", example: "ExampleVerify", decls: []string{"SigningInput", "Verify"},
			run: func(w io.Writer) error {
				token := hmac.AccessToken()
				fmt.Fprintln(w, "right key:", hmac.Verify(hmac.SimplejwtKey(), token))
				fmt.Fprintln(w, "wrong key:", hmac.Verify([]byte("secret"), token))
				h, _, _ := strings.Cut(token, ".")
				_, sig, _ := hmac.SigningInput(token)
				forged := h + ".eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6Mn0." + sig
				fmt.Fprintln(w, "forged:   ", hmac.Verify(hmac.SimplejwtKey(), forged))
				return nil
			}},
		{section: "Mint a token Django would accept", example: "ExampleMint", decls: []string{"Mint"},
			run: func(w io.Writer) error {
				header := `{"alg":"HS256","typ":"JWT"}`
				payload := `{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}`
				minted := hmac.Mint(hmac.SimplejwtKey(), header, payload)
				fmt.Fprintln(w, minted[len(minted)-43:])
				fmt.Fprintln(w, "same as Django's:", minted == hmac.AccessToken())
				return nil
			}},
		{section: "Compare in constant time, decode strictly", example: "ExampleVerify_strict",
			run: func(w io.Writer) error {
				token := hmac.AccessToken()
				respelled := token[:len(token)-1] + "R"
				fmt.Fprintln(w, "ends in Q:", hmac.Verify(hmac.SimplejwtKey(), token))
				fmt.Fprintln(w, "ends in R:", hmac.Verify(hmac.SimplejwtKey(), respelled))
				return nil
			}},
	},
}
