package lessons

import attacks "jwtlab/lessons/10-attacks"

var lesson10 = spec{
	number: 10, slug: "10-attacks", title: "Attacks lab",
	summary: "decode-as-verify, alg none, weak secrets, RS256->HS256, kid traversal, jwk/jku injection",
	steps: []stepSpec{
		{section: "Decoding is not verifying", decls: []string{"DecodeOnly", "Swap"}, run: attacks.StepDecodeOnly},
		{section: "alg: none", decls: []string{"HeaderPicksAlg", "Pinned"}, run: attacks.StepHeaderPicksAlg},
		{section: "A weak HMAC secret", decls: []string{"Crack"}, run: attacks.StepCrack},
		{section: "RS256 to HS256: algorithm confusion", decls: []string{"OneKeyForAll", "PinnedRS256"}, run: attacks.StepOneKeyForAll},
		{section: "kid path traversal", decls: []string{"KidFromDisk", "KnownKids"}, run: attacks.StepKidFromDisk},
		{section: "Keys from the token: jwk and jku", decls: []string{"KeyFromHeader", "OwnKeys"}, run: attacks.StepKeyFromHeader},
		{section: "Safe means the claims too", run: attacks.StepSafeClaims},
	},
}
