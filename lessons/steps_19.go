package lessons

import browser "jwtlab/lessons/19-browser"

var lesson19 = spec{
	number: 19, slug: "19-browser", title: "Tokens in the browser",
	summary: "localStorage vs an HttpOnly refresh cookie, its attributes, Django's CSRF checks, logout, URLs and logs",
	steps: []stepSpec{
		{section: "A token in localStorage", decls: []string{"Start", "Reply.Lines"}, run: browser.StepStorage},
		{section: "The refresh cookie", run: browser.StepCookie},
		{section: "CSRF: the cookie needs a second proof", decls: []string{"StartSession", "Lab.Post"}, run: browser.StepCSRF},
		{section: "Logging out through the cookie", run: browser.StepLogout},
		{section: "No tokens in URLs or logs; the access token in memory", decls: []string{"Logged"}, run: browser.StepURLs},
	},
}
