package segments

import (
	"encoding/hex"
	"fmt"
	"io"
)

// StepSplit is the step "Three strings joined by dots".
func StepSplit(w io.Writer) error {
	header, payload, signature, err := Split(AccessToken())
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "header:   ", header)
	fmt.Fprintln(w, "payload:  ", payload[:40]+"...")
	fmt.Fprintln(w, "signature:", signature)
	return nil
}

// StepDecode is the step "Decode the header and the payload".
func StepDecode(w io.Writer) error {
	header, payload, _, _ := Split(AccessToken())
	for _, seg := range []string{header, payload} {
		b, err := Decode(seg)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(b))
	}
	return nil
}

// StepDecodeSignature is the step "The signature is raw bytes".
func StepDecodeSignature(w io.Writer) error {
	_, _, signature, _ := Split(AccessToken())
	tag, err := Decode(signature)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, len(tag), "bytes")
	fmt.Fprintln(w, hex.EncodeToString(tag))
	return nil
}

// StepSplitWrongCount is the step "Anything but three parts is not a token".
func StepSplitWrongCount(w io.Writer) error {
	for _, s := range []string{"", "eyJ.eyJ", "a.b.c.d", "a.b.c.d.e"} {
		_, _, _, err := Split(s)
		fmt.Fprintf(w, "%q: %v\n", s, err)
	}
	return nil
}
