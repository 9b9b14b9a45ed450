package lessons

import jwk "jwtlab/lessons/08-jwk"

var lesson08 = spec{
	number: 8, slug: "08-jwk", title: "Keys in the open",
	summary: "JWK, JWK Sets, kid, thumbprints and key rotation",
	steps: []stepSpec{
		{section: "A JWK Set", decls: []string{"Set", "ParseSet"}, run: jwk.StepParseSet},
		{section: "Publish only public keys", decls: []string{"Public"}, run: jwk.StepPublic},
		{section: "Thumbprints make good kids", decls: []string{"Thumbprint"}, run: jwk.StepThumbprint},
		{section: "Choose the key by kid, check it fits", decls: []string{"Fits", "Set.Key"}, run: jwk.StepSetKey},
		{section: "Rotation", decls: []string{"Verify"}, run: jwk.StepVerifyRotation},
	},
}
