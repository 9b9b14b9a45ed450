package lessons

import revocation "jwtlab/lessons/17-revocation"

var lesson17 = spec{
	number: 17, slug: "17-revocation", title: "Revocation",
	summary: "reuse detection, logout everywhere, password change, sliding tokens, flush; what each costs",
	steps: []stepSpec{
		{section: "Reuse detection: the whole family goes", decls: []string{"Start", "Counting"}, run: revocation.StepReuse},
		{section: "The grace window", run: revocation.StepGrace},
		{section: "Log out everywhere", run: revocation.StepRevokeAll},
		{section: "A new password revokes", decls: []string{"ChangePassword"}, run: revocation.StepPassword},
		{section: "Deactivation, and why it must revoke too", decls: []string{"Deactivate"}, run: revocation.StepDeactivate},
		{section: "Inactive users and the user cache", run: revocation.StepUserCache},
		{section: "Sliding tokens: a blacklist read on every request", run: revocation.StepSliding},
		{section: "Flushing expired rows", run: revocation.StepFlush},
		{section: "What each costs per request", run: revocation.StepCost},
	},
}
