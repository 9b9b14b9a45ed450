package lessons

import segments "jwtlab/lessons/01-segments"

var lesson01 = spec{
	number: 1, slug: "01-segments", title: "Segments",
	summary: "a token is three base64url strings joined by dots; split and decode one by hand",
	steps: []stepSpec{
		{section: "Three strings joined by dots", decls: []string{"Split"}, run: segments.StepSplit},
		{section: "Decode the header and the payload", decls: []string{"Decode"}, run: segments.StepDecode},
		{section: "The signature is raw bytes", run: segments.StepDecodeSignature},
		{section: "Anything but three parts is not a token", decls: []string{"ErrSegments"}, run: segments.StepSplitWrongCount},
	},
}
