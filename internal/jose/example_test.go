package jose_test

import (
	"errors"
	"fmt"

	"jwtlab/internal/jose"
)

// A token issued by djangorestframework-simplejwt with the public demo key.
const access = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q"

func ExampleParse() {
	t, err := jose.Parse(jose.Clean("Bearer " + access))
	if err != nil {
		panic(err)
	}
	fmt.Printf("header %s\n", t.HeaderJSON)
	for _, c := range t.Claims {
		fmt.Printf("%s = %s\n", c.Name, c.Value)
	}
	// Output:
	// header {"alg":"HS256","typ":"JWT"}
	// token_type = "access"
	// exp = 1795902955
	// iat = 1795902655
	// jti = "32a5cc5dee4342e98133d081f3d4f694"
	// user_id = 1
}

func ExampleVerify() {
	t, _ := jose.Parse(access)
	key := jose.Secret("jwt-lab-demo-signing-secret-not-for-production")

	_, err := jose.Verify(t, []*jose.Key{key}, "HS256")
	fmt.Println("pinned HS256:", err)

	_, err = jose.Verify(t, []*jose.Key{key}, "HS512")
	fmt.Println("pinned HS512:", errors.Is(err, jose.ErrAlgMismatch))
	// Output:
	// pinned HS256: <nil>
	// pinned HS512: true
}
