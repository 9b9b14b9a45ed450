package simplejwt

import (
	"fmt"
	"io"
	"time"

	clock "jwtlab/lessons/05-time"
	golangjwt "jwtlab/lessons/09-golangjwt"
)

// StepDecode is the step "What Django writes".
func StepDecode(w io.Writer) error {
	for _, name := range []string{"ACCESS", "REFRESH"} {
		header, payload, err := Decode(Recorded(name))
		fmt.Fprintln(w, header, err)
		fmt.Fprintln(w, payload)
	}
	return nil
}

// StepVerify is the step "Verify the way simplejwt does".
func StepVerify(w io.Writer) error {
	for _, try := range []struct{ name, wantType string }{
		{"ACCESS", "access"}, {"REFRESH", "refresh"}, {"REFRESHED_ACCESS", "access"},
		{"FOREIGN_STYLE_ACCESS", "access"}, {"STRING_USER_ACCESS", "access"},
		{"REFRESH", "access"}, {"EXPIRED_ACCESS", "access"},
	} {
		c, err := Verify(Key(), Recorded(try.name), try.wantType, clock.Now)
		fmt.Fprintf(w, "%-20s as %-7s user_id=%-3s %v\n", try.name, try.wantType, c.UserID, err)
	}
	return nil
}

// crafted are the capture tool's tokens, each checked as the endpoint
// Django was sent it on expects: the *_REFRESH ones as
// /api/token/refresh/ does, NO_JTI_ACCESS as /api/me/ does.
var crafted = []struct{ name, tokenType string }{
	{"TAMPERED_PAYLOAD_REFRESH", "refresh"}, {"WRONG_KEY_REFRESH", "refresh"},
	{"ALG_NONE_REFRESH", "refresh"}, {"HS512_REFRESH", "refresh"},
	{"FUTURE_IAT_REFRESH", "refresh"}, {"NO_EXP_REFRESH", "refresh"},
	{"NO_TYPE_REFRESH", "refresh"}, {"NO_JTI_ACCESS", "access"},
}

// StepVerifyCrafted is the step "Crafted tokens".
func StepVerifyCrafted(w io.Writer) error {
	for _, c := range crafted {
		_, err := Verify(Key(), Recorded(c.name), c.tokenType, clock.Now)
		fmt.Fprintf(w, "%-24s as %-7s %v\n", c.name, c.tokenType, err)
	}
	return nil
}

// StepMint is the step "Mint one Django accepts".
func StepMint(w io.Writer) error {
	key := Key()
	iat := time.Unix(1795902655, 0)
	again := Mint(key, "access", 1, iat, 5*time.Minute, "32a5cc5dee4342e98133d081f3d4f694")
	fmt.Fprintln(w, "Django's token rebuilt:", again == Recorded("ACCESS"))
	fresh := Mint(key, "access", 1, clock.Now, 5*time.Minute, "0123456789abcdef0123456789abcdef")
	_, payload, _ := Decode(fresh)
	fmt.Fprintln(w, payload)
	_, err := Verify(key, fresh, "access", clock.Now)
	fmt.Fprintln(w, "simplejwt's checks:", err)
	_, err = golangjwt.Parse(golangjwt.NewParser(func() time.Time { return clock.Now }), key, fresh)
	fmt.Fprintln(w, "golang-jwt:", err)
	return nil
}
