package lessons

import base64url "jwtlab/lessons/02-base64url"

var lesson02 = spec{
	number: 2, slug: "02-base64url", title: "base64url without padding",
	summary: "RFC 4648 section 5: why not standard base64, what breaks with padding, + and /",
	steps: []stepSpec{
		{section: "Two alphabets", decls: []string{"Encode"}, run: base64url.StepEncode},
		{section: "No padding", decls: []string{"Decode"}, run: base64url.StepDecode},
		{section: "One string per value: strict decoding", decls: []string{"strict", "ErrLineBreak", "DecodeLenient"}, run: base64url.StepDecodeStrict},
		{section: "How long is a segment?", decls: []string{"EncodedLen"}, run: base64url.StepEncodedLen},
	},
}
