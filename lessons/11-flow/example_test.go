package flow_test

import (
	"fmt"
	"io"
	"os"

	flow "jwtlab/lessons/11-flow"
)

func ExampleStepLabObtain() {
	run(flow.StepLabObtain)
	// Output:
	// 401 {"detail":"No active account found with the given credentials"}
	// 200 {"refresh":"<jwt:refresh>","access":"<jwt:access>"}
	// access:  {TokenType:access Exp:1795903000 Iat:1795902700 UserID:1}, lives 300s
	// refresh: {TokenType:refresh Exp:1795989100 Iat:1795902700 UserID:1}, lives 86400s
}

func ExampleStepLabMe() {
	run(flow.StepLabMe)
	// Output:
	// with the access token:  200 {"id":1,"username":"demo"}
	// with the refresh token: 401 {"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token has wrong type"}]}
}

func ExampleStepLabMeExpired() {
	run(flow.StepLabMeExpired)
	// Output:
	// 4m59s later: 200 {"id":1,"username":"demo"}
	// 5m later:    401 {"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token is invalid or expired"}]}
}

func ExampleStepLabRefresh() {
	run(flow.StepLabRefresh)
	// Output:
	// 200 {"access":"<jwt:access>"}
	// 200 {"id":1,"username":"demo"}
	// new access keeps the login iat: true - expires 900 s after login
	// the refresh token again: 200 {"access":"<jwt:access>"}
}

func ExampleStepLabRefreshRotation() {
	run(flow.StepLabRefreshRotation)
	// Output:
	// thief refreshes first: 200
	// victim refreshes:      401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// thief's new token:     200
	// thief's access:        200 {"id":1,"username":"demo"}
	// 69 h after login:      200 {"id":1,"username":"demo"}
}

func ExampleStepLabBlacklist() {
	run(flow.StepLabBlacklist)
	// Output:
	// log out:         200 {}
	// refresh after:   401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// access after:    200 {"id":1,"username":"demo"}
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepLabDeactivate() {
	run(flow.StepLabDeactivate)
	// Output:
	// before: 200
	// after deactivating the user: 401 {"detail":"User is inactive","code":"user_inactive"}
}
