package browser_test

import (
	"fmt"
	"io"
	"os"

	browser "jwtlab/lessons/19-browser"
)

func ExampleStepStorage() {
	run(browser.StepStorage)
	// Output:
	// jwtlab serve:                 200 {"refresh":"<jwt:refresh>","access":"<jwt:access>"}
	// jwtlab serve -refresh-cookie: 200 {"access":"<jwt:access>"}
	// refresh_token=<value>; Path=/api/token/; Max-Age=86400; HttpOnly; Secure; SameSite=Strict
	// csrftoken=<value>; Path=/; Max-Age=86400; Secure; SameSite=Strict
}

func ExampleStepCookie() {
	run(browser.StepCookie)
	// Output:
	// Path:     /api/token/
	// HttpOnly: true
	// Secure:   true
	// SameSite: true
	// Max-Age:  86400 s, the refresh lifetime
}

func ExampleStepCSRF() {
	run(browser.StepCSRF)
	// Output:
	// no csrftoken cookie: 403 {"detail":"CSRF Failed: CSRF cookie not set."}
	// no X-CSRFToken:      403 {"detail":"CSRF Failed: CSRF token missing or incorrect."}
	// foreign Origin:      403 {"detail":"CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins."}
	// own Origin + header: 200 {"access":"<jwt:access>"}
	// token in the body:   200 {"access":"<jwt:access>"}
}

func ExampleStepLogout() {
	run(browser.StepLogout)
	// Output:
	// logout: 200 {}
	// refresh_token=; Path=/api/token/; Max-Age=0; HttpOnly; Secure; SameSite=Strict
	// the old cookie again: 401 {"detail":"Token is blacklisted","code":"token_not_valid"}
}

func ExampleStepURLs() {
	run(browser.StepURLs)
	// Output:
	// the server's access log:
	// "GET /api/me/?access_token=<JWT> HTTP/1.1" 401 58
	// "GET /api/me/ HTTP/1.1" 200 26
}

// run prints what a step prints, or the error that stopped it.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}
