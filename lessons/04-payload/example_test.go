package payload_test

import (
	"fmt"

	payload "jwtlab/lessons/04-payload"
)

func ExampleParseClaims() {
	// The payload segment of testdata/access.jwt in lesson 1.
	c, err := payload.ParseClaims("eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("token_type:", c.TokenType)
	fmt.Println("user_id:   ", c.UserID)
	fmt.Println("jti:       ", c.ID)
	fmt.Println("exp - iat: ", c.ExpiresAt-c.IssuedAt, "seconds")
	fmt.Printf("iss=%q sub=%q aud=%q nbf=%d\n", c.Issuer, c.Subject, c.Audience, c.NotBefore)
	// Output:
	// token_type: access
	// user_id:    1
	// jti:        32a5cc5dee4342e98133d081f3d4f694
	// exp - iat:  300 seconds
	// iss="" sub="" aud=[] nbf=0
}

func ExampleKind() {
	for _, name := range []string{"iss", "exp", "jti", "email", "http://example.com/is_root", "token_type", "user_id"} {
		fmt.Printf("%-27s %s\n", name, payload.Kind(name))
	}
	// Output:
	// iss                         registered
	// exp                         registered
	// jti                         registered
	// email                       public
	// http://example.com/is_root  public
	// token_type                  private
	// user_id                     private
}

func ExampleAudience() {
	for _, seg := range []string{
		"eyJhdWQiOiJhcGkifQ",           // {"aud":"api"}
		"eyJhdWQiOlsiYXBpIiwid2ViIl19", // {"aud":["api","web"]}
		"eyJhdWQiOjQyfQ",               // {"aud":42}
	} {
		c, err := payload.ParseClaims(seg)
		fmt.Printf("%q %v\n", c.Audience, err)
	}
	// Output:
	// ["api"] <nil>
	// ["api" "web"] <nil>
	// [] payload JSON: "aud" must be a string or an array of strings
}

func ExampleClaims_userID() {
	for _, seg := range []string{
		"eyJ1c2VyX2lkIjoxfQ",   // {"user_id":1}
		"eyJ1c2VyX2lkIjoiMSJ9", // {"user_id":"1"}, which Django also accepts
	} {
		c, err := payload.ParseClaims(seg)
		fmt.Printf("user_id %s %v\n", c.UserID, err)
	}
	// Output:
	// user_id 1 <nil>
	// user_id 1 <nil>
}
