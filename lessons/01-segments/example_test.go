package segments_test

import (
	"encoding/hex"
	"fmt"

	segments "jwtlab/lessons/01-segments"
)

func ExampleSplit() {
	header, payload, signature, err := segments.Split(segments.AccessToken())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("header:   ", header)
	fmt.Println("payload:  ", payload[:40]+"...")
	fmt.Println("signature:", signature)
	// Output:
	// header:    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9
	// payload:   eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjox...
	// signature: PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q
}

func ExampleDecode() {
	header, payload, _, _ := segments.Split(segments.AccessToken())
	for _, seg := range []string{header, payload} {
		b, err := segments.Decode(seg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(string(b))
	}
	// Output:
	// {"alg":"HS256","typ":"JWT"}
	// {"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}
}

func ExampleDecode_signature() {
	_, _, signature, _ := segments.Split(segments.AccessToken())
	tag, err := segments.Decode(signature)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(tag), "bytes")
	fmt.Println(hex.EncodeToString(tag))
	// Output:
	// 32 bytes
	// 3c560864342f385d870dc4c5f55a826dbeb3b1c8f3e290cd4d1c2b19d59843c4
}

func ExampleSplit_wrongCount() {
	for _, s := range []string{"", "eyJ.eyJ", "a.b.c.d", "a.b.c.d.e"} {
		_, _, _, err := segments.Split(s)
		fmt.Printf("%q: %v\n", s, err)
	}
	// Output:
	// "": a token has three segments separated by dots
	// "eyJ.eyJ": a token has three segments separated by dots
	// "a.b.c.d": a token has three segments separated by dots
	// "a.b.c.d.e": a token has three segments separated by dots
}
