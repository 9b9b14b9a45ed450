package lessons

import hmac "jwtlab/lessons/06-hmac"

var lesson06 = spec{
	number: 6, slug: "06-hmac", title: "HS256 by hand",
	summary: "HMAC-SHA256 over header.payload; RFC 7515 A.1 and a Django token byte for byte; constant-time compare",
	steps: []stepSpec{
		{section: "The signing input", decls: []string{"Sign"}, run: hmac.StepSign},
		{section: "Verify: recompute and compare", decls: []string{"SigningInput", "Verify"}, run: hmac.StepVerify},
		{section: "Mint a token Django would accept", decls: []string{"Mint"}, run: hmac.StepMint},
		{section: "Compare in constant time, decode strictly", run: hmac.StepVerifyStrict},
	},
}
