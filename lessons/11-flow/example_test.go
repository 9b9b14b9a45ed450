package flow_test

import (
	"fmt"
	"time"

	flow "jwtlab/lessons/11-flow"
	"jwtlab/server/servertest"
)

func ExampleLab_Obtain() {
	lab, err := flow.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	wrong, _ := lab.Obtain("demo", "wrong")
	fmt.Println(wrong)
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	fmt.Println(pair)
	access, _ := flow.Claims(pair.Access())
	refresh, _ := flow.Claims(pair.Refresh())
	fmt.Printf("access:  %+v, lives %ds\n", access, access.Exp-access.Iat)
	fmt.Printf("refresh: %+v, lives %ds\n", refresh, refresh.Exp-refresh.Iat)
	// Output:
	// 401 {"detail":"No active account found with the given credentials"}
	// 200 {"refresh":"<jwt:refresh>","access":"<jwt:access>"}
	// access:  {TokenType:access Exp:1795903000 Iat:1795902700 UserID:1}, lives 300s
	// refresh: {TokenType:refresh Exp:1795989100 Iat:1795902700 UserID:1}, lives 86400s
}

func ExampleLab_Me() {
	lab, err := flow.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	me, _ := lab.Me(pair.Access())
	fmt.Println("with the access token: ", me)
	me, _ = lab.Me(pair.Refresh())
	fmt.Println("with the refresh token:", me)
	// Output:
	// with the access token:  200 {"id":1,"username":"demo"}
	// with the refresh token: 401 {"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token has wrong type"}]}
}

func ExampleLab_Me_expired() {
	lab, err := flow.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	lab.Clock.Advance(5*time.Minute - time.Second)
	me, _ := lab.Me(pair.Access())
	fmt.Println("4m59s later:", me)
	lab.Clock.Advance(time.Second)
	me, _ = lab.Me(pair.Access())
	fmt.Println("5m later:   ", me)
	// Output:
	// 4m59s later: 200 {"id":1,"username":"demo"}
	// 5m later:    401 {"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token is invalid or expired"}]}
}

func ExampleLab_Refresh() {
	lab, err := flow.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	lab.Clock.Advance(10 * time.Minute)
	fresh, _ := lab.Refresh(pair.Refresh())
	fmt.Println(fresh)
	me, _ := lab.Me(fresh.Access())
	fmt.Println(me)
	login, _ := flow.Claims(pair.Access())
	later, _ := flow.Claims(fresh.Access())
	fmt.Println("new access keeps the login iat:", later.Iat == login.Iat, "- expires", later.Exp-login.Iat, "s after login")
	again, _ := lab.Refresh(pair.Refresh())
	fmt.Println("the refresh token again:", again)
	// Output:
	// 200 {"access":"<jwt:access>"}
	// 200 {"id":1,"username":"demo"}
	// new access keeps the login iat: true - expires 900 s after login
	// the refresh token again: 200 {"access":"<jwt:access>"}
}

func ExampleLab_Refresh_rotation() {
	lab, err := flow.Start(servertest.WithRotation())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	rotated, _ := lab.Refresh(pair.Refresh())
	fmt.Println("first use: ", rotated)
	reuse, _ := lab.Refresh(pair.Refresh())
	fmt.Println("second use:", reuse)
	next, _ := lab.Refresh(rotated.Refresh())
	fmt.Println("the new one:", next)
	// Output:
	// first use:  200 {"access":"<jwt:access>","refresh":"<jwt:refresh>"}
	// second use: 401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// the new one: 200 {"access":"<jwt:access>","refresh":"<jwt:refresh>"}
}

func ExampleLab_Blacklist() {
	lab, err := flow.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	out, _ := lab.Blacklist(pair.Refresh())
	fmt.Println("log out:        ", out)
	again, _ := lab.Refresh(pair.Refresh())
	fmt.Println("refresh after:  ", again)
	me, _ := lab.Me(pair.Access())
	fmt.Println("access after:   ", me)
	// Output:
	// log out:         200 {}
	// refresh after:   401 {"detail":"Token is blacklisted","code":"token_not_valid"}
	// access after:    200 {"id":1,"username":"demo"}
}
