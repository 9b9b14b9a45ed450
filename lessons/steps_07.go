package lessons

import asym "jwtlab/lessons/07-asym"

var lesson07 = spec{
	number: 7, slug: "07-asym", title: "Asymmetric signatures",
	summary: "RS256, ES256 (raw r||s, not DER), EdDSA against RFC 7515 A.2/A.3 and RFC 8037",
	steps: []stepSpec{
		{section: "RS256 is deterministic", decls: []string{"PrivateKey", "Sign"}, run: asym.StepSignRs256},
		{section: "ES256 is randomized, and raw r||s", decls: []string{"Verify"}, run: asym.StepVerifyEs256},
		{section: "Not DER", run: asym.StepVerifyDer},
		{section: "The key's curve is pinned too", run: asym.StepVerifyCurve},
		{section: "ECDSA signatures are malleable", run: asym.StepVerifyMalleable},
		{section: "EdDSA", decls: []string{"PublicKey"}, run: asym.StepSignEddsa},
	},
}
