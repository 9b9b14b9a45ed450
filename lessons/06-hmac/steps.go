package hmac

import (
	"fmt"
	"io"
	"strings"
)

// StepSign is the step "The signing input".
func StepSign(w io.Writer) error {
	v := RFC7515("HS256")
	key, err := OctKey(v.JWK)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "signing input: %q...\n", v.SigningInput[:24])
	fmt.Fprintln(w, "computed: ", Sign(key, v.SigningInput))
	fmt.Fprintln(w, "RFC 7515: ", v.Signature)
	return nil
}

// StepVerify is the step "Verify: recompute and compare".
func StepVerify(w io.Writer) error {
	token := AccessToken()
	fmt.Fprintln(w, "right key:", Verify(SimplejwtKey(), token))
	fmt.Fprintln(w, "wrong key:", Verify([]byte("secret"), token))
	h, _, _ := strings.Cut(token, ".")
	_, sig, _ := SigningInput(token)
	forged := h + ".eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6Mn0." + sig
	fmt.Fprintln(w, "forged:   ", Verify(SimplejwtKey(), forged))
	return nil
}

// StepMint is the step "Mint a token Django would accept".
func StepMint(w io.Writer) error {
	header := `{"alg":"HS256","typ":"JWT"}`
	payload := `{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}`
	minted := Mint(SimplejwtKey(), header, payload)
	fmt.Fprintln(w, minted[len(minted)-43:])
	fmt.Fprintln(w, "same as Django's:", minted == AccessToken())
	return nil
}

// StepVerifyStrict is the step "Compare in constant time, decode strictly".
func StepVerifyStrict(w io.Writer) error {
	token := AccessToken()
	respelled := token[:len(token)-1] + "R"
	fmt.Fprintln(w, "ends in Q:", Verify(SimplejwtKey(), token))
	fmt.Fprintln(w, "ends in R:", Verify(SimplejwtKey(), respelled))
	return nil
}
