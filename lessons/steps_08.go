package lessons

import (
	"encoding/json"
	"fmt"
	"io"

	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
)

var lesson08 = spec{
	number: 8, slug: "08-jwk", title: "Keys in the open",
	summary: "JWK, JWK Sets, kid, thumbprints and key rotation",
	steps: []stepSpec{
		{section: "A JWK Set", example: "ExampleParseSet", decls: []string{"Set", "ParseSet"},
			run: func(w io.Writer) error {
				b, _ := json.Marshal(jwk.CookbookSet())
				set, err := jwk.ParseSet(b)
				if err != nil {
					return err
				}
				for _, k := range set.Keys {
					fmt.Fprintf(w, "kty=%-3s crv=%-5s use=%s kid=%s\n", k.Kty, k.Crv, k.Use, k.Kid)
				}
				return nil
			}},
		{section: "Publish only public keys", example: "ExamplePublic", decls: []string{"Public"},
			run: func(w io.Writer) error {
				public, _ := jwk.Public(jwk.DemoKey("current"))
				b, _ := json.Marshal(jwk.Set{Keys: []asym.JWK{public}})
				fmt.Fprintln(w, string(b))
				_, err := jwk.Public(asym.JWK{Kty: "oct", K: "c2VjcmV0"})
				fmt.Fprintln(w, err)
				return nil
			}},
		{section: "Thumbprints make good kids", example: "ExampleThumbprint", decls: []string{"Thumbprint"},
			run: func(w io.Writer) error {
				tp, err := jwk.Thumbprint(jwk.RFC7638Key())
				fmt.Fprintln(w, tp, err)
				fmt.Fprintln(w, "RFC 7638:", tp == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
				return nil
			}},
		{section: "Choose the key by kid, check it fits", example: "ExampleSet_Key", decls: []string{"Fits", "Set.Key"},
			run: func(w io.Writer) error {
				set := jwk.CookbookSet()
				enc := set.Keys[0]
				enc.Kid, enc.Use = "encryption-key", "enc"
				set.Keys = append(set.Keys, enc)
				for _, q := range []struct{ kid, alg string }{
					{"bilbo.baggins@hobbiton.example", "ES512"},
					{"bilbo.baggins@hobbiton.example", "HS256"},
					{"frodo", "ES512"},
					{"encryption-key", "ES512"},
				} {
					key, err := set.Key(q.kid, q.alg)
					fmt.Fprintf(w, "%s/%s: %T %v\n", q.kid, q.alg, key, err)
				}
				return nil
			}},
		{section: "Rotation", example: "ExampleVerify_rotation", decls: []string{"Verify"},
			run: func(w io.Writer) error {
				old, next := jwk.DemoKey("2026-01"), jwk.DemoKey("2026-02")
				byOld, _ := jwk.Mint(old, `{"sub":"demo"}`)
				byNext, _ := jwk.Mint(next, `{"sub":"demo"}`)
				pubOld, _ := jwk.Public(old)
				pubNext, _ := jwk.Public(next)
				for _, phase := range []struct {
					name string
					keys []asym.JWK
				}{
					{"1 old key only", []asym.JWK{pubOld}},
					{"2 both published", []asym.JWK{pubOld, pubNext}},
					{"3 old key removed", []asym.JWK{pubNext}},
				} {
					set := jwk.Set{Keys: phase.keys}
					fmt.Fprintf(w, "phase %s:\n  old token: %v\n  new token: %v\n", phase.name,
						jwk.Verify(set, "EdDSA", byOld) == nil, jwk.Verify(set, "EdDSA", byNext) == nil)
				}
				return nil
			}},
	},
}
