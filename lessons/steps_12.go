package lessons

import simplejwt "jwtlab/lessons/12-simplejwt"

var lesson12 = spec{
	number: 12, slug: "12-simplejwt", title: "Reading a real simplejwt token",
	summary: "decode tokens Django issued, verify them as simplejwt does, mint one Django accepts",
	steps: []stepSpec{
		{section: "What Django writes", decls: []string{"Decode"}, run: simplejwt.StepDecode},
		{section: "Verify the way simplejwt does", decls: []string{"ErrInvalid", "Verify"}, run: simplejwt.StepVerify},
		{section: "Crafted tokens", run: simplejwt.StepVerifyCrafted},
		{section: "Mint one Django accepts", decls: []string{"Header", "Mint", "NewJTI"}, run: simplejwt.StepMint},
	},
}
