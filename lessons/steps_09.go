package lessons

import golangjwt "jwtlab/lessons/09-golangjwt"

var lesson09 = spec{
	number: 9, slug: "09-golangjwt", title: "The same with golang-jwt",
	summary: "parser options, WithValidMethods, errors.Is, Wycheproof; byte for byte with lessons 6-7",
	steps: []stepSpec{
		{section: "Parse with the options that matter", decls: []string{"NewParser", "Parse"}, run: golangjwt.StepParse},
		{section: "Mint the same bytes", decls: []string{"Claims", "Mint"}, run: golangjwt.StepMint},
		{section: "The signing methods agree with lesson 7", run: golangjwt.StepMintSigningMethods},
		{section: "Errors are joined: use errors.Is", run: golangjwt.StepParseErrors},
		{section: "Strict decoding", decls: []string{"CheckHeader"}, run: golangjwt.StepNewParser},
		{section: "Known answers: Wycheproof", decls: []string{"VerifyJWS", "Skips"}, run: golangjwt.StepRunWycheproof},
		{section: "What the parser alone lets through", run: golangjwt.StepParseRefused},
	},
}
