package segments_test

import (
	"fmt"
	"io"
	"os"

	segments "jwtlab/lessons/01-segments"
)

func ExampleStepSplit() {
	run(segments.StepSplit)
	// Output:
	// header:    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9
	// payload:   eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjox...
	// signature: PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q
}

func ExampleStepDecode() {
	run(segments.StepDecode)
	// Output:
	// {"alg":"HS256","typ":"JWT"}
	// {"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}
}

func ExampleStepDecodeSignature() {
	run(segments.StepDecodeSignature)
	// Output:
	// 32 bytes
	// 3c560864342f385d870dc4c5f55a826dbeb3b1c8f3e290cd4d1c2b19d59843c4
}

func ExampleStepSplitWrongCount() {
	run(segments.StepSplitWrongCount)
	// Output:
	// "": a token has three segments separated by dots
	// "eyJ.eyJ": a token has three segments separated by dots
	// "a.b.c.d": a token has three segments separated by dots
	// "a.b.c.d.e": a token has three segments separated by dots
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}
