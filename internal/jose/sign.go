package jose

import (
	"bytes"
	"cmp"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
)

// Signer mints compact JWS tokens with one key and one algorithm: the one
// minting path of jwtlab (the server, bench and the sign command use it).
// Its header is built once; a Signer is safe for concurrent use.
type Signer struct {
	key     *Key
	alg     Algorithm
	header  string // base64url header segment
	sigSize int    // signature bytes, to size the token once
}

// NewSigner checks that k can sign alg ("" means k's [Key.PinnedAlg]) and
// returns a Signer whose tokens carry the header [Header] writes.
func NewSigner(k *Key, alg string) (*Signer, error) {
	if alg == "" {
		alg = k.PinnedAlg()
	}
	a, err := Lookup(alg)
	if err != nil {
		return nil, err
	}
	if k.Alg != "" && k.Alg != alg {
		return nil, fmt.Errorf("%w: the key is for %q, not %q", ErrAlgMismatch, k.Alg, alg)
	}
	if err := fits(a, k, forSign); err != nil {
		return nil, err
	}
	if a.Family != HMAC && k.Private == nil {
		return nil, fmt.Errorf("%w: signing %s needs a private key; the %s can only verify", ErrKeyMismatch, alg, k.Kind())
	}
	return &Signer{key: k, alg: a, header: Header(alg, k.Kid), sigSize: signatureSize(a, k)}, nil
}

// Header is the base64url header segment jwtlab's tokens carry:
// {"alg":alg,"kid":kid,"typ":"JWT"}, without kid when kid is "". PyJWT
// sorts header members, so this is simplejwt's header byte for byte.
func Header(alg, kid string) string {
	h, _ := json.Marshal(struct {
		Alg string `json:"alg"`
		Kid string `json:"kid,omitempty"`
		Typ string `json:"typ"`
	}{alg, kid, "JWT"})
	return EncodeSegment(h)
}

// NewSignerHeader is [NewSigner] with header parameters of the caller's
// merged into [Header]'s: a member of extra replaces the one of the same
// name (kid, typ), a null removes it, others follow in extra's order. An
// "alg" in extra must name the algorithm the key signs with; the header
// cannot say one algorithm while the signature is another.
func NewSignerHeader(k *Key, alg string, extra []Claim) (*Signer, error) {
	s, err := NewSigner(k, alg)
	if err != nil || len(extra) == 0 {
		return s, err
	}
	h, _ := DecodeSegment(s.header)
	members, _ := orderedMembers(h)
	for _, c := range extra {
		if c.Name == "alg" {
			var v string
			if json.Unmarshal(c.Value, &v) != nil || v != s.alg.Name {
				return nil, fmt.Errorf("%w: the header says alg %s but the key signs %s", ErrAlgMismatch, c.Value, s.alg.Name)
			}
			continue
		}
		i := slices.IndexFunc(members, func(m Claim) bool { return m.Name == c.Name })
		switch {
		case string(c.Value) == "null" && i >= 0:
			members = slices.Delete(members, i, i+1)
		case string(c.Value) == "null":
		case i >= 0:
			members[i].Value = c.Value
		default:
			members = append(members, c)
		}
	}
	s.header = EncodeSegment(EncodeObject(members))
	return s, nil
}

// EncodeObject writes members as a compact JSON object in their order,
// duplicates included (a map would sort and merge them). Each value must
// be valid JSON.
func EncodeObject(members []Claim) []byte {
	b := []byte{'{'}
	for i, c := range members {
		if i > 0 {
			b = append(b, ',')
		}
		name, _ := json.Marshal(c.Name)
		b = append(append(append(b, name...), ':'), c.Value...)
	}
	return append(b, '}')
}

// HeaderSegment is the base64url header segment of every token s mints.
func (s *Signer) HeaderSegment() string { return s.header }

// Key is the key s signs with.
func (s *Signer) Key() *Key { return s.key }

// Sign mints header.payload.signature over payload exactly as given.
func (s *Signer) Sign(payload []byte) (string, error) {
	enc := base64.RawURLEncoding
	b := make([]byte, 0, len(s.header)+1+enc.EncodedLen(len(payload))+1+enc.EncodedLen(s.sigSize))
	b = append(b, s.header...)
	b = append(b, '.')
	b = enc.AppendEncode(b, payload)
	sig, err := signInput(s.alg, s.key, b)
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", s.alg.Name, err)
	}
	b = append(b, '.')
	return string(enc.AppendEncode(b, sig)), nil
}

// Sign mints a compact JWS over payload with k and alg, the header as
// [Header] writes it. A JSON payload is compacted (its member order is
// kept); other bytes are signed as they are.
func Sign(alg string, k *Key, payload []byte) (string, error) {
	s, err := NewSigner(k, alg)
	if err != nil {
		return "", err
	}
	if json.Valid(payload) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, payload); err == nil {
			payload = buf.Bytes()
		}
	}
	return s.Sign(payload)
}

// signatureSize is how many bytes a's signature with k takes.
func signatureSize(a Algorithm, k *Key) int {
	switch a.Family {
	case RSA, PSS:
		return k.Public.(*rsa.PublicKey).Size()
	case ECDSA:
		return 2 * ((a.Curve.Params().BitSize + 7) / 8)
	case EdDSA:
		return ed25519.SignatureSize
	}
	return a.Hash.Size()
}

func signInput(a Algorithm, k *Key, input []byte) ([]byte, error) {
	switch a.Family {
	case HMAC:
		return MAC(a, k.Secret, input), nil
	case RSA:
		return rsa.SignPKCS1v15(rand.Reader, k.Private.(*rsa.PrivateKey), a.Hash, digest(a, input))
	case PSS:
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
		return rsa.SignPSS(rand.Reader, k.Private.(*rsa.PrivateKey), a.Hash, digest(a, input), opts)
	case ECDSA:
		r, s, err := ecdsa.Sign(rand.Reader, k.Private.(*ecdsa.PrivateKey), digest(a, input))
		if err != nil {
			return nil, err
		}
		size := (a.Curve.Params().BitSize + 7) / 8
		sig := make([]byte, 2*size)
		r.FillBytes(sig[:size])
		s.FillBytes(sig[size:])
		return sig, nil
	default: // EdDSA signs the message itself, not a digest
		return k.Private.Sign(rand.Reader, input, crypto.Hash(0))
	}
}

// Resign signs t's header and payload segments exactly as they are, with
// the algorithm t's header names and the first of keys (chosen by kid, as
// [Verify] chooses) that can sign it: what whoever holds the key can do to
// a token someone has edited. It refuses alg "none", a key the header's
// algorithm does not fit, and a public key, which can only verify.
func Resign(t *Token, keys []*Key) (string, *Key, error) {
	cands, err := selectKeys(t, keys)
	if err != nil {
		return "", nil, err
	}
	var first error
	for _, k := range cands {
		s, err := NewSigner(k, t.Alg())
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		input := t.SigningInput()
		sig, err := signInput(s.alg, k, []byte(input))
		if err != nil {
			return "", nil, fmt.Errorf("sign %s: %w", s.alg.Name, err)
		}
		return input + "." + EncodeSegment(sig), k, nil
	}
	return "", nil, first
}
