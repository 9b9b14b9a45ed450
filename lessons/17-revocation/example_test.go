package revocation_test

import (
	"fmt"
	"io"
	"os"

	revocation "jwtlab/lessons/17-revocation"
)

func ExampleStepReuse() {
	run(revocation.StepReuse)
	// Output:
	// thief refreshes first:      200
	// victim refreshes its copy:  401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// thief's rotated token:      401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// thief's access token:       200
}

func ExampleStepGrace() {
	run(revocation.StepGrace)
	// Output:
	// second use, inside the grace: 401
	// first use's rotated token:    200
}

func ExampleStepRevokeAll() {
	run(revocation.StepRevokeAll)
	// Output:
	// revoke-all:              200 {} - store: UserByID RevokeUser
	// phone's rotated refresh: 401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// laptop's refresh:        401
	// phone's access token:    200
}

func ExampleStepPassword() {
	run(revocation.StepPassword)
	// Output:
	// old password:          401 {"detail":"No active account found with the given credentials"}
	// stolen refresh token:  401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// stolen access token:   200
	// 5 minutes later:       401
}

func ExampleStepDeactivate() {
	run(revocation.StepDeactivate)
	// Output:
	// access token:         401 {"detail":"User is inactive","code":"user_inactive"}
	// refresh still works:  200 {"access":"<jwt:access>"}
	// its access token:     401
	// after users deactivate, refresh: 401
}

func ExampleStepUserCache() {
	run(revocation.StepUserCache)
	// Output:
	// request 1: 200, store: UserByID
	// request 2: 200, store: none
	// deactivated; at once: 200
	// 2 s later:            401
}

func ExampleStepSliding() {
	run(revocation.StepSliding)
	// Output:
	// sliding login: 200 {"token":"<jwt:sliding>"}
	// /api/me/ with an access token: 200, store: UserByID
	// /api/me/ with the sliding one: 200, store: IsBlacklisted UserByID
	// after revoke-all, sliding:     401
	// after revoke-all, access:      200
}

func ExampleStepFlush() {
	run(revocation.StepFlush)
	// Output:
	// flushed 2 outstanding and 1 blacklist rows
	// the logged-out token now: 401 {"detail":"Token is invalid or expired","code":"token_not_valid"}
	// the one never logged out: 401
	// a live one:               200
}

func ExampleStepCost() {
	run(revocation.StepCost)
	// Output:
	// login (after the hash):    UserByUsername AddOutstanding
	// me, access token:          UserByID
	// me, sliding token:         IsBlacklisted UserByID
	// sliding refresh:           IsBlacklisted
	// refresh, rotating:         Rotate
	// reuse of a retired token:  Rotate BlacklistedAt RevokeFamily
	// logout (blacklist):        Blacklist
	// revoke-all:                UserByID RevokeUser
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}
