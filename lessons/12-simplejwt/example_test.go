package simplejwt_test

import (
	"fmt"
	"io"
	"os"

	simplejwt "jwtlab/lessons/12-simplejwt"
)

func ExampleStepDecode() {
	run(simplejwt.StepDecode)
	// Output:
	// {"alg":"HS256","typ":"JWT"} <nil>
	// {"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}
	// {"alg":"HS256","typ":"JWT"} <nil>
	// {"token_type":"refresh","exp":1795989055,"iat":1795902655,"jti":"de15a59997614dbe9bb74c58aa5e010e","user_id":1}
}

func ExampleStepVerify() {
	run(simplejwt.StepVerify)
	// Output:
	// ACCESS               as access  user_id=1   <nil>
	// REFRESH              as refresh user_id=1   <nil>
	// REFRESHED_ACCESS     as access  user_id=1   <nil>
	// FOREIGN_STYLE_ACCESS as access  user_id=1   <nil>
	// STRING_USER_ACCESS   as access  user_id="1" <nil>
	// REFRESH              as access  user_id=    Token has wrong type
	// EXPIRED_ACCESS       as access  user_id=    Token is invalid or expired
}

func ExampleStepVerifyCrafted() {
	run(simplejwt.StepVerifyCrafted)
	// Output:
	// TAMPERED_PAYLOAD_REFRESH as refresh Token is invalid or expired
	// WRONG_KEY_REFRESH        as refresh Token is invalid or expired
	// ALG_NONE_REFRESH         as refresh Token is invalid or expired
	// HS512_REFRESH            as refresh Token is invalid or expired
	// FUTURE_IAT_REFRESH       as refresh Token is invalid or expired
	// NO_EXP_REFRESH           as refresh Token has no 'exp' claim
	// NO_TYPE_REFRESH          as refresh Token has no type
	// NO_JTI_ACCESS            as access  Token has no id
}

func ExampleStepMint() {
	run(simplejwt.StepMint)
	// Output:
	// Django's token rebuilt: true
	// {"token_type":"access","exp":1795903000,"iat":1795902700,"jti":"0123456789abcdef0123456789abcdef","user_id":1}
	// simplejwt's checks: <nil>
	// golang-jwt: <nil>
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}
