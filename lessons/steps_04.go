package lessons

import payload "jwtlab/lessons/04-payload"

var lesson04 = spec{
	number: 4, slug: "04-payload", title: "The payload",
	summary: "registered, public and private claims; simplejwt's token_type and user_id",
	steps: []stepSpec{
		{section: "Registered claims", decls: []string{"Claims", "ParseClaims"}, run: payload.StepParseClaims},
		{section: "Public and private claims", decls: []string{"registered", "ianaPublic", "Kind"}, run: payload.StepKind},
		{section: "aud is a string or an array", decls: []string{"Audience", "Audience.UnmarshalJSON"}, run: payload.StepAudience},
		{section: "simplejwt's user_id", run: payload.StepClaimsUserID},
		{section: "Claim names are case-sensitive", run: payload.StepExactCase},
	},
}
