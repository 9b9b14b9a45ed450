package jwk

import (
	"encoding/json"
	"fmt"
	"io"

	asym "jwtlab/lessons/07-asym"
)

// StepParseSet is the step "A JWK Set".
func StepParseSet(w io.Writer) error {
	b, _ := json.Marshal(CookbookSet())
	set, err := ParseSet(b)
	if err != nil {
		return err
	}
	for _, k := range set.Keys {
		fmt.Fprintf(w, "kty=%-3s crv=%-5s use=%s kid=%s\n", k.Kty, k.Crv, k.Use, k.Kid)
	}
	return nil
}

// StepPublic is the step "Publish only public keys".
func StepPublic(w io.Writer) error {
	public, _ := Public(DemoKey("current"))
	b, _ := json.Marshal(Set{Keys: []asym.JWK{public}})
	fmt.Fprintln(w, string(b))
	_, err := Public(asym.JWK{Kty: "oct", K: "c2VjcmV0"})
	fmt.Fprintln(w, err)
	return nil
}

// StepThumbprint is the step "Thumbprints make good kids".
func StepThumbprint(w io.Writer) error {
	tp, err := Thumbprint(RFC7638Key())
	fmt.Fprintln(w, tp, err)
	fmt.Fprintln(w, "RFC 7638:", tp == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
	return nil
}

// StepSetKey is the step "Choose the key by kid, check it fits".
func StepSetKey(w io.Writer) error {
	set := CookbookSet()
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
}

// StepVerifyRotation is the step "Rotation".
func StepVerifyRotation(w io.Writer) error {
	old, next := DemoKey("2026-01"), DemoKey("2026-02")
	byOld, _ := Mint(old, `{"sub":"demo"}`)
	byNext, _ := Mint(next, `{"sub":"demo"}`)
	pubOld, _ := Public(old)
	pubNext, _ := Public(next)
	for _, phase := range []struct {
		name string
		keys []asym.JWK
	}{
		{"1 old key only", []asym.JWK{pubOld}},
		{"2 both published", []asym.JWK{pubOld, pubNext}},
		{"3 old key removed", []asym.JWK{pubNext}},
	} {
		set := Set{Keys: phase.keys}
		fmt.Fprintf(w, "phase %s:\n  old token: %v\n  new token: %v\n", phase.name,
			Verify(set, "EdDSA", byOld) == nil, Verify(set, "EdDSA", byNext) == nil)
	}
	return nil
}
