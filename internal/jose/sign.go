package jose

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
)

// Sign mints a compact JWS over payload with the header
// {"alg":alg,"typ":"JWT"}. A JSON payload is compacted (its member order
// is kept); other bytes are signed as they are.
func Sign(alg string, k *Key, payload []byte) (string, error) {
	a, err := Lookup(alg)
	if err != nil {
		return "", err
	}
	if k.Alg != "" && k.Alg != alg {
		return "", fmt.Errorf("%w: the key is for %q, not %q", ErrAlgMismatch, k.Alg, alg)
	}
	if err := fits(a, k); err != nil {
		return "", err
	}
	if a.Family != HMAC && k.Private == nil {
		return "", fmt.Errorf("%w: signing %s needs a private key; the %s can only verify", ErrKeyMismatch, alg, k.Kind())
	}
	if json.Valid(payload) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, payload); err == nil {
			payload = buf.Bytes()
		}
	}
	header, err := json.Marshal(struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
	}{alg, "JWT"})
	if err != nil {
		return "", err
	}
	input := EncodeSegment(header) + "." + EncodeSegment(payload)
	sig, err := signInput(a, k, []byte(input))
	if err != nil {
		return "", err
	}
	return input + "." + EncodeSegment(sig), nil
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
