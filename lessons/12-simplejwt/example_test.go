package simplejwt_test

import (
	"fmt"
	"time"

	clock "jwtlab/lessons/05-time"
	golangjwt "jwtlab/lessons/09-golangjwt"
	simplejwt "jwtlab/lessons/12-simplejwt"
)

func ExampleDecode() {
	for _, name := range []string{"ACCESS", "REFRESH"} {
		header, payload, err := simplejwt.Decode(simplejwt.Recorded(name))
		fmt.Println(header, err)
		fmt.Println(payload)
	}
	// Output:
	// {"alg":"HS256","typ":"JWT"} <nil>
	// {"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}
	// {"alg":"HS256","typ":"JWT"} <nil>
	// {"token_type":"refresh","exp":1795989055,"iat":1795902655,"jti":"de15a59997614dbe9bb74c58aa5e010e","user_id":1}
}

func ExampleVerify() {
	for _, try := range []struct{ name, wantType string }{
		{"ACCESS", "access"},
		{"REFRESH", "refresh"},
		{"REFRESHED_ACCESS", "access"},
		{"FOREIGN_STYLE_ACCESS", "access"},
		{"STRING_USER_ACCESS", "access"},
		{"REFRESH", "access"},
		{"EXPIRED_ACCESS", "access"},
	} {
		c, err := simplejwt.Verify(simplejwt.Key(), simplejwt.Recorded(try.name), try.wantType, clock.Now)
		fmt.Printf("%-20s as %-7s user_id=%-3s %v\n", try.name, try.wantType, c.UserID, err)
	}
	// Output:
	// ACCESS               as access  user_id=1   <nil>
	// REFRESH              as refresh user_id=1   <nil>
	// REFRESHED_ACCESS     as access  user_id=1   <nil>
	// FOREIGN_STYLE_ACCESS as access  user_id=1   <nil>
	// STRING_USER_ACCESS   as access  user_id="1" <nil>
	// REFRESH              as access  user_id=    Token has wrong type
	// EXPIRED_ACCESS       as access  user_id=    Token is invalid or expired
}

func ExampleVerify_crafted() {
	for _, name := range []string{
		"TAMPERED_PAYLOAD_REFRESH", "WRONG_KEY_REFRESH", "ALG_NONE_REFRESH", "HS512_REFRESH",
		"FUTURE_IAT_REFRESH", "NO_EXP_REFRESH", "NO_TYPE_REFRESH", "NO_JTI_ACCESS",
	} {
		_, err := simplejwt.Verify(simplejwt.Key(), simplejwt.Recorded(name), "refresh", clock.Now)
		fmt.Printf("%-24s %v\n", name, err)
	}
	// Output:
	// TAMPERED_PAYLOAD_REFRESH Token is invalid or expired
	// WRONG_KEY_REFRESH        Token is invalid or expired
	// ALG_NONE_REFRESH         Token is invalid or expired
	// HS512_REFRESH            Token is invalid or expired
	// FUTURE_IAT_REFRESH       Token is invalid or expired
	// NO_EXP_REFRESH           Token has no 'exp' claim
	// NO_TYPE_REFRESH          Token has no type
	// NO_JTI_ACCESS            Token has no id
}

func ExampleMint() {
	key := simplejwt.Key()
	iat := time.Unix(1795902655, 0)
	again := simplejwt.Mint(key, "access", 1, iat, 5*time.Minute, "32a5cc5dee4342e98133d081f3d4f694")
	fmt.Println("Django's token rebuilt:", again == simplejwt.Recorded("ACCESS"))

	fresh := simplejwt.Mint(key, "access", 1, clock.Now, 5*time.Minute, "0123456789abcdef0123456789abcdef")
	_, payload, _ := simplejwt.Decode(fresh)
	fmt.Println(payload)
	_, err := simplejwt.Verify(key, fresh, "access", clock.Now)
	fmt.Println("simplejwt's checks:", err)
	_, err = golangjwt.Parse(golangjwt.NewParser(func() time.Time { return clock.Now }), key, fresh)
	fmt.Println("golang-jwt:", err)
	// Output:
	// Django's token rebuilt: true
	// {"token_type":"access","exp":1795903000,"iat":1795902700,"jti":"0123456789abcdef0123456789abcdef","user_id":1}
	// simplejwt's checks: <nil>
	// golang-jwt: <nil>
}
