package lessons

import flow "jwtlab/lessons/11-flow"

var lesson11 = spec{
	number: 11, slug: "11-flow", title: "Access and refresh tokens",
	summary: "the simplejwt flow against the reference server: obtain, use, expire, refresh, rotate, blacklist",
	steps: []stepSpec{
		{section: "Obtain a pair", decls: []string{"Start", "Lab.Obtain"}, run: flow.StepLabObtain},
		{section: "Use the access token", decls: []string{"Lab.Me"}, run: flow.StepLabMe},
		{section: "Expiry", decls: []string{"Clock.Advance"}, run: flow.StepLabMeExpired},
		{section: "Deactivate the user", decls: []string{"Lab.Deactivate"}, run: flow.StepLabDeactivate},
		{section: "Refresh", decls: []string{"Lab.Refresh"}, run: flow.StepLabRefresh},
		{section: "Rotate: the old token is refused, nothing more", run: flow.StepLabRefreshRotation},
		{section: "Log out: blacklist", decls: []string{"Lab.Blacklist"}, run: flow.StepLabBlacklist},
	},
}
