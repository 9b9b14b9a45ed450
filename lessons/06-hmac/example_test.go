package hmac_test

import (
	"fmt"
	"strings"

	hmac "jwtlab/lessons/06-hmac"
)

func ExampleSign() {
	v := hmac.RFC7515("HS256")
	key, err := hmac.OctKey(v.JWK)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("signing input: %q...\n", v.SigningInput[:24])
	fmt.Println("computed: ", hmac.Sign(key, v.SigningInput))
	fmt.Println("RFC 7515: ", v.Signature)
	// Output:
	// signing input: "eyJ0eXAiOiJKV1QiLA0KICJh"...
	// computed:  dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
	// RFC 7515:  dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
}

func ExampleVerify() {
	token := hmac.AccessToken()
	fmt.Println("right key:", hmac.Verify(hmac.SimplejwtKey(), token))
	fmt.Println("wrong key:", hmac.Verify([]byte("secret"), token))
	// Swap the payload for one claiming user 2, keep the signature.
	h, _, _ := strings.Cut(token, ".")
	_, sig, _ := hmac.SigningInput(token)
	forged := h + ".eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6Mn0." + sig
	fmt.Println("forged:   ", hmac.Verify(hmac.SimplejwtKey(), forged))
	// Output:
	// right key: <nil>
	// wrong key: signature does not match
	// forged:    signature does not match
}

func ExampleMint() {
	header := `{"alg":"HS256","typ":"JWT"}`
	payload := `{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}`
	minted := hmac.Mint(hmac.SimplejwtKey(), header, payload)
	fmt.Println(minted[len(minted)-43:])
	fmt.Println("same as Django's:", minted == hmac.AccessToken())
	// Output:
	// PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q
	// same as Django's: true
}

func ExampleVerify_strict() {
	token := hmac.AccessToken() // its signature ends in "Q"
	respelled := token[:len(token)-1] + "R"
	fmt.Println("ends in Q:", hmac.Verify(hmac.SimplejwtKey(), token))
	fmt.Println("ends in R:", hmac.Verify(hmac.SimplejwtKey(), respelled))
	// Output:
	// ends in Q: <nil>
	// ends in R: token is malformed: signature: illegal base64 data at input byte 42
}
