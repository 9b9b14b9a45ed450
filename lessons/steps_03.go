package lessons

import header "jwtlab/lessons/03-header"

var lesson03 = spec{
	number: 3, slug: "03-header", title: "The header",
	summary: "alg, typ, kid, cty; why alg is attacker-controlled input",
	steps: []stepSpec{
		{section: "alg and typ", decls: []string{"Header", "ParseHeader"}, run: header.StepParseHeader},
		{section: "kid and cty", run: header.StepParseHeaderKid},
		{section: "alg is attacker-controlled input", decls: []string{"CheckAlg"}, run: header.StepCheckAlg},
		{section: "Duplicate members", decls: []string{"noDuplicates"}, run: header.StepParseHeaderDuplicate},
		{section: "Member names are case-sensitive", decls: []string{"exactCase"}, run: header.StepExactCase},
		{section: "crit: what the verifier must understand", decls: []string{"ErrCrit"}, run: header.StepCrit},
	},
}
