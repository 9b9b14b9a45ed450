package lessons

import settings "jwtlab/lessons/15-settings"

var lesson15 = spec{
	number: 15, slug: "15-settings", title: "simplejwt settings; JWS vs JWE",
	summary: "SIGNING_KEY/VERIFYING_KEY, AUDIENCE/ISSUER in golang-jwt terms; JWS is signed, JWE is encrypted",
	steps: []stepSpec{
		{section: "SIGNING_KEY and VERIFYING_KEY", decls: []string{"Settings", "Settings.Verify"}, run: settings.StepSigningKey},
		{section: "AUDIENCE and ISSUER", run: settings.StepAudience},
		{section: "JWS is signed, not encrypted", run: settings.StepJWE},
	},
}
