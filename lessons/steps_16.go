package lessons

import attacklab "jwtlab/lessons/16-attacklab"

var lesson16 = spec{
	number: 16, slug: "16-attacklab", title: "The attacker's code",
	summary: "key recovery from two RS256 tokens, confusion with exact PEM bytes, kid SQL injection, x5c, cracking",
	steps: []stepSpec{
		{section: "Recover the public key from two tokens", decls: []string{"RecoverModulus"}, run: attacklab.StepRecoverModulus},
		{section: "Algorithm confusion needs the exact PEM bytes", decls: []string{"PEMCandidates", "ConfusedVerifier"}, run: attacklab.StepConfusion},
		{section: "kid SQL injection", decls: []string{"KidConcatenated", "KidParameter"}, run: attacklab.StepKidInjection},
		{section: "A self-signed x5c certificate", decls: []string{"SelfSignedX5C", "NaiveX5C"}, run: attacklab.StepX5C},
		{section: "Crack a weak HS256 secret", decls: []string{"Crack"}, run: attacklab.StepCrack},
	},
}
