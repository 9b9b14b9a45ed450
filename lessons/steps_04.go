package lessons

import (
	"fmt"
	"io"

	payload "jwtlab/lessons/04-payload"
)

var lesson04 = spec{
	number: 4, slug: "04-payload", title: "The payload",
	summary: "registered, public and private claims; simplejwt's token_type and user_id",
	steps: []stepSpec{
		{section: "Registered claims", example: "ExampleParseClaims", decls: []string{"Claims", "ParseClaims"},
			run: func(w io.Writer) error {
				c, err := payload.ParseClaims("eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0")
				if err != nil {
					return err
				}
				fmt.Fprintln(w, "token_type:", c.TokenType)
				fmt.Fprintln(w, "user_id:   ", c.UserID)
				fmt.Fprintln(w, "jti:       ", c.ID)
				fmt.Fprintln(w, "exp - iat: ", c.ExpiresAt-c.IssuedAt, "seconds")
				fmt.Fprintf(w, "iss=%q sub=%q aud=%q nbf=%d\n", c.Issuer, c.Subject, c.Audience, c.NotBefore)
				return nil
			}},
		{section: "Public and private claims", example: "ExampleKind", decls: []string{"registered", "ianaPublic", "Kind"},
			run: func(w io.Writer) error {
				for _, name := range []string{"iss", "exp", "jti", "email", "http://example.com/is_root", "token_type", "user_id"} {
					fmt.Fprintf(w, "%-27s %s\n", name, payload.Kind(name))
				}
				return nil
			}},
		{section: "aud is a string or an array", example: "ExampleAudience", decls: []string{"Audience", "Audience.UnmarshalJSON"},
			run: func(w io.Writer) error {
				for _, seg := range []string{"eyJhdWQiOiJhcGkifQ", "eyJhdWQiOlsiYXBpIiwid2ViIl19", "eyJhdWQiOjQyfQ"} {
					c, err := payload.ParseClaims(seg)
					fmt.Fprintf(w, "%q %v\n", c.Audience, err)
				}
				return nil
			}},
		{section: "simplejwt's user_id", example: "ExampleClaims_userID",
			run: func(w io.Writer) error {
				for _, seg := range []string{"eyJ1c2VyX2lkIjoxfQ", "eyJ1c2VyX2lkIjoiMSJ9"} {
					c, err := payload.ParseClaims(seg)
					fmt.Fprintf(w, "user_id %s %v\n", c.UserID, err)
				}
				return nil
			}},
	},
}
