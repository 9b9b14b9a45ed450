package lessons

import (
	"fmt"
	"io"
	"time"

	clock "jwtlab/lessons/05-time"
	golangjwt "jwtlab/lessons/09-golangjwt"
	simplejwt "jwtlab/lessons/12-simplejwt"
)

var lesson12 = spec{
	number: 12, slug: "12-simplejwt", title: "Reading a real simplejwt token",
	summary: "decode tokens Django issued, verify them as simplejwt does, mint one Django accepts",
	steps: []stepSpec{
		{section: "What Django writes", example: "ExampleDecode", decls: []string{"Decode"},
			run: func(w io.Writer) error {
				for _, name := range []string{"ACCESS", "REFRESH"} {
					header, payload, err := simplejwt.Decode(simplejwt.Recorded(name))
					fmt.Fprintln(w, header, err)
					fmt.Fprintln(w, payload)
				}
				return nil
			}},
		{section: "Verify the way simplejwt does", example: "ExampleVerify", decls: []string{"ErrInvalid", "Verify"},
			run: func(w io.Writer) error {
				for _, try := range []struct{ name, wantType string }{
					{"ACCESS", "access"}, {"REFRESH", "refresh"}, {"REFRESHED_ACCESS", "access"},
					{"FOREIGN_STYLE_ACCESS", "access"}, {"STRING_USER_ACCESS", "access"},
					{"REFRESH", "access"}, {"EXPIRED_ACCESS", "access"},
				} {
					c, err := simplejwt.Verify(simplejwt.Key(), simplejwt.Recorded(try.name), try.wantType, clock.Now)
					fmt.Fprintf(w, "%-20s as %-7s user_id=%-3s %v\n", try.name, try.wantType, c.UserID, err)
				}
				return nil
			}},
		{section: "Crafted tokens", example: "ExampleVerify_crafted",
			run: func(w io.Writer) error {
				for _, name := range []string{
					"TAMPERED_PAYLOAD_REFRESH", "WRONG_KEY_REFRESH", "ALG_NONE_REFRESH", "HS512_REFRESH",
					"FUTURE_IAT_REFRESH", "NO_EXP_REFRESH", "NO_TYPE_REFRESH", "NO_JTI_ACCESS",
				} {
					_, err := simplejwt.Verify(simplejwt.Key(), simplejwt.Recorded(name), "refresh", clock.Now)
					fmt.Fprintf(w, "%-24s %v\n", name, err)
				}
				return nil
			}},
		{section: "Mint one Django accepts", example: "ExampleMint", decls: []string{"Header", "Mint", "NewJTI"},
			run: func(w io.Writer) error {
				key := simplejwt.Key()
				iat := time.Unix(1795902655, 0)
				again := simplejwt.Mint(key, "access", 1, iat, 5*time.Minute, "32a5cc5dee4342e98133d081f3d4f694")
				fmt.Fprintln(w, "Django's token rebuilt:", again == simplejwt.Recorded("ACCESS"))
				fresh := simplejwt.Mint(key, "access", 1, clock.Now, 5*time.Minute, "0123456789abcdef0123456789abcdef")
				_, payload, _ := simplejwt.Decode(fresh)
				fmt.Fprintln(w, payload)
				_, err := simplejwt.Verify(key, fresh, "access", clock.Now)
				fmt.Fprintln(w, "simplejwt's checks:", err)
				_, err = golangjwt.Parse(golangjwt.NewParser(fixedNow), key, fresh)
				fmt.Fprintln(w, "golang-jwt:", err)
				return nil
			}},
	},
}
